//! The conversation so far, as a plain value the caller keeps between messages.

/// What the engine needs to remember about a conversation for the conversation-level
/// triggers (`repeated_failure`, `post_capture`, frustration build-up).
///
/// The caller owns it (the widget keeps it in memory, the hub rebuilds it from the stored
/// transcript) and passes it to [`crate::Engine::visitor`] and [`crate::Engine::bot`],
/// which record the new turn in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conversation {
    /// Earlier visitor messages, oldest first.
    pub visitor_messages: Vec<String>,
    /// The bot's earlier turns: its confidence in `0.0..=1.0`, or `None` when it had no answer.
    pub bot_confidences: Vec<Option<f32>>,
    /// Frustration score of each earlier visitor message, oldest first, with the mild signs
    /// that only count towards a build-up.
    pub frustration_scores: Vec<f32>,
    /// True once the visitor has left an email or phone number (in a message or a form).
    pub contact_captured: bool,
    /// Visitor messages sent after the contact was captured.
    pub messages_since_capture: u32,
}

impl Conversation {
    /// An empty conversation.
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// Marks that the visitor's contact was captured outside the chat (e.g. a lead form).
    pub fn capture_contact(&mut self) {
        if !self.contact_captured {
            self.contact_captured = true;
            self.messages_since_capture = 0;
        }
    }
}
