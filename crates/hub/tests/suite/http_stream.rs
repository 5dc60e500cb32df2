//! Real HTTP on port 0: the conversation stream resumes after a dropped connection with
//! nothing lost and nothing duplicated, and the availability stream pushes a change.

use crate::api_support;

use std::net::SocketAddr;
use std::time::Duration;

use api_support::*;
use serde_json::{json, Value};

/// Serves `hub` on a free port; returns its base URL.
async fn serve(hub: &Hub) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = hub::app(hub.state.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        {
            panic!("server: {e}");
        }
    });
    format!("http://{addr}")
}

/// One parsed SSE event.
#[derive(Debug)]
struct Event {
    name: String,
    id: Option<String>,
    data: String,
}

/// Reads events from a streaming response until `enough` says stop or 5 s pass.
struct Reader {
    response: reqwest::Response,
    buffer: String,
    comments: usize,
}

impl Reader {
    async fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = Event {
                    name: "message".into(),
                    id: None,
                    data: String::new(),
                };
                let mut any = false;
                for line in block.lines() {
                    if line.starts_with(':') {
                        self.comments += 1;
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event.name = v.trim().into();
                        any = true;
                    } else if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().into());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data.push_str(v.trim_start());
                        any = true;
                    }
                }
                if any {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(5), self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next `message` event's payload.
    async fn message(&mut self) -> Option<Value> {
        loop {
            let e = self.next().await?;
            if e.name == "message" {
                let v: Value = serde_json::from_str(&e.data).expect("json");
                assert_eq!(e.id.as_deref(), Some(v["seq"].to_string().as_str()));
                return Some(v);
            }
        }
    }
}

async fn open(
    client: &reqwest::Client,
    base: &str,
    id: &str,
    token: &str,
    last: Option<i64>,
) -> Reader {
    let mut request = client
        .get(format!("{base}/api/conversations/{id}/stream"))
        .bearer_auth(token);
    if let Some(last) = last {
        request = request.header("last-event-id", last.to_string());
    }
    let response = request.send().await.expect("stream");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    Reader {
        response,
        buffer: String::new(),
        comments: 0,
    }
}

async fn post(
    client: &reqwest::Client,
    base: &str,
    id: &str,
    token: &str,
    client_id: &str,
    text: &str,
) -> Value {
    let response = client
        .post(format!("{base}/api/conversations/{id}/messages"))
        .bearer_auth(token)
        .json(&json!({"client_id": client_id, "text": text}))
        .send()
        .await
        .expect("post");
    assert!(response.status().is_success());
    response.json().await.expect("json")
}

#[tokio::test]
async fn a_dropped_stream_resumes_with_nothing_lost_or_duplicated() {
    let hub = hub_with(|o| o.rates.messages.burst = 1000).await;
    let base = serve(&hub).await;
    let client = reqwest::Client::new();
    let (id, token) = conversation(&hub.app, "shop").await;

    let mut seen = Vec::new();
    let mut stream = open(&client, &base, &id, &token, None).await;
    post(
        &client,
        &base,
        &id,
        &token,
        "a",
        "How long does delivery take?",
    )
    .await;
    // Intro (1, 2), the visitor (3) and the bot (4).
    for _ in 0..4 {
        seen.push(
            stream.message().await.expect("event")["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    // The connection drops mid-conversation; the visitor keeps typing meanwhile.
    drop(stream);
    // Different questions: a repeated one is a rephrase, which hands over and silences the bot.
    for (i, text) in [
        "Do you ship to Norway?",
        "What are your opening hours?",
        "Can I pay by card?",
    ]
    .iter()
    .enumerate()
    {
        post(&client, &base, &id, &token, &format!("b{i}"), text).await;
    }
    let last = *seen.last().unwrap();
    let mut stream = open(&client, &base, &id, &token, Some(last)).await;
    // The backlog (6 messages), then live ones across the seam.
    for _ in 0..6 {
        seen.push(
            stream.message().await.expect("backlog")["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    post(&client, &base, &id, &token, "c", "one more").await;
    for _ in 0..2 {
        seen.push(
            stream.message().await.expect("live")["seq"]
                .as_i64()
                .unwrap(),
        );
    }
    assert_eq!(seen, (1..=12).collect::<Vec<_>>());

    // `?after=` works the same way as Last-Event-ID.
    let response = client
        .get(format!("{base}/api/conversations/{id}/stream?after=10"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let mut stream = Reader {
        response,
        buffer: String::new(),
        comments: 0,
    };
    assert_eq!(stream.message().await.unwrap()["seq"], 11);
    assert_eq!(stream.message().await.unwrap()["seq"], 12);
}

#[tokio::test]
async fn idle_streams_get_heartbeats_and_availability_changes() {
    let hub = hub().await;
    let base = serve(&hub).await;
    let client = reqwest::Client::new();
    let (id, token) = conversation(&hub.app, "shop").await;
    let mut stream = open(&client, &base, &id, &token, Some(2)).await;
    let first = stream.next().await.expect("availability");
    assert_eq!(first.name, "availability");
    assert!(first.id.is_none());
    let a: Value = serde_json::from_str(&first.data).unwrap();
    assert_eq!(a["teams"][0]["online"], false);

    let agent = hub
        .state
        .db
        .agents_create("sam@example.com", "Sam", "$argon2id$x")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    hub.state
        .db
        .set_presence(&agent, "shop", "support", true)
        .await
        .unwrap();
    let change = stream.next().await.expect("change");
    assert_eq!(change.name, "availability");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let a: Value = serde_json::from_str(&change.data).unwrap();
    assert_eq!(a["teams"][0]["online"], true);
    assert_eq!(a["teams"][0]["agents_online"], 1);

    // The site-wide availability stream sees the same.
    let response = client
        .get(format!("{base}/api/sites/shop/availability/stream"))
        .send()
        .await
        .unwrap();
    let mut site = Reader {
        response,
        buffer: String::new(),
        comments: 0,
    };
    let now: Value = serde_json::from_str(&site.next().await.unwrap().data).unwrap();
    assert_eq!(now["teams"][0]["agents_online"], 1);
    hub.state
        .db
        .set_presence(&agent, "shop", "support", false)
        .await
        .unwrap();
    let later: Value = serde_json::from_str(&site.next().await.unwrap().data).unwrap();
    assert_eq!(later["teams"][0]["online"], false);

    // Heartbeats (every 200 ms in tests) keep an idle stream alive.
    let mut idle = open(&client, &base, &id, &token, Some(2)).await;
    assert_eq!(
        idle.next().await.expect("availability").name,
        "availability"
    );
    let quiet = tokio::time::timeout(Duration::from_millis(900), idle.next()).await;
    assert!(quiet.is_err(), "no event expected: {quiet:?}");
    assert!(idle.comments >= 2, "{} heartbeats", idle.comments);
}
