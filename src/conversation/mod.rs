//! The conversation as the widget sees it: plain types, no DOM, no network, tested natively.
//!
//! [`Conversation`] holds the thread, the delivery state of each visitor message
//! (`Sending → Sent | Failed`), the triage state behind it, and who is answering. Every
//! visitor message is triaged here before anything is sent; when a trigger fires, the bridge
//! message is added in the same call and the handoff package is returned for the caller to
//! post. One exception: on a site whose FAQ answers some hand-over topics first, a message
//! handed over only for its topic ("how long do refunds take?") waits for the hub, which
//! either answers it or agrees it goes to a person (see [`Conversation::send`]). Messages
//! from the hub are de-duplicated by seq, whichever path brings them first (the POST answer,
//! the stream, another tab).

use std::collections::{BTreeMap, BTreeSet};

use protocol::bridge::{HandoffMessage, Reach};
use protocol::hub::HandoffCreate;
use protocol::triage_lines::ReasonOut;
use triage::{Engine, Trigger};

use crate::i18n::Lang;

mod handoff;
mod hub;
mod sending;
mod summary;
mod typing;

/// The longest an agent is shown typing without a renewal, whatever the hub says.
pub const TYPING_AT_MOST_MS: f64 = 30_000.0;

/// Where a visitor message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Shown at once, on its way to the hub.
    Sending,
    /// Stored by the hub (it has a seq).
    Sent,
    /// Not stored; the visitor can retry (with the same client id, so it is stored once).
    Failed,
}

impl Delivery {
    /// `sending`, `sent` or `failed` (the line's `data-delivery`).
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sending => "sending",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
        }
    }
}

/// Who wrote a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// The visitor.
    Visitor,
    /// The assistant (including the bridge message).
    Bot,
    /// A person, by name.
    Agent(String),
    /// The hub ("Maria joined").
    System,
}

/// One line of the thread.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Unique within the thread, stable: the UI's key.
    pub key: u32,
    /// Who wrote it.
    pub who: Who,
    /// Always rendered as text.
    pub text: String,
    /// The hub's seq, once stored.
    pub seq: Option<i64>,
    /// Visitor messages: the client-generated id.
    pub client_id: Option<String>,
    /// Visitor messages: delivery state; everything else is `Sent`.
    pub delivery: Delivery,
    /// The bridge message announcing a handoff.
    pub bridge: bool,
    /// Visitor messages: the triggers that fired.
    pub triggers: Vec<&'static str>,
    /// Bot messages: the bot's confidence.
    pub confidence: Option<f32>,
    /// Bot messages said while the visitor waits for a person: labelled as the assistant's,
    /// so nobody mistakes them for the person's.
    pub while_waiting: bool,
    /// Sent or received on WhatsApp: the conversation went on there.
    pub whatsapp: bool,
}

/// Who is answering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The assistant.
    Bot,
    /// Handed to a team, waiting for a person.
    Waiting {
        /// The team's display name.
        team: String,
    },
    /// Handed to a team nobody can answer for soon: nobody is free (`Reach::Busy`) or the
    /// team is closed (`Reach::Closed`, with the opening in the visitor's words).
    Nobody {
        /// The team's display name.
        team: String,
        /// How soon, as the visitor is told.
        reach: Reach,
    },
    /// A person holds the conversation.
    Agent(String),
}

/// The result of a visitor turn.
#[derive(Clone, Debug, PartialEq)]
pub struct Turn {
    /// The client id to send the message with.
    pub client_id: String,
    /// The text to send.
    pub text: String,
    /// When the turn escalated: the package for `POST …/handoff`.
    pub handoff: Option<HandoffCreate>,
}

/// A handoff held back until the hub has had its say: the visitor's message hands over only
/// for its topic, and the site's FAQ may answer such a question first.
#[derive(Clone, Debug)]
struct Deferred {
    until: Until,
    trigger: Trigger,
    route: String,
    reasons: Vec<ReasonOut>,
}

/// What settles a [`Deferred`] handoff.
#[derive(Clone, Debug, PartialEq)]
enum Until {
    /// This tab sent the message (by its client id): the hub's answer to the POST says.
    Answered(String),
    /// Another tab sent it, or the thread is being rebuilt (its seq): the message the hub
    /// stored next says (the bot's answer to it, or anything else).
    Next(i64),
}

/// The thread and everything the widget knows about it.
pub struct Conversation {
    engine: Engine,
    lang: Lang,
    teams: Vec<(String, String)>,
    triage: triage::Conversation,
    lines: Vec<Line>,
    next_key: u32,
    seqs: BTreeSet<i64>,
    last_seq: i64,
    intro_unmatched: usize,
    route: Option<String>,
    holder: Holder,
    read: usize,
    waiting_for_bot: u32,
    fields: BTreeMap<String, String>,
    identity: BTreeMap<String, String>,
    reach: BTreeMap<String, Reach>,
    handoff_messages: Vec<HandoffMessage>,
    /// The bridge said again while rebuilding after a reload (its line key, trigger and
    /// route): said before the hub's availability may have arrived, so said once more, in the
    /// same place, when it does.
    restored_bridge: Option<(u32, Trigger, String)>,
    restoring: bool,
    identity_signature: Option<String>,
    answers_first: bool,
    deferred: Vec<Deferred>,
    /// The agent the hub last said is typing, and until when (ms since the epoch).
    agent_typing: Option<(String, f64)>,
    /// The name the visitor stated in the chat, as the hub read it: the lead form's prefill.
    said_name: Option<String>,
    /// Client ids of this tab's messages whose `POST` the hub has not answered yet (the stream
    /// may bring the stored message sooner; only the answer says what the hub read in it).
    unanswered: Vec<String>,
}

impl Conversation {
    /// A thread that opens with the disclosure (and the greeting, if any), shown before the
    /// hub has a conversation: one is created only with the first message.
    pub fn new(
        engine: Engine,
        lang: Lang,
        teams: Vec<(String, String)>,
        disclosure: &str,
        greeting: &str,
    ) -> Conversation {
        let mut c = Conversation {
            engine,
            lang,
            teams,
            triage: triage::Conversation::new(),
            lines: Vec::new(),
            next_key: 0,
            seqs: BTreeSet::new(),
            last_seq: 0,
            intro_unmatched: 0,
            route: None,
            holder: Holder::Bot,
            read: 0,
            waiting_for_bot: 0,
            fields: BTreeMap::new(),
            identity: BTreeMap::new(),
            reach: BTreeMap::new(),
            handoff_messages: Vec::new(),
            restored_bridge: None,
            restoring: false,
            identity_signature: None,
            answers_first: false,
            deferred: Vec::new(),
            agent_typing: None,
            said_name: None,
            unanswered: Vec::new(),
        };
        for text in [disclosure, greeting].into_iter().filter(|t| !t.is_empty()) {
            c.push(Who::Bot, text.to_string(), None);
            c.intro_unmatched += 1;
        }
        c.read = c.lines.len();
        c
    }

    /// Every line, oldest first.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Who is answering.
    pub fn holder(&self) -> &Holder {
        &self.holder
    }

    /// The highest seq seen: the stream resumes after it.
    pub fn last_seq(&self) -> i64 {
        self.last_seq
    }

    /// Lines from others since the visitor last looked.
    pub fn unread(&self) -> usize {
        self.lines[self.read.min(self.lines.len())..]
            .iter()
            .filter(|l| l.who != Who::Visitor)
            .count()
    }

    /// How many of the last lines are unseen (from anyone).
    pub fn unread_lines(&self) -> usize {
        self.lines.len() - self.read.min(self.lines.len())
    }

    /// The visitor has seen everything.
    pub fn mark_read(&mut self) {
        self.read = self.lines.len();
    }

    /// The fields known so far: what the host page said (`name`, `email`, `phone`), then
    /// what the visitor typed in the chat (`email`, `phone`, `order`), which wins.
    pub fn fields(&self) -> BTreeMap<String, String> {
        let mut all = self.identity.clone();
        all.extend(self.fields.iter().map(|(k, v)| (k.clone(), v.clone())));
        all
    }

    /// The host page identified the visitor (`Baton('identify', …)`, already validated): kept
    /// apart from the chat's own fields, so a reload's rebuild does not lose it.
    /// With the site's `signature` over the email, the handoff carries the claim for the hub
    /// to check.
    pub fn identify(
        &mut self,
        name: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        signature: Option<String>,
    ) {
        if email.is_some() {
            self.identity_signature = signature;
        }
        for (key, value) in [("name", name), ("email", email), ("phone", phone)] {
            if let Some(v) = value {
                self.identity.insert(key.to_string(), v);
            }
        }
    }

    /// A message this tab sent before line `key` has no answer from the hub yet: what the
    /// hub read in it (the name it states) is not known.
    pub fn unanswered_before(&self, key: u32) -> bool {
        self.lines.iter().take_while(|l| l.key != key).any(|l| {
            l.client_id
                .as_ref()
                .is_some_and(|id| self.unanswered.contains(id))
        })
    }

    /// The team a handoff went to, once one started.
    pub fn route(&self) -> Option<&str> {
        self.route.as_deref()
    }

    /// Replaces the engine (the site's own rules arrived) and the owner's bridge wording; the
    /// triage state is kept.
    pub fn set_engine(
        &mut self,
        engine: Engine,
        teams: Vec<(String, String)>,
        handoff_messages: Vec<HandoffMessage>,
    ) {
        self.engine = engine;
        self.teams = teams;
        self.handoff_messages = handoff_messages;
    }

    /// Whether the site's FAQ answers some questions on hand-over topics first (the hub's
    /// `answers_first`): a message handed over only for its topic then waits for the hub.
    pub fn set_answers_first(&mut self, on: bool) {
        self.answers_first = on;
    }

    /// Teams the availability names (`(key, name)`) that the site's settings have not
    /// named yet: a bridge before the settings arrive says "Customer Support", not the
    /// route's key. The settings' own list, when it comes, replaces them.
    pub fn name_teams(&mut self, named: impl IntoIterator<Item = (String, String)>) {
        for (key, name) in named {
            if !self.teams.iter().any(|(k, _)| *k == key) {
                self.teams.push((key, name));
            }
        }
    }

    /// The site's disclosure and greeting arrived after the thread was drawn: until the
    /// hub has a conversation, the opening lines follow them.
    pub fn set_intro(&mut self, disclosure: &str, greeting: &str) {
        if self
            .lines
            .iter()
            .any(|l| l.seq.is_some() || l.who != Who::Bot || l.bridge)
        {
            return;
        }
        self.lines.clear();
        self.intro_unmatched = 0;
        for text in [disclosure, greeting].into_iter().filter(|t| !t.is_empty()) {
            self.push(Who::Bot, text.to_string(), None);
            self.intro_unmatched += 1;
        }
        self.read = self.lines.len();
    }

    /// A new line with the next key, not yet in the thread.
    fn line(&mut self, who: Who, text: String, seq: Option<i64>) -> Line {
        let key = self.next_key;
        self.next_key += 1;
        Line {
            key,
            who,
            text,
            seq,
            client_id: None,
            delivery: Delivery::Sent,
            bridge: false,
            triggers: Vec::new(),
            confidence: None,
            while_waiting: false,
            whatsapp: false,
        }
    }

    fn push(&mut self, who: Who, text: String, seq: Option<i64>) -> u32 {
        let line = self.line(who, text, seq);
        let key = line.key;
        self.lines.push(line);
        key
    }

    fn line_mut(&mut self, key: u32) -> &mut Line {
        let i = self
            .lines
            .iter()
            .rposition(|l| l.key == key)
            .unwrap_or(self.lines.len() - 1);
        &mut self.lines[i]
    }
}

/// How soon a team can answer, from what the hub said of it: someone online; open with
/// nobody free (with the team's usual wait); or closed until `next_open`, written by `when`
/// in the visitor's words.
pub fn reach_of(
    available: bool,
    open: bool,
    next_open: Option<&str>,
    wait_minutes: Option<u32>,
    when: impl Fn(f64) -> String,
) -> Reach {
    if available {
        Reach::Online
    } else if open {
        Reach::Busy { wait_minutes }
    } else {
        Reach::Closed {
            when: next_open.and_then(crate::time::parse_rfc3339).map(when),
        }
    }
}

/// Waiting for a team that answers soon, or turned to lead capture when nobody will.
fn holder_for(team: String, reach: Reach) -> Holder {
    match reach {
        Reach::Busy { .. } | Reach::Closed { .. } => Holder::Nobody { team, reach },
        Reach::Online | Reach::Unknown => Holder::Waiting { team },
    }
}

#[cfg(test)]
mod tests;
