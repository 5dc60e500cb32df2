//! The owner's bot over HTTP, against a local stand-in speaking exactly Rasa's REST channel
//! format: it checks the body the hub sends and answers as Rasa would (or fails as a broken
//! bot would).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hub::bot::rasa::{RasaClient, RasaError};
use hub::bot::{Assistant, NO_ANSWER, UNAVAILABLE};
use serde_json::{json, Value};

/// How the stand-in answers.
#[derive(Clone)]
enum Behaviour {
    Json(Value),
    Status(StatusCode),
    Raw(&'static str),
    Slow(Duration),
}

/// Starts the stand-in on 127.0.0.1, port 0; returns its webhook URL and the bodies it got.
async fn stand_in(behaviour: Behaviour) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().route(
        "/webhooks/rest/webhook",
        post(move |Json(body): Json<Value>| {
            let behaviour = behaviour.clone();
            let record = record.clone();
            async move {
                record.lock().unwrap().push(body);
                match behaviour {
                    Behaviour::Json(v) => Json(v).into_response(),
                    Behaviour::Status(s) => (s, "Internal Server Error").into_response(),
                    Behaviour::Raw(text) => Response::builder()
                        .header("content-type", "application/json")
                        .body(axum::body::Body::from(text))
                        .unwrap(),
                    Behaviour::Slow(d) => {
                        tokio::time::sleep(d).await;
                        Json(json!([{"recipient_id": "c", "text": "too late"}])).into_response()
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}/webhooks/rest/webhook"), seen)
}

fn client(url: &str) -> RasaClient {
    RasaClient::new(url, Duration::from_millis(500)).unwrap()
}

/// The request body must be exactly Rasa's: `sender` and `message`, nothing else.
fn assert_request(seen: &Arc<Mutex<Vec<Value>>>, sender: &str, message: &str) {
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.as_slice(),
        &[json!({"sender": sender, "message": message})]
    );
}

#[tokio::test]
async fn one_text() {
    let (url, seen) = stand_in(Behaviour::Json(
        json!([{"recipient_id": "conv-1", "text": "Our store opens at 9."}]),
    ))
    .await;
    let reply = client(&url)
        .send("conv-1", "When do you open?")
        .await
        .unwrap();
    assert_eq!(reply.as_deref(), Some("Our store opens at 9."));
    assert_request(&seen, "conv-1", "When do you open?");
}

#[tokio::test]
async fn two_texts_join_with_a_blank_line_and_other_items_are_ignored() {
    let (url, seen) = stand_in(Behaviour::Json(json!([
        {"recipient_id": "conv-2", "text": "Hi!"},
        {"recipient_id": "conv-2", "image": "https://example.com/map.png"},
        {"recipient_id": "conv-2", "text": "Which order?", "buttons": [{"title": "#4471", "payload": "/order"}]},
        {"recipient_id": "conv-2", "custom": {"x": 1}}
    ])))
    .await;
    let reply = client(&url)
        .send("conv-2", "où est ma commande ? 📦 & \"quotes\"")
        .await
        .unwrap();
    assert_eq!(reply.as_deref(), Some("Hi!\n\nWhich order?"));
    assert_request(&seen, "conv-2", "où est ma commande ? 📦 & \"quotes\"");
}

#[tokio::test]
async fn empty_array_is_no_answer() {
    let (url, seen) = stand_in(Behaviour::Json(json!([]))).await;
    assert_eq!(client(&url).send("conv-3", "asdf").await.unwrap(), None);
    assert_request(&seen, "conv-3", "asdf");

    // Only images or blank texts: no answer either.
    let (url, _) = stand_in(Behaviour::Json(
        json!([{"recipient_id": "c", "image": "x.png"}, {"recipient_id": "c", "text": "  "}]),
    ))
    .await;
    assert_eq!(client(&url).send("c", "hi").await.unwrap(), None);
}

#[tokio::test]
async fn server_error() {
    let (url, _) = stand_in(Behaviour::Status(StatusCode::INTERNAL_SERVER_ERROR)).await;
    let err = client(&url).send("c", "hi").await.unwrap_err();
    assert!(
        matches!(err, RasaError::Status { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("the Rasa bot at {url} answered HTTP 500")
    );
}

#[tokio::test]
async fn malformed_json() {
    for raw in [
        "{\"text\": \"not an array\"}",
        "[{\"text\": ",
        "<html>oops</html>",
        "",
        "[{\"text\": 5}]",
    ] {
        let (url, _) = stand_in(Behaviour::Raw(raw)).await;
        let err = client(&url).send("c", "hi").await.unwrap_err();
        assert!(matches!(err, RasaError::Malformed { .. }), "{raw}: {err:?}");
        assert!(
            err.to_string().contains("not a REST channel message list"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn slow_bot_times_out() {
    let (url, _) = stand_in(Behaviour::Slow(Duration::from_secs(5))).await;
    let started = std::time::Instant::now();
    let err = RasaClient::new(&url, Duration::from_millis(200))
        .unwrap()
        .send("c", "hi")
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(matches!(err, RasaError::Timeout { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("the Rasa bot at {url} did not answer within 0.2 s")
    );
}

#[tokio::test]
async fn connection_refused() {
    // Bind a port, then free it: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}/webhooks/rest/webhook");
    let err = client(&url).send("c", "hi").await.unwrap_err();
    assert!(matches!(err, RasaError::Connect { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("cannot connect to the Rasa bot at {url}: ")),
        "{err}"
    );
}

#[tokio::test]
async fn assistant_turns_answers_and_failures_into_replies() {
    let (url, seen) = stand_in(Behaviour::Json(
        json!([{"recipient_id": "conv-9", "text": "Yes, we do."}]),
    ))
    .await;
    let bot = Assistant::rasa(&url, Duration::from_millis(500)).unwrap();
    let reply = bot.reply("conv-9", "Do you ship to Spain?", None).await;
    assert_eq!(
        (reply.text.as_str(), reply.confidence),
        ("Yes, we do.", Some(1.0))
    );
    assert_request(&seen, "conv-9", "Do you ship to Spain?");

    let (url, _) = stand_in(Behaviour::Json(json!([]))).await;
    let reply = Assistant::rasa(&url, Duration::from_millis(500))
        .unwrap()
        .reply("c", "?", None)
        .await;
    assert_eq!((reply.text.as_str(), reply.confidence), (NO_ANSWER, None));

    for behaviour in [
        Behaviour::Status(StatusCode::BAD_GATEWAY),
        Behaviour::Raw("nope"),
        Behaviour::Slow(Duration::from_secs(5)),
    ] {
        let (url, _) = stand_in(behaviour).await;
        let reply = Assistant::rasa(&url, Duration::from_millis(200))
            .unwrap()
            .reply("c", "hi", None)
            .await;
        assert_eq!((reply.text.as_str(), reply.confidence), (UNAVAILABLE, None));
    }
}

#[tokio::test]
async fn assistant_from_config_uses_the_url() {
    let (url, seen) = stand_in(Behaviour::Json(
        json!([{"recipient_id": "s", "text": "ok"}]),
    ))
    .await;
    let bot = Assistant::from_config(&hub::config::Bot::Rasa { url }).unwrap();
    assert_eq!(bot.reply("s", "ping", None).await.text, "ok");
    assert_request(&seen, "s", "ping");
}
