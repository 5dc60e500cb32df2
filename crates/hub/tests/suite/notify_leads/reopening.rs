//! A handoff after hours: the reopening told in words in the site's zone, machine fields
//! unchanged.

use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use chrono::{TimeZone, Utc};
use serde_json::json;

use super::{config, open_hub};
use crate::api_support::{self, conversation, post_message, send, FAQ};

#[tokio::test]
async fn a_handoff_after_hours_tells_the_reopening_in_words_in_the_sites_zone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("faq.toml"), FAQ).expect("faq");
    // Sunday 8 March 2026, noon: closed until Monday 09:00 in London.
    let clock = Arc::new(Mutex::new(api_support::sunday_noon()));
    let (state, app) = open_hub(dir.path(), &config(9, 9), &clock).await;
    let (id, token) = conversation(&app, "shop").await;
    post_message(&app, &id, &token, "1", "Can I talk to a person please").await;
    let body = json!({"transcript": [], "fields": {}, "trigger": "human_request", "reasons": [], "route": "support"});
    let a = send(
        &app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(&token),
        Some(body),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    assert_eq!(a.body["next_open"], "2026-03-09T09:00:00Z");
    let handoff = a.body["handoff_id"].as_str().expect("id");
    let tz = chrono_tz::Europe::London;
    let n =
        hub::notify::message::load(&state.db, handoff, "Test Shop", tz, |k| k.to_string(), None)
            .await
            .expect("load")
            .expect("found");
    assert!(
        n.summary
            .contains("we reopen on Mon 9 Mar at 09:00 (Europe/London)"),
        "{}",
        n.summary
    );
    assert!(!n.summary.contains("2026-03-09T"), "{}", n.summary);
    let email = hub::notify::email::body(&n);
    assert!(!email.contains("T09:00:00"), "{email}");
    let hook = hub::notify::webhook::payload(&n, "k");
    assert_eq!(
        hook["next_open"], "2026-03-09T09:00:00Z",
        "machine field unchanged"
    );
    assert_eq!(hook["next_open_text"], "Mon 9 Mar at 09:00 (Europe/London)");
    // Summer time: the zone's own clock (BST), not UTC.
    let summer = Utc
        .with_ymd_and_hms(2026, 7, 3, 20, 14, 0)
        .single()
        .expect("date");
    assert_eq!(
        hub::notify::message::in_words(summer, tz),
        "Fri 3 Jul at 21:14 (Europe/London)"
    );
}
