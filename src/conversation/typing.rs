//! Who is shown typing: the assistant while it works on an answer, or the agent the hub
//! says is writing, until their time runs out or their message arrives.

use protocol::hub::AgentTyping;

use super::{Conversation, Holder, Who, TYPING_AT_MOST_MS};

impl Conversation {
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

    /// `name`'s message arrived: they are no longer shown typing.
    pub(super) fn agent_wrote(&mut self, name: &str) {
        if self.agent_typing.as_ref().is_some_and(|(n, _)| n == name) {
            self.agent_typing = None;
        }
    }
}
