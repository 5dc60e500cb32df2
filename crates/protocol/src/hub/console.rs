//! The agent console ⇄ hub API.
//!
//! ```text
//! POST /console/api/login                          Login → Me (sets the session cookie)
//! POST /console/api/logout                         → 204 (clears it)
//! GET  /console/api/me                             → Me
//! PUT  /console/api/presence          PresenceUpdate → Me
//! GET  /console/api/queue                          → Queue
//! GET  /console/api/events                         → SSE: `queue` events (a Queue each)
//! GET  /console/api/conversations/{id}             → ConsoleConversation
//! POST /console/api/conversations/{id}/claim       → ConsoleConversation (409 already_claimed)
//! POST /console/api/conversations/{id}/messages  AgentReply → Message (201)
//! POST /console/api/conversations/{id}/whatsapp-template  → Message (201): the approved template
//! POST /console/api/conversations/{id}/typing      → 204: the visitor sees "Maria is typing…"
//!                                                    (409 not_claimed unless the agent holds it)
//! POST /console/api/conversations/{id}/handback    → ConsoleConversation
//! POST /console/api/conversations/{id}/resolve     → ConsoleConversation
//! GET  /console/api/leads?q=TEXT                   → LeadList (reference, email or name)
//! POST /console/api/leads/{reference}/outcome  LeadOutcomeUpdate → LeadOutcomeSet
//! GET  /console/api/notifications/failed         → FailedNotifications
//! GET  /console/api/notifications/{id}           → FailedNotification
//! POST /console/api/notifications/{id}/retry     → FailedNotification
//! ```
//!
//! Every endpoint but login needs the session cookie (401 `unauthorized` otherwise); every
//! state-changing one needs `Origin` to be the hub's own origin (403 `bad_origin`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::visitor::{ConversationState, Message, TranscriptLine, TurnTriage};
use crate::triage_lines::ReasonOut;

/// `POST /console/api/login` body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// The agent's email.
    pub email: String,
    /// The agent's password.
    pub password: String,
}

/// The signed-in agent and the teams they serve.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Me {
    /// Display name ("Maria").
    pub name: String,
    /// Login email.
    pub email: String,
    /// Every team the agent serves, with their presence switch.
    pub teams: Vec<AgentTeam>,
}

/// One team an agent serves.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct AgentTeam {
    /// Site key.
    pub site: String,
    /// The site's business name.
    pub site_name: String,
    /// Team key.
    pub team: String,
    /// The team's display name.
    pub team_name: String,
    /// The agent's presence switch for this team.
    pub online: bool,
    /// The site is open by its hours now. Presence wins over the hours: an agent online
    /// while the site is closed is reachable, and the console says so.
    #[serde(default = "open_by_default")]
    pub site_open: bool,
}

fn handoff_kind() -> String {
    "handoff".to_string()
}

fn open_by_default() -> bool {
    true
}

/// `PUT /console/api/presence` body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PresenceUpdate {
    /// Site key.
    pub site: String,
    /// Team key.
    pub team: String,
    /// Online (takes handoffs) or away.
    pub online: bool,
}

/// `GET /console/api/queue` answer and each `queue` event of the console stream.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Queue {
    /// Waiting for a person on the agent's teams: most urgent first, then longest waiting.
    pub waiting: Vec<ConsoleConversation>,
    /// Held by this agent, oldest claim first.
    pub mine: Vec<ConsoleConversation>,
}

/// A conversation with everything an agent needs before typing.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConsoleConversation {
    /// Conversation id.
    pub id: String,
    /// Site key.
    pub site: String,
    /// The site's business name.
    pub site_name: String,
    /// The team it is queued for or held by.
    pub team: Option<String>,
    /// The team's display name.
    pub team_name: Option<String>,
    /// Where it stands.
    pub state: ConversationState,
    /// Queue priority: 2 (frustrated and asking for a person, or high risk), 1, 0.
    pub urgency: i64,
    /// Waiting since (UTC RFC 3339).
    pub queued_at: Option<String>,
    /// Seconds waited so far (0 once claimed).
    pub waiting_seconds: i64,
    /// The agent holding it, by name.
    pub claimed_by: Option<String>,
    /// True when the signed-in agent holds it.
    pub mine: bool,
    /// Every stored message, oldest first (plain text, never HTML).
    pub messages: Vec<Message>,
    /// The open handoff's package and verdicts.
    pub handoff: Option<HandoffContext>,
    /// Contact details the visitor left.
    pub leads: Vec<LeadSummary>,
    /// A context-first opening line for the agent's first reply.
    pub suggested_greeting: String,
    /// Who the visitor is and what about, gathered from the handoff, leads and chat.
    pub context: VisitorContext,
    /// The site's IANA time zone (`Europe/London`): the console shows times in it.
    pub timezone: String,
}

/// What the console knows of the visitor at a glance ("Jane · order #4471 · a refund").
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct VisitorContext {
    /// The visitor's name, if known.
    pub name: Option<String>,
    /// Where the name came from.
    pub name_from: Option<NameSource>,
    /// Their order number, as captured.
    pub order: Option<String>,
    /// The high-risk intent that fired (`refund`, `bulk_order`…).
    pub intent: Option<String>,
}

/// Where a visitor's name came from.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// The handoff's fields: the host page's identify call or a form in the widget.
    Handoff,
    /// The lead form.
    Lead,
    /// Said in the chat ("I'm Jane", "me llamo Lucía").
    Chat,
}

/// What the widget handed over, and what the hub made of it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct HandoffContext {
    /// Handoff id.
    pub id: String,
    /// The widget's deciding trigger.
    pub trigger: String,
    /// The widget's evidence.
    pub reasons: Vec<ReasonOut>,
    /// The hub's own verdict over the stored transcript.
    pub hub: TurnTriage,
    /// Captured fields (`name`, `email`, `order`…).
    pub fields: BTreeMap<String, String>,
    /// The team the widget chose.
    pub route: String,
    /// The transcript as the widget saw it.
    pub transcript: Vec<TranscriptLine>,
    /// Whether the visitor was told someone is available.
    pub available: bool,
    /// The next opening the visitor was told, if not available.
    pub next_open: Option<String>,
    /// When the widget handed over.
    pub created_at: String,
    /// The email the host page identified the visitor by, and whether the site's signature
    /// over it checks out (`false`: given by the page, unverified or wrongly signed).
    #[serde(default)]
    pub identity: Option<IdentityNote>,
}

/// An identity the host page gave, as the console shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdentityNote {
    /// The email.
    pub email: String,
    /// Signed by the site with its identity secret.
    pub verified: bool,
}

/// A lead as the console lists it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LeadSummary {
    /// The reference the visitor was shown (`BTN-7KQ3XM`).
    pub reference: String,
    /// Site key.
    pub site: String,
    /// The conversation it came from.
    pub conversation_id: String,
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// What they asked.
    pub question: String,
    /// The WhatsApp continuation link, if the site has a number.
    pub whatsapp_link: Option<String>,
    /// When left.
    pub created_at: String,
    /// The site's IANA time zone (`Europe/London`): the console shows times in it.
    #[serde(default)]
    pub timezone: String,
}

/// `GET /console/api/leads` answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct LeadList {
    /// Matches, newest first.
    pub leads: Vec<LeadSummary>,
}

/// `POST /console/api/conversations/{id}/messages` body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AgentReply {
    /// At most 4,000 characters; no control characters except newline and tab.
    pub text: String,
}

/// What became of a lead.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LeadOutcome {
    /// Became a customer.
    Won,
    /// Did not.
    Lost,
    /// Not decided (clears an earlier mark).
    Open,
}

/// `POST /console/api/leads/{reference}/outcome` body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LeadOutcomeUpdate {
    /// The outcome.
    pub outcome: LeadOutcome,
}

/// `POST /console/api/leads/{reference}/outcome` answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LeadOutcomeSet {
    /// The lead's reference.
    pub reference: String,
    /// Its outcome now.
    pub outcome: LeadOutcome,
}

/// A notification that has not gone out (or, after a retry, how it went): one outbox row
/// of `GET /console/api/notifications/failed` and `GET /console/api/notifications/{id}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FailedNotification {
    /// The outbox row's id.
    pub id: String,
    /// Site key.
    pub site: String,
    /// What it tells about: `handoff`, `lead` or `digest` (the morning digest of leads).
    #[serde(default = "handoff_kind")]
    pub about: String,
    /// The handoff it tells about (empty for a lead or a digest).
    pub handoff_id: String,
    /// The handoff's or lead's conversation (empty for a digest, which tells of many).
    pub conversation_id: String,
    /// The channel's name in the site file.
    pub channel: String,
    /// `email`, `slack`, `whatsapp` or `webhook`; `None` when the channel left the site file.
    pub kind: Option<String>,
    /// `pending` (retrying), `failed` (gave up) or `delivered`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When a pending row is tried next.
    pub next_attempt_at: Option<String>,
    /// The last attempt's exact error; `None` after a retry until it is tried again.
    pub last_error: Option<String>,
    /// When the handoff enqueued it.
    pub created_at: String,
    /// When the receiver took it.
    pub delivered_at: Option<String>,
    /// The site's IANA time zone (`Europe/London`): the console shows times in it.
    #[serde(default)]
    pub timezone: String,
}

/// `GET /console/api/notifications/failed`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct FailedNotifications {
    /// Newest first.
    pub notifications: Vec<FailedNotification>,
}
