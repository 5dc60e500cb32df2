//! `GET /api/sites/{site}/widget-config`: the public settings the widget needs before the
//! first message, and nothing a visitor should not see.

mod api_support;

use api_support::*;
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn the_widget_config_carries_the_public_settings() {
    let hub = hub().await;
    let a = send(&hub.app, Method::GET, "/api/sites/shop/widget-config", None, None).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["site"], "shop");
    assert_eq!(a.body["name"], "Test Shop");
    assert_eq!(a.body["disclosure"], "You're chatting with an AI assistant.");
    assert_eq!(a.body["greeting"], "How can I help?");
    // Digits as wa.me wants them.
    assert_eq!(a.body["whatsapp"], "447700900123");
    assert_eq!(a.body["teams"][1]["key"], "billing");
    assert_eq!(a.body["teams"][1]["name"], "Billing");
    assert_eq!(a.body["triage"]["routes"]["default"], "support");
    // No origins, hours internals or bot settings.
    assert!(a.body.get("allowed_origins").is_none());
    assert!(a.body.get("bot").is_none());
}

#[tokio::test]
async fn an_unknown_site_has_no_widget_config() {
    let hub = hub().await;
    let a = send(&hub.app, Method::GET, "/api/sites/nope/widget-config", None, None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.body["error"]["code"], "unknown_site");
}
