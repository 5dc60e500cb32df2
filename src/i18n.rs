//! The widget's words in every language it speaks, and the locale it speaks them in.
//!
//! Each language is one array indexed by [`Key`], so a missing string does not compile;
//! the tests check that no string is empty and that every translation keeps the English
//! placeholders (`{team}`, `{name}`…).

/// A language the widget speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// French.
    Fr,
    /// German.
    De,
    /// Italian.
    It,
    /// Dutch.
    Nl,
    /// Arabic (right to left).
    Ar,
    /// Hebrew (right to left).
    He,
    /// Hindi (Devanagari; the triage pack reads it romanised too).
    Hi,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::Es,
        Lang::Pt,
        Lang::Fr,
        Lang::De,
        Lang::It,
        Lang::Nl,
        Lang::Ar,
        Lang::He,
        Lang::Hi,
    ];

    /// The language of a BCP 47 tag (`pt-BR` → Portuguese, `iw` → Hebrew); English when
    /// the widget does not speak it.
    pub fn from_tag(tag: &str) -> Lang {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" => Lang::Es,
            "pt" => Lang::Pt,
            "fr" => Lang::Fr,
            "de" => Lang::De,
            "it" => Lang::It,
            "nl" => Lang::Nl,
            "ar" => Lang::Ar,
            "he" | "iw" => Lang::He,
            "hi" => Lang::Hi,
            _ => Lang::En,
        }
    }

    /// The primary tag (`en`, `ar`…).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Ar => "ar",
            Lang::He => "he",
            Lang::Hi => "hi",
        }
    }

    /// Written right to left.
    pub fn rtl(self) -> bool {
        matches!(self, Lang::Ar | Lang::He)
    }

    /// The string for `key`.
    pub fn t(self, key: Key) -> &'static str {
        let table = match self {
            Lang::En => &EN,
            Lang::Es => &ES,
            Lang::Pt => &PT,
            Lang::Fr => &FR,
            Lang::De => &DE,
            Lang::It => &IT,
            Lang::Nl => &NL,
            Lang::Ar => &AR,
            Lang::He => &HE,
            Lang::Hi => &HI,
        };
        table[key as usize]
    }

    /// The string for `key` with each `{name}` replaced by its value.
    pub fn fill(self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }
}

/// Replaces each `{name}` in `template`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        /// A string the widget shows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Key { $($key),* }
        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$key),*];
        }
        const N: usize = [$(Key::$key),*].len();
    };
}

keys!(
    TalkToHuman,
    Placeholder,
    Send,
    YourMessage,
    Sending,
    Failed,
    Retry,
    Typing,
    Online,
    Away,
    AgentJoined,
    AnsweringBot,
    AnsweringAgent,
    Waiting,
    NobodyOnline,
    BackAt,
    LeadIntro,
    Name,
    Email,
    Phone,
    Question,
    Consent,
    LeadSubmit,
    NameRequired,
    ContactRequired,
    EmailInvalid,
    PhoneInvalid,
    ConsentRequired,
    TooLong,
    LeadDone,
    ContinueWhatsapp,
    Unreachable,
    Close,
    Chat,
    Disclosure,
    At,
    FieldErrors,
    RateAsk,
    RateUp,
    RateDown,
    RateThanks,
    RateFailed,
    BusyWait,
    ClosedBack,
    ClosedNoTime,
    AssistantLabel,
    ContinueMessenger,
    ContinueInstagram,
    AgentTyping,
);

type Table = [&'static str; N];

const EN: Table = [
    "Talk to a human",
    "Type your message…",
    "Send",
    "Your message",
    "Sending…",
    "Not sent",
    "Retry",
    "typing…",
    "online",
    "away",
    "{name} joined",
    "{name} (AI assistant) is answering",
    "{name} is answering",
    "Waiting for {team}…",
    "Nobody from {team} is online right now.",
    "We're back {when} your time.",
    "Leave your details and we'll get back to you.",
    "Name",
    "Email",
    "Phone (with country code)",
    "Your question",
    "I agree to be contacted about my question",
    "Send my details",
    "Please tell us your name.",
    "Please leave an email address or a phone number so we can reply.",
    "That email address doesn't look right.",
    "Please give the number with its country code, e.g. +44 7700 900123.",
    "Please agree to be contacted about your question.",
    "That's too long.",
    "Thanks! Your reference is {reference}.",
    "Continue on WhatsApp",
    "We can't reach our server right now. You can still reach us on WhatsApp.",
    "Close",
    "Chat",
    "You're chatting with {name}, an AI assistant. Ask for a person at any time.",
    "{day} at {time}",
    "Please check the highlighted fields.",
    "Did we help?",
    "Yes, that helped",
    "No, that didn't help",
    "Thanks for telling us.",
    "Your answer wasn't sent.",
    "Nobody from {team} is free yet · they usually reply within {n} minutes",
    "{team} is offline · back {when}",
    "{team} is offline right now",
    "{name} · AI assistant",
    "Continue on Messenger",
    "Continue on Instagram",
    "{name} is typing…",
];

const ES: Table = [
    "Hablar con una persona",
    "Escribe tu mensaje…",
    "Enviar",
    "Tu mensaje",
    "Enviando…",
    "No enviado",
    "Reintentar",
    "escribiendo…",
    "en línea",
    "ausente",
    "{name} se ha unido",
    "{name} (asistente de IA) está respondiendo",
    "{name} está respondiendo",
    "Esperando a {team}…",
    "Ahora mismo no hay nadie de {team} en línea.",
    "Volvemos el {when}, tu hora.",
    "Déjanos tus datos y te responderemos.",
    "Nombre",
    "Correo electrónico",
    "Teléfono (con prefijo del país)",
    "Tu pregunta",
    "Acepto que me contacten sobre mi pregunta",
    "Enviar mis datos",
    "Dinos tu nombre.",
    "Déjanos un correo o un teléfono para poder responderte.",
    "Ese correo no parece correcto.",
    "Escribe el número con el prefijo del país, p. ej. +34 600 123 456.",
    "Acepta que te contactemos sobre tu pregunta.",
    "Es demasiado largo.",
    "¡Gracias! Tu referencia es {reference}.",
    "Seguir por WhatsApp",
    "Ahora no podemos conectar con nuestro servidor. Puedes escribirnos por WhatsApp.",
    "Cerrar",
    "Chat",
    "Estás hablando con {name}, un asistente de IA. Pide una persona cuando quieras.",
    "{day} a las {time}",
    "Revisa los campos marcados.",
    "¿Te hemos ayudado?",
    "Sí, me ha ayudado",
    "No, no me ha ayudado",
    "Gracias por decírnoslo.",
    "Tu respuesta no se ha enviado.",
    "Nadie de {team} está libre todavía · suelen responder en menos de {n} minutos",
    "{team} no está disponible · vuelve el {when}",
    "{team} no está disponible ahora",
    "{name} · asistente de IA",
    "Seguir por Messenger",
    "Seguir por Instagram",
    "{name} está escribiendo…",
];

const PT: Table = [
    "Falar com uma pessoa",
    "Escreva a sua mensagem…",
    "Enviar",
    "A sua mensagem",
    "A enviar…",
    "Não enviada",
    "Tentar de novo",
    "a escrever…",
    "online",
    "ausente",
    "{name} entrou",
    "{name} (assistente de IA) está a responder",
    "{name} está a responder",
    "À espera de {team}…",
    "Ninguém de {team} está online neste momento.",
    "Voltamos {when}, na sua hora.",
    "Deixe os seus dados e entraremos em contacto.",
    "Nome",
    "Email",
    "Telefone (com indicativo do país)",
    "A sua pergunta",
    "Aceito ser contactado sobre a minha pergunta",
    "Enviar os meus dados",
    "Diga-nos o seu nome.",
    "Deixe um email ou um telefone para podermos responder.",
    "Esse email não parece correto.",
    "Indique o número com o indicativo do país, p. ex. +351 912 345 678.",
    "Aceite ser contactado sobre a sua pergunta.",
    "É demasiado longo.",
    "Obrigado! A sua referência é {reference}.",
    "Continuar no WhatsApp",
    "Não conseguimos contactar o nosso servidor. Pode falar connosco no WhatsApp.",
    "Fechar",
    "Chat",
    "Está a falar com {name}, um assistente de IA. Peça uma pessoa a qualquer momento.",
    "{day} às {time}",
    "Verifique os campos assinalados.",
    "Conseguimos ajudar?",
    "Sim, ajudou",
    "Não, não ajudou",
    "Obrigado pela sua resposta.",
    "A sua resposta não foi enviada.",
    "Ninguém de {team} está livre ainda · costumam responder em menos de {n} minutos",
    "{team} está offline · volta {when}",
    "{team} está offline neste momento",
    "{name} · assistente de IA",
    "Continuar no Messenger",
    "Continuar no Instagram",
    "{name} está a escrever…",
];

const FR: Table = [
    "Parler à une personne",
    "Écrivez votre message…",
    "Envoyer",
    "Votre message",
    "Envoi…",
    "Non envoyé",
    "Réessayer",
    "écrit…",
    "en ligne",
    "absent",
    "{name} a rejoint la conversation",
    "{name} (assistant IA) vous répond",
    "{name} vous répond",
    "En attente de {team}…",
    "Personne de {team} n'est en ligne pour le moment.",
    "Nous revenons {when}, heure locale.",
    "Laissez vos coordonnées, nous vous recontacterons.",
    "Nom",
    "E-mail",
    "Téléphone (avec l'indicatif du pays)",
    "Votre question",
    "J'accepte d'être contacté au sujet de ma question",
    "Envoyer mes coordonnées",
    "Indiquez votre nom.",
    "Laissez un e-mail ou un numéro de téléphone pour que nous puissions répondre.",
    "Cette adresse e-mail ne semble pas correcte.",
    "Indiquez le numéro avec l'indicatif du pays, ex. +33 6 12 34 56 78.",
    "Acceptez d'être contacté au sujet de votre question.",
    "C'est trop long.",
    "Merci ! Votre référence est {reference}.",
    "Continuer sur WhatsApp",
    "Notre serveur est injoignable pour le moment. Vous pouvez nous écrire sur WhatsApp.",
    "Fermer",
    "Chat",
    "Vous discutez avec {name}, un assistant IA. Demandez une personne à tout moment.",
    "{day} à {time}",
    "Vérifiez les champs signalés.",
    "Avons-nous pu vous aider ?",
    "Oui, ça m'a aidé",
    "Non, ça ne m'a pas aidé",
    "Merci de votre retour.",
    "Votre réponse n'a pas été envoyée.",
    "Personne de {team} n'est encore libre · réponse en général en moins de {n} minutes",
    "{team} est absent · retour {when}",
    "{team} est absent pour le moment",
    "{name} · assistant IA",
    "Continuer sur Messenger",
    "Continuer sur Instagram",
    "{name} écrit…",
];

const DE: Table = [
    "Mit einem Menschen sprechen", "Ihre Nachricht…", "Senden", "Ihre Nachricht", "Wird gesendet…", "Nicht gesendet", "Erneut senden", "schreibt…", "online", "abwesend",
    "{name} ist dazugekommen", "{name} (KI-Assistent) antwortet", "{name} antwortet",
    "Warten auf {team}…",
    "Gerade ist niemand aus dem Team {team} online.",
    "Wir sind {when} (Ihre Zeit) wieder da.",
    "Hinterlassen Sie Ihre Daten, wir melden uns.",
    "Name", "E-Mail", "Telefon (mit Ländervorwahl)", "Ihre Frage", "Ich bin einverstanden, zu meiner Frage kontaktiert zu werden", "Daten senden",
    "Bitte nennen Sie Ihren Namen.", "Bitte hinterlassen Sie eine E-Mail-Adresse oder Telefonnummer.",
    "Diese E-Mail-Adresse sieht nicht richtig aus.", "Bitte mit Ländervorwahl angeben, z. B. +49 151 23456789.",
    "Bitte stimmen Sie der Kontaktaufnahme zu.", "Das ist zu lang.",
    "Danke! Ihre Referenz ist {reference}.", "Auf WhatsApp weiterschreiben",
    "Unser Server ist gerade nicht erreichbar. Sie erreichen uns auf WhatsApp.",
    "Schließen", "Chat",
    "Sie chatten mit {name}, einem KI-Assistenten. Sie können jederzeit nach einem Menschen fragen.", "{day} um {time}", "Bitte prüfen Sie die markierten Felder.",
    "Konnten wir Ihnen helfen?", "Ja, das hat geholfen", "Nein, das hat nicht geholfen", "Danke für Ihre Rückmeldung.", "Ihre Antwort wurde nicht gesendet.",
    "Noch ist niemand aus dem Team {team} frei · Antwort meist innerhalb von {n} Minuten", "{team} ist nicht erreichbar · wieder da {when}", "{team} ist gerade nicht erreichbar", "{name} · KI-Assistent",
    "Auf Messenger weiterschreiben",
    "Auf Instagram weiterschreiben",    "{name} schreibt…",
];

const IT: Table = [
    "Parla con una persona",
    "Scriva il suo messaggio…",
    "Invia",
    "Il suo messaggio",
    "Invio in corso…",
    "Non inviato",
    "Riprova",
    "sta scrivendo…",
    "online",
    "assente",
    "{name} partecipa alla chat",
    "{name} (assistente IA) sta rispondendo",
    "{name} sta rispondendo",
    "In attesa di {team}…",
    "Al momento nessuno di {team} è online.",
    "Torniamo {when}, ora locale.",
    "Ci lasci i suoi dati e la ricontatteremo.",
    "Nome",
    "Email",
    "Telefono (con prefisso internazionale)",
    "La sua domanda",
    "Acconsento a essere contattato per la mia domanda",
    "Invia i miei dati",
    "Ci dica il suo nome.",
    "Lasci un'email o un numero di telefono per poterle rispondere.",
    "Questo indirizzo email non sembra corretto.",
    "Indichi il numero con il prefisso internazionale, ad es. +39 312 345 6789.",
    "Acconsenta a essere contattato per la sua domanda.",
    "È troppo lungo.",
    "Grazie! Il suo codice di riferimento è {reference}.",
    "Continua su WhatsApp",
    "Al momento non riusciamo a raggiungere il server. Può comunque scriverci su WhatsApp.",
    "Chiudi",
    "Chat",
    "Sta parlando con {name}, un assistente IA. Può chiedere una persona in qualsiasi momento.",
    "{day} alle {time}",
    "Controlli i campi evidenziati.",
    "Le siamo stati utili?",
    "Sì, mi è stato utile",
    "No, non mi è stato utile",
    "Grazie per avercelo detto.",
    "La sua risposta non è stata inviata.",
    "Nessuno di {team} è ancora libero · di solito rispondono entro {n} minuti",
    "{team} non è disponibile · torna {when}",
    "{team} non è disponibile al momento",
    "{name} · assistente IA",
    "Continua su Messenger",
    "Continua su Instagram",
    "{name} sta scrivendo…",
];

const NL: Table = [
    "Met een mens praten",
    "Typ uw bericht…",
    "Verzenden",
    "Uw bericht",
    "Wordt verzonden…",
    "Niet verzonden",
    "Opnieuw proberen",
    "typt…",
    "online",
    "afwezig",
    "{name} neemt deel aan het gesprek",
    "{name} (AI-assistent) antwoordt",
    "{name} antwoordt",
    "Wachten op {team}…",
    "Er is nu niemand van {team} online.",
    "We zijn {when} (uw tijd) weer terug.",
    "Laat uw gegevens achter, dan nemen we contact met u op.",
    "Naam",
    "E-mail",
    "Telefoon (met landcode)",
    "Uw vraag",
    "Ik ga akkoord dat er over mijn vraag contact met mij wordt opgenomen",
    "Mijn gegevens verzenden",
    "Vul uw naam in.",
    "Laat een e-mailadres of telefoonnummer achter, zodat we kunnen antwoorden.",
    "Dat e-mailadres lijkt niet te kloppen.",
    "Vul het nummer in met landcode, bijv. +31 6 12345678.",
    "Geef toestemming om over uw vraag contact met u op te nemen.",
    "Dat is te lang.",
    "Bedankt! Uw referentienummer is {reference}.",
    "Verder via WhatsApp",
    "We kunnen onze server nu niet bereiken. Via WhatsApp kunt u ons wel bereiken.",
    "Sluiten",
    "Chat",
    "U chat met {name}, een AI-assistent. U kunt op elk moment om een mens vragen.",
    "{day} om {time}",
    "Controleer de gemarkeerde velden.",
    "Hebben we u geholpen?",
    "Ja, dat hielp",
    "Nee, dat hielp niet",
    "Bedankt voor uw reactie.",
    "Uw antwoord is niet verzonden.",
    "Er is nog niemand van {team} vrij · meestal antwoorden ze binnen {n} minuten",
    "{team} is offline · terug {when}",
    "{team} is nu offline",
    "{name} · AI-assistent",
    "Verder via Messenger",
    "Verder via Instagram",
    "{name} typt…",
];

const AR: Table = [
    "التحدث إلى شخص",
    "اكتب رسالتك…",
    "إرسال",
    "رسالتك",
    "جارٍ الإرسال…",
    "لم تُرسل",
    "إعادة المحاولة",
    "يكتب…",
    "متصل",
    "غير متصل",
    "انضم {name}",
    "{name} (مساعد ذكاء اصطناعي) يجيب",
    "{name} يجيب",
    "بانتظار {team}…",
    "لا أحد من {team} متصل الآن.",
    "سنعود {when} بتوقيتك.",
    "اترك بياناتك وسنعاود الاتصال بك.",
    "الاسم",
    "البريد الإلكتروني",
    "الهاتف (مع رمز الدولة)",
    "سؤالك",
    "أوافق على التواصل معي بشأن سؤالي",
    "إرسال بياناتي",
    "يرجى كتابة اسمك.",
    "يرجى ترك بريد إلكتروني أو رقم هاتف لنتمكن من الرد.",
    "يبدو أن البريد الإلكتروني غير صحيح.",
    "يرجى كتابة الرقم مع رمز الدولة، مثل ‎+971 50 123 4567.",
    "يرجى الموافقة على التواصل بشأن سؤالك.",
    "النص طويل جدًا.",
    "شكرًا! رقمك المرجعي {reference}.",
    "المتابعة عبر واتساب",
    "لا يمكننا الوصول إلى الخادم الآن. يمكنك مراسلتنا عبر واتساب.",
    "إغلاق",
    "الدردشة",
    "أنت تتحدث مع {name}، وهو مساعد ذكاء اصطناعي. يمكنك طلب شخص في أي وقت.",
    "{day} الساعة {time}",
    "يرجى مراجعة الحقول المميزة.",
    "هل ساعدناك؟",
    "نعم، ساعدني ذلك",
    "لا، لم يساعدني ذلك",
    "شكرًا لإخبارنا.",
    "لم تُرسل إجابتك.",
    "لا أحد من {team} متاح بعد · يردّون عادةً خلال {n} دقيقة",
    "{team} غير متصل · يعود {when}",
    "{team} غير متصل الآن",
    "{name} · مساعد ذكاء اصطناعي",
    "المتابعة عبر ماسنجر",
    "المتابعة عبر إنستغرام",
    "{name} يكتب…",
];

const HE: Table = [
    "לדבר עם נציג",
    "הקלידו הודעה…",
    "שליחה",
    "ההודעה שלך",
    "שולח…",
    "לא נשלחה",
    "לנסות שוב",
    "מקליד…",
    "מחובר",
    "לא זמין",
    "{name} הצטרף/ה",
    "{name} (עוזר בינה מלאכותית) עונה",
    "{name} עונה",
    "ממתינים ל{team}…",
    "אף אחד מ{team} לא מחובר כרגע.",
    "נחזור {when} לפי השעון שלך.",
    "השאירו פרטים ונחזור אליכם.",
    "שם",
    "אימייל",
    "טלפון (עם קידומת מדינה)",
    "השאלה שלך",
    "אני מסכים/ה שיצרו איתי קשר בנוגע לשאלה",
    "שליחת הפרטים",
    "נא לכתוב את שמך.",
    "נא להשאיר אימייל או טלפון כדי שנוכל לחזור אליך.",
    "כתובת האימייל לא נראית תקינה.",
    "נא לכתוב את המספר עם קידומת מדינה, למשל ‎+972 50 123 4567.",
    "נא לאשר שניצור קשר בנוגע לשאלה.",
    "הטקסט ארוך מדי.",
    "תודה! מספר הפנייה שלך {reference}.",
    "להמשיך בוואטסאפ",
    "אין לנו כרגע חיבור לשרת. אפשר לפנות אלינו בוואטסאפ.",
    "סגירה",
    "צ'אט",
    "את/ה משוחח/ת עם {name}, עוזר בינה מלאכותית. אפשר לבקש נציג בכל רגע.",
    "{day} בשעה {time}",
    "נא לבדוק את השדות המסומנים.",
    "עזרנו לך?",
    "כן, זה עזר",
    "לא, זה לא עזר",
    "תודה שסיפרת לנו.",
    "התשובה שלך לא נשלחה.",
    "אף אחד מ{team} עוד לא פנוי · בדרך כלל עונים תוך {n} דקות",
    "{team} לא זמין · חוזר {when}",
    "{team} לא זמין כרגע",
    "{name} · עוזר בינה מלאכותית",
    "להמשיך במסנג'ר",
    "להמשיך באינסטגרם",
    "{name} מקליד/ה…",
];

const HI: Table = [
    "किसी व्यक्ति से बात करें",
    "अपना संदेश लिखें…",
    "भेजें",
    "आपका संदेश",
    "भेजा जा रहा है…",
    "नहीं भेजा गया",
    "फिर से कोशिश करें",
    "लिख रहे हैं…",
    "ऑनलाइन",
    "दूर",
    "{name} जुड़ गए",
    "{name} (AI सहायक) जवाब दे रहे हैं",
    "{name} जवाब दे रहे हैं",
    "{team} की प्रतीक्षा है…",
    "{team} से अभी कोई ऑनलाइन नहीं है।",
    "हम आपके समय के अनुसार {when} वापस आएँगे।",
    "अपना विवरण छोड़ दें, हम आपसे संपर्क करेंगे।",
    "नाम",
    "ईमेल",
    "फ़ोन (देश कोड के साथ)",
    "आपका सवाल",
    "मैं अपने सवाल के बारे में संपर्क किए जाने के लिए सहमत हूँ",
    "मेरा विवरण भेजें",
    "कृपया अपना नाम बताएँ।",
    "कृपया ईमेल पता या फ़ोन नंबर छोड़ें ताकि हम जवाब दे सकें।",
    "यह ईमेल पता सही नहीं लगता।",
    "कृपया नंबर देश कोड के साथ लिखें, जैसे +91 98765 43210।",
    "कृपया अपने सवाल के बारे में संपर्क के लिए सहमति दें।",
    "यह बहुत लंबा है।",
    "धन्यवाद! आपका संदर्भ नंबर {reference} है।",
    "WhatsApp पर जारी रखें",
    "अभी हम अपने सर्वर तक नहीं पहुँच पा रहे। आप WhatsApp पर हमसे संपर्क कर सकते हैं।",
    "बंद करें",
    "चैट",
    "आप {name} से बात कर रहे हैं, जो एक AI सहायक है। आप कभी भी किसी व्यक्ति से बात करने को कह सकते हैं।",
    "{day} {time} बजे",
    "कृपया चिह्नित फ़ील्ड जाँचें।",
    "क्या हमने मदद की?",
    "हाँ, इससे मदद मिली",
    "नहीं, इससे मदद नहीं मिली",
    "बताने के लिए धन्यवाद।",
    "आपका जवाब नहीं भेजा गया।",
    "{team} में अभी कोई खाली नहीं है · वे आमतौर पर {n} मिनट में जवाब देते हैं",
    "{team} ऑफ़लाइन है · {when} वापस",
    "{team} अभी ऑफ़लाइन है",
    "{name} · AI सहायक",
    "Messenger पर जारी रखें",
    "Instagram पर जारी रखें",
    "{name} लिख रहे हैं…",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut out: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn every_key_in_every_language_is_translated_with_the_same_placeholders() {
        // The bridge's default words and `baton check` know the same languages.
        assert_eq!(Lang::ALL.map(Lang::code), protocol::bridge::LANGUAGES);
        for &lang in &Lang::ALL {
            for &key in Key::ALL {
                let text = lang.t(key);
                assert!(!text.trim().is_empty(), "{lang:?} {key:?} is empty");
                assert_eq!(
                    placeholders(text),
                    placeholders(Lang::En.t(key)),
                    "{lang:?} {key:?}: {text}"
                );
            }
        }
    }

    #[test]
    fn locales_come_from_tags() {
        assert_eq!(Lang::from_tag("pt-BR"), Lang::Pt);
        assert_eq!(Lang::from_tag("de_AT"), Lang::De);
        assert_eq!(Lang::from_tag("it-CH"), Lang::It);
        assert_eq!(Lang::from_tag("nl-BE"), Lang::Nl);
        assert_eq!(Lang::from_tag("iw"), Lang::He);
        assert_eq!(Lang::from_tag("AR"), Lang::Ar);
        assert_eq!(Lang::from_tag("hi-IN"), Lang::Hi);
        assert_eq!(Lang::from_tag("ja-JP"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert!(Lang::Ar.rtl() && Lang::He.rtl() && !Lang::Fr.rtl() && !Lang::Hi.rtl());
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(
            Lang::En.fill(Key::AgentJoined, &[("name", "Maria")]),
            "Maria joined"
        );
        assert_eq!(
            Lang::En.fill(Key::AgentTyping, &[("name", "Maria")]),
            "Maria is typing…"
        );
        assert_eq!(fill("{a} and {a}", &[("a", "x")]), "x and x");
    }
}
