//! Dutch.

use super::Pack;

pub(crate) const PACK: Pack = Pack {
    human: concat!(
        "praat ik met een robot|praat ik met een bot|ben je een bot|ben je een robot|",
        "echt persoon|echte persoon|echte mens|is daar iemand|iemand daar|is er iemand|bel me|",
        "bel mij|bel me terug|terugbellen|geen bot|geen robot|verbind me door|doorverbinden",
    ),
    cues: "spreken|praten|doorverbinden|doorverbonden|contact opnemen|bellen|chatten|verbinden",
    cues_after: "spreken|praten|doorverbinden|doorverbonden|bellen|chatten|verbinden",
    weak_cues: "geef me|geef mij|wil|graag|nodig|kan ik",
    nouns: concat!(
        "medewerker|medewerkster|mens|persoon|klantenservice|adviseur|agent|operator|",
        "vertegenwoordiger|leidinggevende|manager|monteur|specialist",
    ),
    weak_nouns: "iemand",
    solo: "medewerker|mens|klantenservice|adviseur|iemand",
    solo_fillers: "alstublieft|aub|graag|een|de|hallo|hoi|ik|wil|nu|echte|met|is|daar",
    frustration: concat!(
        "slechte service=8|drie keer=7|bespottelijk=10|onbekwaam=10|klote*=10|alweer=5|",
        "nutteloos=10|zonde van mijn tijd=10|tijdverspilling=10|belachelijk=10|schandalig=10|",
        "schande=9|waardeloos=10|slecht=5|werkt niet=5|nog steeds=7|wacht al=8|al dagen=7|",
        "al weken=8|weer=2|opnieuw=3|al gezegd=8|kut=10|shit=10|godverdomme=10|verdomme=9|",
        "idioot=10|dom=6|boos=8|kwaad=8|woedend=10|ben het zat=10|balen=6|teleurgesteld=7|",
        "onacceptabel=10|niemand reageert=8|hoe vaak=8|begrijpt het niet=7|oplichters=10|",
        "bagger=9|nog niet=4|ergerlijk=8|klote=10|incompetent=10|absurd=9|serieus=4|",
        "kom op=5",
    ),
    intents: concat!(
        "refund:twee keer afgeschreven|fraud:niet herken|medical:bloedt|refund:terugbetal*|",
        "refund:geld terug|refund:restitutie|refund:mijn geld|cancel:annuler*|cancel:opzeggen|",
        "cancel:afzeggen|cancel:opzegging*|cancel:afmelden|chargeback:terugboeking*|",
        "chargeback:terugboeken|fraud:fraude*|fraud:oplichting*|fraud:niet geautoriseerd|",
        "fraud:gehackt|complaint:klacht*|complaint:klagen|legal:advocaat*|legal:rechtszaak*|",
        "legal:juridische stappen|legal:naar de rechter|legal:aanklagen|",
        "legal:geschillencommissie|medical:bijwerking*|medical:allergi*|",
        "medical:allergische reactie|medical:dokter|medical:huisarts|medical:ziekenhuis|",
        "medical:symptom*|medical:zwanger|emergency:noodgeval*|emergency:spoed*|",
        "emergency:dringend|emergency:gaslek|emergency:ruik gas|emergency:brand|",
        "emergency:overstroming|emergency:lekkage|bulk_order:groothandel*|",
        "bulk_order:grote bestelling|bulk_order:grote hoeveelheid|bulk_order:grote aantallen|",
        "bulk_order:voor ons bedrijf|bulk_order:voor mijn bedrijf|",
        "bulk_order:zakelijke bestelling|bulk_order:in bulk|bulk_order:wederverkoper",
    ),
    negators: "niet|geen|nooit|zonder",
    post_negators: "niets|niks|niet",
    volition: "wil|hoef|nodig|wilde|ga",
    intensifiers: "heel|zo|erg|echt|super|totaal|enorm|ontzettend|zwaar",
    fillers: "een|de|het|met|echte|echt|me|mij|mijn",
    units: "stuks|eenheden|dozen|licenties|pallets|personen|medewerkers",
    persist: "nog|steeds|zelfde|hetzelfde|gezegd|geprobeerd",
};
