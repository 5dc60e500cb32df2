//! The conversation as the widget sees it: plain types, no DOM, tested natively.

use triage::{Config, Conversation, Engine, Extracted, Trigger, Verdict};

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// The site's visitor.
    Visitor,
    /// The site's AI assistant (including the bridge message).
    Assistant,
}

/// One line of the thread.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Position in the thread, unique within it.
    pub id: usize,
    /// Who wrote it.
    pub author: Author,
    /// What they wrote, always rendered as text.
    pub text: String,
    /// For a visitor message: the triggers it fired, by name.
    pub triggers: Vec<&'static str>,
    /// True for the bridge message that announces a handoff.
    pub bridge: bool,
}

/// The thread plus the triage state behind it.
pub struct Chat {
    engine: Engine,
    conversation: Conversation,
    messages: Vec<Message>,
    handed_off_to: Option<String>,
}

impl Chat {
    /// A new thread that opens by disclosing that the visitor talks to an AI assistant.
    pub fn new(assistant: &str) -> Chat {
        let engine = Engine::new(Config::default()).expect("the default triage configuration is valid");
        let mut chat = Chat { engine, conversation: Conversation::new(), messages: Vec::new(), handed_off_to: None };
        chat.push(Author::Assistant, format!("Hi! I'm {assistant}, an AI assistant. Ask me anything, or ask for a person at any time."), false);
        chat
    }

    /// Every message, oldest first.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The team the conversation was handed to, once it was.
    pub fn handed_off_to(&self) -> Option<&str> {
        self.handed_off_to.as_deref()
    }

    /// Adds a visitor message and triages it; on escalation the bridge message is added
    /// in the same call, so it renders in the same frame. Blank text is ignored.
    pub fn send(&mut self, text: &str) -> Option<Verdict> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let verdict = self.engine.visitor(&mut self.conversation, text);
        let id = self.push(Author::Visitor, text.to_string(), false);
        self.messages[id].triggers = verdict.triggers.iter().map(|t| t.as_str()).collect();
        if let (None, triage::Decision::Escalate { trigger, route }) = (&self.handed_off_to, &verdict.decision) {
            let bridge = bridge_message(*trigger, route, &verdict.extracted);
            self.push(Author::Assistant, bridge, true);
            self.handed_off_to = Some(route.clone());
        }
        Some(verdict)
    }

    /// Asks for a human directly (the always-visible "Talk to a human" action).
    pub fn ask_for_human(&mut self) {
        if self.handed_off_to.is_none() {
            let route = self.engine.config().routes.human_request.clone();
            let route = route.unwrap_or_else(|| self.engine.config().routes.default.clone());
            let bridge = bridge_message(Trigger::HumanRequest, &route, &Extracted::default());
            self.push(Author::Assistant, bridge, true);
            self.handed_off_to = Some(route);
        }
    }

    fn push(&mut self, author: Author, text: String, bridge: bool) -> usize {
        let id = self.messages.len();
        self.messages.push(Message { id, author, text, triggers: Vec::new(), bridge });
        id
    }
}

/// The message shown the instant a handoff starts: who is coming and what they will see.
pub fn bridge_message(trigger: Trigger, route: &str, extracted: &Extracted) -> String {
    let team = team_name(route);
    let opening = match trigger {
        Trigger::Frustration => format!("I'm sorry this has been frustrating. Let me connect you with our {team} team right away — one moment."),
        Trigger::RepeatedFailure | Trigger::OutOfScope => format!("I don't want to guess on this one. Let me connect you with our {team} team — one moment."),
        _ => format!("Let me connect you with a specialist from our {team} team — one moment."),
    };
    let mut shared = Vec::new();
    if let Some(order) = extracted.orders.first() {
        shared.push(format!("your order #{order}"));
    }
    if !extracted.emails.is_empty() {
        shared.push("your email".to_string());
    }
    if !extracted.phones.is_empty() {
        shared.push("your phone number".to_string());
    }
    match shared.len() {
        0 => format!("{opening} They'll see our conversation, so you won't need to repeat yourself."),
        _ => {
            let last = shared.pop().unwrap_or_default();
            let list = if shared.is_empty() { last } else { format!("{} and {last}", shared.join(", ")) };
            format!("{opening} I've passed {list} to {team}, along with our conversation.")
        }
    }
}

/// "billing" → "Billing", "after-sales" → "After sales".
pub fn team_name(route: &str) -> String {
    let words = route.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_message_discloses_the_ai() {
        let chat = Chat::new("Acme's assistant");
        assert!(chat.messages()[0].text.contains("an AI assistant"));
    }

    #[test]
    fn an_escalating_message_adds_the_bridge_at_once() {
        let mut chat = Chat::new("Ava");
        chat.send("I want a refund for order #4471, I'm maria@example.com");
        let last = chat.messages().last().unwrap();
        assert!(last.bridge);
        assert_eq!(
            last.text,
            "Let me connect you with a specialist from our Billing team — one moment. I've passed your order #4471 and your email to Billing, along with our conversation."
        );
        assert_eq!(chat.handed_off_to(), Some("billing"));
    }

    #[test]
    fn a_routine_message_gets_no_bridge_and_blank_text_is_ignored() {
        let mut chat = Chat::new("Ava");
        assert!(chat.send("   ").is_none());
        chat.send("what are your opening hours?");
        assert_eq!(chat.messages().len(), 2);
        assert!(!chat.messages()[1].bridge);
    }

    #[test]
    fn the_bridge_is_said_once_per_handoff() {
        let mut chat = Chat::new("Ava");
        chat.send("real person please");
        chat.send("hello??");
        chat.ask_for_human();
        assert_eq!(chat.messages().iter().filter(|m| m.bridge).count(), 1);
    }

    #[test]
    fn team_names_read_well() {
        assert_eq!(team_name("billing"), "Billing");
        assert_eq!(team_name("after-sales"), "After sales");
        assert_eq!(team_name(""), "");
    }
}
