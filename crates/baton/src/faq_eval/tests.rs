//! The FAQ evaluation's readers and arithmetic, on inline fixtures.

use super::*;

fn o(expected: Option<&str>, best: Option<(&str, f32)>) -> Outcome {
    Outcome {
        expected: expected.map(str::to_string),
        best: best.map(|(a, c)| (a.to_string(), c)),
    }
}

#[test]
fn tally_counts_each_outcome_at_a_threshold() {
    let outcomes = [
        o(Some("a"), Some(("a", 0.9))),
        o(Some("a"), Some(("b", 0.6))),
        o(Some("b"), Some(("b", 0.35))),
        o(Some("b"), None),
        o(None, Some(("a", 0.55))),
        o(None, Some(("a", 0.2))),
    ];
    assert_eq!(
        Tally::at(&outcomes, 0.3),
        Tally {
            right: 2,
            wrong: 1,
            handed_off: 1,
            uncovered_answered: 1,
            uncovered_handed_off: 1
        }
    );
    assert_eq!(
        Tally::at(&outcomes, 0.5),
        Tally {
            right: 1,
            wrong: 1,
            handed_off: 2,
            uncovered_answered: 1,
            uncovered_handed_off: 1
        }
    );
    assert_eq!(
        Tally::at(&outcomes, 0.8),
        Tally {
            right: 1,
            wrong: 0,
            handed_off: 3,
            uncovered_answered: 0,
            uncovered_handed_off: 2
        }
    );
    // Exactly at the threshold answers, as the assistant does.
    assert_eq!(Tally::at(&outcomes, 0.9).right, 1);
    assert_eq!(top1(&outcomes), Some(0.5));
    assert_eq!(top1(&[o(None, Some(("a", 1.0)))]), None);
}

#[test]
fn report_labels_every_line_and_shows_shares() {
    let mut out = Vec::new();
    report(
        &mut out,
        "VALIDATE",
        "test",
        &[o(Some("a"), Some(("a", 0.65))), o(None, Some(("a", 0.1)))],
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().all(|l| l.contains("VALIDATE")), "{text}");
    assert!(
        text.contains("2 questions, 1 with an entry, 1 without"),
        "{text}"
    );
    assert!(
        text.contains("top-1 accuracy (questions with an entry): 1.000"),
        "{text}"
    );
    let at_07 = text.lines().find(|l| l.contains(" 0.70 |")).unwrap();
    assert_eq!(
        at_07
            .split_whitespace()
            .filter(|w| w.ends_with('%'))
            .collect::<Vec<_>>(),
        ["0.0%", "0.0%", "100.0%", "0.0%", "100.0%"]
    );
}

#[test]
fn ibm_lines_keep_the_customer_words_without_handles() {
    let text = concat!(
        r#"{"split":"dev","company":"Shop","session_id":"s","first_customer_message":"x","dialog":[{"role":"customer","text":"@ShopHelp my parcel is late"},{"role":"agent","text":"@me which order?"},{"role":"customer","text":"order 12"}],"agent_answer":"a","doc_id":"7","doc_url":"u"}"#,
        "\n\n"
    );
    let rows = ibm_rows(text).unwrap();
    assert_eq!(
        rows,
        [IbmRow {
            split: "dev".into(),
            company: "Shop".into(),
            text: "my parcel is late order 12".into(),
            doc: "7".into()
        }]
    );
    assert!(ibm_rows("{")
        .unwrap_err()
        .starts_with("IBM customer care line 1"));
}

#[test]
fn entries_group_by_answer_in_order() {
    let e = entries([
        ("parcel late", "7"),
        ("refund please", "9"),
        ("where is my parcel", "7"),
    ]);
    assert_eq!(e.len(), 2);
    assert_eq!(
        (
            e[0].question.as_str(),
            e[0].alternatives.as_slice(),
            e[0].answer.as_str()
        ),
        ("parcel late", &["where is my parcel".to_string()][..], "7")
    );
    assert_eq!(
        (e[1].question.as_str(), e[1].answer.as_str()),
        ("refund please", "9")
    );
}

fn ibm(split: &str, company: &str, text: &str, doc: &str) -> IbmRow {
    IbmRow {
        split: split.into(),
        company: company.into(),
        text: text.into(),
        doc: doc.into(),
    }
}

#[test]
fn ibm_splits_leave_one_out_and_stay_within_a_company() {
    let rows = [
        ibm("dev", "A", "my parcel is late", "p"),
        ibm("dev", "A", "parcel has not arrived", "p"),
        ibm("dev", "A", "reset my password", "pw"),
        ibm("dev", "B", "password reset link broken", "b-pw"),
        ibm("test", "A", "my parcel still not arrived", "p"),
        ibm("test", "A", "how do I close my account", "close"),
        ibm("test", "C", "anything", "c"),
    ];
    let tune = ibm_tune(&rows);
    // "reset my password" is alone with its article: left out, nothing covers it.
    assert_eq!(
        tune.iter()
            .map(|o| o.expected.as_deref())
            .collect::<Vec<_>>(),
        [Some("p"), Some("p"), None, None]
    );
    assert_eq!(tune[0].best.as_ref().unwrap().0, "p");
    let validate = ibm_validate(&rows);
    assert_eq!(
        validate
            .iter()
            .map(|o| o.expected.as_deref())
            .collect::<Vec<_>>(),
        [Some("p"), None, None]
    );
    assert_eq!(validate[0].best.as_ref().unwrap().0, "p");
    // Company C has no dev rows: an empty FAQ answers nothing.
    assert_eq!(validate[2].best, None);
}

#[test]
fn clinc_reads_the_tsv_and_builds_an_faq_from_train() {
    let text = "text\tlabel\tdomain\tsplit\nwhat is my balance\tbalance\tbanking\ttrain\nhow much money do I have\tbalance\tbanking\ttrain\nbook a table\trestaurant\tdining\ttrain\nsing me a song\toos\toos\ttrain\nmy account balance please\tbalance\tbanking\ttest\ntell me a joke\toos\toos\ttest\n";
    let rows = clinc_rows(text).unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[0],
        ClincRow {
            text: "what is my balance".into(),
            label: "balance".into(),
            split: "train".into()
        }
    );
    let faq = clinc_faq(&rows, 1);
    assert_eq!(
        faq.questions().collect::<Vec<_>>(),
        ["what is my balance", "book a table"]
    );
    let outcomes = clinc_outcomes(&faq, &rows, "test");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[0].expected.as_deref(), Some("balance"));
    assert_eq!(outcomes[0].best.as_ref().unwrap().0, "balance");
    assert_eq!(outcomes[1].expected, None);
    assert!(clinc_rows("a\tb\n")
        .unwrap_err()
        .contains("no \"text\" column"));
}
