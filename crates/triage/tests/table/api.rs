//! Beyond one message's triggers: the owner's configuration, reasons, extraction, conversations.

use super::*;

mod config {
    use super::*;

    fn with(f: impl FnOnce(&mut Config)) -> Engine {
        let mut c = Config::default();
        f(&mut c);
        Engine::new(c).unwrap()
    }

    fn error(f: impl FnOnce(&mut Config)) -> String {
        let mut c = Config::default();
        f(&mut c);
        Engine::new(c).unwrap_err().to_string()
    }

    #[test]
    fn owner_human_phrase() {
        let e = with(|c| c.human_phrases.push("Ask Maria".into()));
        assert!(e
            .classify("can I ask maria about this?")
            .fired(HumanRequest));
    }

    #[test]
    fn owner_frustration_term() {
        let e = with(|c| {
            c.frustration_terms.push(WeightedTerm {
                phrase: "meh".into(),
                weight: 1.0,
            })
        });
        assert!(e.classify("meh").fired(Frustration));
    }

    #[test]
    fn removed_phrase() {
        let e = with(|c| c.removed_phrases.push("cancel*".into()));
        assert!(!e.classify("how do I cancel my booking").fired(HighRisk));
        assert!(e.classify("I want a refund").fired(HighRisk));
    }

    #[test]
    fn custom_intent_and_route() {
        let e = with(|c| {
            c.intents.push(Intent {
                name: "warranty".into(),
                route: "repairs".into(),
                phrases: vec!["warranty claim".into()],
            })
        });
        let v = e.classify("I have a warranty claim");
        assert_eq!(v.intents, ["warranty"]);
        assert_eq!(v.decision.route(), Some("repairs"));
    }

    #[test]
    fn owner_phrase_on_builtin_intent() {
        let e = with(|c| c.intents[0].phrases.push("give it back".into()));
        assert_eq!(e.classify("give it back").intents, ["refund"]);
    }

    #[test]
    fn disabled_intent() {
        let e = with(|c| c.intents.retain(|i| i.name != "cancel"));
        assert!(!e.classify("cancel my order").fired(HighRisk));
        // A shop where returns are the bot's job.
        let e = with(|c| {
            c.intents
                .retain(|i| i.name != "return" && i.name != "exchange")
        });
        assert!(!e.classify("I want to return this jacket").fired(HighRisk));
        assert!(!e
            .classify("I'd like to exchange it for a medium")
            .fired(HighRisk));
        let v = engine().classify("I want to return this jacket");
        assert_eq!(
            (v.intents, v.decision.route()),
            (vec!["return".to_string()], Some("support"))
        );
    }

    #[test]
    fn routes() {
        let e = engine();
        assert_eq!(
            e.classify("I want a refund").decision.route(),
            Some("billing")
        );
        assert_eq!(
            e.classify("I'm going to sue you").decision.route(),
            Some("support")
        );
        assert_eq!(
            e.classify("wholesale prices?").decision.route(),
            Some("sales")
        );
        let e = with(|c| c.routes.human_request = Some("humans".into()));
        assert_eq!(e.classify("agent").decision.route(), Some("humans"));
    }

    #[test]
    fn no_languages_leaves_the_owners_phrases_and_the_wordless_signals() {
        let e = with(|c| {
            c.languages.clear();
            c.human_phrases = vec!["put me on the phone".into()];
        });
        assert!(!e
            .classify("can I talk to a real person?")
            .fired(HumanRequest));
        assert!(e.classify("please put me on the phone").fired(HumanRequest));
        assert_eq!(
            e.classify("my budget is €25,000").extracted.amounts[0].currency,
            Some("EUR")
        );
    }

    #[test]
    fn packs_loaded_at_run_time_replace_the_built_in_ones() {
        // A pack for English that knows one phrase: the built-in English phrases are gone.
        let pack = triage::LanguagePack::parse("language = en\nhuman =\n    fetch the captain|\n")
            .unwrap();
        assert_eq!(pack.language(), Language::En);
        let e = with(|c| {
            c.languages = vec![Language::En];
            c.packs = vec![pack];
        });
        assert!(e.classify("fetch the captain").fired(HumanRequest));
        assert!(!e.classify("talk to a person").fired(HumanRequest));
        // The built-in texts parse to the packs the default configuration uses.
        let builtin: Vec<_> = Language::ALL
            .iter()
            .map(|&l| triage::LanguagePack::parse(triage::builtin_text(l)).unwrap())
            .collect();
        let e = with(|c| c.packs = builtin);
        assert!(e
            .classify("quiero hablar con una persona")
            .fired(HumanRequest));
    }

    #[test]
    fn invalid_packs_name_the_line() {
        let err = |text: &str| triage::LanguagePack::parse(text).unwrap_err().to_string();
        assert_eq!(
            err("human =\n    agent|\n"),
            "a language pack needs a `language = xx` line"
        );
        assert_eq!(err("language = xx\n"), "line 1: unknown language \"xx\"");
        assert_eq!(
            err("# English\nlanguage = en\nhumans =\n    agent|\n"),
            "line 3: unknown list \"humans\""
        );
        assert_eq!(
            err("language = en\n    agent|\n"),
            "line 2: entries before any `name =` line"
        );
        assert_eq!(
            err("language = en\nhuman agent\n"),
            "line 2: expected `name =` or an indented line of entries"
        );
        // Windows line ends and blank lines count as lines too.
        assert_eq!(
            err("language = en\r\n\r\nhuman agent\r\n"),
            "line 3: expected `name =` or an indented line of entries"
        );
    }

    #[test]
    fn a_pack_saved_with_windows_line_ends_reads_the_same() {
        let unix = "language = en\nhuman =\n    fetch the captain|\n";
        let windows = unix.replace('\n', "\r\n");
        assert_eq!(
            triage::LanguagePack::parse(&windows).unwrap(),
            triage::LanguagePack::parse(unix).unwrap()
        );
    }

    #[test]
    fn only_some_languages() {
        let e = with(|c| c.languages = vec![Language::En]);
        assert!(!e
            .classify("quiero hablar con una persona")
            .fired(HumanRequest));
        assert!(e.classify("talk to a person").fired(HumanRequest));
    }

    #[test]
    fn invalid() {
        assert_eq!(
            error(|c| c.thresholds.low_confidence = 1.5),
            "threshold low_confidence is 1.5, but must be between 0 and 1"
        );
        assert_eq!(
            error(|c| c.thresholds.out_of_scope = 0.6),
            "threshold out_of_scope is 0.6000000238418579, but must be at most low_confidence"
        );
        assert_eq!(
            error(|c| c.thresholds.frustration = f32::NAN),
            "threshold frustration is NaN, but must be a finite number above 0"
        );
        assert_eq!(
            error(|c| c.thresholds.failure_strikes = 0),
            "threshold failure_strikes is 0, but must be between 1 and 100"
        );
        assert_eq!(
            error(|c| c.routes.default = String::new()),
            "the route of routes.default is empty"
        );
        assert_eq!(error(|c| c.routes.post_capture = Some("sales team".into())), "the route \"sales team\" of routes.post_capture may only hold letters, digits, '-' and '_' (at most 64)");
        assert_eq!(
            error(|c| c.intents.push(Intent::new(" ", "x"))),
            "an intent has an empty name"
        );
        assert_eq!(
            error(|c| c.intents.push(Intent::new("refund", "x"))),
            "intent \"refund\" is listed twice"
        );
        assert_eq!(
            error(|c| c.intents.push(Intent::new("warranty", "x"))),
            "intent \"warranty\" is not built in, so it needs at least one phrase"
        );
        assert_eq!(
            error(|c| c.human_phrases.push("  ".into())),
            "human_phrases contains an empty phrase"
        );
        let long = "a".repeat(101);
        assert_eq!(
            error(|c| c.removed_phrases.push(long.clone())),
            format!("removed_phrases contains a phrase longer than 100 characters: {long:?}")
        );
        assert_eq!(
            error(|c| c.frustration_terms.push(WeightedTerm {
                phrase: "x".into(),
                weight: 9.0
            })),
            "frustration term \"x\" has weight 9, but weights must be finite and between -5 and 5"
        );
    }

    #[test]
    fn thresholds_are_respected() {
        let e = with(|c| {
            c.thresholds = Thresholds {
                frustration: 5.0,
                ..Thresholds::default()
            }
        });
        assert!(!e.classify("this is ridiculous").fired(Frustration));
    }
}

mod reasons {
    use super::*;

    #[test]
    fn phrases_and_signals() {
        assert_eq!(signals("real person"), ["phrase \"real person\""]);
        assert_eq!(
            signals("I want my money back"),
            ["intent refund: \"money back\""]
        );
        assert!(signals("WHY IS THIS NOT WORKING???").contains(&"\"???\" run".to_string()));
        assert!(signals("WHY IS THIS NOT WORKING???")
            .iter()
            .any(|s| s.starts_with("all caps ")));
    }
}

mod extraction {
    use triage::extract;

    #[test]
    fn contacts() {
        let x = extract("mail me at Maria.Lopez@Example.COM or call +44 20 7946 0958");
        assert_eq!(x.emails, ["Maria.Lopez@example.com"]);
        assert_eq!(x.phones, ["+442079460958"]);
        assert_eq!(
            extract("my number is (555) 123-4567").phones,
            ["5551234567"]
        );
        assert_eq!(extract("06 12 34 56 78").phones, ["0612345678"]);
        assert!(extract("delivered on 2024-05-12").phones.is_empty());
        assert!(extract("order 12345678 is late").phones.is_empty());
        assert!(extract("I paid 1,250,000 rupees").phones.is_empty());
    }

    #[test]
    fn orders() {
        assert_eq!(extract("where is #4471?").orders, ["4471"]);
        assert_eq!(extract("order 4471 is late").orders, ["4471"]);
        assert_eq!(extract("order number AB-1234").orders, ["AB-1234"]);
        assert_eq!(extract("mi pedido 4471").orders, ["4471"]);
        assert_eq!(extract("Bestellung 4471").orders, ["4471"]);
        assert_eq!(extract("ref XY12").orders, ["XY12"]);
        assert!(extract("I ordered yesterday").orders.is_empty());
    }

    #[test]
    fn money() {
        let one = |s: &str| {
            let x = extract(s);
            assert_eq!(x.amounts.len(), 1, "{s}: {x:?}");
            (
                x.amounts[0].amount,
                x.amounts[0].currency,
                x.amounts[0].text.clone(),
            )
        };
        assert_eq!(one("about €5,000"), (5000.0, Some("EUR"), "€5,000".into()));
        assert_eq!(
            one("5.000 € total"),
            (5000.0, Some("EUR"), "5.000 €".into())
        );
        assert_eq!(one("$10k budget"), (10000.0, Some("USD"), "$10k".into()));
        assert_eq!(one("USD 2500"), (2500.0, Some("USD"), "USD 2500".into()));
        assert_eq!(
            one("2,5 mil euros"),
            (2500.0, Some("EUR"), "2,5 mil euros".into())
        );
        assert_eq!(one("£1.2m"), (1_200_000.0, Some("GBP"), "£1.2m".into()));
        assert_eq!(
            one("50000 rupees"),
            (50000.0, Some("INR"), "50000 rupees".into())
        );
        assert_eq!(one("Rs 50,000"), (50000.0, Some("INR"), "Rs 50,000".into()));
        assert!(extract("I have 3 kids").amounts.is_empty());
    }
}

mod conversation {
    use super::*;

    #[test]
    fn two_unsure_bot_turns() {
        let e = engine();
        let mut c = Conversation::new();
        e.visitor(&mut c, "do you ship to Norway?");
        assert!(!e.bot(&mut c, Some(0.4)).decision.is_escalate());
        e.visitor(&mut c, "and to Oslo?");
        let v = e.bot(&mut c, Some(0.3));
        assert_eq!(v.triggers, [RepeatedFailure]);
        assert_eq!(v.reasons[0].signal, "2 unsure bot turns");
    }

    #[test]
    fn out_of_scope() {
        let e = engine();
        let mut c = Conversation::new();
        let v = e.bot(&mut c, Some(0.1));
        assert_eq!(v.triggers, [OutOfScope]);
        assert_eq!(v.reasons[0].signal, "bot confidence 0.10");
        assert!(e.bot(&mut Conversation::new(), None).fired(OutOfScope));
        assert!(!e
            .bot(&mut Conversation::new(), Some(0.9))
            .decision
            .is_escalate());
        assert!(e
            .bot(&mut Conversation::new(), Some(f32::NAN))
            .fired(OutOfScope));
    }

    #[test]
    fn rephrase() {
        let e = engine();
        let mut c = Conversation::new();
        assert!(!e
            .visitor(&mut c, "how do I reset my password")
            .decision
            .is_escalate());
        e.bot(&mut c, Some(0.9));
        assert!(e
            .visitor(&mut c, "how can I reset my password?")
            .fired(RepeatedFailure));
    }

    #[test]
    fn short_messages_are_not_rephrases() {
        let e = engine();
        let mut c = Conversation::new();
        for text in ["ok", "yes", "thanks", "ok", "yes", "thanks"] {
            assert!(!e.visitor(&mut c, text).decision.is_escalate(), "{text}");
        }
    }

    #[test]
    fn post_capture() {
        let e = engine();
        let mut c = Conversation::new();
        let v = e.visitor(&mut c, "you can reach me at ana@example.org");
        assert!(!v.fired(PostCapture));
        assert!(c.contact_captured);
        let v = e.visitor(&mut c, "also, do you deliver on Sundays?");
        assert_eq!(v.triggers, [PostCapture]);
        assert_eq!(v.decision.route(), Some("sales"));
        assert!(!e.visitor(&mut c, "and on Mondays?").fired(PostCapture));
    }

    #[test]
    fn post_capture_from_form() {
        let e = engine();
        let mut c = Conversation::new();
        c.capture_contact();
        assert!(e
            .visitor(&mut c, "what colours does it come in?")
            .fired(PostCapture));
    }

    #[test]
    fn frustration_builds_up() {
        // Each complaint alone is calm; together they are a visitor losing patience, and a
        // person takes over by the third at the latest.
        let e = engine();
        for text in [
            "it doesn't work",
            "the page is broken",
            "and the button doesn't work",
        ] {
            assert!(!e.classify(text).fired(Frustration), "{text:?} alone");
        }
        let mut c = Conversation::new();
        assert!(!e.visitor(&mut c, "it doesn't work").fired(Frustration));
        let second = e.visitor(&mut c, "the page is broken").fired(Frustration);
        let v = e.visitor(&mut c, "and the button doesn't work");
        assert!(second || v.fired(Frustration), "{v:#?}");
        assert_eq!(c.frustration_scores.len(), 3);
    }
    /// Feeds visitor messages, each followed by a bot turn of `confidence`, and returns the
    /// 1-based index of the first visitor message that fires frustration.
    fn first_frustration(messages: &[&str], confidence: Option<f32>) -> Option<usize> {
        let e = engine();
        let mut c = Conversation::new();
        let mut first = None;
        for (i, text) in messages.iter().enumerate() {
            if e.visitor(&mut c, text).fired(Frustration) && first.is_none() {
                first = Some(i + 1);
            }
            e.bot(&mut c, confidence);
        }
        first
    }

    // Build-up missed when no single message reached the lexicon: "still", "I already
    // did", a flat "no"/"nada"/"nicht" rebutting the bot's answer carried no weight, so a
    // visitor growing impatient over four mildly negative replies never escalated.
    #[test]
    fn mild_signs_build_up() {
        let en = [
            "my voucher isn't accepted",
            "I did that, it still fails",
            "no, that's not it",
            "there is nothing on sale. come on",
        ];
        assert_eq!(first_frustration(&en, Some(0.8)), Some(4));
        let es = [
            "no me llega el código",
            "ya lo he probado y nada",
            "sigue sin llegar, en serio",
        ];
        assert_eq!(first_frustration(&es, Some(0.8)), Some(3));
        let de = [
            "die Anmeldung geht nicht",
            "hab ich schon versucht, geht trotzdem nicht",
            "das ist nicht das Problem. echt jetzt?",
        ];
        assert_eq!(first_frustration(&de, Some(0.8)), Some(3));
    }

    // The same mild signs in a routine exchange must not add up: a "no" of "no worries", a
    // polite "still" and a question of the same shape are no impatience.
    #[test]
    fn mild_signs_in_routine_exchanges() {
        let calm = [
            "do you have the linen shirt in navy",
            "no worries, is the sale still on?",
            "not now, I'll order the navy one",
            "ok no, that's all",
        ];
        assert_eq!(first_frustration(&calm, Some(0.9)), None);
        let thanks = [
            "it doesn't open on my phone",
            "still the same, but thanks, I'll try the laptop",
            "no, it works now, great",
        ];
        assert_eq!(first_frustration(&thanks, Some(0.9)), None);
    }

    // Curt replies to an unsure bot count as a mild sign: a bare "no", "broken" after
    // answers that missed, on top of a complaint, build up where they did not before.
    #[test]
    fn curt_replies_after_unsure_bot() {
        let curt = ["the tracking link doesn't work", "no", "broken"];
        assert_eq!(first_frustration(&curt, Some(0.9)), None);
        assert_eq!(first_frustration(&curt, Some(0.6)), None);
        assert_eq!(first_frustration(&curt, Some(0.45)), Some(3));
    }
}
