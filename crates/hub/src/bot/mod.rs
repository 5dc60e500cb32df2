//! The assistant behind the widget: the built-in FAQ bot or the owner's own bot (Rasa REST
//! channel), behind one interface.
//!
//! Every reply carries a confidence for the triage engine (`triage::Engine::bot`): `Some(c)`
//! is how sure the bot was, `None` means it had no answer at all. Both feed the
//! `out_of_scope` and `repeated_failure` triggers, so the bot never has to guess: when it
//! does not know, it says so and a person takes over.

pub mod faq;
mod intent;
mod words;
use words::tokens;
pub use words::Lang;
pub mod rasa;

use std::time::Duration;

use crate::config::Bot;
use faq::Faq;
use rasa::RasaClient;

/// What the built-in bot says below its threshold.
pub const NOT_SURE: &str = "I'm not sure about that one — I can connect you with a person.";
/// What the assistant says when the owner's bot cannot be reached.
pub const UNAVAILABLE: &str = "I can't answer right now — I can connect you with a person.";
/// What the owner's bot "says" when it sends no text.
pub const NO_ANSWER: &str = "I don't have an answer to that — I can connect you with a person.";
/// Reply to a greeting.
pub const GREETING_REPLY: &str = "Hello! What can I help you with?";
/// Reply to thanks.
pub const THANKS_REPLY: &str = "You're welcome! Is there anything else I can help with?";

/// One bot turn.
#[derive(Clone, Debug, PartialEq)]
pub struct BotReply {
    /// What the widget shows.
    pub text: String,
    /// How sure the bot was, in `0.0..=1.0`; `None` when it had no answer (unreachable, or
    /// nothing to say). Pass it to `triage::Engine::bot`.
    pub confidence: Option<f32>,
}

/// A site's assistant.
#[derive(Clone, Debug)]
pub struct Assistant {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    Faq(Faq),
    Rasa(RasaClient),
}

impl Assistant {
    /// The assistant a site configures; the FAQ text is parsed here, so errors name the file.
    pub fn from_config(bot: &Bot) -> Result<Assistant, String> {
        match bot {
            Bot::Faq {
                text,
                path,
                threshold,
            } => {
                let faq =
                    Faq::parse(text).map_err(|e| format!("FAQ file {}: {e}", path.display()))?;
                Ok(Assistant::faq(faq.with_threshold(*threshold)))
            }
            Bot::Rasa { url } => Assistant::rasa(url, rasa::DEFAULT_TIMEOUT),
        }
    }

    /// The built-in assistant answering from `faq`.
    pub fn faq(faq: Faq) -> Assistant {
        Assistant {
            kind: Kind::Faq(faq),
        }
    }

    /// The owner's bot at `url`, giving up after `timeout`.
    pub fn rasa(url: &str, timeout: Duration) -> Result<Assistant, String> {
        let client = RasaClient::new(url, timeout).map_err(|e| e.to_string())?;
        Ok(Assistant {
            kind: Kind::Rasa(client),
        })
    }

    /// True when the reply to `text` with this confidence is an answer worth giving while
    /// the visitor waits for a person: the FAQ's answer at or above its threshold, or anything
    /// the owner's bot said; never small talk ("hello?" then means "is anyone there?").
    pub fn answers_while_waiting(&self, text: &str, confidence: Option<f32>) -> bool {
        if small_talk(text).is_some() {
            return false;
        }
        match (&self.kind, confidence) {
            (_, None) => false,
            (Kind::Faq(faq), Some(c)) => c >= faq.threshold(),
            (Kind::Rasa(_), Some(_)) => true,
        }
    }

    /// Whether [`Assistant::answer_first`] can ever answer: an FAQ with an entry marked
    /// `answers_first` (the widget then waits for the hub on a question about a topic that
    /// would otherwise go to a person); never the owner's bot.
    pub fn has_answers_first(&self) -> bool {
        matches!(&self.kind, Kind::Faq(faq) if faq.has_answers_first())
    }

    /// The FAQ's answer to `text`, with a person offered beside it, when `text` asks for
    /// information (not for something to be done: see `intent.rs`) and an entry marked
    /// `answers_first` answers it at or above the threshold; `None` otherwise, and always for
    /// the owner's bot. The hub gives this answer to a question about a topic that would
    /// otherwise go to a person ("how long do refunds take?") instead of handing it over.
    pub fn answer_first(&self, text: &str, ui: Option<Lang>) -> Option<BotReply> {
        let Kind::Faq(faq) = &self.kind else {
            return None;
        };
        if !intent::informational(text) {
            return None;
        }
        let found = faq.answer_in(text, ui);
        if !found.answers_first {
            return None;
        }
        let answer = found.text?;
        Some(BotReply {
            text: format!("{answer}\n\n{}", offer(found.lang)),
            confidence: Some(found.confidence),
        })
    }

    /// The reply to the visitor's `text` in conversation `sender`. Never fails: an
    /// unreachable bot becomes an honest "I can't answer right now" with no confidence.
    pub async fn reply(&self, sender: &str, text: &str, ui: Option<Lang>) -> BotReply {
        match &self.kind {
            Kind::Faq(faq) => faq_reply(faq, text, ui),
            Kind::Rasa(client) => match client.send(sender, text).await {
                Ok(Some(answer)) => BotReply {
                    text: answer,
                    confidence: Some(1.0),
                },
                Ok(None) => BotReply {
                    text: NO_ANSWER.to_string(),
                    confidence: None,
                },
                Err(e) => {
                    tracing::warn!(error = %e, sender, "bot unavailable");
                    BotReply {
                        text: UNAVAILABLE.to_string(),
                        confidence: None,
                    }
                }
            },
        }
    }
}

/// The offer of a person under an answer given first, in the visitor's language.
pub fn offer(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "If you'd rather a person looked into it, just say so and I'll connect you.",
        Lang::Es => "Si prefiere que lo revise una persona, dígamelo y le pongo en contacto.",
        Lang::Fr => "Si vous préférez qu'une personne s'en occupe, dites-le et je vous mets en relation.",
        Lang::De => "Wenn sich lieber eine Person darum kümmern soll, sagen Sie es einfach – ich verbinde Sie.",
        Lang::It => "Se preferisce che se ne occupi una persona, me lo dica e la metto in contatto.",
        Lang::Pt => "Se preferir que uma pessoa veja isso, é só dizer que eu ponho você em contato.",
        Lang::Nl => "Wilt u liever dat een medewerker ernaar kijkt? Zeg het en ik verbind u door.",
    }
}

/// "Not sure" in the visitor's language.
pub fn not_sure(lang: Lang) -> &'static str {
    match lang {
        Lang::En => NOT_SURE,
        Lang::Es => "No estoy seguro de eso — puedo ponerle en contacto con una persona.",
        Lang::Fr => {
            "Je ne suis pas sûr de la réponse — je peux vous mettre en relation avec une personne."
        }
        Lang::De => "Da bin ich mir nicht sicher — ich kann Sie mit einer Person verbinden.",
        Lang::It => "Non ne sono sicuro — posso metterla in contatto con una persona.",
        Lang::Pt => "Não tenho certeza — posso pôr você em contato com uma pessoa.",
        Lang::Nl => "Daar ben ik niet zeker van — ik kan u met een medewerker verbinden.",
    }
}

/// What the built-in bot says, in the visitor's language, when its FAQ has no entry in that
/// language: not "not sure" (it never read the question), but that it cannot answer in it.
pub fn no_language(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "I can't answer questions in English here yet — I can connect you with a person.",
        Lang::Es => "Todavía no puedo responder preguntas en español — puedo ponerle en contacto con una persona.",
        Lang::Fr => "Je ne peux pas encore répondre aux questions en français — je peux vous mettre en relation avec une personne.",
        Lang::De => "Fragen auf Deutsch kann ich hier noch nicht beantworten — ich kann Sie mit einer Person verbinden.",
        Lang::It => "Non posso ancora rispondere a domande in italiano — posso metterla in contatto con una persona.",
        Lang::Pt => "Ainda não consigo responder a perguntas em português — posso pôr você em contato com uma pessoa.",
        Lang::Nl => "Vragen in het Nederlands kan ik hier nog niet beantwoorden — ik kan u met een medewerker verbinden.",
    }
}

/// The built-in bot's turn: small talk, an FAQ answer in the visitor's language, an honest
/// "not sure", or, when the FAQ has no entry in the visitor's language, that it cannot answer
/// in it (with no confidence: nothing was matched, so a person is offered at once).
fn faq_reply(faq: &Faq, text: &str, ui: Option<Lang>) -> BotReply {
    if let Some(reply) = small_talk(text) {
        return BotReply {
            text: reply.to_string(),
            confidence: Some(1.0),
        };
    }
    let found = faq.answer_in(text, ui);
    match found.text {
        Some(answer) => BotReply {
            text: answer,
            confidence: Some(found.confidence),
        },
        None if !found.speaks => BotReply {
            text: no_language(found.lang).to_string(),
            confidence: None,
        },
        None => BotReply {
            text: not_sure(found.lang).to_string(),
            confidence: Some(found.confidence),
        },
    }
}

/// A bare greeting or thanks is not a question the FAQ fails to answer: replying politely
/// (and surely), in the visitor's language, keeps "hi" or "hola" from counting as a bot failure.
fn small_talk(text: &str) -> Option<&'static str> {
    // (language's greetings, its thanks, reply to a greeting, reply to thanks); accents folded.
    const TALK: &[(&[&str], &[&str], &str, &str)] = &[
        (
            &[
                "hi",
                "hello",
                "hey",
                "hiya",
                "howdy",
                "good morning",
                "good afternoon",
                "good evening",
                "hi there",
                "hello there",
            ],
            &[
                "thanks",
                "thank you",
                "thank you very much",
                "thanks a lot",
                "cheers",
                "thx",
                "ta",
                "great thanks",
                "ok thanks",
                "perfect thanks",
            ],
            GREETING_REPLY,
            THANKS_REPLY,
        ),
        (
            &[
                "hola",
                "buenos dias",
                "buenas tardes",
                "buenas noches",
                "buenas",
            ],
            &["gracias", "muchas gracias", "vale gracias"],
            "¡Hola! ¿En qué puedo ayudarle?",
            "¡De nada! ¿Puedo ayudarle en algo más?",
        ),
        (
            &["bonjour", "bonsoir", "salut", "coucou"],
            &["merci", "merci beaucoup", "merci bien"],
            "Bonjour ! Comment puis-je vous aider ?",
            "Avec plaisir ! Puis-je vous aider pour autre chose ?",
        ),
        (
            &[
                "hallo",
                "guten tag",
                "guten morgen",
                "guten abend",
                "servus",
                "moin",
            ],
            &["danke", "danke schon", "vielen dank", "danke sehr"],
            "Hallo! Wie kann ich Ihnen helfen?",
            "Gern geschehen! Kann ich sonst noch helfen?",
        ),
        (
            &["ciao", "buongiorno", "buonasera", "salve"],
            &["grazie", "grazie mille"],
            "Ciao! Come posso aiutarla?",
            "Prego! Posso aiutarla in altro?",
        ),
        (
            &["ola", "oi", "bom dia", "boa tarde", "boa noite"],
            &["obrigado", "obrigada", "muito obrigado", "muito obrigada"],
            "Olá! Como posso ajudar?",
            "De nada! Posso ajudar em mais alguma coisa?",
        ),
        (
            &["hoi", "goedemorgen", "goedemiddag", "goedenavond", "dag"],
            &["dank je", "dank u", "bedankt", "dank je wel", "dank u wel"],
            "Hallo! Waarmee kan ik u helpen?",
            "Graag gedaan! Kan ik u nog ergens mee helpen?",
        ),
    ];
    let words = tokens(text);
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let phrase = words.join(" ");
    TALK.iter().find_map(|(greetings, thanks, hello, welcome)| {
        if greetings.contains(&phrase.as_str()) {
            Some(*hello)
        } else if thanks.contains(&phrase.as_str()) {
            Some(*welcome)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &str = r#"
        [[entries]]
        question = "What is your returns policy?"
        alternatives = ["Can I send something back?"]
        keywords = ["refund"]
        answer = "You can return unused items within 30 days."
    "#;

    fn assistant() -> Assistant {
        Assistant::faq(Faq::parse(FAQ).unwrap())
    }

    #[tokio::test]
    async fn answers_says_not_sure_and_small_talk() {
        let a = assistant();
        let r = a.reply("c1", "what's the return policy?", None).await;
        assert_eq!(r.text, "You can return unused items within 30 days.");
        assert!(r.confidence.unwrap() >= faq::DEFAULT_THRESHOLD, "{r:?}");

        let r = a.reply("c1", "Do you repair bicycles?", None).await;
        assert_eq!(r.text, NOT_SURE);
        assert!(r.confidence.unwrap() < faq::DEFAULT_THRESHOLD, "{r:?}");

        let r = a.reply("c1", "Hello!", None).await;
        assert_eq!((r.text.as_str(), r.confidence), (GREETING_REPLY, Some(1.0)));
        let r = a.reply("c1", "thank you!!", None).await;
        assert_eq!((r.text.as_str(), r.confidence), (THANKS_REPLY, Some(1.0)));
        // Greetings and thanks in other languages get a reply in theirs.
        for (text, reply) in [
            ("¡Hola!", "¡Hola! ¿En qué puedo ayudarle?"),
            (
                "merci beaucoup",
                "Avec plaisir ! Puis-je vous aider pour autre chose ?",
            ),
            ("Danke schön", "Gern geschehen! Kann ich sonst noch helfen?"),
        ] {
            let r = a.reply("c1", text, None).await;
            assert_eq!(
                (r.text.as_str(), r.confidence),
                (reply, Some(1.0)),
                "{text:?}"
            );
        }
        // A greeting with a question is a question.
        let r = a.reply("c1", "hi, what's your returns policy", None).await;
        assert!(r.text.starts_with("You can return"), "{r:?}");
    }

    const TRANSLATED: &str = r#"
        [[entries]]
        question = "How long do refunds take?"
        answer = "Within 5 working days."

        [entries.translations.es]
        question = "¿Cuánto tardan los reembolsos?"
        alternatives = ["¿Cuándo me devolvéis el dinero?"]
        answer = "En 5 días laborables."
    "#;

    #[tokio::test]
    async fn answers_in_the_visitors_language_or_says_it_cannot() {
        let a = Assistant::faq(Faq::parse(TRANSLATED).unwrap());
        let r = a.reply("c", "¿cuánto tardan los reembolsos?", None).await;
        assert_eq!(r.text, "En 5 días laborables.", "{r:?}");
        let r = a.reply("c", "how long does a refund take", None).await;
        assert_eq!(r.text, "Within 5 working days.", "{r:?}");
        // Spanish the file has, about something it does not cover: "not sure", in Spanish.
        let r = a.reply("c", "¿Vendéis bicicletas de montaña?", None).await;
        assert_eq!(r.text, not_sure(Lang::Es), "{r:?}");
        assert!(
            r.confidence.is_some_and(|c| c < faq::DEFAULT_THRESHOLD),
            "{r:?}"
        );
        // German the file does not have: said so, in German, with no confidence (a person).
        let r = a
            .reply("c", "Wie lange dauert die Rückerstattung?", None)
            .await;
        assert_eq!(
            (r.text.as_str(), r.confidence),
            (no_language(Lang::De), None)
        );
        let r = a
            .reply("c", "Quanto tempo ci vuole per il rimborso?", None)
            .await;
        assert_eq!(
            (r.text.as_str(), r.confidence),
            (no_language(Lang::It), None)
        );
    }

    #[test]
    fn answers_first_only_informational_questions_of_flagged_entries() {
        let faq = r#"
            [[entries]]
            question = "How long do refunds take?"
            answers_first = true
            answer = "Within 5 working days."
            [entries.translations.es]
            question = "¿Cuánto tardan los reembolsos?"
            answer = "En 5 días laborables."

            [[entries]]
            question = "Can I cancel my order?"
            answer = "Ask a person straight away."
        "#;
        let a = Assistant::faq(Faq::parse(faq).unwrap());
        let r = a.answer_first("how long do refunds take?", None).unwrap();
        assert_eq!(
            r.text,
            format!("Within 5 working days.\n\n{}", offer(Lang::En))
        );
        assert!(r.confidence.is_some_and(|c| c >= faq::DEFAULT_THRESHOLD));
        let r = a
            .answer_first("¿Cuánto tardan los reembolsos?", None)
            .unwrap();
        assert_eq!(
            r.text,
            format!("En 5 días laborables.\n\n{}", offer(Lang::Es))
        );
        // Asking for it to be done, an entry not flagged, or nothing confident: no answer first.
        assert_eq!(a.answer_first("I want a refund for order 4471", None), None);
        assert_eq!(a.answer_first("can I cancel my order?", None), None);
        assert_eq!(
            a.answer_first("how long does a kayak take to inflate?", None),
            None
        );
        let rasa = Assistant::rasa(
            "http://127.0.0.1:5005/webhooks/rest/webhook",
            rasa::DEFAULT_TIMEOUT,
        )
        .unwrap();
        assert_eq!(rasa.answer_first("how long do refunds take?", None), None);
    }

    #[test]
    fn from_config() {
        let bot = Bot::Faq {
            text: FAQ.into(),
            path: "faq.toml".into(),
            threshold: 0.9,
        };
        assert!(Assistant::from_config(&bot).is_ok());
        let bad = Bot::Faq {
            text: "[[entries]]\nquestion = \"x\"".into(),
            path: "demo/faq.toml".into(),
            threshold: 0.45,
        };
        let err = Assistant::from_config(&bad).unwrap_err();
        assert!(err.starts_with("FAQ file demo/faq.toml: entry 1"), "{err}");
        assert!(Assistant::from_config(&Bot::Rasa {
            url: "http://127.0.0.1:5005/webhooks/rest/webhook".into()
        })
        .is_ok());
    }

    #[tokio::test]
    async fn threshold_from_config_applies() {
        let strict = Assistant::from_config(&Bot::Faq {
            text: FAQ.into(),
            path: "faq.toml".into(),
            threshold: 1.0,
        })
        .unwrap();
        let r = strict.reply("c", "can I send my jacket back", None).await;
        assert_eq!(r.text, NOT_SURE, "{r:?}");
    }
}
