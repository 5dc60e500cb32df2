//! The bridge message: what the visitor is told the instant a handoff starts, in their
//! language, honest about whether anybody can answer soon.
//!
//! The widget renders it locally, in the same update as the visitor's message, from what it
//! already knows: the team, whether that team can answer now ([`Reach`]), what the visitor
//! shared, and the owner's own wording ([`HandoffMessage`], from the site file). The hub
//! renders the same words for `baton check`, so an owner sees what a visitor would read.
//! Nothing here reads a clock: "tomorrow at 09:00" arrives already written, in the
//! reader's zone.
//!
//! ```
//! use protocol::bridge::{bridge, Bridge, Reach, Shared};
//! let shared = Shared { order: Some("4471".into()), email: true, phone: false };
//! let closed = Reach::Closed { when: Some("tomorrow at 09:00".into()) };
//! let b = Bridge { lang: "en", trigger: "high_risk", team_key: "billing", team: "Billing", reach: &closed, shared: &shared };
//! assert_eq!(
//!     bridge(&b, &[]),
//!     "Our Billing team is offline now — they're back tomorrow at 09:00 your time. \
//!      I've passed your order #4471 and your email to Billing, along with our conversation."
//! );
//! ```

use serde::{Deserialize, Serialize};

use crate::ui::fill;

#[cfg(feature = "languages")]
pub(crate) mod languages;
mod words;

pub use words::Words;

/// Whether a team can answer now, as the widget knows it when the handoff starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The hub has not said (unreachable, or not yet): promise nothing.
    Unknown,
    /// Open, and somebody is online.
    Online,
    /// Open, but nobody is online: they usually reply within `wait_minutes`, if measured.
    Busy {
        /// The team's typical wait, measured from past handoffs.
        wait_minutes: Option<u32>,
    },
    /// Closed: back `when` (already written in the reader's zone, e.g. "tomorrow at 09:00").
    Closed {
        /// The next opening in words; `None` when no opening is known.
        when: Option<String>,
    },
}

impl Reach {
    /// `online`, `busy`, `closed` (the `when` of a [`HandoffMessage`]), or `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reach::Unknown => "unknown",
            Reach::Online => "online",
            Reach::Busy { .. } => "busy",
            Reach::Closed { .. } => "closed",
        }
    }

    /// A person can be expected soon: the widget may say "one moment".
    pub fn soon(&self) -> bool {
        matches!(self, Reach::Online)
    }
}

/// What the visitor already shared, named in the bridge so they need not repeat it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shared {
    /// An order number.
    pub order: Option<String>,
    /// An email address was given.
    pub email: bool,
    /// A phone number was given.
    pub phone: bool,
}

/// The owner's own bridge wording for some handoffs (`[[sites.handoff_messages]]` in the site
/// file). Every condition left out matches anything; the entry with the most conditions that
/// all match wins, the earlier one on a tie.
///
/// Placeholders: `{team}` (the team's name), `{shared}` (the sentence naming what the visitor
/// shared), `{when}` (only with `when = "closed"`: the next opening, in the visitor's zone),
/// `{wait}` (only with `when = "busy"`: the typical wait, e.g. "10 minutes"). An entry whose
/// `{when}` or `{wait}` is not known at the moment is skipped, so the default, which is
/// honest without it, is said instead.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoffMessage {
    /// `online`, `busy` (open, nobody online) or `closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// A team key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// A trigger name (`human_request`, `frustration`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// A language code (`en`, `es`…) of the visitor's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The words, with placeholders.
    pub text: String,
}

/// The languages the widget speaks, by code: its own strings and these default words exist
/// in each (any other code gets the English words). `baton check` compares them with the
/// languages a site's triage reads.
pub const LANGUAGES: [&str; 10] = ["en", "es", "pt", "fr", "de", "it", "nl", "ar", "he", "hi"];

/// The availabilities a [`HandoffMessage`] may name.
pub const WHEN: [&str; 3] = ["online", "busy", "closed"];

/// Placeholders a [`HandoffMessage`] may use.
pub const PLACEHOLDERS: [&str; 4] = ["team", "shared", "when", "wait"];

impl HandoffMessage {
    /// Checks the entry on its own (the site file checks `team` and `trigger` against its
    /// teams and the trigger names): a problem in words, or `None`.
    pub fn problem(&self) -> Option<String> {
        if self.text.trim().is_empty() {
            return Some("text is empty".into());
        }
        if let Some(w) = &self.when {
            if !WHEN.contains(&w.as_str()) {
                return Some(format!(
                    "when is {w:?}, but must be one of online, busy, closed"
                ));
            }
        }
        for name in placeholders(&self.text) {
            if !PLACEHOLDERS.contains(&name) {
                return Some(format!("{{{name}}} is not a placeholder (use {{team}}, {{shared}}, {{when}} or {{wait}})"));
            }
            let needs = match name {
                "when" => Some("closed"),
                "wait" => Some("busy"),
                _ => None,
            };
            if let Some(needs) = needs {
                if self.when.as_deref() != Some(needs) {
                    return Some(format!("{{{name}}} is known only with when = \"{needs}\""));
                }
            }
        }
        None
    }
}

fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
}

/// Everything the bridge is made of.
pub struct Bridge<'a> {
    /// The visitor's language code (`en`, `es`, `pt`, `fr`, `de`, `ar`, `he`; others read English).
    pub lang: &'a str,
    /// The trigger that decided the handoff.
    pub trigger: &'a str,
    /// The team's key (for the owner's entries).
    pub team_key: &'a str,
    /// The team's display name.
    pub team: &'a str,
    /// Whether the team can answer now.
    pub reach: &'a Reach,
    /// What the visitor shared.
    pub shared: &'a Shared,
}

/// The bridge message: the owner's most specific matching entry, else the default words
/// of `b.lang` built into this program.
pub fn bridge(b: &Bridge, owner: &[HandoffMessage]) -> String {
    bridge_in(Words::of(b.lang), b, owner)
}

/// The bridge message with `words` as the default words (the widget's, from the hub).
pub fn bridge_in(words: &Words, b: &Bridge, owner: &[HandoffMessage]) -> String {
    let shared = shared_sentence(words, b.team, b.shared);
    let wait = match b.reach {
        Reach::Busy {
            wait_minutes: Some(m),
        } => Some(fill(words.minutes, &[("n", &m.to_string())])),
        _ => None,
    };
    let when = match b.reach {
        Reach::Closed { when } => when.clone(),
        _ => None,
    };
    if let Some(m) = choose(b, owner, wait.is_some(), when.is_some()) {
        let text = fill(
            &m.text,
            &[
                ("team", b.team),
                ("shared", &shared),
                ("when", when.as_deref().unwrap_or("")),
                ("wait", wait.as_deref().unwrap_or("")),
            ],
        );
        return text.trim().to_string();
    }
    let team = [("team", b.team)];
    let opening = match b.trigger {
        "frustration" => words.frustration,
        "repeated_failure" | "out_of_scope" => words.unsure,
        _ => words.specialist,
    };
    let said = match b.reach {
        Reach::Online => format!("{}{}", fill(opening, &team), words.moment),
        Reach::Unknown => format!("{}{}", fill(opening, &team), words.stop),
        Reach::Busy { .. } => match &wait {
            Some(wait) => format!(
                "{}{}",
                fill(opening, &team),
                fill(words.busy_wait, &[("wait", wait)])
            ),
            None => format!("{}{}", fill(opening, &team), words.busy),
        },
        Reach::Closed { when } => {
            let sorry = match b.trigger {
                "frustration" => Some(words.sorry),
                "repeated_failure" | "out_of_scope" => Some(words.no_guess),
                _ => None,
            };
            let closed = match when {
                Some(when) => fill(words.closed, &[("team", b.team), ("when", when)]),
                None => fill(words.closed_no_time, &team),
            };
            match sorry {
                Some(s) => format!("{s} {closed}"),
                None => closed,
            }
        }
    };
    format!("{said} {shared}")
}

fn choose<'m>(
    b: &Bridge,
    owner: &'m [HandoffMessage],
    wait: bool,
    when: bool,
) -> Option<&'m HandoffMessage> {
    let reach = b.reach.as_str();
    let mut best: Option<(usize, &HandoffMessage)> = None;
    for m in owner {
        let conditions = [
            (&m.when, reach),
            (&m.team, b.team_key),
            (&m.trigger, b.trigger),
            (&m.lang, b.lang),
        ];
        if conditions
            .iter()
            .any(|(want, have)| want.as_deref().is_some_and(|w| w != *have))
        {
            continue;
        }
        let uses = |p: &str| m.text.contains(&format!("{{{p}}}"));
        if (uses("wait") && !wait) || (uses("when") && !when) {
            continue;
        }
        let score = conditions.iter().filter(|(want, _)| want.is_some()).count();
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, m));
        }
    }
    best.map(|(_, m)| m)
}

fn shared_sentence(words: &Words, team: &str, shared: &Shared) -> String {
    let mut items = Vec::new();
    if let Some(order) = &shared.order {
        items.push(fill(words.order, &[("order", order)]));
    }
    if shared.email {
        items.push(words.email.to_string());
    }
    if shared.phone {
        items.push(words.phone.to_string());
    }
    let Some(last) = items.pop() else {
        return words.nothing_shared.to_string();
    };
    let list = if items.is_empty() {
        last
    } else {
        format!("{} {} {last}", items.join(", "), words.and)
    };
    fill(words.shared, &[("list", &list), ("team", team)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(
        lang: &str,
        trigger: &str,
        reach: Reach,
        shared: Shared,
        owner: &[HandoffMessage],
    ) -> String {
        bridge(
            &Bridge {
                lang,
                trigger,
                team_key: "billing",
                team: "Billing",
                reach: &reach,
                shared: &shared,
            },
            owner,
        )
    }

    fn order_and_email() -> Shared {
        Shared {
            order: Some("4471".into()),
            email: true,
            phone: false,
        }
    }

    fn entry(
        when: Option<&str>,
        team: Option<&str>,
        trigger: Option<&str>,
        text: &str,
    ) -> HandoffMessage {
        HandoffMessage {
            when: when.map(Into::into),
            team: team.map(Into::into),
            trigger: trigger.map(Into::into),
            lang: None,
            text: text.into(),
        }
    }

    #[test]
    fn only_an_online_team_gets_one_moment() {
        let online = say("en", "high_risk", Reach::Online, order_and_email(), &[]);
        assert_eq!(online, "Let me connect you with a specialist from our Billing team — one moment. I've passed your order #4471 and your email to Billing, along with our conversation.");
        for reach in [
            Reach::Unknown,
            Reach::Busy { wait_minutes: None },
            Reach::Busy {
                wait_minutes: Some(10),
            },
            Reach::Closed { when: None },
            Reach::Closed {
                when: Some("tomorrow at 09:00".into()),
            },
        ] {
            let text = say("en", "high_risk", reach.clone(), Shared::default(), &[]);
            assert!(!text.contains("moment"), "{reach:?}: {text}");
        }
    }

    #[test]
    fn nobody_free_in_hours_says_the_measured_wait_or_promises_no_time() {
        assert_eq!(
            say("en", "human_request", Reach::Busy { wait_minutes: Some(15) }, Shared::default(), &[]),
            "Let me connect you with a specialist from our Billing team. Nobody is free this minute — they usually reply within 15 minutes. They'll see our conversation, so you won't need to repeat yourself."
        );
        assert!(say(
            "en",
            "human_request",
            Reach::Busy { wait_minutes: None },
            Shared::default(),
            &[]
        )
        .contains("as soon as someone is"));
    }

    #[test]
    fn closed_says_when_in_the_readers_words_and_never_right_away() {
        let text = say(
            "en",
            "frustration",
            Reach::Closed {
                when: Some("Monday at 09:00".into()),
            },
            Shared {
                phone: true,
                ..Shared::default()
            },
            &[],
        );
        assert_eq!(text, "I'm sorry this has been frustrating. Our Billing team is offline now — they're back Monday at 09:00 your time. I've passed your phone number to Billing, along with our conversation.");
        let es = say(
            "es",
            "high_risk",
            Reach::Closed {
                when: Some("el lunes a las 9:00".into()),
            },
            order_and_email(),
            &[],
        );
        assert_eq!(es, "El equipo de Billing no está disponible ahora; vuelve el lunes a las 9:00, tu hora. He pasado tu pedido n.º 4471 y tu correo a Billing, junto con nuestra conversación.");
    }

    #[test]
    fn the_owners_most_specific_entry_wins_and_one_needing_an_unknown_time_is_skipped() {
        let owner = [
            entry(
                Some("closed"),
                None,
                None,
                "We're closed — back {when}. {shared}",
            ),
            entry(
                Some("closed"),
                Some("billing"),
                None,
                "Billing is closed until {when}. {shared}",
            ),
            entry(
                None,
                None,
                Some("frustration"),
                "So sorry! {team} will sort this out.",
            ),
        ];
        let closed = Reach::Closed {
            when: Some("tomorrow at 09:00".into()),
        };
        assert_eq!(say("en", "high_risk", closed.clone(), Shared::default(), &owner), "Billing is closed until tomorrow at 09:00. They'll see our conversation, so you won't need to repeat yourself.");
        // Two conditions (closed + billing) beat one (frustration).
        assert!(say("en", "frustration", closed, Shared::default(), &owner)
            .starts_with("Billing is closed"));
        // No known opening: the entries that need {when} are skipped.
        let text = say(
            "en",
            "high_risk",
            Reach::Closed { when: None },
            Shared::default(),
            &owner,
        );
        assert_eq!(text, "Our Billing team is offline now — they'll reply as soon as they're back. They'll see our conversation, so you won't need to repeat yourself.");
        assert_eq!(
            say(
                "en",
                "frustration",
                Reach::Online,
                Shared::default(),
                &owner
            ),
            "So sorry! Billing will sort this out."
        );
    }

    #[test]
    fn an_entry_for_another_language_is_not_said() {
        let owner = [HandoffMessage {
            lang: Some("es".into()),
            ..entry(None, None, None, "¡Hola! {team} te escribe pronto.")
        }];
        assert_eq!(
            say("es", "high_risk", Reach::Online, Shared::default(), &owner),
            "¡Hola! Billing te escribe pronto."
        );
        assert!(
            say("en", "high_risk", Reach::Online, Shared::default(), &owner)
                .starts_with("Let me connect you")
        );
    }

    #[test]
    fn entries_are_checked_for_their_placeholders_and_availability() {
        assert_eq!(
            entry(Some("online"), None, None, "Back {when}")
                .problem()
                .unwrap(),
            "{when} is known only with when = \"closed\""
        );
        assert_eq!(
            entry(Some("busy"), None, None, "{name} here")
                .problem()
                .unwrap(),
            "{name} is not a placeholder (use {team}, {shared}, {when} or {wait})"
        );
        assert_eq!(
            entry(Some("later"), None, None, "x").problem().unwrap(),
            "when is \"later\", but must be one of online, busy, closed"
        );
        assert_eq!(
            entry(None, None, None, "  ").problem().unwrap(),
            "text is empty"
        );
        assert_eq!(
            entry(Some("busy"), None, None, "Within {wait}. {shared}").problem(),
            None
        );
    }

    #[test]
    fn every_language_says_every_availability_without_a_left_placeholder() {
        for lang in LANGUAGES {
            for trigger in ["human_request", "frustration", "out_of_scope"] {
                for reach in [
                    Reach::Unknown,
                    Reach::Online,
                    Reach::Busy { wait_minutes: None },
                    Reach::Busy {
                        wait_minutes: Some(5),
                    },
                    Reach::Closed { when: None },
                    Reach::Closed {
                        when: Some("X".into()),
                    },
                ] {
                    let text = say(lang, trigger, reach.clone(), order_and_email(), &[]);
                    assert!(
                        !text.contains('{') && text.contains("Billing") && text.contains("4471"),
                        "{lang} {trigger} {reach:?}: {text}"
                    );
                    let english = say("en", trigger, reach.clone(), order_and_email(), &[]);
                    assert!(
                        lang == "en" || text != english,
                        "{lang} falls back to English: {text}"
                    );
                }
            }
        }
    }
}
