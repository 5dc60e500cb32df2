//! Property tests: the engine never panics, whatever the visitor sends, and stays fast on
//! huge or adversarial messages.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use triage::{extract, Config, Conversation, Engine};

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
    let random: String = (0..100_000u32).map(|i| char::from_u32(32 + (i.wrapping_mul(2_654_435_761) % 0x2000)).unwrap_or('x')).collect();
    completes_quickly(&random);
}
