//! Property tests: the engine never panics, whatever the visitor sends, and stays fast on
//! huge or adversarial messages.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use triage::{
    extract, Config, Conversation, Engine, Intent, Language, LanguagePack, Thresholds, WeightedTerm,
};

fn engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Config::default()).unwrap())
}

proptest! {
    #[test]
    fn classify_never_panics(text in any::<String>()) {
        let _ = engine().classify(&text);
    }

    #[test]
    fn extract_never_panics(text in any::<String>()) {
        let _ = extract(&text);
    }

    #[test]
    fn extract_never_panics_on_numberish(text in "[0-9+#@€$£.,() a-zA-Z-]{0,60}") {
        let _ = extract(&text);
    }

    #[test]
    fn conversations_never_panic(
        turns in proptest::collection::vec((any::<String>(), proptest::option::of(any::<f32>())), 0..8)
    ) {
        let mut c = Conversation::new();
        for (text, confidence) in turns {
            let _ = engine().visitor(&mut c, &text);
            let _ = engine().bot(&mut c, confidence);
        }
    }

    #[test]
    fn mixed_script_words_never_panic(text in "[a-zA-Zéßœ' İ!?]{0,80}") {
        let _ = engine().classify(&text);
    }

    /// Whatever an owner writes, the engine is built or the configuration is refused with a
    /// message; a built engine then takes any conversation.
    #[test]
    fn any_configuration_is_an_engine_or_an_error(
        thresholds in (unit(), unit(), unit(), count(), unit(), prop_oneof![12 => 1.0f64..1e7, 1 => any::<f64>()], count()),
        human in proptest::collection::vec(phrase(), 0..4),
        removed in proptest::collection::vec(phrase(), 0..4),
        terms in proptest::collection::vec((phrase(), prop_oneof![4 => -5.0f32..=5.0, 1 => any::<f32>()]), 0..4),
        intents in proptest::collection::vec((prop_oneof![8 => "[a-z_]{1,10}", 1 => phrase()], prop_oneof![8 => "[a-z_-]{1,8}", 1 => "[a-z_ -]{0,8}"], proptest::collection::vec(phrase(), 0..3)), 0..3),
        turns in proptest::collection::vec((any::<String>(), proptest::option::of(any::<f32>())), 0..4),
    ) {
        let (frustration, low_confidence, out_of_scope, failure_strikes, rephrase_similarity, large_amount, post_capture_messages) = thresholds;
        // Mostly below `low_confidence`, as it must be; sometimes anything.
        let out_of_scope = if (0.0..=1.0).contains(&out_of_scope) { out_of_scope * low_confidence } else { out_of_scope };
        let mut config = Config {
            thresholds: Thresholds { frustration, low_confidence, out_of_scope, failure_strikes, rephrase_similarity, large_amount, post_capture_messages },
            human_phrases: human,
            removed_phrases: removed,
            frustration_terms: terms.into_iter().map(|(phrase, weight)| WeightedTerm { phrase, weight }).collect(),
            ..Config::default()
        };
        config.intents.extend(intents.into_iter().map(|(name, route, phrases)| Intent { name, route, phrases }));
        match Engine::new(config) {
            Ok(engine) => {
                let mut c = Conversation::new();
                for (text, confidence) in turns {
                    let _ = engine.visitor(&mut c, &text);
                    let _ = engine.bot(&mut c, confidence);
                }
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Any text read as a language pack is a pack or an error naming what is wrong; a pack
    /// that parses, however odd its entries, builds an engine that classifies anything.
    #[test]
    fn any_pack_text_is_a_pack_or_an_error(
        lists in proptest::collection::vec(("(human|cues|nouns|solo|frustration|intents|negators|known|misspelt|not_human|policy)", proptest::collection::vec("[a-z*=:| '-]{0,12}", 0..4)), 0..6),
        junk in any::<String>(),
        text in any::<String>(),
    ) {
        let mut pack = String::from("language = en\n");
        for (name, lines) in &lists {
            pack.push_str(name);
            pack.push_str(" =\n");
            for line in lines {
                pack.push_str("    ");
                pack.push_str(line);
                pack.push('\n');
            }
        }
        if let Err(e) = LanguagePack::parse(&junk) {
            prop_assert!(!e.to_string().is_empty());
        }
        let pack = LanguagePack::parse(&pack).expect("well-formed lists parse");
        let engine = Engine::new(Config { languages: vec![Language::En], packs: vec![pack], ..Config::default() }).expect("an engine");
        let _ = engine.classify(&text);
    }
}

/// A threshold in `0..=1` mostly, sometimes anything (NaN, infinities, negatives).
fn unit() -> impl Strategy<Value = f32> {
    prop_oneof![12 => 0.0f32..=1.0, 1 => any::<f32>()]
}

/// A count in `1..=10` mostly, sometimes anything.
fn count() -> impl Strategy<Value = u32> {
    prop_oneof![12 => 1u32..=10, 1 => any::<u32>()]
}

/// Phrases as owners write them, odd ones included: empty, blank, starred, accented, long.
fn phrase() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => "[a-zA-Zéü*'-][a-zA-Zéü*' -]{0,19}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => any::<String>(),
        1 => "[a-z ]{95,110}",
    ]
}

// The bound is deliberately generous (debug builds, a busy machine): it catches quadratic
// blow-ups, not regressions of a few percent. The real figures come from
// `cargo bench -p triage --bench classify`.
const GENEROUS: Duration = Duration::from_secs(5);

fn completes_quickly(text: &str) {
    let start = Instant::now();
    let mut c = Conversation::new();
    let _ = engine().visitor(&mut c, text);
    let _ = engine().visitor(&mut c, text);
    let _ = extract(text);
    let took = start.elapsed();
    assert!(took < GENEROUS, "{} bytes took {took:?}", text.len());
}

#[test]
fn huge_messages_complete() {
    completes_quickly(&"a".repeat(100_000));
    completes_quickly(&"!?".repeat(50_000));
    completes_quickly(&"1".repeat(100_000));
    completes_quickly(&"1 ".repeat(50_000));
    completes_quickly(&"@".repeat(100_000));
    completes_quickly(&"a@b.co ".repeat(14_000));
    completes_quickly(&"€5,000 ".repeat(12_000));
    completes_quickly(&"talk to a real person ".repeat(4_500));
    completes_quickly(&"reprsentative ".repeat(7_000));
    completes_quickly(&"so so useless!!! ".repeat(6_000));
    completes_quickly(&"é".repeat(50_000));
    let random: String = (0..100_000u32)
        .map(|i| char::from_u32(32 + (i.wrapping_mul(2_654_435_761) % 0x2000)).unwrap_or('x'))
        .collect();
    completes_quickly(&random);
}
