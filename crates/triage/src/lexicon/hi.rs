//! Romanised Hindi and Hinglish.

use super::Pack;

pub(crate) const PACK: Pack = Pack {
    human: &[
        "asli insaan", "asli aadmi", "koi hai", "koi hai kya", "koi sun raha hai", "koi hain",
        "mujhe call karo", "call karo", "call kar do", "call kijiye", "phone karo", "call back karo",
        "bot nahi", "bot se nahi",
    ],
    cues: &[],
    cues_after: &[
        "baat", "baat karni", "baat karna", "baat karao", "baat karwao", "connect karo",
        "connect kar do", "connect kijiye", "transfer karo", "transfer kar do", "milao", "milaiye",
        "bulao", "bulaiye",
    ],
    weak_cues: &["chahiye", "chahta", "chahti"],
    nouns: &["insaan", "insan", "aadmi", "banda", "agent", "executive", "customer care", "representative", "human", "person", "staff"],
    weak_nouns: &["kisi", "koi", "kisi se"],
    solo: &["insaan", "insan", "executive", "customer care"],
    solo_fillers: &["please", "plz", "pls", "bhai", "ji", "sir", "mujhe", "chahiye", "abhi", "kisi", "se", "baat", "karni", "hai", "karo", "koi"],
    frustration: &[
        ("bakwas", 1.0), ("bakwaas", 1.0), ("bekar", 1.0), ("bekaar", 1.0), ("faltu", 0.9),
        ("time waste", 1.0), ("kab se", 0.5), ("kitne din", 0.7), ("kitni baar", 0.8),
        ("phir se", 0.4), ("fir se", 0.4), ("abhi tak", 0.5), ("ab tak", 0.5),
        ("kaam nahi kar raha", 0.6), ("kuch nahi ho raha", 0.6), ("pagal", 0.8),
        ("bewakoof", 1.0), ("bewkoof", 1.0), ("ghatiya", 1.0), ("pareshan", 0.8), ("gussa", 0.8),
        ("chutiya", 1.2), ("dhokha", 0.7), ("bekar service", 1.0), ("jawab nahi", 0.6),
        ("samajh nahi", 0.6), ("bohot bura", 0.9), ("bura", 0.5), ("tang", 0.6), ("bakwas service", 1.0),
    ],
    intents: &[
        ("refund", "paise wapas"), ("refund", "paisa wapas"), ("refund", "paise vapas"),
        ("refund", "paisa vapas"), ("refund", "wapas karo"),
        ("cancel", "cancel karo"), ("cancel", "cancel kar do"), ("cancel", "band karo"),
        ("fraud", "dhokha*"), ("fraud", "dhoka*"), ("fraud", "thagi"),
        ("complaint", "shikayat*"), ("complaint", "shikayat karni"),
        ("legal", "vakeel"), ("legal", "vakil"), ("legal", "wakil"), ("legal", "case karunga"),
        ("legal", "case karungi"), ("legal", "consumer court"),
        ("medical", "side effect*"), ("medical", "dawai"), ("medical", "dawa"),
        ("emergency", "aag"), ("emergency", "gas leak"),
        ("bulk_order", "thok"), ("bulk_order", "bulk order"), ("bulk_order", "company ke liye"),
    ],
    negators: &["nahi", "nahin", "mat", "nai", "bina"],
    post_negators: &["nahi", "nahin", "mat", "nai"],
    volition: &["chahiye", "chahta", "chahti", "karna", "karni"],
    intensifiers: &["bahut", "bohot", "bahot", "ekdum", "bilkul", "itna", "kitna"],
    fillers: &["se", "ko", "ek", "mujhe", "kisi", "asli"],
    units: &["pieces", "piece", "units", "dabbe", "log"],
};
