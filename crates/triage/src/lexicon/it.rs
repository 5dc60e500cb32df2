//! Italian.

use super::Pack;

pub(crate) const PACK: Pack = Pack {
    human: concat!(
        "parlando con un bot|parlando con un robot|sei un bot|sei un robot|persona reale|",
        "persona vera|essere umano|c'è qualcuno|qualcuno c'è|chiamatemi|richiamatemi|",
        "mi richiamate|mi chiamate|non un bot|non un robot|mettermi in contatto|passatemi",
    ),
    cues: concat!(
        "passi|contatto|richiamare|parlare|contattare|passarmi|passami|trasferire|chattare|",
        "sentire|chiamare",
    ),
    cues_after: "",
    weak_cues: "voglio|vorrei|bisogno|posso|preferisco",
    nouns: concat!(
        "dottoressa|dottore|medico|operatore|operatrice|persona|umano|agente|consulente|",
        "assistenza clienti|servizio clienti|responsabile|addetto|dipendente|rappresentante|",
        "tecnico|specialista",
    ),
    weak_nouns: "qualcuno",
    solo: concat!(
        "servizio clienti|assistenza clienti|operatore|umano|persona|consulente|assistenza|",
        "qualcuno",
    ),
    solo_fillers: "per|favore|un|una|l|ciao|voglio|parlare|con|adesso|ora|vero|c|è",
    frustration: concat!(
        "tre volte=7|da un mese=7|incredibile=5|basta=6|prendendo in giro=9|inutile=10|",
        "perdita di tempo=10|tempo perso=9|ridicolo=10|vergogna=9|una vergogna=10|pessimo=10|",
        "pessima=10|schifo=10|cazzo=10|merda=10|idiota=10|stupido=9|non funziona=5|",
        "ancora niente=7|ancora non=6|aspetto da=7|da giorni=7|da settimane=8|di nuovo=3|",
        "ancora una volta=5|già detto=8|arrabbiato=8|arrabbiata=8|furioso=10|furiosa=10|stufo=10|",
        "stufa=10|deluso=7|delusa=7|inaccettabile=10|assurdo=10|vergognoso=10|nessuno risponde=8|",
        "truffa=6|quante volte=9|non capisci=8|incompetenti=10|peggiore=8|scandaloso=10|",
        "incompetente=10|inutili=10|ridicola=10|assurda=10|sul serio=4|ma dai=5",
    ),
    intents: concat!(
        "refund:due volte|emergency:perdita di gas|medical:febbre|medical:vaccino|",
        "refund:rimbors*|refund:soldi indietro|refund:restituire i soldi|refund:i miei soldi|",
        "cancel:annull*|cancel:disdett*|cancel:disdire|cancel:cancellare|cancel:cancellazione|",
        "chargeback:storno|chargeback:contestare l'addebito|fraud:frode*|fraud:truffa*|",
        "fraud:non autorizzato|complaint:reclamo*|complaint:lamentela*|legal:avvocat*|",
        "legal:causa legale|legal:fare causa|legal:denuncia*|legal:tribunale|legal:vie legali|",
        "medical:effetto collaterale|medical:effetti collaterali|medical:allergi*|",
        "medical:reazione allergica|medical:medico|medical:ospedale|medical:sintom*|",
        "medical:incinta|emergency:emergenz*|emergency:urgenz*|emergency:urgente|",
        "emergency:fuga di gas|emergency:incendio|emergency:allagamento|bulk_order:ingrosso|",
        "bulk_order:grossista|bulk_order:ordine grande|bulk_order:ordine aziendale|",
        "bulk_order:per la mia azienda|bulk_order:per la nostra azienda|",
        "bulk_order:grandi quantità|bulk_order:rivenditore",
    ),
    negators: "non|mai|senza|né|nessun|nessuno",
    post_negators: "niente|nulla",
    volition: "serve|voglio|vorrei|bisogno|intendo|cerco",
    intensifiers: "molto|così|troppo|davvero|veramente|proprio|totalmente",
    fillers: "un|una|uno|il|lo|la|l|con|a|al|di|vero|vera|mi|mio|mia",
    units: "unità|pezzi|scatole|licenze|persone|dipendenti",
    persist: "ancora|già|stesso|stessa|uguale|comunque|detto|provato",
};
