//! German.

use super::Pack;

pub(crate) const PACK: Pack = Pack {
    human: concat!(
        "mit einem bot|bist du ein bot|sind sie ein bot|mich zurück|zurückrufen|echten menschen|",
        "echter mensch|echte person|ist da jemand|jemand da|ruft mich an|rufen sie mich an|",
        "rückruf|kein bot|keinen bot|keinen roboter|verbinden sie mich|verbinde mich",
    ),
    cues: "sprechen|reden|verbinden|kontaktieren|erreichen|durchstellen|chatten|anrufen",
    cues_after: "sprechen|reden|verbinden|verbunden|kontaktieren|erreichen|durchstellen|chatten|anrufen",
    weak_cues: "gibt es|geben sie mir|gib mir|möchte|will|brauche|hätte gern|hätte gerne|bitte",
    nouns: concat!(
        "vertrieb|ansprechpartner|arzt|ärztin|mitarbeiter|mitarbeiterin|mensch|menschen|person|",
        "berater|beraterin|kundenservice|kundendienst|ansprechpartner|agent|sachbearbeiter|",
        "vorgesetzten|chef|support mitarbeiter|kundenbetreuer|techniker|menschlichen",
    ),
    weak_nouns: "jemandem|jemand|jemanden",
    solo: "mitarbeiter|mensch|kundenservice|kundendienst|berater|ansprechpartner|jemand",
    solo_fillers: "bitte|einen|ein|eine|den|hallo|ich|will|möchte|jetzt|echten|sofort|da|ist",
    frustration: concat!(
        "unfassbar=8|schlechter service=8|dreimal=8|nervt=9|ein witz=8|nutzlos=10|",
        "zeitverschwendung=10|lächerlich=10|unverschämt=10|frechheit=10|katastrophe=9|",
        "katastrophal=10|schrecklich=8|furchtbar=8|scheiße=10|scheiss*=10|mist=7|verdammt=8|",
        "idiot*=10|dumm=8|blöd=7|funktioniert nicht=5|geht nicht=4|immer noch=7|warte seit=8|",
        "seit tagen=7|seit wochen=8|schon wieder=7|wieder=2|schon gesagt=8|sauer=8|wütend=10|",
        "genervt=9|nervig=7|enttäuscht=7|es reicht=9|inakzeptabel=10|niemand antwortet=8|",
        "hilft nicht=6|unfähig=10|abzocke=9|unmöglich=6|wie oft=8|verstehen mich nicht=8|",
        "verstehst mich nicht=8|schlecht=4|miserabel=10|witz=6|noch nicht=4",
    ),
    intents: concat!(
        "cancel:absagen|refund:zweimal abgebucht|refund:doppelt abgebucht|",
        "emergency:wasserrohrbruch|refund:erstattung*|refund:rückerstatt*|refund:erstatten|",
        "refund:geld zurück|refund:mein geld|refund:rückzahlung*|cancel:kündig*|cancel:storn*|",
        "cancel:abbestellen|cancel:widerruf*|cancel:abo beenden|chargeback:rückbuchung*|",
        "chargeback:lastschrift zurück*|fraud:betrug*|fraud:betrüg*|fraud:nicht autorisiert|",
        "fraud:gehackt|complaint:beschwerde*|complaint:beschweren|complaint:reklamation*|",
        "legal:anwalt*|legal:rechtsanwalt*|legal:anwältin|legal:klage*|legal:verklagen|",
        "legal:gericht*|legal:rechtliche schritte|legal:verbraucherzentrale|",
        "medical:nebenwirkung*|medical:allergi*|medical:allergische reaktion|medical:arzt|",
        "medical:ärztin|medical:krankenhaus|medical:symptom*|medical:schwanger|",
        "emergency:notfall*|emergency:dringend*|emergency:gasgeruch|emergency:riecht nach gas|",
        "emergency:brand|emergency:wasserschaden|emergency:rohrbruch|emergency:überschwemm*|",
        "bulk_order:großbestellung*|bulk_order:großhandel*|bulk_order:großen mengen|",
        "bulk_order:größere menge|bulk_order:für unsere firma|bulk_order:für mein unternehmen|",
        "bulk_order:für unser unternehmen|bulk_order:firmenkunde*|bulk_order:mengenrabatt|",
        "bulk_order:wiederverkäufer",
    ),
    negators: "nicht|kein|keine|keinen|keinem|keiner|nie|niemals|ohne",
    post_negators: "nichts|nicht",
    volition: "will|möchte|brauche|wollen|plane|werde",
    intensifiers: "sehr|so|total|echt|wirklich|extrem|völlig|absolut|voll|komplett",
    fillers: concat!(
        "bitte|menschlichen|ein|eine|einen|einem|einer|der|die|das|den|dem|mit|echten|echte|mich|",
        "mir|mein|meine",
    ),
    units: "stück|stk|einheiten|kartons|lizenzen|paletten|mitarbeiter|personen",
};
