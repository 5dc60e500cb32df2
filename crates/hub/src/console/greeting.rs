//! The agent's first line, prefilled from the handoff so the visitor never repeats
//! themselves: "Hi Maria, I'm picking up where our assistant left off — I see you're asking
//! about order #4471."
//!
//! Pure functions over plain values: [`gather`] collects what is known of the visitor (the
//! console also shows it as the context line), [`suggested_greeting`] words it.

use std::collections::BTreeMap;

use protocol::hub::{NameSource, VisitorContext};
use protocol::triage_lines::ReasonOut;

/// Field keys that hold the visitor's name, most specific first.
const NAME_KEYS: &[&str] = &["first_name", "name", "full_name"];
/// Field keys that hold an order number.
const ORDER_KEYS: &[&str] = &["order", "order_id", "order_number", "order_no"];

/// Gathers what the console shows of the visitor and the greeting can mention: the name
/// from the captured fields (the host page's identify call, a form), else from a lead, else
/// the one `said` in the chat (asked for only then); the order from the fields; the intent
/// from the triage reasons (the widget's, then the hub's).
pub fn gather<'a>(
    fields: &BTreeMap<String, String>,
    lead_name: Option<&str>,
    said: impl FnOnce() -> Option<String>,
    reasons: impl IntoIterator<Item = &'a ReasonOut>,
) -> VisitorContext {
    let field = |keys: &[&str]| {
        keys.iter().find_map(|k| {
            fields
                .iter()
                .find(|(name, v)| name.eq_ignore_ascii_case(k) && !v.trim().is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    let intent = reasons.into_iter().find_map(|r| {
        let rest = r.signal.strip_prefix("intent ")?;
        (r.trigger == "high_risk")
            .then(|| rest.split(':').next().unwrap_or(rest).trim().to_string())
    });
    let lead_name = lead_name
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string);
    let (name, name_from) = match (field(NAME_KEYS), lead_name) {
        (Some(name), _) => (Some(name), Some(NameSource::Handoff)),
        (None, Some(name)) => (Some(name), Some(NameSource::Lead)),
        (None, None) => match said() {
            Some(name) => (Some(name), Some(NameSource::Chat)),
            None => (None, None),
        },
    };
    VisitorContext {
        name,
        name_from,
        order: field(ORDER_KEYS),
        intent: intent.filter(|i| !i.is_empty()),
    }
}

/// The suggested first reply.
pub fn suggested_greeting(facts: &VisitorContext) -> String {
    let hello = match facts.name.as_deref().and_then(first_name) {
        Some(name) => format!("Hi {name}, "),
        None => "Hi, ".to_string(),
    };
    let topic = if let Some(order) = facts.order.as_deref().and_then(order_label) {
        format!("I see you're asking about order {order}.")
    } else if let Some(intent) = facts.intent.as_deref() {
        format!("I see you're asking about {}.", with_article(intent))
    } else {
        "I can see everything you've told us so far, so there's no need to repeat anything."
            .to_string()
    };
    format!("{hello}I'm picking up where our assistant left off — {topic}")
}

/// "Maria Lopez" → "Maria"; nothing usable → `None`.
fn first_name(name: &str) -> Option<String> {
    let first = name.split_whitespace().next()?;
    let first: String = first.chars().filter(|c| !c.is_control()).take(40).collect();
    first.chars().any(char::is_alphabetic).then_some(first)
}

/// "4471", "#4471", " #4471 " → "#4471"; at most 32 characters.
fn order_label(order: &str) -> Option<String> {
    let bare = order.trim().trim_start_matches('#').trim();
    let bare: String = bare.chars().filter(|c| !c.is_control()).take(32).collect();
    (!bare.is_empty()).then(|| format!("#{bare}"))
}

/// `refund` → "a refund", `order_change` → "an order change", `legal` → "a legal matter".
fn with_article(intent: &str) -> String {
    let words = intent.replace(['_', '-'], " ");
    let words = words.trim();
    // Adjectives ("legal", "medical") name a kind of matter, not a thing.
    let words = if words.ends_with("al") && !words.contains(' ') {
        format!("{words} matter")
    } else {
        words.to_string()
    };
    let article = if words.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {words}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: Option<&str>, order: Option<&str>, intent: Option<&str>) -> VisitorContext {
        VisitorContext {
            name: name.map(Into::into),
            name_from: None,
            order: order.map(Into::into),
            intent: intent.map(Into::into),
        }
    }

    macro_rules! t {
        ($name:ident, $facts:expr, $want:expr) => {
            #[test]
            fn $name() {
                assert_eq!(suggested_greeting(&$facts), $want);
            }
        };
    }

    const LEFT_OFF: &str = "I'm picking up where our assistant left off — ";

    t!(
        name_and_order,
        facts(Some("Maria"), Some("4471"), None),
        format!("Hi Maria, {LEFT_OFF}I see you're asking about order #4471.")
    );
    t!(
        full_name_uses_first,
        facts(Some("Maria Lopez"), Some("#4471"), None),
        format!("Hi Maria, {LEFT_OFF}I see you're asking about order #4471.")
    );
    t!(
        no_name,
        facts(None, Some("A-99"), None),
        format!("Hi, {LEFT_OFF}I see you're asking about order #A-99.")
    );
    t!(blank_name, facts(Some("   "), None, None),
       format!("Hi, {LEFT_OFF}I can see everything you've told us so far, so there's no need to repeat anything."));
    t!(
        intent_refund,
        facts(Some("Sam"), None, Some("refund")),
        format!("Hi Sam, {LEFT_OFF}I see you're asking about a refund.")
    );
    t!(
        intent_vowel,
        facts(None, None, Some("order_change")),
        format!("Hi, {LEFT_OFF}I see you're asking about an order change.")
    );
    t!(
        intent_adjective,
        facts(None, None, Some("legal")),
        format!("Hi, {LEFT_OFF}I see you're asking about a legal matter.")
    );
    t!(
        order_beats_intent,
        facts(None, Some("12"), Some("refund")),
        format!("Hi, {LEFT_OFF}I see you're asking about order #12.")
    );
    t!(empty_order_is_ignored, facts(None, Some(" # "), None),
       format!("Hi, {LEFT_OFF}I can see everything you've told us so far, so there's no need to repeat anything."));

    #[test]
    fn gather_reads_fields_leads_and_reasons() {
        let mut fields = BTreeMap::new();
        fields.insert("Order".to_string(), "4471".to_string());
        let reasons = [
            ReasonOut {
                trigger: "human_request".into(),
                signal: "talk to a person".into(),
                weight: 1.0,
            },
            ReasonOut {
                trigger: "high_risk".into(),
                signal: "intent refund: \"money back\"".into(),
                weight: 1.0,
            },
        ];
        let said = || Some("Jane".to_string());
        let f = gather(&fields, Some("Maria Lopez"), said, &reasons);
        assert_eq!(
            f,
            VisitorContext {
                name_from: Some(NameSource::Lead),
                ..facts(Some("Maria Lopez"), Some("4471"), Some("refund"))
            }
        );
        fields.insert("name".to_string(), "Ana".to_string());
        let f = gather(&fields, Some("Maria"), said, []);
        assert_eq!(
            (f.name.as_deref(), f.name_from),
            (Some("Ana"), Some(NameSource::Handoff))
        );
    }

    #[test]
    fn a_name_said_in_the_chat_fills_in_only_when_none_was_given() {
        let none = BTreeMap::new();
        let f = gather(&none, None, || Some("Jane".to_string()), []);
        assert_eq!(
            (f.name.as_deref(), f.name_from),
            (Some("Jane"), Some(NameSource::Chat))
        );
        assert_eq!(suggested_greeting(&f), format!("Hi Jane, {LEFT_OFF}I can see everything you've told us so far, so there's no need to repeat anything."));
        let f = gather(&none, Some("  "), || None, []);
        assert_eq!((f.name, f.name_from), (None, None));
        let asked = std::cell::Cell::new(false);
        let f = gather(
            &none,
            Some("Maria"),
            || {
                asked.set(true);
                Some("Jane".to_string())
            },
            [],
        );
        assert_eq!((f.name.as_deref(), asked.get()), (Some("Maria"), false));
    }
}
