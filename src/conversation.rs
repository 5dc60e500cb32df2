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
                Some((
                    Trigger::from_name(t.trigger.as_deref()?)?,
                    t.route.clone()?,
                    t.reasons.clone(),
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
            (_, Some((trigger, route, reasons))) => {
                let started = handoff.is_none() && self.route.is_none();
                if started {
                    // The line says what fired, as it would had the widget judged it so.
                    let fired = created.triage.iter().flat_map(|t| &t.triggers);
                    let fired: Vec<&'static str> = fired
                        .filter_map(|name| Trigger::from_name(name))
                        .map(Trigger::as_str)
                        .collect();
                    if let Some(line) = self
                        .lines
                        .iter_mut()
                        .rev()
                        .find(|l| l.client_id.is_some() && l.client_id == client_id)
                    {
                        line.triggers = fired;
                    }
                }
                handoff.or_else(|| self.escalate_to(trigger, route, reasons))
            }
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
                let key = self.push(Who::Bot, m.text, Some(m.seq));
                let line = self.lines.pop().expect("the line just pushed");
                debug_assert_eq!(line.key, key);
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

    fn push(&mut self, who: Who, text: String, seq: Option<i64>) -> u32 {
        let key = self.next_key;
        self.next_key += 1;
        self.lines.push(Line {
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
        });
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
mod tests {
    use super::*;
    use protocol::hub::TurnTriage;
    use triage::Config;

    fn teams() -> Vec<(String, String)> {
        ["support", "billing", "sales"]
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    format!("{}{}", k[..1].to_uppercase(), &k[1..]),
                )
            })
            .collect()
    }

    fn chat() -> Conversation {
        Conversation::new(
            Engine::new(Config::default()).unwrap(),
            Lang::En,
            teams(),
            "You're chatting with Ava, an AI assistant.",
            "Hi!",
        )
    }

    fn msg(seq: i64, author: Author, kind: MessageKind, text: &str) -> Message {
        Message {
            seq,
            client_id: None,
            author,
            kind,
            agent_name: None,
            text: text.into(),
            channel: Default::default(),
            delivery: None,
            confidence: None,
            created_at: String::new(),
        }
    }

    fn visitor(seq: i64, client_id: &str, text: &str) -> Message {
        Message {
            client_id: Some(client_id.into()),
            ..msg(seq, Author::Visitor, MessageKind::Chat, text)
        }
    }

    fn bot(seq: i64, text: &str, confidence: Option<f32>) -> Message {
        Message {
            confidence,
            ..msg(seq, Author::Bot, MessageKind::Chat, text)
        }
    }

    fn created(message: Message, reply: Option<Message>) -> MessageCreated {
        MessageCreated {
            message,
            reply,
            triage: None,
        }
    }

    /// The hub's first two messages, as `POST …/conversations` returns them.
    fn intro(c: &mut Conversation) {
        c.receive(msg(
            1,
            Author::Bot,
            MessageKind::Intro,
            "You're chatting with Ava, an AI assistant.",
        ));
        c.receive(msg(2, Author::Bot, MessageKind::Intro, "Hi!"));
    }

    #[test]
    fn the_thread_opens_with_the_disclosure_and_the_hubs_intro_does_not_repeat_it() {
        let mut c = chat();
        assert!(c.lines()[0].text.contains("an AI assistant"));
        intro(&mut c);
        assert_eq!(c.lines().len(), 2);
        assert_eq!(c.lines()[0].seq, Some(1));
        assert_eq!(c.unread(), 0);
    }

    #[test]
    fn the_sites_own_disclosure_replaces_the_default_until_the_first_message() {
        let mut c = chat();
        c.set_intro("You're chatting with Ava, Northwind's AI assistant.", "");
        assert_eq!(c.lines().len(), 1);
        assert_eq!(
            c.lines()[0].text,
            "You're chatting with Ava, Northwind's AI assistant."
        );
        c.send("hello", "m1".into());
        c.set_intro("Other", "");
        assert_eq!(
            c.lines()[0].text,
            "You're chatting with Ava, Northwind's AI assistant."
        );
    }

    #[test]
    fn an_escalating_message_adds_the_bridge_at_once_with_what_was_shared() {
        let mut c = chat();
        c.set_reach([("billing".to_string(), Reach::Online)].into());
        let turn = c
            .send(
                "I want a refund for order #4471, I'm maria@example.com",
                "a".into(),
            )
            .unwrap();
        let last = c.lines().last().unwrap();
        assert!(last.bridge);
        assert_eq!(
            last.text,
            "Let me connect you with a specialist from our Billing team — one moment. I've passed your order #4471 and your email to Billing, along with our conversation."
        );
        let package = turn.handoff.unwrap();
        assert_eq!(package.route, "billing");
        assert_eq!(package.trigger, "high_risk");
        assert_eq!(package.fields["order"], "4471");
        assert_eq!(package.fields["email"], "maria@example.com");
        assert_eq!(package.transcript.last().unwrap().role, Role::Visitor);
        assert!(!package.reasons.is_empty());
        assert_eq!(
            c.holder(),
            &Holder::Waiting {
                team: "Billing".into()
            }
        );
    }

    /// A site whose FAQ answers some hand-over topics first.
    fn answering_first() -> Conversation {
        let mut c = chat();
        c.set_answers_first(true);
        c.set_reach([("billing".to_string(), Reach::Online)].into());
        intro(&mut c);
        c
    }

    /// The hub's answer when it agrees the message goes to a person: no reply.
    fn handed_over(message: Message) -> MessageCreated {
        MessageCreated {
            message,
            reply: None,
            triage: Some(TurnTriage {
                escalate: true,
                trigger: Some("high_risk".into()),
                route: Some("billing".into()),
                triggers: vec!["high_risk".into()],
                reasons: Vec::new(),
            }),
        }
    }

    /// The hub's answer when an `answers_first` entry answered: the topic still fired.
    fn answered_first(message: Message, seq: i64) -> MessageCreated {
        MessageCreated {
            message,
            reply: Some(bot(
                seq,
                "We refund within 5 working days. If you'd rather a person looked into it, just say so.",
                Some(0.8),
            )),
            triage: Some(TurnTriage {
                escalate: false,
                trigger: None,
                route: None,
                triggers: vec!["high_risk".into()],
                reasons: Vec::new(),
            }),
        }
    }

    fn bridges(c: &Conversation) -> usize {
        c.lines().iter().filter(|l| l.bridge).count()
    }

    #[test]
    fn a_question_on_a_topic_the_faq_answers_first_waits_for_the_hubs_answer() {
        let mut c = answering_first();
        let turn = c.send("how long do refunds take?", "m1".into()).unwrap();
        assert!(turn.handoff.is_none(), "nothing posted yet");
        assert_eq!(bridges(&c), 0, "no bridge before the hub answers");
        assert!(c.bot_typing(), "the assistant is seen working on it");
        assert_eq!(c.lines().last().unwrap().triggers, ["high_risk"]);
        let package = c.delivered(answered_first(
            visitor(3, "m1", "how long do refunds take?"),
            4,
        ));
        assert!(package.is_none(), "answered: no handoff");
        assert_eq!(bridges(&c), 0);
        assert!(c
            .lines()
            .last()
            .unwrap()
            .text
            .starts_with("We refund within 5 working days."));
        assert_eq!(c.holder(), &Holder::Bot);
        assert!(c.route().is_none());
        // Asking for a person afterwards still works, at once.
        assert!(c.ask_for_human().is_some());
    }

    #[test]
    fn a_topic_the_hub_does_not_answer_is_handed_over_when_it_says_so() {
        let mut c = answering_first();
        assert!(c
            .send("I want a refund for order 4471", "m1".into())
            .unwrap()
            .handoff
            .is_none());
        assert_eq!(bridges(&c), 0);
        let package = c
            .delivered(handed_over(visitor(
                3,
                "m1",
                "I want a refund for order 4471",
            )))
            .expect("the handoff, now");
        assert_eq!(
            (package.trigger.as_str(), package.route.as_str()),
            ("high_risk", "billing")
        );
        assert!(!package.reasons.is_empty(), "the widget's own reasons");
        assert_eq!(package.fields["order"], "4471");
        let last = c.lines().last().unwrap();
        assert!(last.bridge);
        assert!(last.text.contains("Billing"), "{}", last.text);
        assert_eq!(
            c.holder(),
            &Holder::Waiting {
                team: "Billing".into()
            }
        );
        assert!(!c.bot_typing());
    }

    #[test]
    fn a_held_back_topic_whose_message_fails_to_send_is_handed_over_at_once() {
        let mut c = answering_first();
        c.send("how long do refunds take?", "m1".into());
        let package = c
            .failed("m1")
            .expect("the handoff, to post when the hub is back");
        assert_eq!(
            (package.trigger.as_str(), package.route.as_str()),
            ("high_risk", "billing")
        );
        assert!(c.lines().last().unwrap().bridge);
        assert_eq!(c.lines()[2].delivery, Delivery::Failed);
        assert!(c.failed("m1").is_none(), "once");
        assert_eq!(bridges(&c), 1);
    }

    #[test]
    fn without_an_faq_that_answers_first_the_topic_is_handed_over_in_the_same_frame() {
        let mut c = chat();
        let turn = c.send("how long do refunds take?", "m1".into()).unwrap();
        let package = turn.handoff.expect("at once");
        assert_eq!(
            (package.trigger.as_str(), package.route.as_str()),
            ("high_risk", "billing")
        );
        assert!(c.lines().last().unwrap().bridge);
    }

    #[test]
    fn asking_for_a_person_or_sounding_upset_is_never_held_back() {
        for (text, fired) in [
            ("how long do refunds take? I want a person", "human_request"),
            (
                "HOW LONG DO REFUNDS TAKE?? this is ridiculous!!!",
                "frustration",
            ),
        ] {
            let mut c = answering_first();
            let package = c
                .send(text, "m1".into())
                .unwrap()
                .handoff
                .unwrap_or_else(|| panic!("{text:?}: at once"));
            assert!(c.lines()[2].triggers.contains(&fired), "{text:?}");
            assert!(c.lines().last().unwrap().bridge, "{text:?}");
            if fired == "human_request" {
                assert_eq!(package.trigger, "human_request");
            }
        }
    }

    #[test]
    fn another_tab_and_a_reload_reach_the_same_outcome_as_the_tab_that_sent_it() {
        // Another tab's question, answered by the hub: no handoff here either.
        let mut c = answering_first();
        assert!(c
            .receive(visitor(3, "other", "how long do refunds take?"))
            .is_none());
        assert!(c
            .receive(bot(4, "We refund within 5 working days.", Some(0.8)))
            .is_none());
        assert_eq!(bridges(&c), 0);
        // Another tab's request, not answered: what the hub stores next starts the handoff,
        // and the bridge goes right after the message it answers.
        let mut c = answering_first();
        c.receive(visitor(3, "other", "I want a refund for order 4471"));
        assert_eq!(bridges(&c), 0);
        let package = c
            .receive(visitor(4, "other-2", "hello?"))
            .expect("handed over");
        assert_eq!(package.route, "billing");
        let texts: Vec<_> = c
            .lines()
            .iter()
            .map(|l| (l.bridge, l.text.as_str()))
            .collect();
        assert_eq!(texts[2], (false, "I want a refund for order 4471"));
        assert!(texts[3].0);
        assert_eq!(texts[4], (false, "hello?"));

        // A reload: answered, not a handoff; not answered, a restored bridge as before.
        let mut c = answering_first();
        c.restore(vec![
            msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
            visitor(2, "m1", "how long do refunds take?"),
            bot(3, "We refund within 5 working days.", Some(0.8)),
        ]);
        assert_eq!(bridges(&c), 0);
        assert_eq!(c.holder(), &Holder::Bot);
        for tail in [
            vec![visitor(3, "m2", "ok thanks")],
            vec![msg(3, Author::System, MessageKind::Notice, "Maria joined")],
            vec![],
        ] {
            let mut c = answering_first();
            let mut messages = vec![
                msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
                visitor(2, "m1", "I want a refund for order 4471"),
            ];
            messages.extend(tail);
            c.restore(messages);
            assert!(c.lines()[2].bridge, "{:?}", c.lines());
            assert_eq!(bridges(&c), 1);
            assert!(matches!(c.holder(), Holder::Waiting { .. }));
        }
    }

    #[test]
    fn a_routine_message_is_sending_then_sent_and_the_bot_types_meanwhile() {
        let mut c = chat();
        intro(&mut c);
        let turn = c
            .send("  what are your opening hours?  ", "m1".into())
            .unwrap();
        assert!(turn.handoff.is_none());
        assert_eq!(turn.text, "what are your opening hours?");
        assert_eq!(c.lines()[2].delivery, Delivery::Sending);
        assert!(c.bot_typing());
        assert!(c.send("   ", "m2".into()).is_none());
        c.delivered(created(
            visitor(3, "m1", "what are your opening hours?"),
            Some(bot(4, "9 to 5.", Some(0.9))),
        ));
        assert_eq!(c.lines()[2].delivery, Delivery::Sent);
        assert_eq!(c.lines()[2].seq, Some(3));
        assert_eq!(c.lines()[3].text, "9 to 5.");
        assert!(!c.bot_typing());
        assert_eq!(c.last_seq(), 4);
    }

    #[test]
    fn pasted_direction_overrides_are_dropped_before_sending() {
        let mut c = chat();
        let turn = c
            .send("  where is \u{202E}my order\u{2066}?", "m1".into())
            .unwrap();
        assert_eq!(turn.text, "where is my order?");
        assert!(
            c.send("\u{202E}\u{0}", "m2".into()).is_none(),
            "nothing left to send"
        );
    }

    #[test]
    fn a_failed_send_is_retried_with_the_same_client_id() {
        let mut c = chat();
        c.send("hello", "m1".into());
        assert!(c.failed("m1").is_none());
        assert_eq!(c.lines()[2].delivery, Delivery::Failed);
        assert!(!c.bot_typing());
        assert_eq!(c.failed_ids(), vec!["m1".to_string()]);
        assert_eq!(c.retry("m1").as_deref(), Some("hello"));
        assert_eq!(c.lines()[2].delivery, Delivery::Sending);
        assert_eq!(c.retry("m1"), None, "only a failed message is retried");
        c.delivered(created(visitor(3, "m1", "hello"), None));
        assert_eq!(c.lines()[2].delivery, Delivery::Sent);
    }

    #[test]
    fn the_same_seq_from_the_answer_and_the_stream_shows_once() {
        let mut c = chat();
        intro(&mut c);
        c.send("do you ship to Norway?", "m1".into());
        c.receive(visitor(3, "m1", "do you ship to Norway?"));
        c.receive(bot(4, "Yes.", Some(0.9)));
        c.delivered(created(
            visitor(3, "m1", "do you ship to Norway?"),
            Some(bot(4, "Yes.", Some(0.9))),
        ));
        c.receive(bot(4, "Yes.", Some(0.9)));
        assert_eq!(
            c.lines()
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
            [
                "You're chatting with Ava, an AI assistant.",
                "Hi!",
                "do you ship to Norway?",
                "Yes."
            ]
        );
    }

    #[test]
    fn the_bot_unsure_twice_hands_off() {
        let mut c = chat();
        c.send("do you ship to Norway?", "m1".into());
        assert!(c
            .delivered(created(
                visitor(3, "m1", "do you ship to Norway?"),
                Some(bot(4, "Maybe?", Some(0.3)))
            ))
            .is_none());
        c.send("what about shipping to Oslo?", "m2".into());
        let package = c
            .delivered(created(
                visitor(5, "m2", "what about shipping to Oslo?"),
                Some(bot(6, "Not sure.", Some(0.2))),
            ))
            .unwrap();
        assert_eq!(package.trigger, "repeated_failure");
        assert!(c
            .lines()
            .last()
            .unwrap()
            .text
            .starts_with("I don't want to guess on this one."));
        assert_eq!(
            package
                .transcript
                .iter()
                .rfind(|l| l.role == Role::Bot)
                .unwrap()
                .confidence,
            Some(0.2)
        );
    }

    #[test]
    fn the_bridge_is_said_once_and_an_agent_takes_over() {
        let mut c = chat();
        assert!(c
            .send("real person please", "m1".into())
            .unwrap()
            .handoff
            .is_some());
        assert!(c.ask_for_human().is_none());
        assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 1);
        c.receive(msg(5, Author::System, MessageKind::Notice, "Maria joined"));
        c.receive(Message {
            agent_name: Some("Maria".into()),
            ..msg(6, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
        });
        assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
        assert_eq!(c.unread(), 3);
        c.mark_read();
        assert_eq!(c.unread(), 0);
    }

    #[test]
    fn once_released_the_bot_answers_and_a_person_can_be_asked_for_again() {
        let mut c = chat();
        assert!(c.ask_for_human().is_some());
        c.receive(Message {
            agent_name: Some("Maria".into()),
            ..msg(5, Author::Agent, MessageKind::Chat, "Sorted.")
        });
        c.receive(msg(
            6,
            Author::System,
            MessageKind::Notice,
            "Maria marked this conversation as resolved. Write again any time.",
        ));
        c.released();
        assert_eq!(c.holder(), &Holder::Bot);
        assert!(c.ask_for_human().is_some(), "a new handoff");
        assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 2);
    }

    fn maria_typing(seconds: u32) -> AgentTyping {
        AgentTyping {
            agent_name: "Maria".into(),
            seconds,
        }
    }

    #[test]
    fn an_agent_typing_shows_in_place_of_the_assistant_until_time_runs_out_unless_renewed() {
        let mut c = chat();
        intro(&mut c);
        c.send("where is my order?", "m1".into());
        assert_eq!(c.typing(), Some(Who::Bot), "the assistant works on it");
        assert!(c.ask_for_human().is_some());
        c.receive(msg(5, Author::System, MessageKind::Notice, "Maria joined"));
        assert_eq!(c.agent_typing(maria_typing(6), 1_000.0), 6_000);
        assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
        assert_eq!(
            c.holder(),
            &Holder::Agent("Maria".into()),
            "she answers now"
        );
        assert!(!c.expire_typing(6_999.0), "not yet");
        // Renewed at 4 s: still shown at 7 s, gone at 10 s.
        c.agent_typing(maria_typing(6), 4_000.0);
        assert!(!c.expire_typing(7_000.0));
        assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
        assert!(c.expire_typing(10_000.0));
        assert_eq!(c.typing(), None);
        assert!(!c.expire_typing(20_000.0), "nothing left to expire");
    }

    #[test]
    fn an_agent_stops_typing_when_their_message_arrives_or_the_bot_has_it_again() {
        let mut c = chat();
        assert!(c.ask_for_human().is_some());
        c.agent_typing(maria_typing(6), 0.0);
        // Another agent's line (a colleague's earlier reply) leaves Maria typing.
        c.receive(Message {
            agent_name: Some("Sam".into()),
            ..msg(4, Author::Agent, MessageKind::Chat, "Sam here.")
        });
        assert_eq!(c.typing(), Some(Who::Agent("Maria".into())));
        c.receive(Message {
            agent_name: Some("Maria".into()),
            ..msg(5, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
        });
        assert_eq!(c.typing(), None, "her message replaces it at once");

        c.agent_typing(maria_typing(6), 1_000.0);
        c.released();
        assert_eq!(c.typing(), None, "back with the bot");
        assert_eq!(c.holder(), &Holder::Bot);
    }

    #[test]
    fn an_agent_typing_never_lasts_past_the_cap_whatever_the_hub_says() {
        let mut c = chat();
        assert_eq!(c.agent_typing(maria_typing(u32::MAX), 0.0), 30_000);
        assert!(c.expire_typing(TYPING_AT_MOST_MS));
        assert_eq!(c.agent_typing(maria_typing(0), 0.0), 0);
        assert!(c.expire_typing(0.0));
    }

    #[test]
    fn the_button_hands_to_the_human_request_route() {
        let mut c = chat();
        let package = c.ask_for_human().unwrap();
        assert_eq!(
            (package.trigger.as_str(), package.route.as_str()),
            ("human_request", "support")
        );
        assert!(c.lines().last().unwrap().bridge);
    }

    #[test]
    fn nobody_online_turns_to_a_prefilled_lead() {
        let mut c = chat();
        c.send(
            "my phone is +44 7700 900123, where is my order?",
            "m1".into(),
        );
        c.ask_for_human();
        let closed = Reach::Closed {
            when: Some("Monday at 09:00".into()),
        };
        c.handed_off("Support", closed.clone());
        assert_eq!(
            c.holder(),
            &Holder::Nobody {
                team: "Support".into(),
                reach: closed
            }
        );
        let lead = c.lead_prefill();
        assert_eq!(
            lead.phone
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>(),
            "447700900123"
        );
        assert_eq!(
            lead.question,
            "my phone is +44 7700 900123, where is my order?"
        );
        assert!(c
            .whatsapp_summary()
            .starts_with("Hi. My question: my phone"));
    }

    #[test]
    fn before_the_sites_settings_the_greeting_the_hub_sends_opens_the_thread_and_teams_have_names()
    {
        // Only the disclosure is known; the visitor writes at once.
        let mut c = Conversation::new(
            Engine::new(Config::default()).unwrap(),
            Lang::En,
            Vec::new(),
            "You're chatting with Ava, an AI assistant.",
            "",
        );
        c.name_teams([("support".to_string(), "Customer Support".to_string())]);
        c.send("hello", "a".into()).unwrap();
        // The hub's conversation opens with the disclosure and the site's greeting.
        c.receive(msg(
            1,
            Author::Bot,
            MessageKind::Intro,
            "You're chatting with Ava, an AI assistant.",
        ));
        c.receive(msg(
            2,
            Author::Bot,
            MessageKind::Intro,
            "Hi! How can I help?",
        ));
        let texts: Vec<&str> = c.lines().iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "You're chatting with Ava, an AI assistant.",
                "Hi! How can I help?",
                "hello"
            ]
        );
        assert_eq!(c.unread(), 0, "the opening lines are not news");
        let package = c.ask_for_human().unwrap();
        assert_eq!(package.route, "support");
        assert!(
            c.lines()
                .last()
                .unwrap()
                .text
                .contains("our Customer Support team"),
            "{:?}",
            c.lines().last()
        );
    }

    #[test]
    fn a_message_sent_before_the_sites_words_arrived_is_handed_over_when_the_hub_says_so() {
        // Before the hub's settings arrive the widget's rules have no word lists, so a
        // request for a person typed at once looks like any question here.
        let mut c = Conversation::new(
            Engine::new(Config {
                languages: Vec::new(),
                ..Config::default()
            })
            .unwrap(),
            Lang::En,
            teams(),
            "You're chatting with Ava, an AI assistant.",
            "Hi!",
        );
        c.set_reach([("support".to_string(), Reach::Online)].into());
        intro(&mut c);
        let turn = c.send("can I talk to a real person?", "a".into()).unwrap();
        assert!(
            turn.handoff.is_none(),
            "no bridge from the rules without words"
        );
        // The hub, with the site's words, kept the bot silent: a person should take it.
        let package = c
            .delivered(MessageCreated {
                message: visitor(3, "a", "can I talk to a real person?"),
                reply: None,
                triage: Some(TurnTriage {
                    escalate: true,
                    trigger: Some("human_request".into()),
                    route: Some("support".into()),
                    triggers: vec!["human_request".into()],
                    reasons: Vec::new(),
                }),
            })
            .expect("the handoff starts");
        assert_eq!(package.trigger, "human_request");
        assert_eq!(package.route, "support");
        let asked = c
            .lines()
            .iter()
            .find(|l| l.client_id.as_deref() == Some("a"));
        assert_eq!(
            asked.unwrap().triggers,
            ["human_request"],
            "the line says what fired"
        );
        let last = c.lines().last().unwrap();
        assert!(last.bridge, "the bridge is shown: {:?}", last.text);
        assert!(last
            .text
            .starts_with("Let me connect you with a specialist from our Support team"));
        // A second word from the hub about the same handoff starts nothing more.
        assert!(c
            .delivered(handed_over(visitor(4, "b", "hello?")))
            .is_none());
    }

    #[test]
    fn a_reload_rebuilds_the_thread_the_triage_state_and_the_bridge() {
        let mut c = chat();
        c.restore(vec![
            msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
            visitor(2, "m1", "do you ship to Norway?"),
            bot(3, "Maybe?", Some(0.3)),
            visitor(4, "m2", "what about shipping to Oslo?"),
            bot(5, "Not sure.", Some(0.2)),
        ]);
        assert_eq!(c.lines().len(), 6);
        assert!(c.lines()[5].bridge);
        assert_eq!(c.last_seq(), 5);
        assert_eq!(c.unread(), 0);
        assert!(matches!(c.holder(), Holder::Waiting { .. }));
        // Sent from another tab later: shown, not duplicated.
        c.receive(visitor(6, "other-tab", "hello?"));
        c.receive(visitor(6, "other-tab", "hello?"));
        assert_eq!(c.lines().len(), 7);
    }

    #[test]
    fn what_the_host_page_says_prefills_the_lead_and_travels_with_the_handoff() {
        let mut c = chat();
        c.identify(
            Some("Maria".into()),
            Some("maria@shop.example".into()),
            None,
            Some("ab12".into()),
        );
        c.restore(vec![msg(1, Author::Bot, MessageKind::Intro, "Disclosure")]);
        let first = c
            .send(
                "my email is m@example.com, where is order 4471? real person please",
                "m1".into(),
            )
            .unwrap()
            .handoff
            .unwrap();
        // The claim is the host page's email with the site's signature, not what was typed.
        assert_eq!(
            first.identity,
            Some(IdentityClaim {
                email: "maria@shop.example".into(),
                signature: "ab12".into()
            })
        );
        let package = c.send("hello?", "m2".into());
        assert!(package.unwrap().handoff.is_none(), "one handoff");
        let lead = c.lead_prefill();
        assert_eq!(
            (lead.name.as_str(), lead.email.as_str()),
            ("Maria", "m@example.com"),
            "what the visitor typed wins"
        );
        let mut c = chat();
        c.identify(
            Some("Maria".into()),
            None,
            Some("+44 7700 900123".into()),
            None,
        );
        let package = c.ask_for_human().unwrap();
        assert_eq!(package.fields["name"], "Maria");
        assert!(
            c.lines().last().unwrap().text.contains("your phone number"),
            "{}",
            c.lines().last().unwrap().text
        );
    }

    #[test]
    fn the_bridge_tells_the_truth_the_hub_last_told_and_never_one_moment_when_closed() {
        let mut c = chat();
        let mut reach = BTreeMap::new();
        reach.insert(
            "billing".to_string(),
            Reach::Closed {
                when: Some("tomorrow at 09:00".into()),
            },
        );
        reach.insert(
            "support".to_string(),
            Reach::Busy {
                wait_minutes: Some(10),
            },
        );
        c.set_reach(reach);
        c.send("I want a refund for order #4471", "a".into());
        let bridge = c.lines().last().unwrap();
        assert!(bridge.bridge);
        assert_eq!(bridge.text, "Our Billing team is offline now — they're back tomorrow at 09:00 your time. I've passed your order #4471 to Billing, along with our conversation.");
        assert!(
            matches!(
                c.holder(),
                Holder::Nobody {
                    reach: Reach::Closed { .. },
                    ..
                }
            ),
            "the lead form, not 'waiting'"
        );

        let mut c = chat();
        c.set_reach(
            [(
                "support".to_string(),
                Reach::Busy {
                    wait_minutes: Some(10),
                },
            )]
            .into(),
        );
        c.ask_for_human();
        assert!(
            c.lines()
                .last()
                .unwrap()
                .text
                .contains("they usually reply within 10 minutes"),
            "{}",
            c.lines().last().unwrap().text
        );

        let mut c = chat();
        c.set_engine(
            Engine::new(Config::default()).unwrap(),
            teams(),
            vec![HandoffMessage {
                when: Some("online".into()),
                text: "{team} is on it!".into(),
                ..Default::default()
            }],
        );
        c.set_reach([("support".to_string(), Reach::Online)].into());
        c.ask_for_human();
        assert_eq!(c.lines().last().unwrap().text, "Support is on it!");
    }

    #[test]
    fn a_bridge_rebuilt_after_a_reload_is_said_again_once_the_hub_says_who_can_answer() {
        let mut c = chat();
        c.restore(vec![
            msg(1, Author::Bot, MessageKind::Intro, "Disclosure"),
            visitor(2, "m1", "real person please"),
        ]);
        assert!(
            !c.lines()[2].text.contains("moment"),
            "nothing known yet: no promise"
        );
        c.set_reach(
            [(
                "support".to_string(),
                Reach::Closed {
                    when: Some("tomorrow at 09:00".into()),
                },
            )]
            .into(),
        );
        assert!(
            c.lines()[2].text.starts_with(
                "Our Support team is offline now — they're back tomorrow at 09:00 your time."
            ),
            "{}",
            c.lines()[2].text
        );
        assert!(matches!(c.holder(), Holder::Nobody { .. }));
        assert_eq!(c.lines().iter().filter(|l| l.bridge).count(), 1);
        // A bridge said live stays as said.
        c.receive(msg(3, Author::System, MessageKind::Notice, "resolved"));
        c.released();
        c.ask_for_human();
        let live = c.lines().last().unwrap().text.clone();
        c.set_reach([("support".to_string(), Reach::Online)].into());
        assert!(
            c.lines()[2].text.contains("back tomorrow"),
            "the restored one keeps what was true when the hub last said"
        );
        assert_eq!(c.lines().last().unwrap().text, live);
    }

    #[test]
    fn what_the_hub_says_becomes_how_soon_someone_can_answer() {
        let words = |_: f64| "tomorrow at 09:00".to_string();
        assert_eq!(
            reach_of(true, false, Some("2026-03-09T09:00:00Z"), None, words),
            Reach::Online,
            "presence wins"
        );
        assert_eq!(
            reach_of(false, true, None, Some(15), words),
            Reach::Busy {
                wait_minutes: Some(15)
            }
        );
        assert_eq!(
            reach_of(false, false, Some("2026-03-09T09:00:00Z"), None, words),
            Reach::Closed {
                when: Some("tomorrow at 09:00".into())
            }
        );
        assert_eq!(
            reach_of(false, false, None, None, words),
            Reach::Closed { when: None }
        );
    }

    #[test]
    fn the_assistant_answering_while_the_visitor_waits_is_labelled_and_a_person_silences_it() {
        let mut c = chat();
        intro(&mut c);
        c.ask_for_human();
        c.receive(bot(3, "We take Klarna.", Some(0.9)));
        assert!(c.lines().last().unwrap().while_waiting);
        c.receive(Message {
            agent_name: Some("Maria".into()),
            ..msg(4, Author::Agent, MessageKind::Chat, "Hi, Maria here.")
        });
        assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
        assert!(!c.lines()[0].while_waiting, "the intro is not");
    }

    #[test]
    fn what_was_said_on_whatsapp_shows_as_such_and_never_hands_over_from_here() {
        let mut c = chat();
        let on_whatsapp = |seq, author, text: &str| Message {
            channel: Channel::Whatsapp,
            ..msg(seq, author, MessageKind::Chat, text)
        };
        assert!(c
            .receive(on_whatsapp(
                3,
                Author::Visitor,
                "can I talk to a real person please? this is ridiculous!!!"
            ))
            .is_none());
        let last = c.lines().last().unwrap().clone();
        assert!(last.whatsapp && last.who == Who::Visitor, "{last:?}");
        assert!(
            c.ask_for_human().is_some(),
            "no handoff was started from here"
        );
        c.receive(Message {
            agent_name: Some("Maria".into()),
            ..on_whatsapp(4, Author::Agent, "Hi, Maria here.")
        });
        assert_eq!(c.holder(), &Holder::Agent("Maria".into()));
        assert!(c.lines().last().unwrap().whatsapp);
    }
}
