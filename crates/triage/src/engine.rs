//! The engine: compiled configuration and the per-message assessment.

use crate::{Config, Conversation, Error, Verdict};

/// A compiled [`Config`], ready to assess messages. Cheap to share; holds no state about
/// any conversation.
#[derive(Clone, Debug)]
pub struct Engine {
    config: Config,
}

impl Engine {
    /// Validates and compiles `config`.
    pub fn new(config: Config) -> Result<Engine, Error> {
        config.validate()?;
        Ok(Engine { config })
    }

    /// The configuration this engine was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Assesses one visitor message on its own, with no conversation history.
    pub fn classify(&self, text: &str) -> Verdict {
        self.visitor(&mut Conversation::new(), text)
    }

    /// Assesses a visitor message in the context of `conversation`, then records it there.
    pub fn visitor(&self, conversation: &mut Conversation, text: &str) -> Verdict {
        let _ = (conversation, text);
        todo!()
    }

    /// Assesses a bot turn (its confidence in `0.0..=1.0`, or `None` when it had no answer),
    /// then records it in `conversation`. Fires `out_of_scope` and `repeated_failure`.
    pub fn bot(&self, conversation: &mut Conversation, confidence: Option<f32>) -> Verdict {
        let _ = (conversation, confidence);
        todo!()
    }
}
