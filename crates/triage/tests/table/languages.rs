//! Each language on its own: a request, a complaint, a risk and a routine question.

use super::*;

mod english {
    use super::*;
    t!(en_010, "get me a live agent", &[HumanRequest]);
    t!(
        en_020,
        "I need to speak to someone from customer service",
        &[HumanRequest]
    );
    t!(en_030, "I want to file a complaint", &[HighRisk]);
    t!(
        en_040,
        "we want to order in bulk for our company",
        &[HighRisk]
    );
    t!(en_050, "3rd time asking...", &[Frustration]);
    t!(en_060, "you're not understanding me", &[Frustration]);
    t!(en_070, "I'm not understanding the size chart", &[]);
    t!(en_080, "I need to return order 55123", &[HighRisk]);
}

mod spanish {
    use super::*;
    t!(es_010, "quiero hablar con una persona", &[HumanRequest]);
    t!(es_020, "¿hay alguien ahí?", &[HumanRequest]);
    t!(es_030, "esto es una pérdida de tiempo", &[Frustration]);
    t!(es_040, "quiero un reembolso", &[HighRisk]);
    t!(es_050, "¿cuál es el horario de la tienda?", &[]);
    t!(es_060, "me han cobrado de más", &[HighRisk]);
    t!(
        es_070,
        "llevo dos semanas esperando mi pedido",
        &[Frustration]
    );
    t!(es_080, "¿cuánto cuesta el envío de más de dos kilos?", &[]);
}

mod portuguese {
    use super::*;
    t!(pt_010, "quero falar com um atendente", &[HumanRequest]);
    t!(
        pt_020,
        "isso é ridículo, péssimo atendimento",
        &[Frustration]
    );
    t!(pt_030, "quero cancelar minha assinatura", &[HighRisk]);
    t!(pt_040, "vocês entregam no sábado?", &[]);
}

mod hindi_devanagari {
    use super::*;
    t!(hi_d_010, "मुझे किसी इंसान से बात करनी है", &[HumanRequest]);
    t!(hi_d_020, "मुझे रिफंड चाहिए", &[HighRisk]);
    t!(hi_d_030, "बकवास सर्विस", &[Frustration]);
    t!(hi_d_040, "रिफंड पॉलिसी क्या है?", &[]);
    t!(hi_d_050, "मुझे रिफंड नहीं चाहिए", &[]);
    t!(hi_d_060, "मेरा ऑर्डर कब आएगा?", &[]);
}

mod arabic {
    use super::*;
    t!(ar_010, "أريد التحدث مع موظف", &[HumanRequest]);
    // Written with vowel marks, a stretched letter and the other alef: the same request.
    t!(ar_020, "أُرِيدُ التَّحَدُّث مع مُوَظَّـــف", &[HumanRequest]);
    t!(ar_030, "اريد الغاء الطلب", &[HighRisk]);
    t!(ar_040, "خدمة سيئة، هذا مضيعة للوقت", &[Frustration]);
    // Near misses: a question about the rules, a person not wanted, a calm question.
    t!(ar_050, "ما هي سياسة الاسترداد؟", &[]);
    t!(ar_060, "لا أريد التحدث مع موظف", &[]);
    t!(ar_070, "متى يصل طلبي؟", &[]);
    // An English request from an Arabic-speaking visitor is read in English.
    t!(ar_080, "I want a human please", &[HumanRequest]);
}

mod hebrew {
    use super::*;
    t!(he_010, "אני רוצה לדבר עם נציג", &[HumanRequest]);
    // With points (niqqud): the same request.
    t!(he_020, "אֲנִי רוֹצֶה לְדַבֵּר עִם נָצִיג", &[HumanRequest]);
    t!(he_030, "אני רוצה לבטל את המנוי", &[HighRisk]);
    t!(he_040, "שירות גרוע, נמאס לי", &[Frustration]);
    t!(he_050, "מה מדיניות ההחזרים?", &[]);
    t!(he_060, "אני לא רוצה לדבר עם נציג", &[]);
    t!(he_070, "לא רוצה לבטל, רק לשנות כתובת", &[]);
    t!(he_080, "כמה עולה משלוח?", &[]);
}

mod french {
    use super::*;
    t!(fr_010, "je veux parler à un conseiller", &[HumanRequest]);
    t!(fr_020, "c'est une honte, j'en ai marre", &[Frustration]);
    t!(fr_030, "je veux être remboursé", &[HighRisk]);
    t!(fr_040, "quels sont vos horaires ?", &[]);
    t!(
        fr_050,
        "ça fait deux semaines que j'attends",
        &[Frustration]
    );
    t!(fr_060, "c'est ce que j'attends d'une bonne veste", &[]);
}

mod german {
    use super::*;
    t!(
        de_010,
        "ich möchte mit einem Mitarbeiter sprechen",
        &[HumanRequest]
    );
    t!(
        de_020,
        "das ist lächerlich und eine Frechheit",
        &[Frustration]
    );
    t!(de_030, "ich will meinen Vertrag kündigen", &[HighRisk]);
    t!(de_040, "wie lange dauert der Versand?", &[]);
}

mod italian {
    use super::*;
    t!(it_010, "voglio parlare con un operatore", &[HumanRequest]);
    t!(it_020, "è una vergogna, servizio pessimo", &[Frustration]);
    t!(it_030, "vorrei un rimborso", &[HighRisk]);
    t!(it_040, "quanto costa la spedizione?", &[]);
}

mod dutch {
    use super::*;
    t!(nl_010, "ik wil een medewerker spreken", &[HumanRequest]);
    t!(nl_020, "dit is belachelijk en waardeloos", &[Frustration]);
    t!(nl_030, "ik wil mijn abonnement opzeggen", &[HighRisk]);
    t!(nl_040, "wat zijn de openingstijden?", &[]);
    t!(
        nl_050,
        "kan ik iemand aan de lijn krijgen?",
        &[HumanRequest]
    );
    t!(nl_060, "welke lijn gaat naar jullie winkel?", &[]);
}

mod hindi {
    use super::*;
    t!(hi_010, "kisi insaan se baat karni hai", &[HumanRequest]);
    t!(hi_020, "ye bakwas service hai, time waste", &[Frustration]);
    t!(hi_030, "mujhe paise wapas chahiye", &[HighRisk]);
    t!(hi_040, "delivery kab tak hogi?", &[]);
}
