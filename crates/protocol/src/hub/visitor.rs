//! The widget ⇄ hub API: request and response bodies, stream events and the error body.
//!
//! ```text
//! POST /api/sites/{site}/conversations                → ConversationCreated (201)
//! GET  /api/sites/{site}/availability                 → Availability
//! GET  /api/sites/{site}/availability/stream          → SSE: `availability` events
//! POST /api/conversations/{id}/messages   MessageCreate → MessageCreated (201; 200 on a retry)
//! GET  /api/conversations/{id}/messages?after=SEQ     → MessageList
//! GET  /api/conversations/{id}/stream                 → SSE: `message` (id = seq), `availability`,
//!                                                        `typing` (AgentTyping)
//! POST /api/conversations/{id}/handoff    HandoffCreate → HandoffCreated (201; 200 when already open)
//! POST /api/conversations/{id}/leads      LeadCreate    → LeadCreated (201)
//! POST /api/conversations/{id}/rating     RatingCreate  → RatingCreated (201)
//! GET  /api/sites/{site}/widget-config                → WidgetConfig
//! ```
//!
//! Every conversation endpoint takes the visitor token as `Authorization: Bearer TOKEN`;
//! a wrong token and an unknown conversation both answer 404. Every error is an
//! [`ErrorBody`]. Times are UTC RFC 3339 (`2026-03-02T09:00:00Z`).
//!
//! The rating is the widget's one-tap question after a conversation is resolved: send either
//! `{"score": 1..5}` or `{"thumb": "up" | "down"}` (stored as 5 and 1). A later rating replaces
//! an earlier one. Answers 201 with the stored score, 422 `invalid_rating` for anything else.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::triage_lines::{ReasonOut, Role};

/// `POST /api/sites/{site}/conversations` answer. The token is shown only here, once.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConversationCreated {
    /// The conversation's id.
    pub conversation_id: String,
    /// The visitor's bearer token (256 random bits, base64url). Keep it; it is not stored
    /// by the hub and cannot be shown again.
    pub token: String,
    /// The first messages: the AI disclosure, then the greeting.
    pub messages: Vec<Message>,
}

/// The channel a message came or went by.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The website's widget.
    #[default]
    Web,
    /// WhatsApp, through the site's WhatsApp Business number.
    Whatsapp,
}

impl Channel {
    /// Its name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Whatsapp => "whatsapp",
        }
    }

    /// True for the widget (the default, left out of the wire format).
    pub fn is_web(&self) -> bool {
        *self == Channel::Web
    }
}

impl TryFrom<String> for Channel {
    type Error = String;

    fn try_from(name: String) -> Result<Channel, String> {
        match name.as_str() {
            "web" => Ok(Channel::Web),
            "whatsapp" => Ok(Channel::Whatsapp),
            other => Err(format!("not a Channel: {other:?}")),
        }
    }
}

/// Who wrote a message.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The visitor.
    Visitor,
    /// The assistant.
    Bot,
    /// A human agent.
    Agent,
    /// The hub itself ("Maria joined").
    System,
}

/// What a message is.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A turn of the conversation.
    Chat,
    /// The disclosure and greeting every conversation starts with.
    Intro,
    /// An event the hub writes into the thread.
    Notice,
}

impl Author {
    /// Its name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Visitor => "visitor",
            Author::Bot => "bot",
            Author::Agent => "agent",
            Author::System => "system",
        }
    }
}

impl TryFrom<String> for Author {
    type Error = String;

    fn try_from(name: String) -> Result<Author, String> {
        match name.as_str() {
            "visitor" => Ok(Author::Visitor),
            "bot" => Ok(Author::Bot),
            "agent" => Ok(Author::Agent),
            "system" => Ok(Author::System),
            other => Err(format!("not a Author: {other:?}")),
        }
    }
}

impl MessageKind {
    /// Its name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Chat => "chat",
            MessageKind::Intro => "intro",
            MessageKind::Notice => "notice",
        }
    }
}

impl TryFrom<String> for MessageKind {
    type Error = String;

    fn try_from(name: String) -> Result<MessageKind, String> {
        match name.as_str() {
            "chat" => Ok(MessageKind::Chat),
            "intro" => Ok(MessageKind::Intro),
            "notice" => Ok(MessageKind::Notice),
            other => Err(format!("not a MessageKind: {other:?}")),
        }
    }
}

/// A stored message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Message {
    /// 1, 2, 3… within the conversation, without gaps; the stream's event id.
    pub seq: i64,
    /// The visitor's client-generated id, echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Who wrote it.
    pub author: Author,
    /// What it is.
    pub kind: MessageKind,
    /// The agent's display name, for agent messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// The text (always plain text, never HTML).
    pub text: String,
    /// The channel it came or went by; absent for the widget.
    #[serde(default, skip_serializing_if = "Channel::is_web")]
    pub channel: Channel,
    /// Sent to WhatsApp: what WhatsApp last said of it (`sent`, `delivered`, `read`,
    /// `failed`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// Bot chat turns: the bot's confidence in `0..=1`, `null` when it had no answer.
    /// Feed it to the widget's triage (`Engine::bot`).
    #[serde(default)]
    pub confidence: Option<f32>,
    /// When the hub stored it.
    pub created_at: String,
}

/// The stream's `typing` event: the agent holding the conversation is writing a reply.
/// Never stored and without an id (it does not move the resume point); shown until
/// `seconds` pass without another, the agent's message arrives, or the bot has the
/// conversation again.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AgentTyping {
    /// The agent's display name, as on their messages (`agent_name`).
    pub agent_name: String,
    /// How long it lasts without a renewal.
    pub seconds: u32,
}

/// `POST /api/conversations/{id}/messages` body.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MessageCreate {
    /// Generated by the widget (1–64 characters); a retry with the same id is answered with
    /// the original message.
    pub client_id: String,
    /// At most 4,000 characters; no control characters except newline and tab.
    pub text: String,
    /// The language the widget speaks to the visitor (`es`, `pt-BR`…): the assistant reads a
    /// question whose words tell no language ("envío gratis?") in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `POST /api/conversations/{id}/messages` answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MessageCreated {
    /// The visitor's message as stored.
    pub message: Message,
    /// The bot's answer; `null` while a human holds the conversation.
    pub reply: Option<Message>,
    /// The hub's own triage of the visitor turn and the bot turn.
    pub triage: Option<TurnTriage>,
    /// The visitor's name, when the message states it ("my name is Jo Bloggs"), so the lead
    /// form does not ask for it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The hub's triage of one exchange.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TurnTriage {
    /// True when a human should take over.
    pub escalate: bool,
    /// The deciding trigger.
    pub trigger: Option<String>,
    /// The team.
    pub route: Option<String>,
    /// Every trigger that fired.
    pub triggers: Vec<String>,
    /// The evidence.
    pub reasons: Vec<ReasonOut>,
}

/// `GET /api/conversations/{id}/messages` answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct MessageList {
    /// Messages after the requested seq, oldest first.
    pub messages: Vec<Message>,
    /// Where the conversation stands now (the widget reads it after a reload and after each
    /// notice, to learn that it was resolved and whether it was rated).
    #[serde(default)]
    pub status: Option<ConversationStatus>,
}

/// Where a conversation stands.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ConversationState {
    /// The assistant answers.
    Bot,
    /// Handed off, waiting for a person.
    Queued,
    /// A person holds it; the assistant is silent.
    Agent,
}

impl ConversationState {
    /// Its name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationState::Bot => "bot",
            ConversationState::Queued => "queued",
            ConversationState::Agent => "agent",
        }
    }
}

impl TryFrom<String> for ConversationState {
    type Error = String;

    fn try_from(name: String) -> Result<ConversationState, String> {
        match name.as_str() {
            "bot" => Ok(ConversationState::Bot),
            "queued" => Ok(ConversationState::Queued),
            "agent" => Ok(ConversationState::Agent),
            other => Err(format!("not a ConversationState: {other:?}")),
        }
    }
}

/// Where a conversation stands, as the visitor's widget needs to know it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConversationStatus {
    /// The assistant answers, it waits for a person, or a person holds it.
    pub state: ConversationState,
    /// An agent resolved its latest handoff and the assistant has it again: time to ask for
    /// a rating.
    pub resolved: bool,
    /// The visitor's rating, 1..5, if they gave one.
    pub rating: Option<u8>,
    /// The open handoff, with its team's availability now, so a reload tells the truth
    /// about who can answer.
    #[serde(default)]
    pub handoff: Option<HandoffStatus>,
    /// The lead the visitor left in this conversation (its reference and WhatsApp link).
    #[serde(default)]
    pub lead: Option<LeadCreated>,
}

/// The open handoff of a conversation, as the widget shows it after a reload.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct HandoffStatus {
    /// The team's key.
    pub team: String,
    /// The team's display name.
    pub team_name: String,
    /// Someone can take it now.
    pub available: bool,
    /// The site is open by its hours now.
    pub open: bool,
    /// When closed: the next opening.
    pub next_open: Option<String>,
    /// When open with nobody online: the team's typical wait in minutes, if measured.
    pub wait_minutes: Option<u32>,
}

/// A site's availability, by business hours and by who is online.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Availability {
    /// The site key.
    pub site: String,
    /// Open now by business hours.
    pub open: bool,
    /// The next opening (when closed, or the one after the current period).
    pub next_open: Option<String>,
    /// When open: the end of the current period.
    pub closes_at: Option<String>,
    /// Per team.
    pub teams: Vec<TeamAvailability>,
}

/// One team's availability.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TeamAvailability {
    /// Route key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Open by hours and at least one agent online: a handoff reaches a person now.
    pub online: bool,
    /// Agents online for this team.
    pub agents_online: u32,
    /// When not online: the next opening by business hours, if known.
    pub next_open: Option<String>,
    /// When open with nobody online: how long the team usually takes to answer a handoff,
    /// in minutes (the median over the last 30 days), if it has answered enough to say.
    #[serde(default)]
    pub wait_minutes: Option<u32>,
}

/// A line of the transcript as the widget saw it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TranscriptLine {
    /// Who wrote it.
    pub role: Role,
    /// The text.
    pub text: String,
    /// Bot lines: confidence, `null` for no answer.
    #[serde(default)]
    pub confidence: Option<f32>,
}

/// `POST /api/conversations/{id}/handoff` body: everything the widget learned.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HandoffCreate {
    /// The transcript as the widget saw it.
    #[serde(default)]
    pub transcript: Vec<TranscriptLine>,
    /// Captured fields (`name`, `email`, `phone`, `order`…).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// The widget's deciding trigger (`human_request`…).
    pub trigger: String,
    /// The widget's evidence.
    #[serde(default)]
    pub reasons: Vec<ReasonOut>,
    /// The team (one of the site's team keys).
    pub route: String,
    /// Who the host page said the visitor is, with the site's signature over it, when it
    /// gave one (`Baton('identify', {email, signature})`); the hub checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityClaim>,
}

/// The email the host page identified the visitor by, and the site's signature over it:
/// hex HMAC-SHA256 of the trimmed, lower-cased email with the site's identity secret.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IdentityClaim {
    /// The email, as identified.
    pub email: String,
    /// The signature, hex.
    pub signature: String,
}

/// `POST /api/conversations/{id}/handoff` answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct HandoffCreated {
    /// The handoff's id.
    pub handoff_id: String,
    /// The team it went to.
    pub team: String,
    /// The team's display name.
    pub team_name: String,
    /// Someone can take it now. When false, switch to lead capture.
    pub available: bool,
    /// Agents online for the team.
    pub agents_online: u32,
    /// When not available: the next opening, if known.
    pub next_open: Option<String>,
    /// The site is open by its hours now (not available but open: nobody is free yet).
    #[serde(default)]
    pub open: bool,
    /// When open with nobody online: the team's typical wait in minutes, if measured.
    #[serde(default)]
    pub wait_minutes: Option<u32>,
    /// The hub's own verdict over the stored transcript.
    pub hub: TurnTriage,
}

/// `POST /api/conversations/{id}/leads` body.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LeadCreate {
    /// Name (required, ≤ 80 characters).
    pub name: String,
    /// Email (≤ 254 characters); email or phone is required.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone in international form; stored as E.164.
    #[serde(default)]
    pub phone: Option<String>,
    /// The question.
    #[serde(default)]
    pub question: String,
    /// Consent to be contacted (required).
    #[serde(default)]
    pub consent: bool,
}

/// `POST /api/conversations/{id}/leads` answer.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct LeadCreated {
    /// The short reference the visitor can quote (`BTN-7KQ3XM`).
    pub reference: String,
    /// Continue on WhatsApp with the context, when the site has a number.
    pub whatsapp_link: Option<String>,
    /// Continue on Messenger with the reference, when the site has a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messenger_link: Option<String>,
    /// Continue on Instagram with the reference, when the site has an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instagram_link: Option<String>,
}

/// Every error response: `{"error": {"code", "message", "fields"?}}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// An error's stable code and clear message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ErrorDetail {
    /// Stable snake_case code (`not_found`, `invalid_lead`, `rate_limited`…).
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Per-field problems (`invalid_lead`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldProblem>,
}

/// One field's problem.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FieldProblem {
    /// The field.
    pub field: String,
    /// Stable code (`required`, `too_long`, `invalid`…).
    pub code: String,
    /// A sentence for the visitor.
    pub message: String,
}

/// A thumbs rating.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Thumb {
    /// Satisfied (stored as 5).
    Up,
    /// Not satisfied (stored as 1).
    Down,
}

/// `POST /api/conversations/{id}/rating` body: exactly one of `score` and `thumb`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RatingCreate {
    /// 1 (very unhappy) to 5 (very happy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Or a thumb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumb: Option<Thumb>,
}

/// `POST /api/conversations/{id}/rating` answer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RatingCreated {
    /// The stored score, 1..5.
    pub score: u8,
}
