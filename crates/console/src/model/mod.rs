//! What the console shows, as plain functions over the `protocol::hub` types.

use protocol::hub::{ConsoleConversation, NameSource, Queue, VisitorContext};
use protocol::triage_lines::ReasonOut;

/// The conversation `id` from the queue (waiting or held).
pub fn find<'a>(queue: &'a Queue, id: &str) -> Option<&'a ConsoleConversation> {
    queue.waiting.iter().chain(&queue.mine).find(|c| c.id == id)
}

/// "42 s", "3 min", "2 h 05 min".
pub fn format_wait(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// Seconds from `since` (RFC 3339) to `now_ms` (ms since the epoch), by the browser's
/// parse; `fallback` when unreadable.
pub fn seconds_between(since_ms: f64, now_ms: f64, fallback: i64) -> i64 {
    if since_ms.is_finite() && now_ms.is_finite() {
        ((now_ms - since_ms) / 1000.0).floor().max(0.0) as i64
    } else {
        fallback
    }
}

/// Urgency's label and CSS class.
pub fn urgency(u: i64) -> (&'static str, &'static str) {
    match u {
        2.. => ("Urgent", "urgency urgency-high"),
        1 => ("Soon", "urgency urgency-mid"),
        _ => ("Normal", "urgency urgency-low"),
    }
}

/// A trigger's name for people.
pub fn trigger_label(trigger: &str) -> &str {
    match trigger {
        "human_request" => "Asked for a person",
        "frustration" => "Frustrated",
        "repeated_failure" => "Bot failed twice",
        "high_risk" => "High value / risk",
        "out_of_scope" => "Out of scope",
        "post_capture" => "Warm lead",
        other => other,
    }
}

/// Who wrote a message, for the pane.
pub fn author_label(m: &protocol::hub::Message) -> String {
    use protocol::hub::Author;
    match m.author {
        Author::Visitor => "Visitor".into(),
        Author::Bot => "Assistant".into(),
        Author::Agent => m.agent_name.clone().unwrap_or_else(|| "Agent".into()),
        Author::System => "Notice".into(),
    }
}

/// How a message travelled, after its author in the pane: nothing for the widget; for
/// WhatsApp "· WhatsApp", and for a reply sent there what WhatsApp last said of it.
pub fn channel_note(m: &protocol::hub::Message) -> String {
    use protocol::hub::{Author, Channel};
    if m.channel != Channel::Whatsapp {
        return String::new();
    }
    let delivery = match (m.author, m.delivery.as_deref()) {
        (Author::Visitor, _) => "",
        (_, None) => " · sending",
        (_, Some("sent")) => " · sent",
        (_, Some("delivered")) => " · delivered",
        (_, Some("read")) => " · read",
        (_, Some("failed")) => " · not delivered",
        (_, Some(_)) => "",
    };
    format!(" · WhatsApp{delivery}")
}

/// The reply box's new text when a conversation is opened: the suggested greeting if the
/// agent has not typed anything yet for it, otherwise what they typed. The greeting ends in a
/// space, so that what the agent types on after it starts a new sentence, not a glued word.
pub fn draft_for(current: &str, greeting: &str) -> String {
    if !current.trim().is_empty() {
        current.to_string()
    } else if greeting.trim().is_empty() {
        String::new()
    } else {
        format!("{} ", greeting.trim_end())
    }
}

/// The browser tab's title: how many visitors wait for someone to take them, first, so that
/// an agent working in another tab sees the queue grow.
pub fn tab_title(waiting: usize) -> String {
    match waiting {
        0 => "Baton console".to_string(),
        n => format!("({n}) Baton console"),
    }
}

/// The reply as sent: without the space the greeting leaves and any other blank edges.
pub fn reply_text(draft: &str) -> String {
    draft.trim().to_string()
}

/// The `conversation` parameter of a location's query (`?conversation=ID`), still
/// percent-encoded; `None` when absent or empty.
pub fn linked_conversation(search: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "conversation")
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// What the pane says when a linked conversation cannot be opened: the hub answers 404 alike
/// for an unknown id and one the agent may not see, so the sentence names both.
pub fn link_failure(id: &str, status: u16, message: &str) -> String {
    match status {
        404 => format!(
            "Conversation {id} cannot be opened: it does not exist, it is not in your teams, or it is back with the assistant."
        ),
        _ => format!("Conversation {id} cannot be opened: {message}"),
    }
}

/// Who saw a reason: the widget (sent with the handoff), the hub (its own re-check of the
/// stored transcript), or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Only the widget.
    Widget,
    /// Only the hub.
    Hub,
    /// Both.
    Both,
}

impl Source {
    /// How the pane names it.
    pub fn label(self) -> &'static str {
        match self {
            Source::Widget => "widget",
            Source::Hub => "hub",
            Source::Both => "widget and hub",
        }
    }

    fn with(self, other: Source) -> Source {
        if self == other {
            self
        } else {
            Source::Both
        }
    }
}

/// One reason as the pane lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonLine {
    /// The trigger's name (`human_request`…).
    pub trigger: String,
    /// What matched.
    pub signal: String,
    /// The larger weight either side gave it.
    pub weight: f32,
    /// Who saw it.
    pub source: Source,
}

/// The widget's and the hub's reasons as one list: the same trigger and signal is one line
/// (with the larger weight), marked with who saw it; the widget's order first, then what
/// only the hub saw.
pub fn merged_reasons(widget: &[ReasonOut], hub: &[ReasonOut]) -> Vec<ReasonLine> {
    let mut lines: Vec<ReasonLine> = Vec::new();
    let tagged = widget
        .iter()
        .map(|r| (r, Source::Widget))
        .chain(hub.iter().map(|r| (r, Source::Hub)));
    for (r, source) in tagged {
        let (trigger, signal) = (r.trigger.trim(), r.signal.trim());
        match lines
            .iter_mut()
            .find(|l| l.trigger == trigger && l.signal == signal)
        {
            Some(line) => {
                line.source = line.source.with(source);
                line.weight = line.weight.max(r.weight);
            }
            None => lines.push(ReasonLine {
                trigger: trigger.to_string(),
                signal: signal.to_string(),
                weight: r.weight,
                source,
            }),
        }
    }
    lines
}

/// The deciding triggers as badges: the widget's and the hub's, one badge when they agree.
pub fn merged_triggers(widget: &str, hub: Option<&str>) -> Vec<(String, Source)> {
    match hub {
        Some(h) if h == widget => vec![(widget.to_string(), Source::Both)],
        Some(h) => vec![
            (widget.to_string(), Source::Widget),
            (h.to_string(), Source::Hub),
        ],
        None => vec![(widget.to_string(), Source::Widget)],
    }
}

/// "Asked for a person: talk to a person (1)".
pub fn reason_text(line: &ReasonLine) -> String {
    format!(
        "{}: {} ({})",
        trigger_label(&line.trigger),
        line.signal,
        line.weight
    )
}

/// The visitor at a glance: "Jane Smith (said in the chat) · order #4471 · refund"; `None`
/// when nothing is known.
pub fn context_line(c: &VisitorContext) -> Option<String> {
    let name = c
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| match c.name_from {
            Some(NameSource::Chat) => format!("{n} (said in the chat)"),
            _ => n.to_string(),
        });
    let order = c
        .order
        .as_deref()
        .map(|o| o.trim().trim_start_matches('#').trim())
        .filter(|o| !o.is_empty())
        .map(|o| format!("order #{o}"));
    let intent = c
        .intent
        .as_deref()
        .map(|i| i.replace(['_', '-'], " "))
        .filter(|i| !i.trim().is_empty());
    let parts: Vec<String> = [name, order, intent].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The visitor's name for the queue: the context's, else "Visitor".
pub fn visitor_name(c: &ConsoleConversation) -> String {
    c.context
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Visitor".into())
}

/// A wall-clock reading in some time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
}

impl Civil {
    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    fn days(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A time for people, in the zone it was read in, with the zone named: "today at 14:05
/// (Europe/London)", "tomorrow at 09:00 (…)", "yesterday at 17:10 (…)", "Fri 4 Dec at
/// 09:00 (…)", with the year when it is not `now`'s.
pub fn when_words(at: Civil, now: Civil, zone: &str) -> String {
    let clock = format!("{:02}:{:02}", at.hour, at.minute);
    let day = match at.days() - now.days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "yesterday".to_string(),
        _ => {
            let weekday = WEEKDAYS[(at.days() + 3).rem_euclid(7) as usize];
            let month = MONTHS[(at.month.clamp(1, 12) - 1) as usize];
            let year = if at.year == now.year {
                String::new()
            } else {
                format!(" {}", at.year)
            };
            format!("{weekday} {} {month}{year}", at.day)
        }
    };
    format!("{day} at {clock} ({zone})")
}

/// How often, at most, the console tells the hub that the agent is typing while keys keep
/// coming (the hub shows it to the visitor for 6 s, so it never blinks between two).
pub const TYPING_EVERY_MS: f64 = 3000.0;

/// When a key in the reply box tells the hub "the agent is typing": a draft with text, and
/// not within [`TYPING_EVERY_MS`] of the last time. A sent reply starts over.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TypingThrottle {
    last_ms: Option<f64>,
}

impl TypingThrottle {
    /// A key left `draft` at `now_ms` (ms since the epoch): true when the hub is to be told.
    pub fn key(&mut self, draft: &str, now_ms: f64) -> bool {
        if draft.trim().is_empty() {
            return false;
        }
        if self
            .last_ms
            .is_some_and(|last| (0.0..TYPING_EVERY_MS).contains(&(now_ms - last)))
        {
            return false;
        }
        self.last_ms = Some(now_ms);
        true
    }

    /// The reply went: the next key says so at once.
    pub fn sent(&mut self) {
        self.last_ms = None;
    }
}

#[cfg(test)]
mod tests;
