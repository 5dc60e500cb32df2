//! Romanised Hindi and Hinglish.

use super::Pack;

pub(crate) const PACK: Pack = Pack {
    human: concat!(
        "bot se baat|koi human|koi insaan|tum bot ho|kya tum bot|asli insaan|asli aadmi|koi hai|",
        "koi hai kya|koi sun raha hai|koi hain|mujhe call karo|call karo|call kar do|call kijiye|",
        "phone karo|call back karo|bot nahi|bot se nahi",
    ),
    cues: "",
    cues_after: concat!(
        "baat|baat karni|baat karna|baat karao|baat karwao|connect karo|connect kar do|",
        "connect kijiye|transfer karo|transfer kar do|milao|milaiye|bulao|bulaiye",
    ),
    weak_cues: "chahiye|chahta|chahti",
    nouns: concat!(
        "insaan|insan|aadmi|banda|agent|executive|customer care|representative|human|person|",
        "staff",
    ),
    weak_nouns: "kisi|koi|kisi se",
    solo: "insaan|insan|executive|customer care",
    solo_fillers: "please|plz|pls|bhai|ji|sir|mujhe|chahiye|abhi|kisi|se|baat|karni|hai|karo|koi",
    frustration: concat!(
        "teen baar=7|hadd hai=9|wait karwaoge=8|wait kar=4|bakwas=10|bakwaas=10|bekar=10|",
        "bekaar=10|faltu=9|time waste=10|kab se=7|kitne din=4|fraud company=8|kitni baar=8|",
        "phir se=4|fir se=4|abhi tak=5|ab tak=5|kaam nahi kar raha=6|kuch nahi ho raha=6|pagal=8|",
        "bewakoof=10|bewkoof=10|ghatiya=10|pareshan=8|gussa=8|chutiya=12|dhokha=7|",
        "bekar service=10|jawab nahi=6|samajh nahi=6|bohot bura=9|bura=5|tang=6|",
        "bakwas service=10",
    ),
    intents: concat!(
        "refund:do baar|refund:paise kat|medical:sujan|refund:paise wapas|refund:paisa wapas|",
        "refund:paise vapas|refund:paisa vapas|refund:wapas karo|cancel:cancel karo|",
        "cancel:cancel kar do|cancel:band karo|fraud:dhokha*|fraud:dhoka*|fraud:thagi|",
        "complaint:shikayat*|complaint:shikayat karni|legal:vakeel|legal:vakil|legal:wakil|",
        "legal:case karunga|legal:case karungi|legal:consumer court|medical:side effect*|",
        "medical:dawai|medical:dawa|emergency:aag|emergency:gas leak|bulk_order:thok|",
        "bulk_order:bulk order|bulk_order:company ke liye",
    ),
    negators: "nahi|nahin|mat|nai|bina",
    post_negators: "nahi|nahin|mat|nai",
    volition: "chahiye|chahta|chahti|karna|karni",
    intensifiers: "bahut|bohot|bahot|ekdum|bilkul|itna|kitna",
    fillers: "se|ko|ek|mujhe|kisi|asli",
    units: "pieces|piece|units|dabbe|log",
    persist: "phir|fir|abhi|wahi|kaha|already|still|same",
};
