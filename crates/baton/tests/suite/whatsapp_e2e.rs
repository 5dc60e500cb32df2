//! WhatsApp continues the thread, end to end in headless Chromium against the real hub: a
//! web visitor finds nobody online, leaves a lead and gets the wa.me link with their
//! reference; the message they would send from WhatsApp arrives at the hub's webhook (signed
//! as Meta signs it); the agent signs in to the console and finds one thread — the web
//! transcript, then the WhatsApp message, marked as such — claims it and replies, and a fake
//! Graph API on 127.0.0.1 receives the reply for the visitor's number.
//!
//! A day later the console explains that only the site's approved template can reach the
//! visitor, and sends it when asked.
//!
//! The console's screenshot is written to `target/tmp/whatsapp-console.png`; with
//! `BATON_DOCS_SCREENSHOTS=1` it also replaces `docs/whatsapp-thread.png`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::routing::post;
use axum::{Json, Router};
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::support::widget::{
    always_open, open_widget, say, scenario_at, text_of, until_thread, PASSWORD, WAIT,
};
use crate::support::{poll, root};

const APP_SECRET: &str = "e2e-app-secret";
const PHONE_NUMBER_ID: &str = "106540352242922";
const VISITOR_NUMBER: &str = "447700900999";

type Sent = Arc<Mutex<Vec<Value>>>;

/// A Graph API that takes every message and records its body.
fn fake_graph_api() -> (String, Sent) {
    let sent: Sent = Default::default();
    let s = sent.clone();
    let app = Router::new().route(
        "/{version}/{phone}/messages",
        post(move |Json(body): Json<Value>| {
            let s = s.clone();
            async move {
                s.lock().unwrap().push(body);
                Json(
                    json!({"messaging_product": "whatsapp", "messages": [{"id": "wamid.E2E-OUT"}]}),
                )
            }
        }),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let _ = axum::serve(listener, app).await;
        });
    });
    (base, sent)
}

/// What Meta posts when the visitor sends `text` from WhatsApp.
fn whatsapp_message(text: &str) -> String {
    json!({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "447700900123", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Jamie"}, "wa_id": VISITOR_NUMBER}],
        "messages": [{"from": VISITOR_NUMBER, "id": "wamid.E2E-IN", "timestamp": "1749416383", "type": "text", "text": {"body": text}}]
    }}]}]})
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_who_continues_on_whatsapp_is_one_thread_in_the_console_and_the_reply_goes_back()
{
    let (graph, sent) = fake_graph_api();
    let site = move |host: &str| {
        format!(
            "{}\n[sites.whatsapp_business]\nphone_number_id = \"{PHONE_NUMBER_ID}\"\nverify_token = \"e2e-verify\"\napp_secret = \"{APP_SECRET}\"\naccess_token = \"e2e-token\"\napi_base = \"{graph}\"\ntemplate = \"answer_ready\"\ntemplate_language = \"en_GB\"\n",
            always_open(host).replacen(
                "whatsapp = \"+44 7700 900123\"\n",
                "whatsapp = \"+44 7700 900123\"\nmessenger = \"northwind.outdoor\"\n",
                1
            )
        )
    };
    scenario_at(true, site, |c, hub, data| async move {
        // On the website: nobody is online, so the visitor leaves a lead and gets the link.
        let host_page = c.current_url().await.unwrap();
        open_widget(&c).await;
        say(&c, "Hi, I'm Jamie. can I talk to a real person? My parcel 4471 never came").await;
        text_of(&c, "lead-form").await;
        // The name said in the chat is in the form already: the visitor does not repeat it.
        let name = c.execute("return document.querySelector('[data-testid=lead-name]').value", vec![]).await.unwrap();
        assert_eq!(name, "Jamie");
        c.find(Locator::Css("[data-testid=lead-email]")).await.unwrap().send_keys("jamie@example.com").await.unwrap();
        c.find(Locator::Css("[data-testid=lead-consent]")).await.unwrap().click().await.unwrap();
        c.find(Locator::Css("[data-testid=lead-submit]")).await.unwrap().click().await.unwrap();
        text_of(&c, "reference").await;
        let href = c.execute("return document.querySelector('[data-testid=whatsapp]').href", vec![]).await.unwrap();
        let url = url::Url::parse(href.as_str().unwrap()).unwrap();
        let prefilled = url.query_pairs().find(|(k, _)| k == "text").map(|(_, v)| v.into_owned()).expect("a prefilled text");
        // Messenger too, with the reference where Messenger carries it.
        let reference = text_of(&c, "reference").await;
        let messenger = c.execute("const a = document.querySelector('[data-testid=messenger]'); return a ? [a.href, a.textContent] : null", vec![]).await.unwrap();
        let code = reference.split_whitespace().last().unwrap().trim_end_matches('.');
        assert_eq!(messenger, json!([format!("https://m.me/northwind.outdoor?ref={code}"), "Continue on Messenger"]), "{reference}");
        assert!(c.execute("return document.querySelector('[data-testid=instagram]')", vec![]).await.unwrap().is_null(), "no Instagram account, no link");

        // On WhatsApp: the visitor sends the prefilled text; Meta posts it to the hub.
        let body = whatsapp_message(&prefilled);
        let posted = reqwest::Client::new()
            .post(format!("{hub}/webhooks/whatsapp"))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", hub::whatsapp::webhook::signature(APP_SECRET, body.as_bytes()))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 200);

        // In the console: one thread, the web part and then the WhatsApp message.
        c.enter_parent_frame().await.ok();
        c.goto(&format!("{hub}/console/")).await.unwrap();
        poll("the console's sign-in form", WAIT, || async {
            c.execute("return !!document.querySelector('[data-testid=login-email]')", vec![]).await.unwrap()
        }, |v| v == true)
        .await;
        c.find(Locator::Css("[data-testid=login-email]")).await.unwrap().send_keys("maria@example.com").await.unwrap();
        c.find(Locator::Css("[data-testid=login-password]")).await.unwrap().send_keys(PASSWORD).await.unwrap();
        c.find(Locator::Css("[data-testid=login-submit]")).await.unwrap().click().await.unwrap();
        let item = poll("the conversation in the queue", WAIT, || async {
            c.execute("return document.querySelectorAll('[data-testid=queue-item]').length", vec![]).await.unwrap()
        }, |v| v == 1)
        .await;
        assert_eq!(item, 1, "one conversation, not two");
        c.find(Locator::Css("[data-testid=queue-item]")).await.unwrap().click().await.unwrap();
        let thread = poll("the WhatsApp message in the pane", WAIT, || async {
            c.execute("return [...document.querySelectorAll('[data-testid=pane-message]')].map(li => li.textContent)", vec![]).await.unwrap()
        }, |v| v.as_array().is_some_and(|a| a.iter().any(|t| t.as_str().unwrap_or("").contains("Visitor · WhatsApp"))))
        .await;
        let lines: Vec<String> = thread.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        let web = lines.iter().position(|l| l.contains("My parcel 4471 never came") && !l.contains("WhatsApp")).unwrap_or_else(|| panic!("{lines:?}"));
        let wa = lines.iter().position(|l| l.contains("Visitor · WhatsApp") && l.contains(&prefilled)).unwrap_or_else(|| panic!("{lines:?}"));
        assert!(web < wa, "the web transcript first: {lines:?}");

        // Maria claims it and answers; the reply goes to the visitor's WhatsApp.
        c.find(Locator::Css("[data-testid=claim]")).await.unwrap().click().await.unwrap();
        poll("the reply box", WAIT, || async {
            c.execute("return !!document.querySelector('[data-testid=reply-box]')", vec![]).await.unwrap()
        }, |v| v == true)
        .await;
        c.execute("const box = document.querySelector('[data-testid=reply-box]'); box.value = ''; box.dispatchEvent(new Event('input', {bubbles: true}));", vec![]).await.unwrap();
        c.find(Locator::Css("[data-testid=reply-box]")).await.unwrap().send_keys("Hi Jamie, Maria here: parcel 4471 is at the depot.").await.unwrap();
        c.find(Locator::Css("[data-testid=reply-send]")).await.unwrap().click().await.unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let body = loop {
            if let Some(b) = sent.lock().unwrap().first().cloned() {
                break b;
            }
            assert!(tokio::time::Instant::now() < deadline, "the Graph API never got the reply");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(body["to"], VISITOR_NUMBER);
        assert_eq!(body["type"], "text");
        assert_eq!(body["text"]["body"], "Hi Jamie, Maria here: parcel 4471 is at the depot.");
        poll("the reply marked as sent on WhatsApp", WAIT, || async {
            c.execute("return document.querySelector('[data-testid=thread]').textContent", vec![]).await.unwrap()
        }, |v| v.as_str().is_some_and(|t| t.contains("WhatsApp · sent") || t.contains("WhatsApp · sending")))
        .await;

        let png = c.screenshot().await.expect("screenshot");
        let dir = root().join("target/tmp");
        std::fs::create_dir_all(&dir).ok();
        std::fs::write(dir.join("whatsapp-console.png"), &png).unwrap();
        if std::env::var("BATON_DOCS_SCREENSHOTS").as_deref() == Ok("1") {
            std::fs::write(root().join("docs/whatsapp-thread.png"), &png).unwrap();
        }

        // Back on the website, the widget shows that the conversation went on in WhatsApp.
        c.goto(host_page.as_str()).await.unwrap();
        open_widget(&c).await;
        let t = until_thread(&c, "the WhatsApp part of the thread", |t| {
            t.iter().any(|l| l.1 == "Hi Jamie, Maria here: parcel 4471 is at the depot.")
        })
        .await;
        let said = |text: &str| t.iter().find(|l| l.1 == text).unwrap_or_else(|| panic!("{text:?} in {t:?}")).clone();
        assert_eq!(said(&prefilled).2.as_deref(), Some("WhatsApp"), "{t:?}");
        assert_eq!(said("Hi Jamie, Maria here: parcel 4471 is at the depot.").2.as_deref(), Some("Maria · WhatsApp"), "{t:?}");
        std::fs::write(dir.join("whatsapp-widget.png"), c.screenshot().await.expect("screenshot")).unwrap();

        // A day and more later (the visitor's last WhatsApp message dated 25 hours back), a
        // free-form reply would not be delivered: the console says so, keeps the draft, and
        // offers the site's approved template, which goes out instead.
        let db = sqlx::SqlitePool::connect(&format!("sqlite:{}", data.join("baton.sqlite").display())).await.unwrap();
        sqlx::query("UPDATE whatsapp_inbound SET received_at = '2000-01-01T00:00:00.000Z'").execute(&db).await.unwrap();
        db.close().await;
        c.enter_parent_frame().await.ok();
        c.goto(&format!("{hub}/console/")).await.unwrap();
        poll("the conversation in the console", WAIT, || async {
            c.execute("const b = document.querySelector('[data-testid=queue-item], [data-testid=mine-item]'); if (b) b.click(); return !!document.querySelector('[data-testid=reply-box]')", vec![]).await.unwrap()
        }, |v| v == true)
        .await;
        c.execute("const box = document.querySelector('[data-testid=reply-box]'); box.value = ''; box.dispatchEvent(new Event('input', {bubbles: true}));", vec![]).await.unwrap();
        c.find(Locator::Css("[data-testid=reply-box]")).await.unwrap().send_keys("Are you still there, Jamie?").await.unwrap();
        c.find(Locator::Css("[data-testid=reply-send]")).await.unwrap().click().await.unwrap();
        let error = poll("the closed window explained", WAIT, || async {
            c.execute("const e = document.querySelector('[data-testid=pane-error]'); return e ? e.textContent : null", vec![]).await.unwrap()
        }, |v| v.as_str().is_some_and(|t| t.contains("24 hours")))
        .await;
        assert!(error.as_str().unwrap().contains("template"), "{error}");
        assert_eq!(sent.lock().unwrap().len(), 1, "nothing sent in a closed window");
        let draft = c.execute("return document.querySelector('[data-testid=reply-box]').value", vec![]).await.unwrap();
        assert_eq!(draft, "Are you still there, Jamie?", "the draft is kept");
        c.find(Locator::Css("[data-testid=send-template]")).await.unwrap().click().await.unwrap();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let template = loop {
            if let Some(b) = sent.lock().unwrap().get(1).cloned() {
                break b;
            }
            assert!(tokio::time::Instant::now() < deadline, "the Graph API never got the template");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(template["to"], VISITOR_NUMBER);
        assert_eq!(template["type"], "template");
        assert_eq!(template["template"]["name"], "answer_ready");
        assert_eq!(template["template"]["language"]["code"], "en_GB");
        poll("the template in the thread, the button gone", WAIT, || async {
            c.execute("return [document.querySelector('[data-testid=thread]').textContent, !!document.querySelector('[data-testid=send-template]'), !!document.querySelector('[data-testid=pane-error]')]", vec![]).await.unwrap()
        }, |v| v[0].as_str().is_some_and(|t| t.contains("answer_ready")) && v[1] == false && v[2] == false)
        .await;
        std::fs::write(dir.join("whatsapp-template.png"), c.screenshot().await.expect("screenshot")).unwrap();
    })
    .await;
}
