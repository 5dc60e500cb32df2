//! `GET /api/sites/{site}/widget-config`: the public settings the widget needs before the
//! first message, and nothing a visitor should not see.

use crate::api_support;

use api_support::*;
use axum::http::{Method, StatusCode};

#[tokio::test]
async fn the_widget_config_carries_the_public_settings() {
    let hub = hub().await;
    let a = send(
        &hub.app,
        Method::GET,
        "/api/sites/shop/widget-config",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["site"], "shop");
    assert_eq!(a.body["name"], "Test Shop");
    assert_eq!(
        a.body["disclosure"],
        "You're chatting with an AI assistant."
    );
    assert_eq!(a.body["greeting"], "How can I help?");
    // Digits as wa.me wants them.
    assert_eq!(a.body["whatsapp"], "447700900123");
    assert_eq!(a.body["teams"][1]["key"], "billing");
    assert_eq!(a.body["teams"][1]["name"], "Billing");
    assert_eq!(a.body["triage"]["routes"]["default"], "support");
    // The word lists of every enabled language (all ten by default), as pack text the
    // widget's engine parses: the widget carries none of its own.
    let packs = a.body["language_packs"].as_array().expect("language packs");
    assert_eq!(packs.len(), 10);
    let first = packs[0].as_str().unwrap();
    assert!(
        first.contains("language = en") && first.contains("real person"),
        "{first:.80}"
    );
    // No origins, hours internals or bot settings.
    assert!(a.body.get("allowed_origins").is_none());
    assert!(a.body.get("bot").is_none());
    // No FAQ entry answers first: the widget hands topics over at once.
    assert!(a.body.get("answers_first").is_none(), "{:?}", a.body);
}

#[tokio::test]
async fn an_unknown_site_has_no_widget_config() {
    let hub = hub().await;
    let a = send(
        &hub.app,
        Method::GET,
        "/api/sites/nope/widget-config",
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.body["error"]["code"], "unknown_site");
}

#[tokio::test]
async fn the_widget_config_travels_compressed_when_the_client_accepts_it() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;

    let hub = hub().await;
    let get = |encoding: Option<&'static str>| {
        let mut request = Request::get("/api/sites/shop/widget-config");
        if let Some(encoding) = encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        hub.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
    };
    let plain = get(None).await.unwrap();
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    let plain = axum::body::to_bytes(plain.into_body(), usize::MAX)
        .await
        .unwrap();
    let br = get(Some("gzip, deflate, br")).await.unwrap();
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    let br = axum::body::to_bytes(br.into_body(), usize::MAX)
        .await
        .unwrap();
    // The language packs make the JSON tens of kilobytes; compressed it is well under half
    // (the English model's weights compress less than word lists).
    assert!(
        plain.len() > 30_000 && br.len() * 2 < plain.len(),
        "{} → {}",
        plain.len(),
        br.len()
    );
    let gzip = get(Some("gzip")).await.unwrap();
    assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn a_widget_loading_again_gets_not_modified_until_the_settings_change() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;

    let hub = hub().await;
    let get = |site: &'static str, tag: Option<String>| {
        let mut request = Request::get(format!("/api/sites/{site}/widget-config"));
        if let Some(tag) = tag {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        hub.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
    };
    let first = get("shop", None).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(
        first.headers()[header::CACHE_CONTROL],
        "no-cache",
        "the browser keeps it but asks each time"
    );
    let tag = first.headers()[header::ETAG].to_str().unwrap().to_string();
    assert!(tag.starts_with("W/\""), "{tag}");

    let again = get("shop", Some(tag.clone())).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), tag);
    let body = axum::body::to_bytes(again.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(body.is_empty());

    // Another site's settings (or changed ones) have another tag: sent in full.
    let other = get("locked", Some(tag.clone())).await.unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    assert_ne!(other.headers()[header::ETAG].to_str().unwrap(), tag);
    // A stale tag: sent in full.
    let stale = get("shop", Some("W/\"0123\"".into())).await.unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_widget_asking_in_a_language_gets_its_words_with_the_settings() {
    let hub = hub().await;
    let get = |path: &'static str| send(&hub.app, Method::GET, path, None, None);
    let es = get("/api/sites/shop/widget-config?lang=es").await;
    assert_eq!(es.status, StatusCode::OK, "{:?}", es.body);
    assert_eq!(es.body["site"], "shop", "the same settings");
    assert_eq!(es.body["words"]["lang"], "es");
    let ui = es.body["words"]["ui"]
        .as_array()
        .expect("the widget's strings");
    assert_eq!(ui.len(), protocol::ui::N);
    assert_eq!(ui[0], "Hablar con una persona", "{ui:?}");
    let bridge = es.body["words"]["bridge"]
        .as_array()
        .expect("the bridge's words");
    assert!(
        bridge[0]
            .as_str()
            .unwrap()
            .starts_with("Te pongo en contacto"),
        "{bridge:?}"
    );
    // Each language's answer has its own tag: a widget loading again gets 304.
    let again = {
        use axum::body::Body;
        use axum::http::{header, Request};
        use tower::ServiceExt;
        let first = hub
            .app
            .clone()
            .oneshot(
                Request::get("/api/sites/shop/widget-config?lang=es")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let tag = first.headers()[header::ETAG].clone();
        let english = hub
            .app
            .clone()
            .oneshot(
                Request::get("/api/sites/shop/widget-config")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_ne!(
            english.headers()[header::ETAG],
            tag,
            "English has another tag"
        );
        hub.app
            .clone()
            .oneshot(
                Request::get("/api/sites/shop/widget-config?lang=es")
                    .header(header::IF_NONE_MATCH, tag)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
    };
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // English is in every widget; a language it does not speak gets the English answer.
    for path in [
        "/api/sites/shop/widget-config",
        "/api/sites/shop/widget-config?lang=en",
        "/api/sites/shop/widget-config?lang=ja",
        "/api/sites/shop/widget-config?lang=",
    ] {
        let a = get(path).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(
            a.body.get("words").is_none(),
            "{path}: {:?}",
            a.body["words"]
        );
    }
}
