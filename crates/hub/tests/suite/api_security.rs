//! CORS per site (allowed origin echoed, others refused, an empty list refuses all), the
//! security headers, and JSON errors from outside the handlers.

use crate::api_support;

use api_support::*;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

fn request(method: Method, uri: &str, origin: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::ORIGIN, origin)
        .body(Body::empty())
        .unwrap()
}

fn preflight(uri: &str, origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri(uri)
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, content-type",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn allowed_origin_is_echoed_and_others_are_refused() {
    let hub = hub().await;
    let a = call(
        &hub.app,
        request(
            Method::POST,
            "/api/sites/shop/conversations",
            "https://shop.example",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(
        a.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://shop.example"
    );
    assert!(a
        .headers
        .get_all(header::VARY)
        .iter()
        .any(|v| v == "origin"));
    let id = a.body["conversation_id"].as_str().unwrap().to_string();

    let p = call(
        &hub.app,
        preflight("/api/sites/shop/conversations", "https://shop.example"),
    )
    .await;
    assert_eq!(p.status, StatusCode::NO_CONTENT);
    assert!(p.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .contains("authorization"));
    let p = call(
        &hub.app,
        preflight(
            &format!("/api/conversations/{id}/messages"),
            "https://shop.example",
        ),
    )
    .await;
    assert_eq!(p.status, StatusCode::NO_CONTENT);
    assert_eq!(
        p.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://shop.example"
    );

    // Another origin: refused before any handler runs, nothing created.
    for origin in [
        "https://evil.example",
        "http://shop.example",
        "https://shop.example.evil.example",
    ] {
        let a = call(
            &hub.app,
            request(Method::POST, "/api/sites/shop/conversations", origin),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "origin_not_allowed"),
            "{origin}"
        );
        assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        let p = call(&hub.app, preflight("/api/sites/shop/conversations", origin)).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN);
        assert!(p.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        // On a conversation path the refusal looks like an unknown conversation.
        let p = call(
            &hub.app,
            preflight(&format!("/api/conversations/{id}/messages"), origin),
        )
        .await;
        assert_eq!((p.status, p.code()), (StatusCode::NOT_FOUND, "not_found"));
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conversations")
        .fetch_one(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn an_empty_allowlist_refuses_every_origin() {
    let hub = hub().await;
    for origin in ["https://shop.example", "http://localhost", "null"] {
        let a = call(
            &hub.app,
            request(Method::POST, "/api/sites/locked/conversations", origin),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "origin_not_allowed"),
            "{origin}"
        );
        let a = call(
            &hub.app,
            request(Method::GET, "/api/sites/locked/availability", origin),
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
    // The hub's own pages (same origin) and non-browser clients still reach it.
    let same = Request::builder()
        .method(Method::POST)
        .uri("/api/sites/locked/conversations")
        .header(header::HOST, "hub.example:8787")
        .header(header::ORIGIN, "https://hub.example:8787")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&hub.app, same).await.status, StatusCode::CREATED);
    assert_eq!(
        send(
            &hub.app,
            Method::POST,
            "/api/sites/locked/conversations",
            None,
            None
        )
        .await
        .status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let hub = hub().await;
    for (method, uri) in [
        (Method::POST, "/api/sites/shop/conversations"),
        (Method::GET, "/api/sites/shop/availability"),
        (Method::GET, "/api/nope"),
        (Method::DELETE, "/api/sites/shop/conversations"),
        (Method::GET, "/"),
    ] {
        let a = send(&hub.app, method.clone(), uri, None, None).await;
        assert_eq!(
            a.headers[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{uri}"
        );
        assert_eq!(a.headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        if uri.starts_with("/api/") {
            assert_eq!(csp, "default-src 'none'; frame-ancestors 'none'");
            assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
        } else {
            assert!(csp.contains("default-src 'none'"), "{csp}");
        }
        if a.status.is_client_error() {
            assert!(!a.code().is_empty(), "{method} {uri}: {:?}", a.body);
        }
    }
    let a = send(
        &hub.app,
        Method::DELETE,
        "/api/sites/shop/conversations",
        None,
        None,
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
}

#[tokio::test]
async fn the_widget_page_may_be_framed_only_by_the_sites_origins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    let widget = dir.path().to_path_buf();
    let hub = hub_with(move |o| o.widget_dir = Some(widget)).await;
    let a = send(&hub.app, Method::GET, "/widget/?site=shop", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.starts_with("frame-ancestors https://shop.example;"),
        "{csp}"
    );
    let a = send(&hub.app, Method::GET, "/widget/?site=locked", None, None).await;
    assert!(a.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .starts_with("frame-ancestors 'none';"));
}

// A widget path with a 253-character file name answered 500 "File name too long" and
// logged two errors per request.
#[tokio::test]
async fn long_or_odd_paths_under_the_built_files_answer_404() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    let widget = dir.path().to_path_buf();
    let console = dir.path().to_path_buf();
    let hub = hub_with(move |o| {
        o.widget_dir = Some(widget);
        o.console_dir = Some(console);
    })
    .await;
    for base in ["/widget/", "/console/"] {
        for tail in [
            "a".repeat(253),
            "b".repeat(300),
            "c/".repeat(700),
            "x%00y".to_string(),
        ] {
            let uri = format!("{base}{tail}");
            let a = send(&hub.app, Method::GET, &uri, None, None).await;
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{}",
                &uri[..40.min(uri.len())]
            );
        }
    }
    assert_eq!(
        send(&hub.app, Method::GET, "/widget/?site=shop", None, None)
            .await
            .status,
        StatusCode::OK
    );
}

// Four addresses opened 19,973 idle streams until the process reached its file limit; after
// that every new visitor and agent was refused.
#[tokio::test]
async fn one_address_cannot_hold_every_stream_and_a_closed_stream_frees_its_place() {
    use tower::ServiceExt;
    let hub = hub_with(|o| {
        o.streams = hub::stream_slots::StreamLimits {
            per_address: 2,
            total: 3,
        }
    })
    .await;
    let open = |peer: [u8; 4]| {
        let mut r = axum::http::Request::get("/api/sites/shop/availability/stream")
            .body(axum::body::Body::empty())
            .unwrap();
        r.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                peer, 40000,
            ))));
        hub.app.clone().oneshot(r)
    };
    let a1 = open([10, 0, 0, 1]).await.unwrap();
    let _a2 = open([10, 0, 0, 1]).await.unwrap();
    assert_eq!(a1.status(), StatusCode::OK);
    let a3 = open([10, 0, 0, 1]).await.unwrap();
    assert_eq!(
        a3.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the address has its share"
    );
    assert!(a3.headers().contains_key(header::RETRY_AFTER));
    let _b1 = open([10, 0, 0, 2]).await.unwrap();
    let c1 = open([10, 0, 0, 3]).await.unwrap();
    assert_eq!(
        c1.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "the hub's total is reached"
    );
    assert!(c1.headers().contains_key(header::RETRY_AFTER));
    drop(a1);
    assert_eq!(
        open([10, 0, 0, 3]).await.unwrap().status(),
        StatusCode::OK,
        "a closed stream gives its place back"
    );
}

// Behind a proxy every request comes from the proxy's address: without `--trusted-proxy`
// all visitors share one address's limits; with it each visitor has their own, and a
// visitor who reaches the hub directly cannot choose theirs.
#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_their_own_limits() {
    use tower::ServiceExt;
    let hub = hub_with(|o| {
        o.rates.conversations = hub::security::Rate {
            burst: 1,
            per_second: 1.0 / 600.0,
        };
        o.trusted_proxies = hub::security::TrustedProxies::parse("10.0.0.0/8").unwrap();
    })
    .await;
    let start = |peer: [u8; 4], forwarded: Option<&str>| {
        let mut r = axum::http::Request::post("/api/sites/shop/conversations");
        if let Some(f) = forwarded {
            r = r.header("x-forwarded-for", f);
        }
        let mut r = r.body(axum::body::Body::empty()).unwrap();
        r.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                peer, 40000,
            ))));
        hub.app.clone().oneshot(r)
    };
    let proxy = [10, 0, 0, 9];
    let status = |r: axum::response::Response| r.status();
    assert_eq!(
        status(start(proxy, Some("203.0.113.1")).await.unwrap()),
        StatusCode::CREATED
    );
    assert_eq!(
        status(start(proxy, Some("203.0.113.1")).await.unwrap()),
        StatusCode::TOO_MANY_REQUESTS,
        "the same visitor through the proxy has used their share"
    );
    assert_eq!(
        status(start(proxy, Some("203.0.113.2")).await.unwrap()),
        StatusCode::CREATED,
        "another visitor through the same proxy has their own"
    );
    // Straight to the hub, the header is not believed: the TCP address counts.
    let direct = [198, 51, 100, 7];
    assert_eq!(
        status(start(direct, Some("203.0.113.3")).await.unwrap()),
        StatusCode::CREATED
    );
    assert_eq!(
        status(start(direct, Some("203.0.113.4")).await.unwrap()),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged header does not buy a fresh share"
    );
}
