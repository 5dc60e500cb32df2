//! The trainer's fitting, calibration and pack writing, on small lines made up here.

use super::*;

fn line(text: &str, frustrated: bool) -> Line {
    Line {
        features: triage::Engine::new(triage::Config::default())
            .unwrap()
            .learned_features(text),
        frustrated,
        weight: 1.0,
        routine: !frustrated,
        group: 0,
        rules: (0.0, false),
    }
}

#[test]
fn angry_words_weigh_for_frustration_and_ordinary_ones_against() {
    let mut lines = Vec::new();
    // Two sources alike: a feature is learned only when both use it.
    for i in 0..10 {
        for (text, angry) in [
            ("this is the worst service ever", true),
            ("worst delivery i have had", true),
            ("where is my parcel", false),
            ("what time do you open", false),
            ("the service was great thanks", false),
        ] {
            lines.push(Line {
                group: i % 2,
                ..line(text, angry)
            });
        }
    }
    // A word only one source uses is that source's topic: not learned.
    let mut topical = lines.clone();
    for _ in 0..5 {
        topical.push(line("my email is broken", true));
    }
    assert!(!fit(&topical, 100).weights.iter().any(|(k, _)| k == "email"));
    let fitted = fit(&lines, 100);
    let w = |f: &str| {
        fitted
            .weights
            .iter()
            .find(|(k, _)| k == f)
            .map_or(0.0, |(_, w)| *w)
    };
    assert!(w("worst") > 0.5, "{fitted:?}");
    assert!(w("where") < 0.0, "{fitted:?}");
    assert_eq!(fit(&lines, 100), fitted, "the same lines, the same model");
    let kept = fit(&lines, 2);
    assert_eq!(kept.weights.len(), 2);
    // Calibrated against rules that see nothing, the model alone finds the angry lines
    // without firing on a calm one.
    let z: Vec<f32> = lines.iter().map(|l| log_odds_of(l, &fitted)).collect();
    let c = calibrate(&lines, &z, 0.7);
    assert_eq!((c.f1, c.added_false), (1.0, 0), "{c:?}");
    let written = entries(&fitted, &c).join("|");
    let engine = triage::Engine::new(triage::Config {
        model: Some(written),
        ..triage::Config::default()
    })
    .unwrap();
    assert!(engine
        .classify("worst delivery i have had")
        .fired(triage::Trigger::Frustration));
    assert!(!engine.classify("where is my parcel").decision.is_escalate());
}

#[test]
fn placeholders_go_and_html_entities_are_decoded() {
    assert_eq!(
        without_placeholders("@user bold &amp; bad [NAME] http://x.y &lt;3"),
        "bold & bad <3"
    );
}

#[test]
fn the_model_list_of_a_pack_is_replaced_and_the_rest_kept() {
    let pack = "language = en\nhuman =\n    agent|\nmodel =\n    old=1|\n";
    let new = with_model(pack, &["(bias)=-120".into(), "worst=150".into()]);
    assert!(new.starts_with("language = en\nhuman =\n    agent|\n# Learned"));
    assert!(
        new.ends_with("model =\n    (bias)=-120|worst=150|\n"),
        "{new}"
    );
    assert_eq!(
        with_model(&new, &["x=1".into()]).matches("model =").count(),
        1
    );
    let parsed = triage::LanguagePack::parse(&new).expect("still a pack");
    assert_eq!(parsed.language(), triage::Language::En);
}
