//! The visitor's name as they said it in the chat: "I'm Jane", "my name is Jane Smith",
//! "this is Omar from Acme", "me llamo Lucía", "je m'appelle Marc", "ich heiße Jonas",
//! "mi chiamo Giulia", "meu nome é Ana", "mijn naam is Sven".
//!
//! Conservative on purpose: a name is one or two capitalised words right after one of the
//! phrases below, each a plain word (letters, inner `-` or `'`) that is not a common word
//! ("I'm Not sure", "I'm So frustrated"). Everything else is no name: a wrong name in the
//! agent's greeting is worse than none. Pure; the console view applies it to the visitor's
//! stored messages when neither the handoff nor a lead carries a name.

/// Phrases that introduce a name anywhere in a message, as lowercase words.
const INTRODUCTIONS: &[&[&str]] = &[
    &["i'm"],
    &["i", "am"],
    &["my", "name", "is"],
    &["my", "name's"],
    &["me", "llamo"],
    &["mi", "nombre", "es"],
    &["je", "m'appelle"],
    &["mon", "nom", "est"],
    &["ich", "heiße"],
    &["ich", "heisse"],
    &["mein", "name", "ist"],
    &["mi", "chiamo"],
    &["il", "mio", "nome", "è"],
    &["meu", "nome", "é"],
    &["me", "chamo"],
    &["mijn", "naam", "is"],
    &["ik", "heet"],
];

/// "This is Omar" names someone only at the start of a message (after a greeting at most):
/// "this is Amazon's fault" does not.
const OPENING_ONLY: &[&[&str]] = &[
    &["this", "is"],
    &["it's"],
    &["aquí", "habla"],
    &["ici"],
    &["hier", "ist"],
    &["sono"],
];

/// Words a message may start with before "this is …".
const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "morning",
    "afternoon",
    "evening",
    "good",
    "hola",
    "buenos",
    "buenas",
    "días",
    "tardes",
    "bonjour",
    "bonsoir",
    "salut",
    "hallo",
    "guten",
    "tag",
    "morgen",
    "servus",
    "ciao",
    "buongiorno",
    "salve",
    "olá",
    "ola",
    "oi",
    "bom",
    "dia",
    "boa",
    "tarde",
    "hoi",
    "goedemorgen",
    "goedemiddag",
    "dag",
    "there",
    "team",
];

/// Capitalised words that are not names: sentence openers, pronouns, fillers, feelings,
/// places and nationalities people say after "I'm"/"this is", in the supported languages.
const NOT_NAMES: &[&str] = &[
    // English
    "i",
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "so",
    "not",
    "no",
    "yes",
    "in",
    "on",
    "at",
    "from",
    "with",
    "for",
    "of",
    "to",
    "just",
    "very",
    "really",
    "still",
    "also",
    "here",
    "there",
    "this",
    "that",
    "it",
    "is",
    "are",
    "was",
    "be",
    "my",
    "your",
    "our",
    "we",
    "you",
    "he",
    "she",
    "they",
    "me",
    "please",
    "thanks",
    "thank",
    "hi",
    "hello",
    "hey",
    "sorry",
    "sure",
    "okay",
    "ok",
    "fine",
    "good",
    "well",
    "back",
    "new",
    "done",
    "ready",
    "happy",
    "sad",
    "angry",
    "mad",
    "upset",
    "annoyed",
    "frustrated",
    "furious",
    "confused",
    "tired",
    "disappointed",
    "worried",
    "waiting",
    "looking",
    "trying",
    "calling",
    "writing",
    "asking",
    "interested",
    "having",
    "going",
    "getting",
    "about",
    "afraid",
    "unable",
    "able",
    "customer",
    "client",
    "member",
    "owner",
    "manager",
    "ridiculous",
    "unacceptable",
    "terrible",
    "urgent",
    "important",
    "crazy",
    "insane",
    "absurd",
    "what",
    "where",
    "when",
    "why",
    "how",
    "who",
    "can",
    "could",
    "would",
    "will",
    "should",
    "do",
    "does",
    "did",
    "have",
    "has",
    "need",
    "want",
    "order",
    "refund",
    "help",
    "agent",
    "human",
    "person",
    "bot",
    "english",
    "british",
    "american",
    "canadian",
    "irish",
    "scottish",
    "welsh",
    "australian",
    "french",
    "german",
    "spanish",
    "italian",
    "portuguese",
    "dutch",
    "european",
    "london",
    "paris",
    "berlin",
    "madrid",
    "rome",
    "lisbon",
    "amsterdam",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "tomorrow",
    "yesterday",
    // Spanish, French, German, Italian, Portuguese, Dutch
    "y",
    "pero",
    "de",
    "el",
    "la",
    "un",
    "una",
    "muy",
    "cliente",
    "et",
    "mais",
    "le",
    "les",
    "une",
    "très",
    "und",
    "aber",
    "der",
    "die",
    "das",
    "ein",
    "eine",
    "sie",
    "ihnen",
    "kunde",
    "e",
    "ma",
    "il",
    "lo",
    "uno",
    "molto",
    "o",
    "os",
    "um",
    "uma",
    "muito",
    "en",
    "maar",
    "het",
    "een",
    "heel",
    "klant",
];

/// The name the message states, if it states one plainly.
pub fn stated_name(text: &str) -> Option<String> {
    let normalised = text.replace(['\u{2019}', '\u{2018}', '`'], "'");
    let words: Vec<&str> = normalised.split_whitespace().collect();
    let lower: Vec<String> = words
        .iter()
        .map(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    for start in 0..words.len() {
        let anywhere = INTRODUCTIONS
            .iter()
            .filter_map(|p| phrase_at(&lower, start, p));
        let opening = OPENING_ONLY
            .iter()
            .filter(|_| only_greetings(&lower[..start]))
            .filter_map(|p| phrase_at(&lower, start, p));
        for after in anywhere.chain(opening) {
            if let Some(name) = name_at(&words[after..]) {
                return Some(name);
            }
        }
    }
    None
}

/// The name stated last among `messages` (the visitor's own, oldest first): a correction
/// ("sorry, my name is Janet") wins over an earlier one.
pub fn last_stated_name<'a>(messages: impl IntoIterator<Item = &'a str>) -> Option<String> {
    messages.into_iter().filter_map(stated_name).last()
}

/// The index just past `phrase` when the words from `start` spell it.
fn phrase_at(lower: &[String], start: usize, phrase: &[&str]) -> Option<usize> {
    let end = start + phrase.len();
    (end <= lower.len() && lower[start..end].iter().zip(phrase).all(|(w, p)| w == p)).then_some(end)
}

fn only_greetings(before: &[String]) -> bool {
    before
        .iter()
        .all(|w| GREETINGS.contains(&w.trim_end_matches(|c: char| !c.is_alphanumeric())))
}

/// One or two name words at the start of `words`; a punctuation mark ends the name.
fn name_at(words: &[&str]) -> Option<String> {
    let (first, ended) = name_word(words.first()?)?;
    if ended {
        return Some(first);
    }
    match words.get(1).and_then(|w| name_word(w)) {
        Some((second, _)) => Some(format!("{first} {second}")),
        None => Some(first),
    }
}

/// A word that looks like a name, without its trailing punctuation, and whether that
/// punctuation ended the phrase.
fn name_word(word: &str) -> Option<(String, bool)> {
    let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let ended = bare.len() < word.len();
    let mut chars = bare.chars();
    let initial = chars.next()?;
    let count = bare.chars().count();
    let plain = bare
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        && !bare.ends_with("'s")
        && !bare.contains("--");
    let capitalised = initial.is_uppercase() && chars.any(char::is_lowercase);
    let common = NOT_NAMES.contains(&bare.to_lowercase().as_str());
    (plain && capitalised && (2..=30).contains(&count) && !common)
        .then(|| (bare.to_string(), ended))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_said_plainly_are_found() {
        for (text, want) in [
            ("I'm Jane", "Jane"),
            ("Hi, I'm Jane and my order is late", "Jane"),
            ("I’m Jane, order 4471 never came", "Jane"),
            ("I am Jane Smith", "Jane Smith"),
            ("my name is Jane Smith", "Jane Smith"),
            ("My name is Jane. Where is my order?", "Jane"),
            ("My name's Tom O'Brien", "Tom O'Brien"),
            ("this is Omar from Acme", "Omar"),
            (
                "Hi there, this is Omar from Acme, we need 40 jackets",
                "Omar",
            ),
            ("Hello! It's Priya here", "Priya"),
            ("me llamo Lucía", "Lucía"),
            (
                "Hola, mi nombre es José Luis y quiero un reembolso",
                "José Luis",
            ),
            ("je m'appelle Marc", "Marc"),
            ("Bonjour, je m’appelle Marie-Claire", "Marie-Claire"),
            ("ich heiße Jonas", "Jonas"),
            ("Mein Name ist Jonas Weber", "Jonas Weber"),
            ("mi chiamo Giulia", "Giulia"),
            ("meu nome é Ana", "Ana"),
            ("Olá, me chamo Ana Paula", "Ana Paula"),
            ("mijn naam is Sven", "Sven"),
            ("Ik heet Sven de Vries", "Sven"),
            ("(I'm Jane)", "Jane"),
            ("I'm Jane Could you help me", "Jane"),
        ] {
            assert_eq!(stated_name(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn everything_else_is_no_name() {
        for text in [
            "I'm angry",
            "I'm waiting for my order",
            "I'm not sure",
            "I'm in London",
            "I'm In London",
            "my name is on the order",
            "I'm so frustrated",
            "I'm So frustrated",
            "I'M ANGRY",
            "I'M JANE",
            "I'm British",
            "I'm Not happy with this",
            "This is ridiculous",
            "This is Ridiculous!!!",
            "I think this is Amazon's fault",
            "Why this is Acme's problem I don't know",
            "I'm Jane's mother",
            "I'm 42",
            "I'm J",
            "I am a customer",
            "Ich heiße Sie willkommen",
            "I'm",
            "my name is",
            "",
            "Can I talk to a person?",
            "Soy cliente y quiero hablar con una persona",
            "I'm https://example.com",
            "I'm Jane2000",
        ] {
            assert_eq!(stated_name(text), None, "{text}");
        }
    }

    #[test]
    fn the_last_name_stated_wins() {
        assert_eq!(
            last_stated_name(["I'm Jane", "where is my order?", "sorry, my name is Janet"])
                .as_deref(),
            Some("Janet")
        );
        assert_eq!(
            last_stated_name(["I'm Jane", "I'm angry"]).as_deref(),
            Some("Jane")
        );
        assert_eq!(last_stated_name(["I'm angry", "talk to a person"]), None);
    }
}
