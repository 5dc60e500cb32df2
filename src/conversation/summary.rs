//! The thread summed up for others: the handoff's transcript, the lead form's prefill and
//! the text a WhatsApp chat opens with.

use protocol::hub::TranscriptLine;
use protocol::triage_lines::Role;

use super::{Conversation, Who};
use crate::lead::LeadDraft;

impl Conversation {
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

    /// The lead form, prefilled with what the visitor already said (their name as the hub
    /// read it when the host page gave none).
    pub fn lead_prefill(&self) -> LeadDraft {
        let fields = self.fields();
        LeadDraft {
            name: fields
                .get("name")
                .or(self.said_name.as_ref())
                .cloned()
                .unwrap_or_default(),
            email: fields.get("email").cloned().unwrap_or_default(),
            phone: fields.get("phone").cloned().unwrap_or_default(),
            question: self.last_question(),
            ..LeadDraft::default()
        }
    }

    /// The visitor's last question (the last message with a `?`, else the last message),
    /// among their messages with a letter or digit in them: "😡😡😡" or "??" says how they
    /// feel, not what they need.
    pub fn last_question(&self) -> String {
        let visitor = || {
            self.lines
                .iter()
                .rev()
                .filter(|l| l.who == Who::Visitor && l.text.chars().any(triage::is_word_char))
        };
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
}
