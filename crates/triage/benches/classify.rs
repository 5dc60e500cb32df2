//! Per-message cost of the engine.
//!
//! ```text
//! cargo bench -p triage --bench classify -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use triage::{Config, Conversation, Engine};

fn bench(c: &mut Criterion) {
    let engine = Engine::new(Config::default()).unwrap();
    // Typical messages of about 60 bytes.
    let routine = "Hi, do you deliver to Rotterdam on Saturdays? Thanks a lot";
    let escalating = "this is ridiculous, I want my money back and a real person!!";
    let long: String =
        "Hello, I ordered a jacket last week and it still has not arrived at my address. "
            .repeat(50)
            .chars()
            .take(4000)
            .collect();
    c.bench_function("classify routine 60B", |b| {
        b.iter(|| engine.classify(black_box(routine)))
    });
    c.bench_function("classify escalating 60B", |b| {
        b.iter(|| engine.classify(black_box(escalating)))
    });
    c.bench_function("classify 4000 chars", |b| {
        b.iter(|| engine.classify(black_box(&long)))
    });
    c.bench_function("visitor in a 6-message conversation", |b| {
        let mut conversation = Conversation::new();
        for m in [
            "do you ship to Norway?",
            "and Sweden?",
            "how long does it take",
            "ok thanks",
            "what about returns",
        ] {
            engine.visitor(&mut conversation, m);
        }
        b.iter(|| engine.visitor(&mut conversation.clone(), black_box(routine)))
    });
    c.bench_function("Engine::new", |b| {
        b.iter(|| Engine::new(Config::default()).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
