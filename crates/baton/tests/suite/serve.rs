//! `baton serve` as a real process: a bad configuration exits 2; and a hub killed with
//! SIGKILL mid-conversation, restarted on the same data directory, still has every message
//! it acknowledged, exactly once, and the stream resumes from the last seq seen.

use crate::support;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};
use support::Running;

const CONFIG: &str = r#"
[[sites]]
key = "shop"
name = "Test Shop"
[sites.hours]
timezone = "UTC"
[[sites.teams]]
key = "support"
name = "Support"
[[sites.teams]]
key = "billing"
name = "Billing"
[[sites.teams]]
key = "sales"
name = "Sales"
[sites.bot]
kind = "faq"
file = "faq.toml"
"#;

const FAQ: &str = r#"
[[entries]]
question = "How long does delivery take?"
answer = "Two to three working days."
"#;

/// Starts the hub on a free port; returns it and its base URL.
fn start(dir: &Path) -> (Running, String) {
    let (config, data) = (dir.join("baton.toml"), dir.join("data"));
    let args = [
        OsStr::new("--config"),
        config.as_os_str(),
        OsStr::new("--data"),
        data.as_os_str(),
    ];
    support::serve("127.0.0.1:0", &args).expect("baton serve did not start")
}

async fn post(
    client: &reqwest::Client,
    base: &str,
    id: &str,
    token: &str,
    client_id: &str,
    text: &str,
) -> (u16, Value) {
    let response = client
        .post(format!("{base}/api/conversations/{id}/messages"))
        .bearer_auth(token)
        .json(&json!({"client_id": client_id, "text": text}))
        .send()
        .await
        .expect("post");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

/// Reads `message` events' seqs from a stream until `count` have arrived.
async fn read_seqs(response: &mut reqwest::Response, count: usize) -> Vec<i64> {
    let mut buffer = String::new();
    let mut seqs = Vec::new();
    while seqs.len() < count {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk())
            .await
            .expect("an event within 5 s")
            .expect("stream")
            .expect("stream still open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: message") {
                let id = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .expect("id");
                seqs.push(id.parse().expect("seq"));
            }
        }
    }
    seqs
}

#[test]
fn a_bad_configuration_exits_2_with_the_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("baton.toml"),
        "[[sites]]\nkey = \"bad key!\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["serve", "--config"])
        .arg(dir.path().join("baton.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("baton.toml"), "{stderr}");
}

#[tokio::test]
async fn a_killed_hub_restarts_with_every_acknowledged_message_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("baton.toml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("faq.toml"), FAQ).unwrap();
    let client = reqwest::Client::new();

    let (mut hub, base) = start(dir.path());
    let created: Value = client
        .post(format!("{base}/api/sites/shop/conversations"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["conversation_id"].as_str().unwrap().to_string();
    let token = created["token"].as_str().unwrap().to_string();

    let mut stream = client
        .get(format!("{base}/api/conversations/{id}/stream"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let mut acknowledged = Vec::new();
    // Different questions: asking the same one again is a rephrase, which hands the
    // conversation to a human and leaves the bot silent.
    let before = [
        "How long does delivery take?",
        "What are your opening hours?",
        "Can I pay by card?",
    ];
    for (i, text) in before.iter().enumerate() {
        let (status, body) = post(&client, &base, &id, &token, &format!("before-{i}"), text).await;
        assert_eq!(status, 201);
        acknowledged.push(body["message"]["seq"].as_i64().unwrap());
    }
    // The visitor saw the intro and the first exchange, then the hub dies.
    let seen = read_seqs(&mut stream, 4).await;
    assert_eq!(seen, [1, 2, 3, 4]);
    hub.kill();
    drop(stream);

    let (mut hub, base) = start(dir.path());
    // The widget retries the send it was unsure about: answered with the original.
    let (status, body) = post(&client, &base, &id, &token, "before-2", before[2]).await;
    assert_eq!(status, 200);
    assert_eq!(body["message"]["seq"].as_i64().unwrap(), acknowledged[2]);
    for (i, text) in ["and to Norway?", "Do you have a shop in Leeds?"]
        .iter()
        .enumerate()
    {
        let (status, _) = post(&client, &base, &id, &token, &format!("after-{i}"), text).await;
        assert_eq!(status, 201);
    }
    // 2 intro + 3 exchanges before + 2 after = 12 messages; resume after 4.
    let mut stream = client
        .get(format!("{base}/api/conversations/{id}/stream"))
        .bearer_auth(&token)
        .header("last-event-id", "4")
        .send()
        .await
        .unwrap();
    let rest = read_seqs(&mut stream, 8).await;
    assert_eq!(rest, (5..=12).collect::<Vec<_>>());
    let listed: Value = client
        .get(format!("{base}/api/conversations/{id}/messages"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let visitor_ids: Vec<&str> = listed["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["client_id"].as_str())
        .collect();
    assert_eq!(
        visitor_ids,
        ["before-0", "before-1", "before-2", "after-0", "after-1"]
    );
    hub.kill();
}
