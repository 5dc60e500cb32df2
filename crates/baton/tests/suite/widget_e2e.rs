//! The visitor's path end to end: the real `baton serve` (a temporary copy of the demo
//! configuration, open around the clock so the tests do not depend on the time of day), a
//! host page on another origin with the owner's one script tag, and headless Chromium driven
//! through chromedriver. The agent's side goes through the console's HTTP API (an agent made
//! with `baton agent add`, signed in with a session cookie). Elements are found by
//! `data-testid`.
//!
//! Scenarios: a visitor asks for a person (the bridge is on screen before the handoff request
//! even starts), an agent claims and replies; a question about refunds answered from the
//! FAQ without a handoff, then a refund asked for and handed to Billing; an angry visitor; the bot unsure twice; nobody
//! online, a lead, WhatsApp with the summary and reference; a reload; markup typed by the
//! visitor and by the agent shown as text.
//!
//! Needs the release widget in `dist/` (`trunk build --offline --release`), `chromium` and
//! `chromedriver` (`scripts/setup`). The tests take turns: one browser at a time.

use crate::support;

use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};
use support::poll;
use support::widget::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_for_a_person_shows_the_bridge_before_the_handoff_request_then_the_agent_answers() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        // Who is there shows at once, before the visitor has said anything.
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · online").await;

        // Enter, then read the DOM in the next animation frame, in the same script.
        let at_frame = send_and_read_next_frame(&c, "can I talk to a real person?").await;
        let bridge = at_frame["bridge"].as_array().expect("bridge texts");
        assert_eq!(bridge.len(), 1, "the bridge is on screen in the next frame: {at_frame:#}");
        assert!(bridge[0].as_str().unwrap().starts_with("Let me connect you with a specialist from our Customer Support team"), "{at_frame:#}");
        assert_eq!(at_frame["handoffRequests"], 0, "no handoff request had started when the bridge was drawn: {at_frame:#}");

        // The handoff request goes afterwards, and the hub records it: it reaches the queue.
        let net = poll("the handoff request to complete", WAIT, || async { c.execute("return { net: window.__net, bridgeAt: window.__bridgeAt }", vec![]).await.unwrap() }, |v| {
            v["net"].as_array().unwrap().iter().any(|r| r["url"].as_str().unwrap().ends_with("/handoff") && !r["end"].is_null())
        })
        .await;
        let handoff = net["net"].as_array().unwrap().iter().find(|r| r["url"].as_str().unwrap().ends_with("/handoff")).unwrap();
        assert!(net["bridgeAt"].as_f64().unwrap() < handoff["start"].as_f64().unwrap(), "bridge before the handoff request: {net:#}");
        let status = text_of(&c, "status").await;
        assert!(status.starts_with("Waiting for Customer Support"), "{status}");

        // The agent claims and answers in the same thread.
        let id = agent.claim_and_reply("Hi, I'm Maria. How can I help?").await;
        let t = until_thread(&c, "the agent's reply", |t| t.iter().any(|l| l.1 == "Hi, I'm Maria. How can I help?")).await;
        let joined = t.iter().position(|l| l.0 == "notice" && l.1.starts_with("Maria joined")).unwrap_or_else(|| panic!("no 'joined' notice: {t:?}"));
        let reply = t.iter().position(|l| l.1 == "Hi, I'm Maria. How can I help?").unwrap();
        assert!(joined < reply, "'joined' comes first: {t:?}");
        assert_eq!(t[reply].2.as_deref(), Some("Maria"), "{t:?}");
        assert_eq!(text_of(&c, "status").await, "Maria is answering");

        // Maria resolves it in the console: the widget asks for a one-tap rating.
        agent.call(reqwest::Method::POST, &format!("conversations/{id}/resolve"), None).await;
        text_of(&c, "csat").await;
        let label = c.execute("return document.querySelector('[data-testid=rate-up]').getAttribute('aria-label')", vec![]).await.unwrap();
        assert_eq!(label, "Yes, that helped");
        until_text(&c, "status", |s| s.starts_with("Ava (AI assistant) is answering")).await;
        // Thumbs drawn by the stylesheet, not emoji (an empty box without an emoji font).
        let drawn = c.execute("return ['rate-up', 'rate-down'].map((t) => { const b = document.querySelector(`[data-testid=${t}]`), s = getComputedStyle(b, '::before'); return [b.textContent.trim(), (s.maskImage || s.webkitMaskImage).startsWith('url(\"data:image/svg+xml'), s.width]; })", vec![]).await.unwrap();
        assert_eq!(drawn, json!([["", true, "22px"], ["", true, "22px"]]));
        std::fs::create_dir_all(support::root().join("target/tmp")).ok();
        std::fs::write(support::root().join("target/tmp/widget-csat.png"), c.screenshot().await.unwrap()).unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=rate-up]")).await.unwrap().click().await.unwrap();
        assert_eq!(text_of(&c, "csat-thanks").await, "Thanks for telling us.");
        // The hub has it: the console's review shows the visitor's score.
        let review = agent.call(reqwest::Method::GET, &format!("review/conversations/{id}"), None).await;
        assert_eq!(review["rating"], 5, "{review}");
        // A reload does not ask again.
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        until_thread(&c, "the thread after the reload", |t| t.iter().any(|l| l.1.starts_with("Maria marked this conversation as resolved"))).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let asked = c.execute("return document.querySelectorAll('[data-testid=csat], [data-testid=csat-thanks]').length", vec![]).await.unwrap();
        assert_eq!(asked, 0, "rated once, not asked again");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_about_refunds_is_answered_and_asking_for_one_hands_over() {
    // The demo's refund entry is marked `answers_first`: the widget waits for the hub.
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        open_widget(&c).await;
        say(&c, "how long do refunds take?").await;
        let t = until_thread(&c, "the FAQ's answer", |t| {
            t.iter()
                .any(|l| l.1.starts_with("We refund within 5 working days"))
        })
        .await;
        let answer = t
            .iter()
            .find(|l| l.1.starts_with("We refund within 5 working days"))
            .unwrap();
        assert!(
            answer.1.contains("If you'd rather a person looked into it"),
            "a person is offered: {t:?}"
        );
        // Nothing hands over afterwards either: no bridge, no handoff request, an empty queue.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let t = thread(&c).await;
        assert!(bridges(&t).is_empty(), "{t:?}");
        let handoffs = handoff_requests(&c).await;
        assert_eq!(handoffs, 0);
        let queue = agent.call(reqwest::Method::GET, "queue", None).await;
        assert_eq!(queue["waiting"], json!([]), "{queue}");
        assert!(text_of(&c, "status")
            .await
            .starts_with("Ava (AI assistant) is answering"));

        // Asking for a refund to be made goes to Billing.
        say(&c, "I want a refund for order 4471").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let b = bridges(&t);
        assert_eq!(b.len(), 1, "{t:?}");
        assert!(
            b[0].contains("Billing") && b[0].contains("order #4471"),
            "{t:?}"
        );
        assert!(
            t.last().unwrap().0 == "bridge",
            "the bridge follows the request: {t:?}"
        );
        let queue = poll(
            "the handoff in the queue",
            WAIT,
            || agent.call(reqwest::Method::GET, "queue", None),
            |q| q["waiting"].as_array().is_some_and(|w| w.len() == 1),
        )
        .await;
        assert_eq!(queue["waiting"][0]["team"], "billing", "{queue}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_angry_visitor_gets_the_frustration_bridge() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        say(&c, "THIS IS RIDICULOUS, I've been waiting for days!!!").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let b = bridges(&t);
        assert!(b[0].starts_with("I'm sorry this has been frustrating. Let me connect you with our Customer Support team right away"), "{t:?}");
        // The visitor reads the reason in the bridge's words, never a trigger's name.
        let shown = c.execute("return [document.querySelectorAll('[data-testid=why]').length, document.querySelector('[data-testid=thread]').innerText, document.querySelector('[data-triggers]').dataset.triggers]", vec![]).await.unwrap();
        assert_eq!(shown[0], 0, "{shown}");
        assert!(!shown[1].as_str().unwrap().contains("frustration"), "{shown}");
        assert!(shown[2].as_str().unwrap().contains("frustration"), "the browser's triage still says what fired: {shown}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_unsure_twice_hands_off() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        // Two questions the demo FAQ answers only with low confidence.
        say(&c, "Do you have a store in Manchester?").await;
        until_thread(&c, "the first answer", |t| {
            t.iter().filter(|l| l.0 == "message").count() >= 4
        })
        .await;
        let t = thread(&c).await;
        assert!(
            bridges(&t).is_empty(),
            "one unsure answer is not enough: {t:?}"
        );
        say(&c, "Can I pay with bitcoin?").await;
        let t = until_thread(&c, "the bridge after the second unsure answer", |t| {
            !bridges(t).is_empty()
        })
        .await;
        assert!(
            bridges(&t)[0].starts_with("I don't want to guess on this one."),
            "{t:?}"
        );
        let answers = t.iter().filter(|l| l.0 == "message").count();
        assert_eq!(
            answers, 6,
            "disclosure, greeting, two questions, two answers, then the bridge: {t:?}"
        );
        assert_eq!(t.last().unwrap().0, "bridge", "{t:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_online_captures_a_lead_and_whatsapp_carries_the_summary_and_reference() {
    scenario(false, |c, _hub| async move {
        open_widget(&c).await;
        // Away shows at once, before the visitor has said anything.
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · away").await;
        say(&c, "can I talk to a real person? I'm jamie@example.com").await;
        text_of(&c, "lead-form").await;
        // Open, but nobody online: no "one moment", no time that nobody measured.
        let t = thread(&c).await;
        assert_eq!(
            bridges(&t),
            ["Let me connect you with a specialist from our Customer Support team. Nobody is free this minute — they'll answer right here as soon as someone is. I've passed your email to Customer Support, along with our conversation."],
            "{t:?}"
        );
        let status = text_of(&c, "status").await;
        assert_eq!(status, "Nobody from Customer Support is online right now.");
        let email = c.execute("return document.querySelector('[data-testid=lead-email]').value", vec![]).await.unwrap();
        assert_eq!(email, "jamie@example.com", "prefilled from the chat");
        let question = c.execute("return document.querySelector('[data-testid=lead-question]').value", vec![]).await.unwrap();
        assert_eq!(question, "can I talk to a real person? I'm jamie@example.com");
        c.find(fantoccini::Locator::Css("[data-testid=lead-name]")).await.unwrap().send_keys("Jamie").await.unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=lead-consent]")).await.unwrap().click().await.unwrap();
        c.find(fantoccini::Locator::Css("[data-testid=lead-submit]")).await.unwrap().click().await.unwrap();
        let reference = text_of(&c, "reference").await;
        let code = reference.strip_prefix("Thanks! Your reference is ").and_then(|r| r.strip_suffix('.')).unwrap_or_else(|| panic!("{reference}"));
        assert!(code.starts_with("BTN-"), "{reference}");
        let href = c.execute("return document.querySelector('[data-testid=whatsapp]').href", vec![]).await.unwrap();
        let url = url::Url::parse(href.as_str().unwrap()).unwrap();
        assert_eq!((url.host_str(), url.path()), (Some("wa.me"), "/447700900123"), "{url}");
        let text = url.query_pairs().find(|(k, _)| k == "text").map(|(_, v)| v.into_owned()).expect("a prefilled text");
        assert_eq!(text, format!("Hi, I'm Jamie. My question: can I talk to a real person? I'm jamie@example.com (ref {code})"));
        // The assistant still answers while the visitor waits; a reload keeps the reference.
        say(&c, "How much does delivery cost?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        assert_eq!(t.iter().find(|l| l.1.starts_with("UK standard delivery is")).unwrap().2.as_deref(), Some("Ava · AI assistant"), "{t:?}");
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(text_of(&c, "reference").await, reference);
        assert_eq!(text_of(&c, "status").await, "Nobody from Customer Support is online right now.");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_closed_day_the_visitor_in_tokyo_is_told_when_in_their_time_before_and_after_asking_and_after_a_reload(
) {
    // Open only the day after tomorrow (UTC), 09:00-17:00 UTC: 18:00 in Tokyo.
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let opens = chrono::Utc::now().date_naive() + chrono::Days::new(2);
    let key = DAYS[chrono::Datelike::weekday(&opens).num_days_from_monday() as usize];
    let when = in_visitor_words(
        opens.and_hms_opt(9, 0, 0).unwrap().and_utc(),
        chrono_tz::Asia::Tokyo,
    );
    scenario_with(false, move |host| with_hours(host, "UTC", &format!("{key} = [\"09:00-17:00\"]")), move |c, _hub| async move {
        open_as_gb_visitor_in(&c, "Asia/Tokyo").await;
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · away").await;
        assert_eq!(text_of(&c, "expect").await, format!("We're back {when} your time."), "before the first message");
        let sent = c.execute("return window.__net.filter((r) => r.method === 'POST').length", vec![]).await.unwrap();
        assert_eq!(sent, 0, "the visitor has sent nothing");

        say(&c, "can I talk to someone?").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert_eq!(
            bridges(&t)[0],
            format!("Our Customer Support team is offline now — they're back {when} your time. They'll see our conversation, so you won't need to repeat yourself.")
        );
        say(&c, "How much does delivery cost?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        assert_eq!(t.iter().find(|l| l.1.starts_with("UK standard delivery is")).unwrap().2.as_deref(), Some("Ava · AI assistant"), "{t:?}");

        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Customer Support is offline · back {when}"));
        text_of(&c, "lead-form").await;
    })
    .await;
}

/// "tomorrow at 04:00" as an `en-GB` visitor in `zone` reads the instant `at`.
fn in_visitor_words(at: chrono::DateTime<chrono::Utc>, zone: chrono_tz::Tz) -> String {
    use chrono::Datelike;
    let local = at.with_timezone(&zone);
    let days =
        (local.date_naive() - chrono::Utc::now().with_timezone(&zone).date_naive()).num_days();
    let day = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        _ => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][local.weekday().num_days_from_monday() as usize]
            .to_string(),
    };
    format!("{day} at {}", local.format("%H:%M"))
}

const EVERY_DAY_9_TO_5: &str = "mon = [\"09:00-17:00\"]\ntue = [\"09:00-17:00\"]\nwed = [\"09:00-17:00\"]\nthu = [\"09:00-17:00\"]\n\
    fri = [\"09:00-17:00\"]\nsat = [\"09:00-17:00\"]\nsun = [\"09:00-17:00\"]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_holiday_the_visitor_is_told_when_in_their_own_time_the_assistant_keeps_helping_and_a_reload_keeps_it_all(
) {
    // Open 09:00-17:00 UTC every day, but today (UTC) is a holiday: back tomorrow at 09:00 UTC,
    // which a visitor in New York reads as 04:00 or 05:00, today or tomorrow by their clock.
    let today = chrono::Utc::now().date_naive();
    let back = today
        .succ_opt()
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
        .and_utc();
    let when = in_visitor_words(back, chrono_tz::America::New_York);
    let site = move |host: &str| {
        with_hours(host, "UTC", EVERY_DAY_9_TO_5).replace(
            "[sites.hours.weekly]",
            &format!("holidays = [\"{today}\"]\n\n[sites.hours.weekly]"),
        )
    };
    scenario_with(false, site, move |c, _hub| async move {
        open_as_gb_visitor_in(&c, "America/New_York").await;
        until_text(&c, "status", |s| s == "Ava (AI assistant) is answering · away").await;
        assert_eq!(text_of(&c, "expect").await, format!("We're back {when} your time."), "before the first message");

        say(&c, "I want a refund for order #4471, my email is jo@example.com").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert_eq!(
            bridges(&t)[0],
            format!("Our Billing team answers refunds and payments on weekdays and Saturday mornings — they're back {when} your time. I've passed your order #4471 and your email to Billing, along with our conversation."),
            "the demo's own words for a closed Billing team, in the visitor's time, never 'one moment'"
        );
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Billing is offline · back {when}"));
        text_of(&c, "lead-form").await;

        // The assistant still answers what it knows, marked as the assistant's.
        say(&c, "How long does delivery take?").await;
        let t = until_thread(&c, "the assistant's answer while waiting", |t| t.iter().any(|l| l.1.starts_with("Standard UK delivery"))).await;
        let answer = t.iter().find(|l| l.1.starts_with("Standard UK delivery")).unwrap();
        assert_eq!(answer.2.as_deref(), Some("Ava · AI assistant"), "{t:?}");

        // The lead, then a reload: the reference, the WhatsApp link and the honest words stay.
        c.find(fantoccini::Locator::Css("[data-testid=lead-name]")).await.unwrap().send_keys("Jo").await.unwrap();
        for testid in ["lead-consent", "lead-submit"] {
            c.execute(&format!("document.querySelector('[data-testid={testid}]').scrollIntoView({{ block: 'center' }})"), vec![]).await.unwrap();
            c.find(fantoccini::Locator::Css(&format!("[data-testid={testid}]"))).await.unwrap().click().await.unwrap();
        }
        let reference = text_of(&c, "reference").await;
        assert!(reference.starts_with("Thanks! Your reference is BTN-"), "{reference}");
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        assert_eq!(text_of(&c, "reference").await, reference, "the reference survives a reload");
        let href = c.execute("const a = document.querySelector('[data-testid=whatsapp]'); return a && a.href", vec![]).await.unwrap();
        assert!(href.as_str().is_some_and(|h| h.starts_with("https://wa.me/447700900123")), "{href}");
        assert_eq!(until_text(&c, "status", |s| s.contains("offline")).await, format!("Billing is offline · back {when}"), "never 'waiting' on a holiday");
        let t = until_thread(&c, "the bridge after the reload", |t| bridges(t).first().is_some_and(|b| b.starts_with("Our Billing team answers refunds"))).await;
        assert_eq!(bridges(&t).len(), 1, "{t:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_going_online_before_the_first_message_shows_at_once_and_then_it_is_one_moment() {
    scenario(true, |c, hub| async move {
        open_widget(&c).await;
        until_text(&c, "status", |s| {
            s == "Ava (AI assistant) is answering · away"
        })
        .await;
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        until_text(&c, "status", |s| {
            s == "Ava (AI assistant) is answering · online"
        })
        .await;
        say(&c, "can I speak to someone?").await;
        let t = until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        assert!(
            bridges(&t)[0].starts_with(
                "Let me connect you with a specialist from our Customer Support team — one moment."
            ),
            "{t:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_loading_leaves_the_host_pages_focus_and_typing_alone() {
    scenario(false, |c, _hub| async move {
        // A visitor who has chatted before, closed the panel and went on to another page.
        open_widget(&c).await;
        say(&c, "How much does delivery cost?").await;
        until_thread(&c, "the answer", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        c.enter_parent_frame().await.unwrap();
        c.execute("Baton('close')", vec![]).await.unwrap();
        let search = c.current_url().await.unwrap().join("/search").unwrap();
        c.goto(search.as_str()).await.unwrap();
        let field = c.find(fantoccini::Locator::Css("#q")).await.expect("the shop's search field");
        c.execute("window.__ready = false; Baton('on', 'ready', () => { window.__ready = true; })", vec![]).await.unwrap();
        field.send_keys("waterproof").await.unwrap();
        // With a conversation, the frame loads when the page is idle (for the unread count);
        // the widget says it is ready once drawn.
        poll("the widget to load and say it is ready", WAIT, || async { c.execute("return window.__ready", vec![]).await.unwrap() }, |v| v == true).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Keys go wherever the caret is now, as a person's typing does (not to an element).
        type_keys(&c, " boots").await;
        let state = c.execute("return [document.activeElement && document.activeElement.id, document.querySelector('#q').value]", vec![]).await.unwrap();
        assert_eq!(state, json!(["q", "waterproof boots"]), "the caret stays in the shop's field");
        // Tab goes on through the shop's own page, not into the closed chat.
        type_keys(&c, "\u{E004}").await;
        let next = c.execute("return document.activeElement && document.activeElement.textContent", vec![]).await.unwrap();
        assert_eq!(next, "Home");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_or_another_page_brings_the_panel_back_open_or_closed_as_it_was() {
    scenario(false, |c, _hub| async move {
        const SHOWN: &str = "const f = window.__roots[0] && window.__roots[0].querySelector('iframe:not([hidden])'); \
            return [f ? f.style.visibility : 'none', window.__roots[0].querySelector('button').getAttribute('aria-expanded')]";
        open_widget(&c).await;
        say(&c, "How much does delivery cost?").await;
        until_thread(&c, "the answer", |t| t.iter().any(|l| l.1.starts_with("UK standard delivery is"))).await;
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        poll("the panel to open again by itself", WAIT, || async { c.execute(SHOWN, vec![]).await.unwrap_or(Value::Null) }, |v| *v == json!(["visible", "true"])).await;
        assert_ne!(c.execute("return document.activeElement && document.activeElement.tagName", vec![]).await.unwrap(), "DIV", "reopened without taking the page's focus");
        // On to another page of the shop: the chat is open there too, the conversation in it.
        let search = c.current_url().await.unwrap().join("/search").unwrap();
        c.goto(search.as_str()).await.unwrap();
        poll("the panel open on the next page", WAIT, || async { c.execute(SHOWN, vec![]).await.unwrap_or(Value::Null) }, |v| *v == json!(["visible", "true"])).await;
        open_widget(&c).await;
        until_thread(&c, "the conversation on the next page", |t| t.iter().any(|l| l.1 == "How much does delivery cost?")).await;
        c.enter_parent_frame().await.unwrap();
        // Closed by the visitor: a reload keeps it closed.
        c.execute("Baton('close')", vec![]).await.unwrap();
        c.refresh().await.expect("reload the host page");
        c.execute("window.__ready = false; Baton('on', 'ready', () => { window.__ready = true; })", vec![]).await.unwrap();
        poll("the widget to load", WAIT, || async { c.execute("return window.__ready", vec![]).await.unwrap() }, |v| v == true).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(c.execute(SHOWN, vec![]).await.unwrap(), json!(["hidden", "false"]));
    })
    .await;
}

/// The host page as an `en-GB` visitor whose browser is in `zone`, with the chat open.
async fn open_as_gb_visitor_in(c: &Client, zone: &str) {
    visitor_zone(c, zone).await;
    let gb = c.current_url().await.unwrap().join("/gb").unwrap();
    c.goto(gb.as_str()).await.unwrap();
    open_widget(c).await;
}

/// Presses and releases each key in turn on whatever has the focus.
async fn type_keys(c: &Client, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for value in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    c.perform_actions(actions).await.expect("type");
}

/// Where the launcher is: `[side, pixels from that side, pixels from the bottom]`.
const LAUNCHER: &str = "const r = window.__roots[0] && window.__roots[0].querySelector('button').getBoundingClientRect(); \
    if (!r) return null; const left = r.left < innerWidth / 2; \
    return [left ? 'left' : 'right', Math.round(left ? r.left : innerWidth - r.right), Math.round(innerHeight - r.bottom)]";

async fn launcher_at(c: &Client, what: &str, at: Value) {
    poll(
        what,
        WAIT,
        || async { c.execute(LAUNCHER, vec![]).await.unwrap_or(Value::Null) },
        |v| *v == at,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_keeps_the_conversation() {
    scenario(false, |c, _hub| async move {
        // The site's theme places the launcher: bottom-left, 32 px in, 40 px up.
        poll(
            "the launcher",
            WAIT,
            || async { c.execute(LAUNCHER, vec![]).await.unwrap_or(Value::Null) },
            |v| !v.is_null(),
        )
        .await;
        launcher_at(
            &c,
            "the launcher where the site's theme puts it",
            json!(["left", 32, 40]),
        )
        .await;
        open_widget(&c).await;
        say(&c, "How long does delivery take?").await;
        let before = until_thread(&c, "the bot's answer", |t| {
            t.iter().any(|l| l.1.starts_with("Standard UK delivery"))
        })
        .await;
        c.enter_parent_frame().await.unwrap();
        c.refresh().await.expect("reload the host page");
        open_widget(&c).await;
        let after = until_thread(&c, "the thread after the reload", |t| {
            t.iter().any(|l| l.1.starts_with("Standard UK delivery"))
        })
        .await;
        assert_eq!(after, before, "the same thread, once");

        // Data attributes still win over the site's theme, one by one.
        c.enter_parent_frame().await.unwrap();
        let placed = c.current_url().await.unwrap().join("/placed").unwrap();
        c.goto(placed.as_str()).await.unwrap();
        launcher_at(
            &c,
            "the launcher where the data attributes put it",
            json!(["right", 32, 60]),
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_typed_by_the_visitor_and_by_the_agent_is_shown_as_text() {
    scenario(true, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        let visitor = r#"<img src=x onerror="window.__xss=1"><script>window.__xss=2</script> talk to a person"#;
        say(&c, visitor).await;
        until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let id = agent.claim_and_reply(r#"<b>bold</b><img src=y onerror="window.__xss=3"> hello"#).await;
        let t = until_thread(&c, "the agent's reply", |t| t.iter().any(|l| l.1.ends_with(" hello"))).await;
        assert!(t.iter().any(|l| l.1 == visitor), "{t:?}");
        assert!(t.iter().any(|l| l.1 == r#"<b>bold</b><img src=y onerror="window.__xss=3"> hello"#), "{t:?}");
        let parsed = c.execute("return [document.querySelectorAll('[data-testid=thread] img, [data-testid=thread] script, [data-testid=thread] p b').length, window.__xss === undefined]", vec![]).await.unwrap();
        assert_eq!(parsed, json!([0, true]), "no element made from the text, no script ran");
        // The console's copy is the same plain text.
        let conversation = agent.call(reqwest::Method::GET, &format!("conversations/{id}"), None).await;
        let texts: Vec<&str> = conversation["messages"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
        assert!(texts.contains(&visitor), "{texts:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_visitor_sees_the_agent_typing_in_the_console_until_the_reply_replaces_it() {
    scenario(true, |c, hub| async move {
        Agent::sign_in(&hub).await.online().await;
        open_widget(&c).await;
        say(&c, "Can I talk to a real person about my order?").await;
        until_thread(&c, "the bridge", |t| !bridges(t).is_empty()).await;
        let widget = c.window().await.unwrap();

        // Maria, in the console in another tab: signs in, claims it and types a reply.
        let console = c.new_window(true).await.unwrap().handle;
        c.switch_to_window(console.clone()).await.unwrap();
        c.goto(&format!("{hub}/console/")).await.unwrap();
        let field = |css: &'static str| {
            let c = c.clone();
            async move {
                c.wait()
                    .at_most(WAIT)
                    .for_element(fantoccini::Locator::Css(css))
                    .await
                    .unwrap_or_else(|e| panic!("{css}: {e}"))
            }
        };
        field("[data-testid=login-email]").await.send_keys("maria@example.com").await.unwrap();
        field("[data-testid=login-password]").await.send_keys(PASSWORD).await.unwrap();
        field("[data-testid=login-submit]").await.click().await.unwrap();
        field("[data-testid=queue-item]").await.click().await.unwrap();
        field("[data-testid=claim]").await.click().await.unwrap();
        let reply = field("[data-testid=reply-box]").await;
        reply.clear().await.unwrap();
        reply.send_keys("Hi, I'm Maria. Let me look at your order.").await.unwrap();

        // The widget says so, in the place of the assistant's typing line, politely.
        c.switch_to_window(widget.clone()).await.unwrap();
        open_widget(&c).await;
        until_text(&c, "typing", |t| t == "Maria is typing…").await;
        assert_eq!(text_of(&c, "status").await, "Maria is answering");
        let live = c
            .execute("return document.querySelector('[data-testid=typing]').getAttribute('aria-live')", vec![])
            .await
            .unwrap();
        assert_eq!(live, "polite");
        c.enter_parent_frame().await.unwrap();
        let png = c.screenshot().await.expect("a screenshot");
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("widget-agent-typing.png");
        std::fs::write(&path, png).expect("write the screenshot");
        eprintln!("screenshot: {}", path.display());

        // Maria sends it: her message replaces the line at once, not when its time runs out.
        c.switch_to_window(console).await.unwrap();
        field("[data-testid=reply-send]").await.click().await.unwrap();
        c.switch_to_window(widget).await.unwrap();
        open_widget(&c).await;
        let seen = poll(
            "Maria's reply in the widget",
            WAIT,
            || async {
                c.execute(
                    "return [[...document.querySelectorAll('[data-testid=thread] li p')].some((p) => p.textContent === \"Hi, I'm Maria. Let me look at your order.\"), !!document.querySelector('[data-testid=typing]')]",
                    vec![],
                )
                .await
                .unwrap_or(Value::Null)
            },
            |v| v[0] == true,
        )
        .await;
        assert_eq!(seen, json!([true, false]), "the reply came and the typing line went with it");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_sound_on_a_reply_to_a_closed_chat_chimes_once_and_counts_in_the_tab_title() {
    let site = |host: &str| {
        let site = always_open(host);
        assert!(
            site.contains("sound = false"),
            "demo/baton.toml has no sound line"
        );
        site.replace("sound = false", "sound = true")
    };
    scenario_with(true, site, |c, hub| async move {
        let agent = Agent::sign_in(&hub).await;
        agent.online().await;
        open_widget(&c).await;
        say(&c, "can I talk to a real person?").await;
        let id = agent.claim_and_reply("Hi, I'm Maria. One moment.").await;
        until_thread(&c, "the agent's reply", |t| {
            t.iter().any(|l| l.1 == "Hi, I'm Maria. One moment.")
        })
        .await;
        let notes = c.execute("return window.__notes", vec![]).await.unwrap();
        assert_eq!(notes, 0, "no chime while the chat is open");

        // The visitor closes the chat and reads the page; Maria writes again.
        c.enter_parent_frame().await.unwrap();
        let title = c.execute("return document.title", vec![]).await.unwrap();
        c.execute("Baton('close')", vec![]).await.unwrap();
        agent
            .call(
                reqwest::Method::POST,
                &format!("conversations/{id}/messages"),
                Some(json!({"text": "Found it: it ships today."})),
            )
            .await;
        let titled = poll(
            "the count in the tab's title",
            WAIT,
            || async { c.execute("return document.title", vec![]).await.unwrap() },
            |t| t.as_str().is_some_and(|t| t.starts_with("(1) ")),
        )
        .await;
        assert_eq!(titled, format!("(1) {}", title.as_str().unwrap()));
        open_widget(&c).await;
        let notes = c.execute("return window.__notes", vec![]).await.unwrap();
        assert_eq!(
            notes, 2,
            "one chime (two notes) for the reply to the closed chat"
        );
        // Opened: read, and the title is the page's own again.
        c.enter_parent_frame().await.unwrap();
        poll(
            "the title without the count",
            WAIT,
            || async { c.execute("return document.title", vec![]).await.unwrap() },
            |t| *t == title,
        )
        .await;
    })
    .await;
}
