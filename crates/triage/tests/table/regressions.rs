//! Mistakes once made: typo correction inventing triggers, bare numbers as money, reasons twice.

use super::*;

mod regression {
    use super::*;
    // "cancer" is one letter from "cancel": typo tolerance must not invent a cancellation
    // when the visitor is already talking about a medical matter.
    t!(reg_010, "is this safe during cancer treatment", &[]);
    // A negator after "can" is inability: "can't cancel" is a cancellation problem.
    t!(reg_020, "I can't cancel my order online", &[HighRisk]);
    // Typo correction turned everyday words into trigger words: "annual" into "annul*"
    // (cancel), "demande" (French: request) and "domanda" (Italian: question) into
    // "demanda" (Spanish: lawsuit). Common words are known as themselves and never corrected.
    t!(reg_030, "how much is the annual plan?", &[]);
    t!(reg_031, "le tarif annuel, c'est combien ?", &[]);
    t!(reg_032, "j'ai une demande sur la livraison", &[]);
    t!(reg_033, "ho una domanda sulla consegna", &[]);
    t!(reg_034, "is there demand for this size", &[]);
    // A bare "10k" or "25k" is money only where money is discussed: these are a run and a
    // subscriber count, not a large amount.
    t!(
        reg_040,
        "I ran 10k this morning, do you sell running socks?",
        &[]
    );
    t!(reg_041, "our 25k subscribers love the newsletter", &[]);
    t!(reg_042, "we need a quote for roughly 25k", &[HighRisk]);
    t!(reg_043, "unser Budget liegt bei 20k", &[HighRisk]);
    // Typo correction keeps the first letter, so spellings by ear were missed: a dropped
    // silent "h" ("ablar" = hablar) and "k" for "qu" ("kiero" = quiero).
    t!(reg_050, "kiero ablar con alguien", &[HumanRequest]);
    t!(reg_051, "I ate a lot of it, is that ok?", &[]);
    // "no." after a word is the abbreviation of "number", not a negator ending the clause.
    t!(
        reg_060,
        "customer care no. pe connect karo",
        &[HumanRequest]
    );
    t!(reg_061, "no. i want a refund", &[HighRisk]);
    // A bare duration is no complaint ("pause for a month", "away for days"); waiting,
    // trying or being stuck for that long is.
    t!(reg_070, "can I pause my plan for a month?", &[]);
    t!(
        reg_071,
        "I'll be away for days, can you hold the parcel?",
        &[]
    );
    t!(
        reg_072,
        "I've been trying to reach you for days",
        &[Frustration]
    );
    t!(
        reg_073,
        "my order has been stuck for weeks now",
        &[Frustration]
    );
    t!(
        reg_074,
        "I waited for hours and nobody picked up",
        &[Frustration]
    );
    // "nobody" negates what follows, except inside a phrase that holds it.
    t!(
        reg_080,
        "nobody has called me back like you promised",
        &[Frustration]
    );
}

mod overlaps {
    use super::*;

    // Overlapping phrases each gave a reason ("real person" inside "talk to a real person",
    // "anyone there" inside "is anyone there"): the agent should see one reason per span,
    // the longest.
    #[test]
    fn one_reason_per_span() {
        assert_eq!(
            signals("can I talk to a real person?"),
            ["phrase \"talk to a real person\""]
        );
        assert_eq!(signals("is anyone there?"), ["phrase \"is anyone there\""]);
        // Two separate requests are still two reasons.
        assert_eq!(signals("real person please, or call me").len(), 2);
    }

    // A phrase in two packs ("dringend": urgent in German and Dutch) gave the same reason
    // twice.
    #[test]
    fn one_reason_per_phrase() {
        assert_eq!(signals("dringend"), ["intent emergency: \"dringend\""]);
    }
}
