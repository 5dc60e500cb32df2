//! Whether a visitor's message asks for information or asks for something to be done.
//!
//! "How long do refunds take?" asks how things work: an FAQ entry marked `answers_first`
//! may answer it, with a person offered beside the answer. "I want a refund for order 4471"
//! asks for an action on a particular order: only a person can do it. The test is
//! deliberately simple and leans towards a person: a message is informational only when it
//! is a question (a question mark, or a question word first), says nothing like "I want",
//! "I need", "please refund", and names no particular order, amount or reference.

use super::words::tokens;

/// Words that open a question, per language (accents folded).
const QUESTION_WORDS: &[&str] = &[
    // English
    "how", "hows", "when", "whens", "what", "whats", "where", "wheres", "which", "why", "who", "do",
    "does", "did", "is", "are", "can", "could", "will", "would", "should", "may",
    // Spanish
    "cuanto", "cuantos", "cuanta", "cuantas", "cuando", "como", "que", "donde", "cual", "cuales",
    "puedo", "se", // French
    "combien", "quand", "comment", "quel", "quelle", "quels", "quelles", "ou", "est", "puis",
    "peut", "estce", // German
    "wie", "wann", "was", "wo", "welche", "welcher", "welches", "kann", "gibt", "muss",
    // Italian
    "quanto", "quando", "come", "cosa", "dove", "quale", "posso", // Portuguese
    "quanto", "quando", "onde", "qual", "posso", // Dutch
    "hoe", "hoelang", "wanneer", "wat", "waar", "welke", "kan", "kunnen",
];

/// Phrases that ask for something to be done (word sequences, accents folded).
const ACTION_PHRASES: &[&[&str]] = &[
    &["i", "want"],
    &["i", "wanna"],
    &["id", "like"],
    &["i", "would", "like"],
    &["i", "need"],
    &["i", "demand"],
    &["i", "request"],
    &["i", "expect"],
    &["give", "me"],
    &["refund", "me"],
    &["please", "refund"],
    &["please", "cancel"],
    &["quiero"],
    &["necesito"],
    &["exijo"],
    &["je", "veux"],
    &["je", "voudrais"],
    &["jexige"],
    &["ich", "will"],
    &["ich", "mochte"],
    &["ich", "brauche"],
    &["ich", "verlange"],
    &["voglio"],
    &["vorrei"],
    &["quero"],
    &["preciso"],
    &["ik", "wil"],
];

/// Whether `text` asks for information rather than for something to be done.
pub fn informational(text: &str) -> bool {
    let words = tokens(text);
    if words.is_empty() {
        return false;
    }
    // A particular order, amount or reference ("4471", "#A12", "£50") makes it a case for a person.
    if words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) {
        return false;
    }
    if ACTION_PHRASES.iter().any(|phrase| {
        words
            .windows(phrase.len())
            .any(|w| w.iter().zip(phrase.iter()).all(|(a, b)| a == b))
    }) {
        return false;
    }
    text.trim_end().ends_with('?') || QUESTION_WORDS.contains(&words[0].as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_about_how_things_work_are_informational() {
        let cases: &[(&str, bool)] = &[
            ("how long do refunds take?", true),
            ("How long do refunds take", true),
            ("when will I get my money back", true),
            ("what is your refund policy", true),
            ("do you refund delivery costs?", true),
            ("refunds?", true),
            ("¿Cuánto tardan los reembolsos?", true),
            ("cuanto tardan los reembolsos", true),
            ("Combien de temps prend le remboursement ?", true),
            ("Wie lange dauert eine Rückerstattung?", true),
            // Asking for it to be done, or about a particular order: a person.
            ("I want a refund for order 4471", false),
            ("I want a refund", false),
            ("I'd like a refund please", false),
            ("i need my money back now", false),
            ("please refund my order", false),
            ("refund me", false),
            ("how long will the refund for order #4471 take?", false),
            ("can you refund £50 to my card?", false),
            ("Quiero un reembolso", false),
            ("Je veux être remboursé", false),
            ("Ich möchte eine Rückerstattung", false),
            // Neither a question nor a request: a statement goes to a person.
            ("refund", false),
            ("my refund never arrived", false),
            ("", false),
        ];
        for &(text, expected) in cases {
            assert_eq!(informational(text), expected, "{text:?}");
        }
    }
}
