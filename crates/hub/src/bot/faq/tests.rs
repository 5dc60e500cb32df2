//! Parsing errors, the table of answers, translations, thresholds and typos.

use super::matching::similarity;
use super::*;

#[test]
fn parse_errors_name_the_entry_and_the_problem() {
    let entry = |body: &str| {
        format!("[[entries]]\nquestion = \"Where is my order?\"\nanswer = \"Check the email.\"\n\n[[entries]]\n{body}\n")
    };
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "no [[entries]]: the file needs at least one"),
        ("entries = []".into(), "no [[entries]]: the file needs at least one"),
        ("entries = 3".into(), "\"entries\" must be written as [[entries]] tables"),
        ("title = \"FAQ\"".into(), "unknown top-level key \"title\": the file holds language and [[entries]]"),
        ("language = \"xx\"\n[[entries]]\nquestion = \"Returns?\"\nanswer = \"x\"".into(), "language: language \"xx\" is not one the assistant can tell apart"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nanswers_first = \"yes\""), "entry 2 (\"Returns?\"): \"answers_first\" must be true or false"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.xx]\nquestion = \"a\"\nanswer = \"b\""), "entry 2 (\"Returns?\"), translation \"xx\": language \"xx\" is not one"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.en]\nquestion = \"Returns?\"\nanswer = \"b\""), "entry 2 (\"Returns?\"), translation \"en\": the file is already written in \"en\""),
        (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Devoluciones?\""), "entry 2 (\"Returns?\"), translation \"es\": \"answer\" is missing"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Devoluciones?\"\nanswer = \"y\"\nrespuesta = \"z\""), "entry 2 (\"Returns?\"), translation \"es\": unknown key \"respuesta\""),
        (entry("question = \"Returns?\"\nanswer = \"x\"\n[entries.translations.es]\nquestion = \"¿Qué es?\"\nanswer = \"y\""), "entry 2 (\"Returns?\"), translation \"es\": the question has no word to match on"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\ntranslations = 3"), "entry 2 (\"Returns?\"): \"translations\" must be tables"),
        ("[[entries]\n".into(), "invalid TOML"),
        (entry("answer = \"x\""), "entry 2: \"question\" is missing"),
        (entry("question = \"  \"\nanswer = \"x\""), "entry 2: \"question\" is empty"),
        (entry("question = 5\nanswer = \"x\""), "entry 2: \"question\" must be a string"),
        (entry("question = \"Returns?\""), "entry 2 (\"Returns?\"): \"answer\" is missing"),
        (entry("question = \"Returns?\"\nanswer = \"\""), "entry 2 (\"Returns?\"): \"answer\" is empty"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nanwser = \"y\""), "entry 2 (\"Returns?\"): unknown key \"anwser\""),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nkeywords = \"refund\""), "entry 2 (\"Returns?\"): \"keywords\" must be a list of strings"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nalternatives = [\"a b\", \"\"]"), "entry 2 (\"Returns?\"): alternatives item 2 is empty"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nalternatives = [1]"), "entry 2 (\"Returns?\"): alternatives item 1 must be a string"),
        (entry("question = \"Returns?\"\nanswer = \"x\"\nkeywords = [\"the\"]"), "entry 2 (\"Returns?\"): keyword 1 (\"the\") has no word to match on"),
        (entry("question = \"What is it?\"\nanswer = \"x\""), "entry 2 (\"What is it?\"): the question has no word to match on"),
        (entry("question = \"where's my ORDER\"\nanswer = \"x\""), "entry 2 (\"where's my ORDER\") asks the same as entry 1 (\"Where is my order?\")"),
        (entry(&format!("question = \"Returns?\"\nanswer = \"{}\"", "x".repeat(4001))), "entry 2 (\"Returns?\"): \"answer\" has 4001 characters"),
        ("[[entries]]\nquestion = \"Returns?\"\nanswer = \"b\"\n[[entries]]\nquestion = \"Delivery?\"\nanswer = \"d\"\n[[entries]]\nanswer = \"e\"".into(), "entry 3: \"question\" is missing"),
        ("entries = [\"x\"]".into(), "entry 1 must be a [[entries]] table"),
    ];
    for (text, expected) in cases {
        let err = Faq::parse(&text).unwrap_err();
        assert!(
            err.starts_with(expected),
            "{text}\n→ {err}\nexpected: {expected}"
        );
    }
}

#[test]
fn a_question_with_only_keywords_or_alternatives_is_fine() {
    let faq = Faq::parse(
        "[[entries]]\nquestion = \"What about it?\"\nkeywords = [\"klarna\"]\nanswer = \"Yes.\"",
    )
    .unwrap();
    assert_eq!(faq.len(), 1);
    assert_eq!(faq.answer("klarna?").text.as_deref(), Some("Yes."));
}

#[test]
fn table_of_answers() {
    let faq = Faq::parse(
        r#"
        [[entries]]
        question = "What is your returns policy?"
        alternatives = ["Can I send an item back?"]
        answer = "30 days."

        [[entries]]
        question = "How much does delivery cost?"
        keywords = ["free shipping"]
        answer = "£4.95."

        [[entries]]
        question = "¿Hacéis envíos a España?"
        answer = "Sí."

        [[entries]]
        question = "送料はいくらですか"
        answer = "500円です。"
        "#,
    )
    .unwrap();
    // (question, expected answer or None, minimum confidence, maximum confidence)
    let cases: &[(&str, Option<&str>, f32, f32)] = &[
        ("What is your returns policy?", Some("30 days."), 1.0, 1.0),
        ("returns", Some("30 days."), 0.6, 1.0),
        ("can I send it back", Some("30 days."), 0.6, 1.0),
        ("Returning an item", Some("30 days."), 0.6, 1.0),
        ("shipping price", Some("£4.95."), 0.6, 1.0),
        (
            "do you offer free shipping to my town",
            Some("£4.95."),
            0.5,
            1.0,
        ),
        ("hacéis envíos a espana", Some("Sí."), 0.6, 1.0),
        ("HACEIS ENVIOS", Some("Sí."), 0.5, 1.0),
        ("送料はいくら", Some("500円です。"), 0.6, 1.0),
        ("do you sell kayaks", None, 0.0, 0.3),
        ("", None, 0.0, 0.0),
        ("what is", None, 0.0, 0.0),
    ];
    for &(question, expected, lo, hi) in cases {
        let a = faq.answer(question);
        assert_eq!(a.text.as_deref(), expected, "{question:?}: {a:?}");
        assert!((lo..=hi).contains(&a.confidence), "{question:?}: {a:?}");
    }
}

#[test]
fn translations_answer_in_the_question_s_language() {
    let faq = Faq::parse(
        r#"
        [[entries]]
        question = "Where is my order?"
        answer = "Use the tracking link."
        [entries.translations.es]
        question = "¿Dónde está mi pedido?"
        answer = "Use el enlace de seguimiento."
        [entries.translations.fr]
        question = "Où est ma commande ?"
        alternatives = ["Comment suivre ma commande ?"]
        answer = "Utilisez le lien de suivi."

        [[entries]]
        question = "How much does delivery cost?"
        answers_first = true
        answer = "£4.95."
        [entries.translations.de]
        question = "Was kostet der Versand?"
        answer = "4,95 £."
        "#,
    )
    .unwrap();
    assert_eq!(
        faq.languages().collect::<Vec<_>>(),
        [Lang::En, Lang::Es, Lang::Fr, Lang::De]
    );
    // (question, answer, language read in, whether the file speaks it)
    let cases: &[(&str, Option<&str>, Lang, bool)] = &[
        (
            "where is my order #4471?",
            Some("Use the tracking link."),
            Lang::En,
            true,
        ),
        (
            "¿dónde está mi pedido 4471?",
            Some("Use el enlace de seguimiento."),
            Lang::Es,
            true,
        ),
        (
            "donde esta mi pedido",
            Some("Use el enlace de seguimiento."),
            Lang::Es,
            true,
        ),
        (
            "où est ma commande ?",
            Some("Utilisez le lien de suivi."),
            Lang::Fr,
            true,
        ),
        (
            "comment je peux suivre ma commande",
            Some("Utilisez le lien de suivi."),
            Lang::Fr,
            true,
        ),
        (
            "Was kostet der Versand nach Berlin?",
            Some("4,95 £."),
            Lang::De,
            true,
        ),
        // German is spoken, but this entry has no German: not sure, in German.
        ("Wo ist meine Bestellung?", None, Lang::De, true),
        // Spanish is spoken, delivery costs are not in Spanish.
        ("¿Cuánto cuesta el envío?", None, Lang::Es, true),
        // Dutch is not spoken at all.
        ("Waar is mijn bestelling?", None, Lang::Nl, false),
    ];
    for &(question, answer, lang, speaks) in cases {
        let a = faq.answer(question);
        assert_eq!(
            (a.text.as_deref(), a.lang, a.speaks),
            (answer, lang, speaks),
            "{question:?}: {a:?}"
        );
    }
    // Words that tell no language are read in the chat's language when the file has it:
    // a Spanish visitor's "pedido?" finds the Spanish entry; with no chat language, or
    // one the file lacks, the file's own is assumed.
    let es = faq.answer_in("pedido?", Some(Lang::Es));
    assert_eq!(
        (es.text.as_deref(), es.lang),
        (Some("Use el enlace de seguimiento."), Lang::Es)
    );
    assert_eq!(faq.answer("pedido?").text, None);
    assert_eq!(faq.answer_in("pedido?", Some(Lang::Nl)).text, None);
    // The question's own words still win over the chat's language.
    assert_eq!(
        faq.answer_in("where is my order", Some(Lang::Es))
            .text
            .as_deref(),
        Some("Use the tracking link.")
    );
    // The entry's flag travels with its answer, in any language.
    assert!(faq.answer("how much does delivery cost").answers_first);
    assert!(faq.answer("Was kostet der Versand?").answers_first);
    assert!(!faq.answer("where is my order").answers_first);
    assert!(
        !faq.answer("Versand nach Mars, Pluto und Saturn?")
            .answers_first
    );
}

#[test]
fn a_file_in_another_language() {
    let faq = Faq::parse("language = \"es\"\n[[entries]]\nquestion = \"¿Cuánto tardan los reembolsos?\"\nanswer = \"5 días.\"").unwrap();
    assert_eq!(faq.language(), Lang::Es);
    assert_eq!(
        faq.answer("cuanto tardan los reembolsos").text.as_deref(),
        Some("5 días.")
    );
    // A bare word tells no language: the file's own is assumed.
    assert_eq!(faq.answer("reembolsos").text.as_deref(), Some("5 días."));
    let a = faq.answer("how long do refunds take?");
    assert_eq!((a.text, a.lang, a.speaks), (None, Lang::En, false));
}

#[test]
fn threshold_is_clamped() {
    let faq = Faq::parse("[[entries]]\nquestion = \"Returns?\"\nanswer = \"x\"").unwrap();
    assert_eq!(faq.clone().with_threshold(2.0).threshold(), 1.0);
    assert_eq!(faq.clone().with_threshold(-1.0).threshold(), 0.0);
    assert_eq!(faq.with_threshold(f32::NAN).threshold(), DEFAULT_THRESHOLD);
}

#[test]
fn typos() {
    let cases = [
        ("warrenty", "warranty", 0.8),
        ("retrun", "return", 0.8),
        ("night", "right", 0.0),
        ("boot", "boat", 0.0),
        ("returns", "return", 0.8),
        ("shop", "ship", 0.0),
        ("oredr", "order", 0.8),
        ("appl", "appli", 0.0),
    ];
    for (a, b, expected) in cases {
        assert_eq!(similarity(a, b), expected, "{a} {b}");
    }
}
