//! The metrics over HTTP, through the router: the visitor's rating, marking a lead won, the
//! console's report and review (with the replay export and a marked transcript), and who
//! may read `/metrics`.

use crate::api_support;
use crate::console_support;
use crate::metrics_support;

use std::sync::Arc;

use api_support::{call, conversation, hub_with, send, sunday_noon, Hub};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use console_support::*;
use protocol::triage_lines::Transcript;
use serde_json::json;

const TOKEN: &str = "scrape-me-please-0123456789";

/// A hub at Sunday 8 March 2026 noon (the fixture's week is the last 7 days), with the
/// fixture stored, a visitor in c9 who asked for a person but was never handed over, and
/// an agent of the shop.
async fn seeded() -> (Hub, String) {
    let hub = hub_with(|o| {
        o.clock = Arc::new(sunday_noon);
        o.metrics_token = Some(TOKEN.into());
    })
    .await;
    metrics_support::insert(&hub.sql().await).await;
    sqlx::query("UPDATE messages SET body = 'this is ridiculous, can I talk to a real person?' WHERE conversation_id = 'c9' AND author = 'visitor'")
        .execute(&hub.sql().await)
        .await
        .expect("update");
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    let cookie = login(&hub.app, "maria@example.com").await;
    (hub, cookie)
}

#[tokio::test]
async fn the_visitor_rates_with_a_score_or_a_thumb() {
    let (hub, _) = seeded().await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let uri = format!("/api/conversations/{id}/rating");
    let a = send(
        &hub.app,
        Method::POST,
        &uri,
        Some(&token),
        Some(json!({"score": 4})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["score"], 4);
    let a = send(
        &hub.app,
        Method::POST,
        &uri,
        Some(&token),
        Some(json!({"thumb": "down"})),
    )
    .await;
    assert_eq!(a.body["score"], 1);
    assert_eq!(
        hub::db::metrics::rating_of(&hub.state.db, &id)
            .await
            .unwrap(),
        Some(1)
    );
    for bad in [
        json!({"score": 9}),
        json!({}),
        json!({"score": 5, "thumb": "up"}),
    ] {
        let a = send(&hub.app, Method::POST, &uri, Some(&token), Some(bad)).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_rating")
        );
    }
    // Without the visitor's token the conversation does not exist.
    let a = send(
        &hub.app,
        Method::POST,
        &uri,
        Some("wrong"),
        Some(json!({"score": 5})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_agent_marks_a_lead_won_and_conversion_follows() {
    let (hub, cookie) = seeded().await;
    let before = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(before.body["conversion"]["won"], 3);
    // BTN-MEADX7 is c9's lead (sam@example.com), open until now.
    let a = console(
        &hub.app,
        Method::POST,
        "/console/api/leads/btn-meadx7/outcome",
        Some(&cookie),
        Some(json!({"outcome": "won"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body, json!({"reference": "BTN-MEADX7", "outcome": "won"}));
    let after = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(after.body["conversion"]["won"], 4);
    // A lead of a site the agent does not serve, or none at all: 404.
    let a = console(
        &hub.app,
        Method::POST,
        "/console/api/leads/BTN-ZZZZZZ/outcome",
        Some(&cookie),
        Some(json!({"outcome": "won"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_console_report_and_its_limits() {
    let (hub, cookie) = seeded().await;
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["from"], "2026-03-02T00:00:00Z");
    assert_eq!(a.body["conversations"], 10);
    assert_eq!(a.body["handoff_rate"], 0.4);
    assert_eq!(a.body["time_to_human"]["p90_seconds"], 900);
    assert_eq!(a.body["daily"].as_array().map(Vec::len), Some(7));
    // Not the agent's site; a silly period; nobody signed in.
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=locked&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=0",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_review_lists_exports_and_marks() {
    let (hub, cookie) = seeded().await;
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/review?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    let ids = |list: &str| -> Vec<String> {
        a.body[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["conversation_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("long_waits"), ["c3", "c2", "c1"]);
    assert_eq!(ids("low_ratings"), ["c2", "c3", "c7"]);
    assert_eq!(ids("unanswered"), ["c4"]);
    // c9 asked for a person and was never handed over: the hub's re-check catches it.
    assert_eq!(ids("missed"), ["c9"]);
    assert_eq!(a.body["missed"][0]["trigger"], "human_request");
    assert_eq!(
        a.body["missed"][0]["first_message"],
        "this is ridiculous, can I talk to a real person?"
    );
    assert_eq!(
        a.body["timezone"], "Europe/London",
        "the site's zone, to show its times in"
    );

    // The export: one replay line per listed conversation, in the replay format.
    let path = a.body["replay_path"].as_str().unwrap().to_string();
    let request = Request::builder()
        .uri(&path)
        .header(header::HOST, HOST)
        .header(header::COOKIE, &cookie)
        .body(Body::empty())
        .unwrap();
    let export = call(&hub.app, request).await;
    assert_eq!(export.status, StatusCode::OK);
    assert!(export.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("baton-review-shop-2026-03-02.jsonl"));
    let text = export.body.as_str().expect("text body").to_string();
    let lines: Vec<Transcript> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a replay line"))
        .collect();
    let listed: Vec<_> = lines
        .iter()
        .map(|t| t.id.as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, ["c3", "c2", "c1", "c7", "c4", "c9"]);
    let c1 = &lines[2];
    // Visitor, bot and agent turns only; the intro and notices are not turns.
    let roles: Vec<_> = c1
        .messages
        .iter()
        .map(|m| serde_json::to_value(m.role).unwrap())
        .collect();
    assert_eq!(
        roles,
        [
            json!("visitor"),
            json!("bot"),
            json!("visitor"),
            json!("bot"),
            json!("agent"),
            json!("agent")
        ]
    );

    // The transcript with the turn where the rules escalate marked.
    let t = console(
        &hub.app,
        Method::GET,
        "/console/api/review/conversations/c9",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{:?}", t.body);
    let marked: Vec<_> = t.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["escalates"] == true)
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(t.body["timezone"], "Europe/London");
    assert_eq!(marked[0]["author"], "visitor");
    assert!(marked[0]["triggers"]
        .as_array()
        .unwrap()
        .contains(&json!("human_request")));
    let t = console(
        &hub.app,
        Method::GET,
        "/console/api/review/conversations/other1",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(t.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_need_the_token_or_a_console_session() {
    let (hub, cookie) = seeded().await;
    let get = |auth: Option<(&'static str, String)>| {
        let mut r = Request::builder()
            .uri("/metrics")
            .header(header::HOST, HOST);
        if let Some((name, value)) = auth {
            r = r.header(name, value);
        }
        r.body(Body::empty()).unwrap()
    };
    assert_eq!(
        call(&hub.app, get(None)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        call(&hub.app, get(Some(("authorization", "Bearer nope".into()))))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let a = call(
        &hub.app,
        get(Some(("authorization", format!("Bearer {TOKEN}")))),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = a.body.as_str().unwrap();
    // All time up to now (Sunday noon): c1…c11 and c13 = 12; c0 wrote nothing and c12 is
    // tomorrow. Leads won: c5, c8 (c10's lead is left at 12:05, after now).
    for line in [
        "# TYPE baton_conversations_total counter",
        "baton_conversations_total{site=\"shop\"} 12",
        "baton_handoffs_total{site=\"shop\",trigger=\"human_request\"} 3",
        "baton_handoffs_unanswered{site=\"shop\",trigger=\"high_risk\"} 1",
        "# TYPE baton_time_to_human_seconds summary",
        "baton_time_to_human_seconds{site=\"shop\",trigger=\"human_request\",quantile=\"0.9\"} 900",
        "baton_time_to_human_seconds_count{site=\"shop\",trigger=\"human_request\"} 3",
        "baton_leads_won_total{site=\"shop\"} 2",
        // The token reads every site, including one nobody served.
        "baton_conversations_total{site=\"locked\"} 1",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    // A console session reads its own sites only.
    let a = call(&hub.app, get(Some(("cookie", cookie)))).await;
    assert_eq!(a.status, StatusCode::OK);
    let text = a.body.as_str().unwrap();
    assert!(text.contains("site=\"shop\""));
    assert!(!text.contains("site=\"locked\""));
}

#[tokio::test]
async fn resolving_records_the_resolution_and_handing_back_does_not() {
    let (hub, cookie) = seeded().await;
    let mut ends = Vec::new();
    for action in ["resolve", "handback"] {
        let (id, token) = conversation(&hub.app, "shop").await;
        handoff(&hub.app, &id, &token, "support", "human_request", json!({})).await;
        let a = console(
            &hub.app,
            Method::POST,
            &format!("/console/api/conversations/{id}/claim"),
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        let a = console(
            &hub.app,
            Method::POST,
            &format!("/console/api/conversations/{id}/{action}"),
            Some(&cookie),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
        let handoffs = hub::db::metrics::handoffs_of(&hub.state.db, &id)
            .await
            .expect("handoffs");
        ends.push(handoffs[0].resolved_at.is_some());
    }
    assert_eq!(ends, [true, false]);
}

/// The console's days are the site's: `shop` keeps London time, an hour ahead of UTC in
/// July, so its week starts at 23:00 UTC and a visitor writing at 23:30 UTC on 1 July is
/// counted on 2 July.
#[tokio::test]
async fn the_console_counts_the_sites_days() {
    let late: chrono::DateTime<chrono::Utc> = "2026-07-01T23:30:00Z".parse().expect("time");
    let hub = hub_with(|o| o.clock = Arc::new(move || late)).await;
    let (id, token) = conversation(&hub.app, "shop").await;
    let a = api_support::post_message(&hub.app, &id, &token, "m1", "Do you sell tent pegs?").await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    agent(&hub, "maria@example.com", "Maria", &["shop:support"]).await;
    let cookie = login(&hub.app, "maria@example.com").await;
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/metrics?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    // Today in London is Thursday 2 July (00:30 BST): the week is 26 June – 2 July there.
    assert_eq!(a.body["from"], "2026-06-26T00:00:00+01:00");
    assert_eq!(a.body["to"], "2026-07-03T00:00:00+01:00");
    let daily = a.body["daily"].as_array().expect("daily");
    let days: Vec<(&str, u64)> = daily
        .iter()
        .map(|d| {
            (
                d["date"].as_str().expect("date"),
                d["conversations"].as_u64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        days,
        [
            ("2026-06-26", 0),
            ("2026-06-27", 0),
            ("2026-06-28", 0),
            ("2026-06-29", 0),
            ("2026-06-30", 0),
            ("2026-07-01", 0),
            ("2026-07-02", 1)
        ]
    );
    let review = console(
        &hub.app,
        Method::GET,
        "/console/api/review?site=shop&days=7",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(review.body["from"], "2026-06-26T00:00:00+01:00");
    assert_eq!(
        review.body["replay_path"],
        "/console/api/review/replay.jsonl?site=shop&days=7"
    );
}
