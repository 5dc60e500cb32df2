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

use protocol::bridge::{Bridge, HandoffMessage, Reach, Shared};
use protocol::hub::{
    AgentTyping, Author, Channel, HandoffCreate, IdentityClaim, Message, MessageCreated,
    MessageKind, TranscriptLine,
};
use protocol::triage_lines::{ReasonOut, Role};
use triage::{Decision, Engine, Trigger, Verdict};

use crate::i18n::Lang;
use crate::lead::LeadDraft;

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

    /// True while the assistant is working on an answer.
    pub fn bot_typing(&self) -> bool {
        self.waiting_for_bot > 0 && self.holder == Holder::Bot
    }

    /// Who is shown typing: the agent the hub last said is writing a reply, by name, else the
    /// assistant while it works on an answer.
    pub fn typing(&self) -> Option<Who> {
        match &self.agent_typing {
            Some((name, _)) => Some(Who::Agent(name.clone())),
            None => self.bot_typing().then_some(Who::Bot),
        }
    }

    /// The hub says an agent is typing (at `now_ms`, ms since the epoch): shown for as long
    /// as it says (at most [`TYPING_AT_MOST_MS`]) unless renewed. Only the agent holding the
    /// conversation is announced, so they are the one answering now, before their first line.
    /// Returns the ms until [`Conversation::expire_typing`] should look again.
    pub fn agent_typing(&mut self, typing: AgentTyping, now_ms: f64) -> u32 {
        let lasts = (f64::from(typing.seconds) * 1000.0).min(TYPING_AT_MOST_MS);
        self.holder = Holder::Agent(typing.agent_name.clone());
        self.waiting_for_bot = 0;
        self.agent_typing = Some((typing.agent_name, now_ms + lasts));
        lasts as u32
    }

    /// Time is up for an agent's typing not renewed by `now_ms`: it goes. True when it went.
    pub fn expire_typing(&mut self, now_ms: f64) -> bool {
        let over = self
            .agent_typing
            .as_ref()
            .is_some_and(|(_, until)| *until <= now_ms);
        if over {
            self.agent_typing = None;
        }
        over
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

    /// Whether each team (by key) can answer now, as the hub last said: the bridge of a
    /// handoff that starts afterwards promises only what is true.
    pub fn set_reach(&mut self, reach: BTreeMap<String, Reach>) {
        self.reach = reach;
        if let Some((key, trigger, route)) = self.restored_bridge.take() {
            let (text, reach) = self.bridge_text(trigger, &route);
            if let Some(line) = self.lines.iter_mut().find(|l| l.key == key) {
                line.text = text;
            }
            if matches!(self.holder, Holder::Waiting { .. } | Holder::Nobody { .. }) {
                self.holder = holder_for(self.team_name(&route), reach);
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

    /// The visitor sends `text`: triaged first, shown at once as `Sending`, and — if a
    /// trigger fires — followed by the bridge message in the same call. `None` for blank
    /// text.
    ///
    /// The one exception: when the only trigger is the topic (`high_risk`) and the site's FAQ
    /// answers some such questions first, the handoff waits for the hub's answer to the
    /// message ([`Conversation::delivered`], [`Conversation::failed`]); the assistant is
    /// shown typing meanwhile.
    pub fn send(&mut self, text: &str, client_id: String) -> Option<Turn> {
        // Invisible controls and direction overrides (pasted text) would have the hub refuse
        // the message: they are dropped here, by the hub's own rule.
        let text = protocol::lead::without_controls(text, true);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let verdict = self.engine.visitor(&mut self.triage, text);
        self.capture(&verdict);
        let key = self.push(Who::Visitor, text.to_string(), None);
        let line = self.line_mut(key);
        line.client_id = Some(client_id.clone());
        line.delivery = Delivery::Sending;
        line.triggers = verdict.triggers.iter().map(|t| t.as_str()).collect();
        if self.holder == Holder::Bot {
            self.waiting_for_bot += 1;
        }
        let handoff = self.escalate_or_hold(&verdict, Until::Answered(client_id.clone()));
        Some(Turn {
            client_id,
            text: text.to_string(),
            handoff,
        })
    }

    /// The always-visible "Talk to a human" action.
    pub fn ask_for_human(&mut self) -> Option<HandoffCreate> {
        let routes = &self.engine.config().routes;
        let route = routes
            .human_request
            .clone()
            .unwrap_or_else(|| routes.default.clone());
        let reason = ReasonOut {
            trigger: "human_request".into(),
            signal: "the \"Talk to a human\" button".into(),
            weight: 1.0,
        };
        self.escalate_to(Trigger::HumanRequest, route, vec![reason])
    }

    /// The hub stored the message (and perhaps answered it). Returns a handoff package when
    /// the bot's answer escalates (unsure twice, out of scope), or when the message's handoff
    /// was held back for the hub and the hub did not answer it (it agrees a person should).
    pub fn delivered(&mut self, created: MessageCreated) -> Option<HandoffCreate> {
        let client_id = created.message.client_id.clone();
        let held = client_id
            .clone()
            .and_then(|id| self.take_deferred(&Until::Answered(id)));
        let answered =
            created.reply.is_some() && !created.triage.as_ref().is_some_and(|t| t.escalate);
        // The hub judged the message with the site's rules and kept the bot silent because a
        // person should take it; the widget may have judged it before those rules arrived.
        let hub_hands_over = created
            .triage
            .as_ref()
            .filter(|t| t.escalate && created.reply.is_none())
            .and_then(|t| {
                let fired: Vec<&'static str> = t
                    .triggers
                    .iter()
                    .filter_map(|name| Trigger::from_name(name))
                    .map(Trigger::as_str)
                    .collect();
                Some((
                    Trigger::from_name(t.trigger.as_deref()?)?,
                    t.route.clone()?,
                    t.reasons.clone(),
                    fired,
                ))
            });
        let handoff = self.receive(created.message);
        let handoff = match created.reply {
            Some(reply) => self.receive(reply).or(handoff),
            None => {
                self.waiting_for_bot = self.waiting_for_bot.saturating_sub(1);
                handoff
            }
        };
        match (held, hub_hands_over) {
            (Some(d), _) if !answered => {
                self.escalate_to(d.trigger, d.route, d.reasons).or(handoff)
            }
            (_, Some((trigger, route, reasons, fired))) => handoff.or_else(|| {
                let package = self.escalate_to(trigger, route, reasons)?;
                // The line says what fired, as it would had the widget judged it so.
                if let Some(line) = self
                    .lines
                    .iter_mut()
                    .rev()
                    .find(|l| l.client_id.is_some() && l.client_id == client_id)
                {
                    line.triggers = fired;
                }
                Some(package)
            }),
            _ => handoff,
        }
    }

    /// Sending failed: the line shows a retry action. A handoff held back for the hub's
    /// answer to this message starts now (the bridge is shown; the package is returned to
    /// post when the hub is back).
    pub fn failed(&mut self, client_id: &str) -> Option<HandoffCreate> {
        if let Some(line) = self
            .lines
            .iter_mut()
            .find(|l| l.client_id.as_deref() == Some(client_id) && l.delivery == Delivery::Sending)
        {
            line.delivery = Delivery::Failed;
            self.waiting_for_bot = self.waiting_for_bot.saturating_sub(1);
        }
        let d = self.take_deferred(&Until::Answered(client_id.to_string()))?;
        self.escalate_to(d.trigger, d.route, d.reasons)
    }

    /// Retrying a failed message: its text, to send again with the same client id.
    pub fn retry(&mut self, client_id: &str) -> Option<String> {
        let line = self.lines.iter_mut().find(|l| {
            l.client_id.as_deref() == Some(client_id) && l.delivery == Delivery::Failed
        })?;
        line.delivery = Delivery::Sending;
        let text = line.text.clone();
        if self.holder == Holder::Bot {
            self.waiting_for_bot += 1;
        }
        Some(text)
    }

    /// Client ids of every failed message, oldest first (sent again when the hub is back).
    pub fn failed_ids(&self) -> Vec<String> {
        self.lines
            .iter()
            .filter(|l| l.delivery == Delivery::Failed)
            .filter_map(|l| l.client_id.clone())
            .collect()
    }

    /// The hub answered the handoff (or, after a reload, said where it stands): with nobody
    /// to answer soon, the widget turns to lead capture.
    pub fn handed_off(&mut self, team: &str, reach: Reach) {
        if matches!(self.holder, Holder::Agent(_)) {
            return;
        }
        self.holder = holder_for(team.to_string(), reach);
    }

    /// The hub says the assistant has the conversation again (an agent resolved it or
    /// handed it back): the bot answers, and asking for a person starts a new handoff.
    pub fn released(&mut self) {
        self.holder = Holder::Bot;
        self.route = None;
        self.agent_typing = None;
    }

    /// `name`'s message arrived: they are no longer shown typing.
    fn agent_wrote(&mut self, name: &str) {
        if self.agent_typing.as_ref().is_some_and(|(n, _)| n == name) {
            self.agent_typing = None;
        }
    }

    /// A message from the hub (POST answer, stream or backlog). Seen seqs are ignored.
    /// Returns a handoff package when a bot answer escalates, or when a handoff held back
    /// for the hub turns out not to have been answered.
    pub fn receive(&mut self, m: Message) -> Option<HandoffCreate> {
        if !self.seqs.insert(m.seq) {
            return None;
        }
        self.last_seq = self.last_seq.max(m.seq);
        // The bridge of a held-back handoff goes before what follows the message it was for.
        let answer = m.author == Author::Bot && m.kind == MessageKind::Chat;
        let settled = self.settle_next(m.seq, answer);
        self.receive_new(m).or(settled)
    }

    fn receive_new(&mut self, m: Message) -> Option<HandoffCreate> {
        // The conversation went on in WhatsApp: shown as it was said there, never triaged
        // again here (the hub judged it), and never a reason for this tab to hand over.
        if m.channel == Channel::Whatsapp {
            let who = match m.author {
                Author::Visitor => Who::Visitor,
                Author::Bot => Who::Bot,
                Author::Agent => {
                    let name = m.agent_name.unwrap_or_default();
                    self.agent_wrote(&name);
                    self.holder = Holder::Agent(name.clone());
                    Who::Agent(name)
                }
                Author::System => Who::System,
            };
            let key = self.push(who, m.text, Some(m.seq));
            self.line_mut(key).whatsapp = true;
            return None;
        }
        match m.author {
            Author::Visitor => {
                let own = m.client_id.as_deref().and_then(|id| {
                    self.lines
                        .iter()
                        .position(|l| l.client_id.as_deref() == Some(id))
                });
                match own {
                    Some(i) => {
                        self.lines[i].seq = Some(m.seq);
                        self.lines[i].delivery = Delivery::Sent;
                        None
                    }
                    // Sent from another tab (or rebuilt after a reload): triage it too, so both
                    // tabs reach the same verdicts.
                    None => {
                        let verdict = self.engine.visitor(&mut self.triage, &m.text);
                        self.capture(&verdict);
                        let key = self.push(Who::Visitor, m.text, Some(m.seq));
                        self.line_mut(key).client_id = m.client_id;
                        let handoff = self.escalate_or_hold(&verdict, Until::Next(m.seq));
                        // What the hub stored next may have come first (by this tab's POST).
                        let next = self
                            .lines
                            .iter()
                            .find(|l| l.seq == Some(m.seq + 1))
                            .map(|l| l.who == Who::Bot);
                        handoff.or_else(|| self.settle_next(m.seq + 1, next?))
                    }
                }
            }
            Author::Bot if m.kind == MessageKind::Intro && self.intro_unmatched > 0 => {
                let local = self
                    .lines
                    .iter_mut()
                    .find(|l| l.who == Who::Bot && l.seq.is_none() && !l.bridge);
                if let Some(line) = local {
                    line.seq = Some(m.seq);
                    line.text = m.text;
                }
                self.intro_unmatched -= 1;
                None
            }
            // An opening line the thread did not show yet (the site's greeting, when the
            // settings had not arrived): among the opening lines, not after the visitor's.
            Author::Bot if m.kind == MessageKind::Intro => {
                let at = self
                    .lines
                    .iter()
                    .position(|l| l.who != Who::Bot || l.bridge || l.seq.is_some_and(|s| s > m.seq))
                    .unwrap_or(self.lines.len());
                let line = self.line(Who::Bot, m.text, Some(m.seq));
                self.lines.insert(at, line);
                if at <= self.read {
                    self.read += 1;
                }
                None
            }
            Author::Bot => {
                let waiting = matches!(self.holder, Holder::Waiting { .. } | Holder::Nobody { .. });
                let key = self.push(Who::Bot, m.text, Some(m.seq));
                let line = self.line_mut(key);
                line.confidence = m.confidence;
                line.while_waiting = waiting && m.kind == MessageKind::Chat;
                if m.kind != MessageKind::Chat {
                    return None;
                }
                self.waiting_for_bot = self.waiting_for_bot.saturating_sub(1);
                let verdict = self.engine.bot(&mut self.triage, m.confidence);
                self.escalate(&verdict)
            }
            Author::Agent => {
                let name = m.agent_name.unwrap_or_default();
                self.agent_wrote(&name);
                self.holder = Holder::Agent(name.clone());
                self.waiting_for_bot = 0;
                self.push(Who::Agent(name), m.text, Some(m.seq));
                None
            }
            Author::System => {
                self.push(Who::System, m.text, Some(m.seq));
                None
            }
        }
    }

    /// Rebuilds the thread and its triage state from the stored messages after a reload.
    /// Bridge messages (never stored) are said again where they were; the handoff is not
    /// posted again.
    pub fn restore(&mut self, messages: Vec<Message>) {
        self.lines.clear();
        self.intro_unmatched = 0;
        self.triage = triage::Conversation::new();
        self.seqs.clear();
        self.last_seq = 0;
        self.fields.clear();
        self.restored_bridge = None;
        self.deferred.clear();
        self.restoring = true;
        for m in messages {
            self.receive(m);
        }
        // Held back for the hub and nothing after it: the hub did not answer it (yet), so the
        // bridge is said as it would have been.
        for d in std::mem::take(&mut self.deferred) {
            self.escalate_to(d.trigger, d.route, d.reasons);
        }
        self.restoring = false;
        self.waiting_for_bot = 0;
        self.read = self.lines.len();
    }

    /// What the visitor said, for the handoff package.
    pub fn transcript(&self) -> Vec<TranscriptLine> {
        self.lines
            .iter()
            .filter(|l| !l.bridge)
            .filter_map(|l| {
                let role = match l.who {
                    Who::Visitor => Role::Visitor,
                    Who::Bot => Role::Bot,
                    Who::Agent(_) => Role::Agent,
                    Who::System => return None,
                };
                Some(TranscriptLine {
                    role,
                    text: l.text.clone(),
                    confidence: l.confidence,
                })
            })
            .collect()
    }

    /// The lead form, prefilled with what the visitor already said.
    pub fn lead_prefill(&self) -> LeadDraft {
        let fields = self.fields();
        LeadDraft {
            name: fields.get("name").cloned().unwrap_or_default(),
            email: fields.get("email").cloned().unwrap_or_default(),
            phone: fields.get("phone").cloned().unwrap_or_default(),
            question: self.last_question(),
            ..LeadDraft::default()
        }
    }

    /// The visitor's last question (the last message with a `?`, else the last message).
    pub fn last_question(&self) -> String {
        let visitor = || self.lines.iter().rev().filter(|l| l.who == Who::Visitor);
        visitor()
            .find(|l| l.text.contains('?'))
            .or_else(|| visitor().next())
            .map(|l| l.text.clone())
            .unwrap_or_default()
    }

    /// The text a WhatsApp chat opens with when the hub cannot be reached.
    pub fn whatsapp_summary(&self) -> String {
        let mut text = String::from("Hi.");
        if let Some(order) = self.fields.get("order") {
            text.push_str(&format!(" Order #{order}."));
        }
        let question = self.last_question();
        if !question.is_empty() {
            let cut: String = question.chars().take(400).collect();
            text.push_str(&format!(" My question: {cut}"));
        }
        text
    }

    fn capture(&mut self, verdict: &Verdict) {
        let e = &verdict.extracted;
        for (key, value) in [
            ("email", e.emails.first()),
            ("phone", e.phones.first()),
            ("order", e.orders.first()),
        ] {
            if let Some(v) = value {
                self.fields.insert(key.to_string(), v.clone());
            }
        }
    }

    /// The visitor's `verdict` hands over now, or — the one rule for holding back — waits
    /// `until` the hub has had its say: the only trigger is the topic (`high_risk`: no request
    /// for a person, no frustration), the site's FAQ answers some such questions first, and
    /// the assistant holds the conversation with no handoff under way.
    fn escalate_or_hold(&mut self, verdict: &Verdict, until: Until) -> Option<HandoffCreate> {
        match &verdict.decision {
            Decision::Escalate {
                trigger: trigger @ Trigger::HighRisk,
                route,
            } if self.answers_first
                && self.holder == Holder::Bot
                && self.route.is_none()
                && verdict.triggers.iter().all(|t| *t == Trigger::HighRisk) =>
            {
                self.deferred.push(Deferred {
                    until,
                    trigger: *trigger,
                    route: route.clone(),
                    reasons: verdict.reasons.iter().map(ReasonOut::from).collect(),
                });
                None
            }
            _ => self.escalate(verdict),
        }
    }

    fn take_deferred(&mut self, until: &Until) -> Option<Deferred> {
        let i = self.deferred.iter().position(|d| d.until == *until)?;
        Some(self.deferred.remove(i))
    }

    /// The message with `seq` settles the handoff held back for the one before it: the
    /// bot's answer drops it, anything else starts it.
    fn settle_next(&mut self, seq: i64, answer: bool) -> Option<HandoffCreate> {
        let d = self.take_deferred(&Until::Next(seq - 1))?;
        if answer {
            return None;
        }
        self.escalate_to(d.trigger, d.route, d.reasons)
    }

    fn escalate(&mut self, verdict: &Verdict) -> Option<HandoffCreate> {
        match &verdict.decision {
            Decision::Escalate { trigger, route } => {
                let reasons = verdict.reasons.iter().map(ReasonOut::from).collect();
                self.escalate_to(*trigger, route.clone(), reasons)
            }
            _ => None,
        }
    }

    fn escalate_to(
        &mut self,
        trigger: Trigger,
        route: String,
        reasons: Vec<ReasonOut>,
    ) -> Option<HandoffCreate> {
        if self.route.is_some() || matches!(self.holder, Holder::Agent(_)) {
            return None;
        }
        // A route the site has no team for (rules and teams out of step) goes to the first team.
        let route = match self.teams.first() {
            Some((first, _)) if !self.teams.iter().any(|(k, _)| *k == route) => first.clone(),
            _ => route,
        };
        let team = self.team_name(&route);
        let fields = self.fields();
        let (text, reach) = self.bridge_text(trigger, &route);
        let key = self.push(Who::Bot, text, None);
        self.line_mut(key).bridge = true;
        if self.restoring {
            self.restored_bridge = Some((key, trigger, route.clone()));
        }
        self.route = Some(route.clone());
        self.holder = holder_for(team, reach);
        self.waiting_for_bot = 0;
        Some(HandoffCreate {
            transcript: self.transcript(),
            fields,
            trigger: trigger.as_str().to_string(),
            reasons,
            route,
            identity: self
                .identity
                .get("email")
                .zip(self.identity_signature.as_ref())
                .map(|(email, signature)| IdentityClaim {
                    email: email.clone(),
                    signature: signature.clone(),
                }),
        })
    }

    /// The bridge for a handoff to `route` now, and how soon that team can answer.
    fn bridge_text(&self, trigger: Trigger, route: &str) -> (String, Reach) {
        let team = self.team_name(route);
        let fields = self.fields();
        let reach = self.reach.get(route).cloned().unwrap_or(Reach::Unknown);
        let shared = Shared {
            order: fields.get("order").cloned(),
            email: fields.contains_key("email"),
            phone: fields.contains_key("phone"),
        };
        let b = Bridge {
            lang: self.lang.code(),
            trigger: trigger.as_str(),
            team_key: route,
            team: &team,
            reach: &reach,
            shared: &shared,
        };
        (protocol::bridge::bridge(&b, &self.handoff_messages), reach)
    }

    fn team_name(&self, key: &str) -> String {
        match self.teams.iter().find(|(k, _)| k == key) {
            Some((_, name)) => name.clone(),
            // Routes are ASCII (the engine refuses any other): see `settings::capitalise`.
            None => {
                let mut name = key.to_string();
                if let Some(first) = name.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                name
            }
        }
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
