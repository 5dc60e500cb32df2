//! Built-in language packs: compact static word lists, one file per language.
//!
//! Phrases are written naturally (accents, apostrophes); the engine normalises them with the
//! same code as visitor text when it compiles a [`crate::Config`]. A trailing `*` on a word
//! matches any word starting with it (`refund*` matches "refunded", "refunds").
//!
//! Each list is one string with `|` between entries rather than a slice of strings: a slice
//! stores a pointer and a length per entry, which in WebAssembly costs as much as the text
//! and compresses far worse. Frustration entries carry their weight in tenths
//! (`useless=10`), intent entries their intent name (`refund:money back`).

use crate::Language;

mod de;
mod en;
mod es;
mod fr;
mod hi;
mod it;
mod nl;
mod pt;

/// One language's lists.
pub(crate) struct Pack {
    /// Phrases that are a request for a person wherever they appear ("is anyone there").
    pub human: &'static str,
    /// Verbs of contact whose object (a person noun) follows within a few words
    /// ("talk" … "agent").
    pub cues: &'static str,
    /// Verbs of contact that come after the person noun, as in verb-final clauses
    /// ("mit einem Mitarbeiter sprechen", "kisi insaan se baat karni hai").
    pub cues_after: &'static str,
    /// Weaker verbs ("want", "need") that make a request only with a clear person noun.
    pub weak_cues: &'static str,
    /// Nouns that name a person who could help ("agent", "representative").
    pub nouns: &'static str,
    /// Pronouns that name a person only with a verb of contact ("someone").
    pub weak_nouns: &'static str,
    /// Words that on their own, in a short message, ask for a person ("agent?").
    pub solo: &'static str,
    /// Words that may surround a solo word without changing its meaning ("please").
    pub solo_fillers: &'static str,
    /// Frustration lexicon: insults, complaints, profanity, waiting, each `phrase=tenths`.
    pub frustration: &'static str,
    /// High-risk phrases, each `intent:phrase`.
    pub intents: &'static str,
    /// Words that negate what follows ("not", "don't" → "t").
    pub negators: &'static str,
    /// Words that negate what precedes ("I cancelled nothing", "refund nahi chahiye").
    pub post_negators: &'static str,
    /// Verbs of wanting: a negator before one of them negates the phrase that follows
    /// ("I don't want a refund"), while "I haven't received my refund" stays a refund.
    pub volition: &'static str,
    /// Words that strengthen the next frustration term ("so useless").
    pub intensifiers: &'static str,
    /// Words a phrase may skip between two of its words ("talk to a real person").
    pub fillers: &'static str,
    /// Words that bring a bulk quantity after a number ("500 units").
    pub units: &'static str,
    /// Single words saying the problem persists or the visitor repeats themselves ("still",
    /// "already", "same", "you said"): mild signs that only add up over a conversation.
    pub persist: &'static str,
}

/// The pack for `language`.
pub(crate) fn pack(language: Language) -> &'static Pack {
    match language {
        Language::En => &en::PACK,
        Language::Es => &es::PACK,
        Language::Pt => &pt::PACK,
        Language::Fr => &fr::PACK,
        Language::De => &de::PACK,
        Language::It => &it::PACK,
        Language::Nl => &nl::PACK,
        Language::Hi => &hi::PACK,
    }
}

/// Modal verbs of ability: a negator right after one of them says the visitor cannot do
/// something ("I can't cancel"), which is a reason to escalate rather than a negation.
pub(crate) const INABILITY: &str = concat!(
    "can|could|couldn|cannot|peux|peut|pouvons|kann|konnte|kan|kon|posso|puedo|consigo|",
    "riesco|able",
);

/// Ordinary words one letter away from a lexicon word ("using" / "suing", "socks" /
/// "sucks", "contract" / "contact"): known as themselves, they are never corrected.
pub(crate) const KNOWN: &str = concat!(
    "cancer|managed|manages|humane|humanity|personal|agency|agenda|contract|flooring|smoker|",
    "smoked|operation|operations|broker|hungry|garage|socks|curious|packed|backed|lacked|",
    "selling|spelling|smelling|dwelling|fizzy|insured|blending|breeding|meditation|injection|",
    "using|count|layer|fishing|stuff|beach|teach|massage|booking|cooking|father|gather|worse|",
    "regal|medial|peach|sung|consulta|bigger|store|stores|spoke|parking|reserver|hasta|carta|",
    // Everyday words of the packs' languages one edit from a trigger word in another pack:
    // "annual plan" is no cancellation ("annul*"), "une demande" (a request) and "una
    // domanda" (a question) are no lawsuit ("demanda").
    "annual|annually|annuel|annuelle|annuale|anual|demand|demands|demande|demandes|domanda|",
    "domande",
);

/// Misspellings too far from the word for typo correction, each `misspelling=word`:
/// "costumer" is two letters off "customer".
pub(crate) const MISSPELT: &str = "costumer=customer|costumers=customers";

/// Other senses of the person nouns ("real estate agent", "price per person"): a noun inside
/// one of these is no request for a person.
pub(crate) const NOT_HUMAN: &str = concat!(
    "real estate agent|estate agent|travel agent|insurance agent|secret agent|user agent|",
    "agent field|human resources|human error|per person|por persona|por pessoa|par personne|",
    "pro person|per persona|per persoon|a persona|personne ne|agente inmobiliario|",
    "agente imobiliário|agent immobilier",
);

/// Words that make an intent a question about the rules rather than a request: "what's
/// your refund policy?", "is there a cancellation fee?". Compound nouns ending in a fee
/// word ("Stornogebühr", "annuleringskosten") count too (see `POLICY_SUFFIXES`).
pub(crate) const POLICY: &str = concat!(
    "policy|policies|fee|fees|penalty|offer|política|politica|politique|politik|beleid|multa|",
    "taxa|frais|gebühr|gebühren|penale|kosten|tarifa|condiciones|conditions|voorwaarden|",
    "regole|règles|regras|lagta",
);
pub(crate) const POLICY_SUFFIXES: &str = concat!(
    "gebuhr|gebuhren|kosten",
);

/// Words of delight: "thanks!!!" and "GREAT NEWS" are not anger.
pub(crate) const POSITIVE: &str = concat!(
    "thanks|thank|thx|great|awesome|amazing|love|perfect|cool|wow|yay|excellent|wonderful|",
    "gracias|genial|perfecto|obrigado|obrigada|ótimo|merci|super|parfait|danke|toll|grazie|",
    "perfetto|bedankt|dank|geweldig|dhanyavad|shukriya|mast|badhiya|congrats|happy",
);

/// The entries of a `|`-separated list.
pub(crate) fn items(list: &'static str) -> impl Iterator<Item = &'static str> {
    // By bytes rather than `str::split`, whose searcher costs more WebAssembly than the lists.
    let mut rest = list;
    core::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let (item, tail) = crate::text::split_at_byte(rest, b'|', false).unwrap_or((rest, ""));
        rest = tail;
        if !item.is_empty() {
            return Some(item);
        }
    })
}

/// A frustration entry: `phrase=tenths`.
pub(crate) fn weighted(entry: &'static str) -> (&'static str, f32) {
    match crate::text::split_at_byte(entry, b'=', true) {
        Some((phrase, w)) => {
            let (neg, digits) = match w.strip_prefix('-') {
                Some(d) => (true, d),
                None => (false, w),
            };
            let tenths = digits.bytes().fold(0u32, |n, b| n * 10 + (b.wrapping_sub(b'0') as u32 % 10)) as f32;
            (phrase, if neg { -tenths / 10.0 } else { tenths / 10.0 })
        }
        None => (entry, 1.0),
    }
}
