//! What the hub says: the answer to a POST, messages from the stream or the backlog, a
//! reload's rebuild, and who holds the conversation now.

use protocol::bridge::Reach;
use protocol::hub::{Author, Channel, HandoffCreate, Message, MessageCreated, MessageKind};
use triage::Trigger;

use super::{holder_for, Conversation, Delivery, Holder, Until, Who};

impl Conversation {
    /// The hub stored the message (and perhaps answered it). Returns a handoff package when
    /// the bot's answer escalates (unsure twice, out of scope), or when the message's handoff
    /// was held back for the hub and the hub did not answer it (it agrees a person should).
    pub fn delivered(&mut self, created: MessageCreated) -> Option<HandoffCreate> {
        if created.name.is_some() {
            self.said_name.clone_from(&created.name);
        }
        let client_id = created.message.client_id.clone();
        self.unanswered.retain(|id| Some(id) != client_id.as_ref());
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
}
