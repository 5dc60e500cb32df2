//! How many messages the hub stores per second and how soon a stored message reaches a
//! stream, with one hub on SQLite, one hub on Postgres and two hubs on one Postgres
//! database; then how much memory idle streams cost, 10,000 of them over two hubs.
//!
//! `scripts/fanout-bench` runs it (a release `baton`, a throwaway Postgres). Each run starts
//! real `baton serve` processes with the demo site and drives them over HTTP from here:
//! - **messages/s**: 200 visitors, each with a conversation of their own, send 10 messages
//!   one after another, all visitors at once; acknowledged (201) messages per second of wall
//!   time. Every message also gets the assistant's reply, stored too. With two hubs the
//!   visitors alternate between them.
//! - **fan-out latency**: 20 conversations, each watched by a stream; 15 messages are sent to
//!   each, one at a time per conversation; the time from sending the request to the message
//!   arriving on the stream. With two hubs the message goes to hub A and the stream is on
//!   hub B, so every sample crosses the bus.
//! - **idle streams**: conversation streams held open and idle (as open widgets are), half on
//!   each hub; the hubs' resident memory (`VmRSS`) before and after, per stream.
//!
//! Every simulated visitor has an address of their own through `X-Forwarded-For` from a
//! trusted proxy (`--trusted-proxy 127.0.0.1`), so per-address limits apply as in life.
//! Usage: `fanout_bench [--postgres ADMIN_URL] [--streams N]`.

#[path = "../tests/suite/support/mod.rs"]
mod support;

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};
use support::{demo_config, serve, Running};

const VISITORS: usize = 200;
const MESSAGES_EACH: usize = 10;
const WATCHED: usize = 20;
const SAMPLES_EACH: usize = 15;

/// The `n`th visitor's address, as the trusted proxy forwards it.
fn address(n: usize) -> String {
    format!("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255)
}

struct Hub {
    process: Running,
    base: String,
}

impl Hub {
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.0.id()))
            .expect("the hub's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }
}

/// Starts `n` hubs on `database` (or on a SQLite file in `dir` when `None`).
fn hubs(n: usize, dir: &std::path::Path, database: Option<&str>) -> Vec<Hub> {
    std::fs::write(dir.join("baton.toml"), demo_config("http://shop.example"))
        .expect("write the site file");
    let config = dir.join("baton.toml");
    let data = dir.join("data");
    (0..n)
        .map(|_| {
            let mut args: Vec<&OsStr> = vec![
                OsStr::new("--config"),
                config.as_os_str(),
                OsStr::new("--trusted-proxy"),
                OsStr::new("127.0.0.1"),
            ];
            match database {
                Some(url) => args.extend([OsStr::new("--database"), OsStr::new(url)]),
                None => args.extend([OsStr::new("--data"), data.as_os_str()]),
            }
            let (process, base) = serve("127.0.0.1:0", &args).expect("baton serve");
            Hub { process, base }
        })
        .collect()
}

#[derive(Clone)]
struct Visitor {
    id: String,
    token: String,
    address: String,
}

async fn start_conversation(http: &reqwest::Client, hub: &str, n: usize) -> Visitor {
    let address = address(n);
    let r = http
        .post(format!("{hub}/api/sites/demo/conversations"))
        .header("x-forwarded-for", &address)
        .send()
        .await
        .expect("create a conversation");
    assert_eq!(r.status(), 201, "create: {}", r.status());
    let v: Value = r.json().await.expect("json");
    Visitor {
        id: v["conversation_id"].as_str().expect("id").into(),
        token: v["token"].as_str().expect("token").into(),
        address,
    }
}

async fn send(http: &reqwest::Client, hub: &str, v: &Visitor, client_id: &str, text: &str) {
    let r = http
        .post(format!("{hub}/api/conversations/{}/messages", v.id))
        .bearer_auth(&v.token)
        .header("x-forwarded-for", &v.address)
        .json(&json!({"client_id": client_id, "text": text}))
        .send()
        .await
        .expect("send a message");
    assert_eq!(r.status(), 201, "send: {}", r.status());
}

/// Acknowledged visitor messages per second.
async fn throughput(http: &reqwest::Client, hubs: &[Hub]) -> f64 {
    let mut visitors = Vec::new();
    for n in 0..VISITORS {
        let hub = &hubs[n % hubs.len()].base;
        visitors.push((hub.clone(), start_conversation(http, hub, 1_000 + n).await));
    }
    let started = Instant::now();
    let tasks = visitors.into_iter().map(|(hub, v)| {
        let http = http.clone();
        tokio::spawn(async move {
            for m in 0..MESSAGES_EACH {
                let text = format!(
                    "question {m} about my order {}",
                    v.id.get(..6).unwrap_or("")
                );
                send(&http, &hub, &v, &format!("m{m}"), &text).await;
            }
        })
    });
    for t in futures_util::future::join_all(tasks).await {
        t.expect("a visitor");
    }
    (VISITORS * MESSAGES_EACH) as f64 / started.elapsed().as_secs_f64()
}

/// Reads a conversation stream until the visitor message `text` arrives.
async fn until_message(stream: &mut reqwest::Response, buffer: &mut String, text: &str) {
    let needle = serde_json::to_string(text).expect("json string");
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.contains("event: message") && block.contains(&needle) {
                return;
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
            .await
            .expect("a message within 10 s")
            .expect("the stream")
            .expect("the stream is open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn open_stream(http: &reqwest::Client, hub: &str, v: &Visitor) -> reqwest::Response {
    let r = http
        .get(format!("{hub}/api/conversations/{}/stream", v.id))
        .bearer_auth(&v.token)
        .header("x-forwarded-for", &v.address)
        .send()
        .await
        .expect("open a stream");
    assert_eq!(r.status(), 200, "stream: {}", r.status());
    r
}

/// Milliseconds from sending a message (to the first hub) to its arrival on a stream (on the
/// last hub), one sample per message.
async fn fan_out(http: &reqwest::Client, hubs: &[Hub]) -> Vec<f64> {
    let (writer, reader) = (hubs[0].base.clone(), hubs[hubs.len() - 1].base.clone());
    let mut tasks = Vec::new();
    for n in 0..WATCHED {
        let v = start_conversation(http, &writer, 50_000 + n).await;
        let mut stream = open_stream(http, &reader, &v).await;
        let (http, writer) = (http.clone(), writer.clone());
        tasks.push(tokio::spawn(async move {
            let mut buffer = String::new();
            let mut samples = Vec::new();
            for m in 0..SAMPLES_EACH {
                let text = format!("tracking check {m} for {}", &v.id[..6]);
                let sent = Instant::now();
                send(&http, &writer, &v, &format!("f{m}"), &text).await;
                until_message(&mut stream, &mut buffer, &text).await;
                samples.push(sent.elapsed().as_secs_f64() * 1000.0);
            }
            samples
        }));
    }
    let mut all = Vec::new();
    for t in futures_util::future::join_all(tasks).await {
        all.extend(t.expect("a watched conversation"));
    }
    all.sort_by(f64::total_cmp);
    all
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Opens `count` idle conversation streams spread over `hubs`; the memory they cost.
async fn idle_streams(http: &reqwest::Client, hubs: &[Hub], count: usize) -> (Vec<u64>, Vec<u64>) {
    let before: Vec<u64> = hubs.iter().map(Hub::rss_kib).collect();
    let held = Arc::new(tokio::sync::Mutex::new(Vec::with_capacity(count)));
    let bases: Vec<String> = hubs.iter().map(|h| h.base.clone()).collect();
    futures_util::stream::iter(0..count)
        .for_each_concurrent(64, |n| {
            let (http, held, hub) = (http.clone(), held.clone(), bases[n % bases.len()].clone());
            async move {
                let v = start_conversation(&http, &hub, 100_000 + n).await;
                let stream = open_stream(&http, &hub, &v).await;
                held.lock().await.push(stream);
            }
        })
        .await;
    // Let the hubs settle (every stream has sent its backlog and first availability).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after: Vec<u64> = hubs.iter().map(Hub::rss_kib).collect();
    drop(held);
    (before, after)
}

struct Row {
    name: &'static str,
    per_second: f64,
    p50: f64,
    p99: f64,
}

async fn measure(name: &'static str, http: &reqwest::Client, hubs: &[Hub]) -> Row {
    eprintln!("{name}: throughput…");
    let per_second = throughput(http, hubs).await;
    eprintln!("{name}: fan-out…");
    let samples = fan_out(http, hubs).await;
    Row {
        name,
        per_second,
        p50: percentile(&samples, 0.5),
        p99: percentile(&samples, 0.99),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let postgres = flag("--postgres");
    let streams: usize = flag("--streams").map_or(10_000, |s| s.parse().expect("--streams N"));
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .expect("http client");
    let mut rows = Vec::new();

    let dir = tempfile::tempdir().expect("temp dir");
    let sqlite = hubs(1, dir.path(), None);
    rows.push(measure("1 hub, SQLite", &http, &sqlite).await);
    drop(sqlite);

    let mut idle = None;
    if let Some(admin) = &postgres {
        let one = fresh_database(admin, "bench_one").await;
        let dir = tempfile::tempdir().expect("temp dir");
        let hub = hubs(1, dir.path(), Some(&one));
        rows.push(measure("1 hub, Postgres", &http, &hub).await);
        drop(hub);

        let two = fresh_database(admin, "bench_two").await;
        let dir = tempfile::tempdir().expect("temp dir");
        let pair = hubs(2, dir.path(), Some(&two));
        rows.push(measure("2 hubs, one Postgres", &http, &pair).await);
        eprintln!("{streams} idle streams over 2 hubs…");
        idle = Some(idle_streams(&http, &pair, streams).await);
    } else {
        eprintln!("no --postgres ADMIN_URL: Postgres rows skipped");
    }

    println!(
        "{:<22} {:>12} {:>16} {:>16}",
        "", "messages/s", "fan-out p50 ms", "fan-out p99 ms"
    );
    for r in &rows {
        println!(
            "{:<22} {:>12.0} {:>16.1} {:>16.1}",
            r.name, r.per_second, r.p50, r.p99
        );
    }
    if let Some((before, after)) = idle {
        let grown: Vec<u64> = before
            .iter()
            .zip(&after)
            .map(|(b, a)| a.saturating_sub(*b))
            .collect();
        let total: u64 = grown.iter().sum();
        println!(
            "{streams} idle streams over 2 hubs: RSS {} → {} MiB and {} → {} MiB, {:.1} KiB per stream",
            before[0] / 1024,
            after[0] / 1024,
            before[1] / 1024,
            after[1] / 1024,
            total as f64 / streams as f64
        );
    }
}

/// A new database on the server `admin` names (which the caller throws away); its URL.
async fn fresh_database(admin: &str, name: &str) -> String {
    use sqlx::{ConnectOptions, Connection, Executor};
    let mut conn = admin
        .parse::<sqlx::postgres::PgConnectOptions>()
        .expect("a Postgres URL")
        .disable_statement_logging()
        .connect()
        .await
        .expect("the Postgres server");
    let name = format!("{name}_{}", std::process::id());
    conn.execute(
        format!(
            "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
        )
        .as_str(),
    )
    .await
    .expect("create the database");
    conn.close().await.expect("close");
    let mut url = url::Url::parse(admin).expect("a URL");
    url.set_path(&name);
    url.to_string()
}
