//! Each trigger in plain words, negated, and misspelt.

use super::*;

mod basics {
    use super::*;
    t!(human_010, "can I talk to a real person", &[HumanRequest]);
    t!(
        human_020,
        "I want to speak with a representative please",
        &[HumanRequest]
    );
    t!(human_030, "real agent", &[HumanRequest]);
    t!(human_040, "customer care", &[HumanRequest]);
    t!(human_050, "is anyone there?", &[HumanRequest]);
    t!(human_060, "can you call me", &[HumanRequest]);
    t!(human_070, "connect me with someone", &[HumanRequest]);
    t!(human_080, "Contact", &[HumanRequest]);
    t!(human_090, "human", &[HumanRequest]);
    t!(human_100, "agent", &[HumanRequest]);
    t!(human_110, "person?", &[HumanRequest]);
    t!(human_120, "put me through to a manager", &[HumanRequest]);
    t!(
        human_130,
        "why can't I just talk to a human",
        &[HumanRequest]
    );
    t!(routine_010, "what are your opening hours?", &[]);
    t!(routine_020, "do you ship to Norway?", &[]);
    t!(routine_030, "how much is the blue jacket in size M", &[]);
    t!(routine_040, "thanks, that helps", &[]);
    t!(routine_050, "", &[]);
    t!(frustration_010, "this is ridiculous", &[Frustration]);
    t!(
        frustration_020,
        "I've been waiting for days",
        &[Frustration]
    );
    t!(frustration_030, "WHERE IS MY ORDER", &[Frustration]);
    t!(frustration_040, "this bot is useless", &[Frustration]);
    t!(frustration_050, "what a waste of time", &[Frustration]);
    t!(frustration_060, "still not delivered???", &[Frustration]);
    t!(
        frustration_070,
        "you already got this wrong again",
        &[Frustration]
    );
    t!(frustration_080, "can you send the link again?", &[]);
    t!(
        frustration_090,
        "so so annoying and pathetic",
        &[Frustration]
    );
    t!(frustration_100, "where is my order 😡", &[Frustration]);
    t!(
        frustration_110,
        "the parcel never came 🤬🤬",
        &[Frustration]
    );
    t!(frustration_120, "still not delivered!!! 🙄", &[Frustration]);
    t!(frustration_130, "ok 🙄", &[]);
    t!(frustration_140, "haha love it 😂", &[]);
    t!(frustration_150, "can I change the colour? 😊", &[]);
    t!(risk_010, "I want a refund", &[HighRisk]);
    t!(risk_020, "please cancel my subscription", &[HighRisk]);
    t!(risk_030, "I'll contact my lawyer", &[HighRisk]);
    t!(
        risk_040,
        "my son had an allergic reaction to the cream",
        &[HighRisk]
    );
    t!(risk_050, "there is a gas leak in my kitchen", &[HighRisk]);
    t!(
        risk_060,
        "we'd like a quote for €5,000 of furniture",
        &[HighRisk]
    );
    t!(risk_070, "budget is $10k", &[HighRisk]);
    t!(risk_080, "we need 500 units for our office", &[HighRisk]);
    t!(risk_090, "I haven't received my refund yet", &[HighRisk]);
    t!(risk_100, "I can't cancel my account", &[HighRisk]);
    t!(
        risk_110,
        "someone made an unauthorized charge on my card",
        &[HighRisk]
    );
    t!(risk_120, "a €50 gift card", &[]);
    t!(
        priority_010,
        "this is useless, I want a refund and a real person",
        &[HumanRequest, HighRisk, Frustration]
    );
}

mod negation {
    use super::*;
    t!(neg_010, "I don't need a human, just the opening hours", &[]);
    t!(neg_020, "no agent please", &[]);
    t!(neg_030, "no, I want a real person", &[HumanRequest]);
    t!(
        neg_040,
        "I don't want to talk to anyone, just tell me the price",
        &[]
    );
    t!(neg_050, "not bad at all", &[]);
    t!(neg_060, "I don't want a refund", &[]);
    t!(neg_070, "I cancelled nothing", &[]);
    t!(neg_080, "ich brauche keinen Mitarbeiter", &[]);
    t!(neg_090, "no quiero un reembolso", &[]);
    t!(neg_100, "mujhe insaan nahi chahiye", &[]);
    t!(neg_110, "this is not ridiculous", &[]);
    t!(hard_010, "can I talk about pricing", &[]);
    t!(hard_020, "the agent field in the form is empty", &[]);
    t!(hard_030, "is that humanly possible", &[]);
    t!(hard_040, "I managed to log in", &[]);
    t!(
        hard_050,
        "what does your customer care policy say about returns",
        &[]
    );
}

mod typos {
    use super::*;
    t!(typo_010, "reprsentative", &[HumanRequest]);
    t!(typo_020, "humaaan please", &[HumanRequest]);
    t!(typo_030, "coustmer care", &[HumanRequest]);
    t!(
        typo_040,
        "i want to speek to a reprasentative",
        &[HumanRequest]
    );
    t!(typo_050, "pleeeease a human", &[HumanRequest]);
    t!(typo_060, "I want a refnud", &[HighRisk]);
    t!(typo_070, "this is ridiculus", &[Frustration]);
    t!(typo_080, "HUMAAAAN", &[HumanRequest]);
}
