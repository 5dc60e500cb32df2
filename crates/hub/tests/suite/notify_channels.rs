//! Every channel against a real receiver on 127.0.0.1: an SMTP sink written here (EHLO,
//! MAIL, RCPT, DATA, QUIT; plain), and an axum receiver that checks the Slack body against
//! Block Kit's documented shape, the WhatsApp body against the Cloud API's (text and
//! template), and the webhook's signature.

use crate::notify_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use base64::Engine as _;
use hub::notify::config::{validate, NotifyFile};
use hub::notify::message::{sample, Line};
use hub::notify::{deliver, http_client, Notification};
use notify_support::smtp_sink;
use serde_json::Value;
use tokio::net::TcpListener;

const EVIL: &str = "<!channel> @here <@U123> <http://evil.example|click me> & \"},\"to\":\"999\"";

fn notification() -> Notification {
    let mut n = sample(
        "shop",
        "Test Shop",
        "Billing",
        "billing",
        Some("https://chat.example.com"),
        chrono_tz::Europe::London,
    );
    n.contact
        .insert("name".into(), "Eve\r\nBcc: victim@example.com".into());
    n.contact.insert("email".into(), "eve@example.com".into());
    n.transcript.push(Line {
        author: "visitor".into(),
        text: EVIL.into(),
    });
    n
}

// ---------------------------------------------------------------- SMTP sink (notify_support)

/// Headers (unfolded) and the decoded body of a captured message.
fn parse_mail(data: &str) -> (Vec<(String, String)>, String) {
    let (head, body) = data.split_once("\n\n").expect("headers and body");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with(' ') || line.starts_with('\t') {
            if let Some(last) = headers.last_mut() {
                last.1.push_str(line);
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.to_string(), v.trim().to_string()));
        }
    }
    let encoding = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Transfer-Encoding"))
        .map(|(_, v)| v.to_ascii_lowercase());
    let body = match encoding.as_deref() {
        Some("base64") => {
            let joined: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .expect("base64"),
            )
            .expect("utf-8")
        }
        Some("quoted-printable") => quoted_printable(body),
        _ => body.to_string(),
    };
    (headers, body)
}

fn quoted_printable(s: &str) -> String {
    let mut bytes = Vec::new();
    let mut lines = s.split('\n').peekable();
    while let Some(line) = lines.next() {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() + 1 && i + 2 <= b.len() - 1 + 1 {
                let hex = std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())]).unwrap_or("");
                if let Ok(v) = u8::from_str_radix(hex, 16) {
                    bytes.push(v);
                    i += 3;
                    continue;
                }
            }
            bytes.push(b[i]);
            i += 1;
        }
        if !soft && lines.peek().is_some() {
            bytes.push(b'\n');
        }
    }
    String::from_utf8(bytes).expect("utf-8")
}

/// `=?utf-8?b?…?=` encoded words decoded and joined.
fn decode_words(v: &str) -> String {
    let mut out = String::new();
    for word in v.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            let inner = &word[10..word.len() - 2];
            out.push_str(
                &String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(inner)
                        .expect("b64"),
                )
                .expect("utf8"),
            );
        } else if lower.starts_with("=?utf-8?q?") && word.ends_with("?=") {
            out.push_str(&quoted_printable(
                &word[10..word.len() - 2].replace('_', " "),
            ));
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[tokio::test]
async fn email_reaches_a_real_smtp_server_with_safe_headers_and_the_whole_transcript() {
    let (port, mails) = smtp_sink().await;
    let file: NotifyFile = toml::from_str(&format!(
        r#"
        [[channels]]
        name = "team-email"
        kind = "email"
        host = "127.0.0.1"
        port = {port}
        security = "none"
        from = "Baton <baton@shop.example>"
        to = ["team@shop.example", "Owner <owner@shop.example>"]
        "#
    ))
    .expect("toml");
    let notify = validate(&file, &["billing"]).expect("valid");
    let n = notification();
    let client = http_client(Duration::from_secs(5));
    deliver(&client, &notify.channels[0], &n, Duration::from_secs(5))
        .await
        .expect("delivered");

    let mails = mails.lock().expect("lock").clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert!(mail.ehlo);
    assert_eq!(mail.from, "<baton@shop.example>");
    assert_eq!(mail.to, vec!["<team@shop.example>", "<owner@shop.example>"]);
    let (headers, body) = parse_mail(&mail.data);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    // The visitor's CR/LF did not become a header.
    assert!(header("Bcc").is_none(), "{headers:?}");
    assert!(!mail
        .data
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("bcc:")));
    let subject = decode_words(&header("Subject").expect("subject"));
    assert!(
        subject.contains("[test] Urgent handoff to Billing"),
        "{subject}"
    );
    assert!(
        subject.contains("Eve Bcc: victim@example.com"),
        "flattened onto one line: {subject}"
    );
    assert!(header("Message-ID")
        .expect("message id")
        .contains(&format!("{}.team-email@baton.notify", n.handoff_id)));
    assert!(header("Reply-To")
        .expect("reply-to")
        .contains("eve@example.com"));
    // Body: summary, reasons, contact, link, and every transcript line.
    assert!(body.contains(&n.summary), "{body}");
    assert!(body.contains("human_request: phrase \"a real person\" (1.00)"));
    assert!(body.contains("maria@example.com") || body.contains("eve@example.com"));
    assert!(body.contains(&format!(
        "https://chat.example.com/console/?conversation={}",
        n.conversation_id
    )));
    for line in &n.transcript {
        assert!(
            body.contains(&line.text),
            "missing {:?} in {body}",
            line.text
        );
    }
}

#[tokio::test]
async fn an_smtp_server_that_is_down_is_a_retryable_error() {
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let file: NotifyFile = toml::from_str(&format!(
        "[[channels]]\nname = \"m\"\nkind = \"email\"\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\nfrom = \"a@b.example\"\nto = [\"c@d.example\"]\n"
    ))
    .expect("toml");
    let notify = validate(&file, &[]).expect("valid");
    let err = deliver(
        &http_client(Duration::from_secs(2)),
        &notify.channels[0],
        &notification(),
        Duration::from_secs(2),
    )
    .await
    .expect_err("down");
    assert!(err.retry, "{err}");
    assert!(err.message.contains(&format!("127.0.0.1:{port}")), "{err}");
}

// ---------------------------------------------------------------- HTTP receiver

#[derive(Clone, Debug)]
struct Hit {
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

async fn receiver() -> (String, Arc<Mutex<Vec<Hit>>>) {
    let hits = Arc::new(Mutex::new(Vec::new()));
    let record = |hits: Arc<Mutex<Vec<Hit>>>, path: &'static str, answer: &'static str| {
        post(move |headers: HeaderMap, body: Bytes| {
            let hits = hits.clone();
            async move {
                hits.lock().expect("lock").push(Hit {
                    path: path.to_string(),
                    headers,
                    body,
                });
                (StatusCode::OK, answer)
            }
        })
    };
    let app = Router::new()
        .route("/services/T0/B0/X", record(hits.clone(), "slack", "ok"))
        .route(
            "/v21.0/1234567890/messages",
            record(
                hits.clone(),
                "whatsapp",
                r#"{"messaging_product":"whatsapp","messages":[{"id":"wamid.X"}]}"#,
            ),
        )
        .route("/hooks/baton", record(hits.clone(), "webhook", "{}"));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (base, hits)
}

fn channels(base: &str) -> hub::notify::Notify {
    let file: NotifyFile = toml::from_str(&format!(
        r#"
        [[channels]]
        name = "slack"
        kind = "slack"
        webhook_url = "{base}/services/T0/B0/X"

        [[channels]]
        name = "wa-text"
        kind = "whatsapp"
        api_base = "{base}"
        phone_number_id = "1234567890"
        token = "EAAG-test-token"
        to = "+44 7700 900456"

        [[channels]]
        name = "wa-template"
        kind = "whatsapp"
        api_base = "{base}"
        api_version = "v21.0"
        phone_number_id = "1234567890"
        token = "EAAG-test-token"
        to = "+44 7700 900456"
        template = "baton_escalation"
        template_language = "en_GB"

        [[channels]]
        name = "crm"
        kind = "webhook"
        url = "{base}/hooks/baton"
        secret = "0123456789abcdef-secret"
        "#
    ))
    .expect("toml");
    validate(&file, &[]).expect("valid")
}

/// Block Kit's documented limits for a message: at most 50 blocks; header text plain_text
/// ≤ 150; section text ≤ 3000; context ≤ 10 elements; actions ≤ 25 elements; a button's
/// text plain_text ≤ 75, url ≤ 3000, action_id ≤ 255.
fn check_block_kit(v: &Value) {
    assert!(v["text"].is_string(), "a fallback text for notifications");
    let blocks = v["blocks"].as_array().expect("blocks");
    assert!(!blocks.is_empty() && blocks.len() <= 50);
    let text_object = |t: &Value, max: usize| {
        let kind = t["type"].as_str().expect("text type");
        assert!(kind == "mrkdwn" || kind == "plain_text", "{t}");
        let s = t["text"].as_str().expect("text");
        assert!(!s.is_empty() && s.chars().count() <= max, "{t}");
    };
    for b in blocks {
        match b["type"].as_str().expect("block type") {
            "header" => {
                assert_eq!(b["text"]["type"], "plain_text");
                text_object(&b["text"], 150);
            }
            "section" => text_object(&b["text"], 3000),
            "context" => {
                let els = b["elements"].as_array().expect("elements");
                assert!(!els.is_empty() && els.len() <= 10);
                for e in els {
                    text_object(e, 3000);
                }
            }
            "actions" => {
                let els = b["elements"].as_array().expect("elements");
                assert!(!els.is_empty() && els.len() <= 25);
                for e in els {
                    assert_eq!(e["type"], "button");
                    assert_eq!(e["text"]["type"], "plain_text");
                    text_object(&e["text"], 75);
                    let url = e["url"].as_str().expect("url");
                    assert!(url.starts_with("https://") && url.len() <= 3000);
                    assert!(e["action_id"].as_str().expect("action_id").len() <= 255);
                }
            }
            other => panic!("unexpected block type {other}"),
        }
    }
}

#[tokio::test]
async fn slack_gets_documented_block_kit_with_visitor_text_defused() {
    let (base, hits) = receiver().await;
    let notify = channels(&base);
    let n = notification();
    deliver(
        &http_client(Duration::from_secs(5)),
        notify.channel("slack").expect("slack"),
        &n,
        Duration::from_secs(5),
    )
    .await
    .expect("delivered");
    let hits = hits.lock().expect("lock").clone();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.path, "slack");
    assert_eq!(hit.headers["content-type"], "application/json");
    assert_eq!(
        hit.headers["idempotency-key"],
        format!("{}:slack", n.handoff_id).as_str()
    );
    let v: Value = serde_json::from_slice(&hit.body).expect("json");
    check_block_kit(&v);
    let all = v.to_string();
    for bad in [
        "<!channel>",
        "<@U123>",
        "<http://evil.example|click me>",
        "@here",
    ] {
        assert!(!all.contains(bad), "{bad} reached Slack: {all}");
    }
    assert!(all.contains("&lt;!channel&gt;"), "{all}");
    let button = &v["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .find(|b| b["type"] == "actions")
        .expect("actions")["elements"][0];
    assert_eq!(
        button["url"],
        format!(
            "https://chat.example.com/console/?conversation={}",
            n.conversation_id
        )
    );
    // Every text object carrying visitor words is verbatim: no auto-links, no mention parsing.
    for b in v["blocks"].as_array().expect("blocks") {
        if b["type"] == "section" {
            assert_eq!(b["text"]["verbatim"], true);
        }
    }
}

fn check_whatsapp_common(hit: &Hit, v: &Value) {
    assert_eq!(hit.path, "whatsapp");
    assert_eq!(hit.headers["authorization"], "Bearer EAAG-test-token");
    assert_eq!(v["messaging_product"], "whatsapp");
    assert_eq!(v["recipient_type"], "individual");
    assert_eq!(v["to"], "447700900456");
}

#[tokio::test]
async fn whatsapp_sends_the_cloud_api_text_and_template_shapes() {
    let (base, hits) = receiver().await;
    let notify = channels(&base);
    let n = notification();
    let client = http_client(Duration::from_secs(5));
    deliver(
        &client,
        notify.channel("wa-text").expect("text"),
        &n,
        Duration::from_secs(5),
    )
    .await
    .expect("text delivered");
    deliver(
        &client,
        notify.channel("wa-template").expect("template"),
        &n,
        Duration::from_secs(5),
    )
    .await
    .expect("template delivered");
    let hits = hits.lock().expect("lock").clone();
    assert_eq!(hits.len(), 2);

    let text: Value = serde_json::from_slice(&hits[0].body).expect("json");
    check_whatsapp_common(&hits[0], &text);
    assert_eq!(text["type"], "text");
    let body = text["text"]["body"].as_str().expect("body");
    assert!(body.chars().count() <= 4096);
    assert!(body.contains(&n.summary));
    // The visitor's quotes stayed inside the string: the recipient is unchanged.
    assert!(body.contains(EVIL), "{body}");
    assert_eq!(
        text["biz_opaque_callback_data"],
        format!("{}:wa-text", n.handoff_id)
    );

    let t: Value = serde_json::from_slice(&hits[1].body).expect("json");
    check_whatsapp_common(&hits[1], &t);
    assert_eq!(t["type"], "template");
    assert_eq!(t["template"]["name"], "baton_escalation");
    assert_eq!(t["template"]["language"]["code"], "en_GB");
    let components = t["template"]["components"].as_array().expect("components");
    assert_eq!(components.len(), 1);
    assert_eq!(components[0]["type"], "body");
    let params = components[0]["parameters"].as_array().expect("parameters");
    assert_eq!(params.len(), 4);
    for p in params {
        assert_eq!(p["type"], "text");
        let s = p["text"].as_str().expect("text");
        assert!(
            !s.is_empty() && !s.contains('\n') && !s.contains('\t') && !s.contains("     "),
            "{s:?}"
        );
    }
    assert!(t.get("text").is_none());
}

#[tokio::test]
async fn the_webhook_is_signed_over_timestamp_and_raw_body() {
    let (base, hits) = receiver().await;
    let notify = channels(&base);
    let n = notification();
    deliver(
        &http_client(Duration::from_secs(5)),
        notify.channel("crm").expect("crm"),
        &n,
        Duration::from_secs(5),
    )
    .await
    .expect("delivered");
    let hits = hits.lock().expect("lock").clone();
    let hit = &hits[0];
    let ts: i64 = hit.headers["x-baton-timestamp"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("number");
    assert!((chrono::Utc::now().timestamp() - ts).abs() < 60);
    let expected = hub::notify::webhook::signature("0123456789abcdef-secret", ts, &hit.body);
    assert_eq!(hit.headers["x-baton-signature"], expected.as_str());
    // Independently: HMAC-SHA256 over "{ts}.{body}".
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"0123456789abcdef-secret").expect("key");
    mac.update(format!("{ts}.").as_bytes());
    mac.update(&hit.body);
    assert_eq!(
        expected,
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    );
    // A different timestamp does not verify (replays with a fresh timestamp fail).
    assert_ne!(
        hub::notify::webhook::signature("0123456789abcdef-secret", ts + 1, &hit.body),
        expected
    );

    let v: Value = serde_json::from_slice(&hit.body).expect("json");
    assert_eq!(v["event"], "handoff.test");
    assert_eq!(v["idempotency_key"], format!("{}:crm", n.handoff_id));
    assert_eq!(
        hit.headers["idempotency-key"],
        format!("{}:crm", n.handoff_id).as_str()
    );
    assert_eq!(v["contact"]["name"], "Eve\r\nBcc: victim@example.com");
    assert_eq!(
        v["transcript"]
            .as_array()
            .expect("lines")
            .last()
            .expect("last")["text"],
        EVIL
    );
    assert_eq!(v["urgency"], "urgent");
}
