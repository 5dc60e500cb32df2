//! Metrics and the weekly review, as the console reads them.
//!
//! ```text
//! GET  /console/api/metrics?site=KEY&days=7|30|90            → MetricsReport
//! GET  /console/api/review?site=KEY&days=7                   → Review
//! GET  /console/api/review/conversations/{id}                → ReviewTranscript
//! GET  /console/api/review/replay.jsonl?site=KEY&days=7      → JSON lines, one
//!      `triage_lines::Transcript` per listed conversation, for `baton triage replay`
//! GET  /metrics                                              → Prometheus text format
//! ```

use serde::{Deserialize, Serialize};

use super::visitor::{Author, MessageKind};
use crate::triage_lines::ReasonOut;

/// Count, median and 90th percentile of durations in seconds. Percentiles are nearest-rank:
/// the p-th percentile of n sorted values is the value at rank ⌈p·n/100⌉, so it is always a
/// time that really happened.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Durations {
    /// How many durations.
    pub count: u64,
    /// Median (p50), seconds.
    pub median_seconds: Option<i64>,
    /// p90, seconds.
    pub p90_seconds: Option<i64>,
    /// Sum, seconds (Prometheus summaries want it).
    pub sum_seconds: i64,
}

/// Conversations by the channel they began on.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ChannelMetrics {
    /// `web` (the widget) or `whatsapp`.
    pub channel: String,
    /// Conversations with a visitor message that began there.
    pub conversations: u64,
    /// Of those, handed to a person at least once.
    pub handed_off: u64,
}

/// One trigger's share of the handoffs.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct TriggerMetrics {
    /// Trigger name (`human_request`…).
    pub trigger: String,
    /// Conversations whose first handoff had this trigger.
    pub conversations: u64,
    /// `conversations` / conversations with a visitor message; the triggers' rates add up
    /// to the overall handoff rate.
    pub rate: Option<f64>,
    /// Every handoff with this trigger (a conversation may be handed off twice).
    pub handoffs: u64,
    /// Of those, how many no agent ever answered.
    pub unanswered: u64,
    /// Handoff → the agent's first reply.
    pub time_to_human: Durations,
}

/// Customer satisfaction of one group of conversations.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Csat {
    /// Ratings given.
    pub ratings: u64,
    /// Of those, 4 or 5 (a thumbs up).
    pub satisfied: u64,
    /// `satisfied` / `ratings`: the CSAT score.
    pub rate: Option<f64>,
    /// Mean score, 1..5.
    pub mean: Option<f64>,
}

/// CSAT of conversations the assistant handled alone, and of those handed to a person.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct CsatSplit {
    /// No handoff.
    pub ai_only: Csat,
    /// At least one handoff.
    pub handed_off: Csat,
}

/// The same visitor (same lead email or phone) again within 30 days.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RepeatContact {
    /// Conversations in the period that left an email or phone.
    pub identified: u64,
    /// Of those, how many followed another conversation of the same visitor by ≤ 30 days.
    pub repeats: u64,
    /// `repeats` / `identified`.
    pub rate: Option<f64>,
}

/// Leads that became customers.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Conversion {
    /// Leads left in the period.
    pub leads: u64,
    /// Marked won.
    pub won: u64,
    /// Marked lost.
    pub lost: u64,
    /// `won` / `leads`.
    pub rate: Option<f64>,
}

/// One day of the series, in the site's time zone.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DayMetrics {
    /// `2026-03-02`.
    pub date: String,
    /// Conversations started that day with a visitor message.
    pub conversations: u64,
    /// Of those, handed off.
    pub handed_off: u64,
    /// `handed_off` / `conversations`.
    pub rate: Option<f64>,
    /// Median time to human of that day's handoffs, seconds.
    pub time_to_human_median: Option<i64>,
}

/// `GET /console/api/metrics`: one site over `[from, to)`. Everything counts the
/// conversations started in the period (and their handoffs, ratings and leads).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct MetricsReport {
    /// Site key.
    pub site: String,
    /// Start, inclusive (UTC RFC 3339).
    pub from: String,
    /// End, exclusive.
    pub to: String,
    /// Conversations with at least one visitor message.
    pub conversations: u64,
    /// Of those, handed to a person at least once.
    pub handed_off: u64,
    /// `handed_off` / `conversations`.
    pub handoff_rate: Option<f64>,
    /// Per trigger, in `Trigger::ALL` order, then any other names.
    pub by_trigger: Vec<TriggerMetrics>,
    /// Per channel the conversations began on: `web`, then `whatsapp` (each present even
    /// when zero).
    #[serde(default)]
    pub by_channel: Vec<ChannelMetrics>,
    /// Conversations begun on the website that continued on WhatsApp.
    #[serde(default)]
    pub continued_on_whatsapp: u64,
    /// Every handoff.
    pub handoffs: u64,
    /// Handoff → the agent's first reply, over the handoffs answered.
    pub time_to_human: Durations,
    /// Handoff → resolved, over the handoffs resolved.
    pub resolution: Durations,
    /// Handoffs no agent answered (closed without a reply, or still waiting).
    pub unanswered: u64,
    /// Repeat contacts.
    pub repeat_contact: RepeatContact,
    /// CSAT, AI-only against handed off.
    pub csat: CsatSplit,
    /// Leads → customers.
    pub conversion: Conversion,
    /// One entry per day of the period in the site's time zone, oldest first.
    pub daily: Vec<DayMetrics>,
}

/// Why a conversation is on the review list.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// Among the longest waits for a person.
    LongWait,
    /// Rated 1 or 2.
    LowRating,
    /// Handed off and nobody answered.
    Unanswered,
    /// The hub's re-check says it should have escalated; it never did.
    Missed,
}

/// One conversation worth reading.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReviewItem {
    /// Conversation id.
    pub conversation_id: String,
    /// Why it is listed.
    pub reason: ReviewReason,
    /// When it started.
    pub created_at: String,
    /// The deciding trigger (the handoff's, or the hub's for a missed one).
    pub trigger: Option<String>,
    /// The wait or resolution in seconds, when it matters.
    pub seconds: Option<i64>,
    /// The rating, when it matters.
    pub score: Option<u8>,
    /// The visitor's first message (plain text, at most 140 characters).
    pub first_message: String,
}

/// `GET /console/api/review`: the conversations worth reading.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Review {
    /// Site key.
    pub site: String,
    /// Start, inclusive.
    pub from: String,
    /// End, exclusive.
    pub to: String,
    /// Longest times to human first.
    pub long_waits: Vec<ReviewItem>,
    /// Lowest ratings first.
    pub low_ratings: Vec<ReviewItem>,
    /// Handoffs nobody answered, oldest first.
    pub unanswered: Vec<ReviewItem>,
    /// Should have escalated and did not, newest first.
    pub missed: Vec<ReviewItem>,
    /// Where to download every listed conversation as replay JSON lines.
    pub replay_path: String,
    /// The site's IANA time zone (`Europe/London`): the console shows times in it.
    #[serde(default)]
    pub timezone: String,
}

/// A transcript line with the triggers the hub's triage finds in it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReviewLine {
    /// Seq.
    pub seq: i64,
    /// Who wrote it.
    pub author: Author,
    /// What it is.
    pub kind: MessageKind,
    /// The agent's name, for agent messages.
    pub agent_name: Option<String>,
    /// The text (plain text, never HTML).
    pub text: String,
    /// Bot turns: confidence.
    pub confidence: Option<f32>,
    /// When stored.
    pub created_at: String,
    /// Triggers that fired on this turn, by the site's current rules.
    pub triggers: Vec<String>,
    /// Their evidence.
    pub reasons: Vec<ReasonOut>,
    /// True on the turn where the current rules first escalate.
    pub escalates: bool,
}

/// A handoff as the review shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReviewHandoff {
    /// The widget's trigger.
    pub trigger: String,
    /// When handed off.
    pub created_at: String,
    /// The first agent reply, if any.
    pub first_reply_at: Option<String>,
    /// When resolved, if it was.
    pub resolved_at: Option<String>,
}

/// `GET /console/api/review/conversations/{id}`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReviewTranscript {
    /// Conversation id.
    pub id: String,
    /// Site key.
    pub site: String,
    /// Every message, with triggers marked.
    pub lines: Vec<ReviewLine>,
    /// Its handoffs, oldest first.
    pub handoffs: Vec<ReviewHandoff>,
    /// The visitor's rating.
    pub rating: Option<u8>,
    /// The site's IANA time zone (`Europe/London`): the console shows times in it.
    #[serde(default)]
    pub timezone: String,
}
