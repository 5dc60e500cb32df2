//! Console sign-in through the router without a port: wrong passwords, the cookie's flags,
//! expired sessions, logout, the same-origin rule, the login rate limit, and the console
//! page's policy.

use crate::api_support;
use crate::console_support;

use api_support::{call, hub, hub_at, hub_with, send, sunday_noon};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use console_support::*;
use hub::db::timestamp;
use serde_json::json;

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_look_the_same() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let wrong = login_answer(&hub.app, "sam@example.com", "not the password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "invalid_credentials");
    assert!(wrong.headers.get(header::SET_COOKIE).is_none());
    let unknown = login_answer(&hub.app, "nobody@example.com", PASSWORD).await;
    assert_eq!(
        (unknown.status, unknown.body.clone()),
        (wrong.status, wrong.body.clone())
    );
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_stores_only_its_hash() {
    let hub = hub().await;
    agent(
        &hub,
        "sam@example.com",
        "Sam",
        &["shop:support", "shop:billing"],
    )
    .await;
    // Any case and stray spaces in the email.
    let a = login_answer(&hub.app, " SAM@example.com ", PASSWORD).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(a.body["name"], "Sam");
    assert_eq!(a.body["teams"].as_array().map(Vec::len), Some(2));
    let set = a.headers[header::SET_COOKIE].to_str().unwrap();
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(set.contains(flag), "{set}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    let token = cookie_of(&a)
        .trim_start_matches("baton_console=")
        .to_string();
    assert!(token.len() >= 43, "256 bits");
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM agent_sessions")
        .fetch_all(&hub.sql().await)
        .await
        .unwrap();
    assert_eq!(stored, vec![hub::security::token_hash(&token)]);
    assert_eq!(a.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn the_cookie_is_secure_behind_tls_or_with_an_https_public_url() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let body = json!({"email": "sam@example.com", "password": PASSWORD}).to_string();
    let request = Request::post("/console/api/login")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "https://hub.test")
        .header("x-forwarded-proto", "https")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    let a = call(&hub.app, request).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert!(a.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("; Secure"));

    let public = hub_with(|o| o.public_url = Some("https://chat.example.com".into())).await;
    agent(&public, "sam@example.com", "Sam", &["shop:support"]).await;
    // Behind the proxy the page's origin is the public one, whatever Host says.
    let own = console_request(
        Method::POST,
        "/console/api/login",
        None,
        Some(json!({"email": "sam@example.com", "password": PASSWORD})),
    );
    assert_eq!(call(&public.app, own).await.code(), "bad_origin");
    let mut request = console_request(
        Method::POST,
        "/console/api/login",
        None,
        Some(json!({"email": "sam@example.com", "password": PASSWORD})),
    );
    request
        .headers_mut()
        .insert(header::ORIGIN, "https://chat.example.com".parse().unwrap());
    let a = call(&public.app, request).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert!(a.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

#[tokio::test]
async fn every_endpoint_needs_a_session() {
    let hub = hub().await;
    let paths = [
        (Method::GET, "/console/api/me"),
        (Method::GET, "/console/api/queue"),
        (Method::GET, "/console/api/events"),
        (Method::GET, "/console/api/leads?q=BTN-AAAAAA"),
        (Method::PUT, "/console/api/presence"),
        (Method::GET, "/console/api/conversations/abc"),
        (Method::POST, "/console/api/conversations/abc/claim"),
        (Method::POST, "/console/api/conversations/abc/messages"),
        (Method::POST, "/console/api/conversations/abc/handback"),
        (Method::POST, "/console/api/conversations/abc/resolve"),
        (Method::POST, "/console/api/logout"),
    ];
    for (method, path) in paths {
        let body = (method != Method::GET)
            .then(|| json!({"site": "shop", "team": "support", "online": true, "text": "hi"}));
        for cookie in [None, Some("baton_console=forged-token")] {
            let a = console(&hub.app, method.clone(), path, cookie, body.clone()).await;
            assert_eq!(
                a.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} {cookie:?}: {:?}",
                a.body
            );
            assert_eq!(a.code(), "unauthorized");
            assert!(a.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()));
        }
    }
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let hub = hub().await;
    let id = agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let token = "expired-session-token";
    // The test clock stands at 2026-03-04 12:00; this session ended a second earlier.
    let ended = api_support::wednesday_noon() - chrono::Duration::seconds(1);
    hub.state
        .db
        .agent_sessions_create(&hub::security::token_hash(token), &id, &timestamp(ended))
        .await
        .unwrap();
    let a = console(
        &hub.app,
        Method::GET,
        "/console/api/me",
        Some(&format!("baton_console={token}")),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    // A fresh login is valid for 12 hours by the same clock.
    let cookie = login(&hub.app, "sam@example.com").await;
    assert_eq!(
        console(
            &hub.app,
            Method::GET,
            "/console/api/me",
            Some(&cookie),
            None
        )
        .await
        .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_ends_the_session_and_goes_away_everywhere() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let a = console(
        &hub.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "support", "online": true})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(
        hub.state
            .db
            .agents_online("shop")
            .await
            .unwrap()
            .get("support"),
        Some(&1)
    );
    // Wednesday noon: open, so no after-hours word in the console.
    assert_eq!(a.body["teams"][0]["site_open"], true, "{:?}", a.body);
    let out = console(
        &hub.app,
        Method::POST,
        "/console/api/logout",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(
        console(
            &hub.app,
            Method::GET,
            "/console/api/me",
            Some(&cookie),
            None
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert!(hub.state.db.agents_online("shop").await.unwrap().is_empty());
}

#[tokio::test]
async fn changes_from_another_origin_are_refused() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let body = json!({"site": "shop", "team": "support", "online": true});
    for origin in [
        Some("https://evil.example"),
        Some("http://hub.test.evil.example"),
        None,
    ] {
        let mut request = console_request(
            Method::PUT,
            "/console/api/presence",
            Some(&cookie),
            Some(body.clone()),
        );
        match origin {
            Some(o) => request
                .headers_mut()
                .insert(header::ORIGIN, o.parse().unwrap()),
            None => request.headers_mut().remove(header::ORIGIN),
        };
        let a = call(&hub.app, request).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::FORBIDDEN, "bad_origin"),
            "{origin:?}"
        );
    }
    assert!(hub.state.db.agents_online("shop").await.unwrap().is_empty());
}

#[tokio::test]
async fn logins_are_rate_limited() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    for _ in 0..10 {
        assert_eq!(
            login_answer(&hub.app, "sam@example.com", "guess guess guess")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let a = login_answer(&hub.app, "sam@example.com", PASSWORD).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.code(), "rate_limited");
    assert!(a.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn the_console_page_has_a_strict_policy_allowing_only_its_loader() {
    let dist = tempfile::tempdir().unwrap();
    let loader = "import init from '/console/c.js'; await init();";
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!doctype html><script type=\"module\">{loader}</script>"),
    )
    .unwrap();
    let dir = dist.path().to_path_buf();
    let hub = hub_with(move |o| o.console_dir = Some(dir)).await;
    let a = call(
        &hub.app,
        Request::get("/console/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        hub::console::inline_script_hashes(&format!("<script>{loader}</script>")).len(),
        1
    );

    // Reloading: the browser asks again with its copy's date and gets 304, which must carry
    // the same policy (the browser applies the 304's headers to its cached page). HEAD too.
    let modified = a.headers[header::LAST_MODIFIED]
        .to_str()
        .unwrap()
        .to_string();
    for path in [
        "/console/",
        "/console/index.html",
        "/console/?conversation=abc",
    ] {
        let again = Request::get(path)
            .header(header::IF_MODIFIED_SINCE, &modified)
            .body(Body::empty())
            .unwrap();
        let b = call(&hub.app, again).await;
        assert_eq!(b.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(
            b.headers[header::CONTENT_SECURITY_POLICY],
            csp,
            "{path}: a 304 must carry the console's policy"
        );
    }
    let head = call(
        &hub.app,
        Request::head("/console/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.headers[header::CONTENT_SECURITY_POLICY], csp);

    let unbuilt = api_support::hub().await;
    let a = call(
        &unbuilt.app,
        Request::get("/console/").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a
        .body
        .as_str()
        .is_some_and(|b| b.contains("trunk build --offline --release")));
}

#[tokio::test]
async fn an_agent_online_while_the_site_is_closed_is_told_visitors_can_reach_them() {
    let hub = hub_at(sunday_noon()).await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    let cookie = login(&hub.app, "sam@example.com").await;
    let a = console(
        &hub.app,
        Method::PUT,
        "/console/api/presence",
        Some(&cookie),
        Some(json!({"site": "shop", "team": "support", "online": true})),
    )
    .await;
    assert_eq!(
        (
            a.body["teams"][0]["online"].as_bool(),
            a.body["teams"][0]["site_open"].as_bool()
        ),
        (Some(true), Some(false)),
        "{:?}",
        a.body
    );
    // Presence wins: the site's widgets say someone is online.
    let availability = send(
        &hub.app,
        Method::GET,
        "/api/sites/shop/availability",
        None,
        None,
    )
    .await;
    assert_eq!(
        availability.body["teams"][0]["online"], true,
        "{:?}",
        availability.body
    );
}

fn login_from(peer: [u8; 4], email: &str, password: &str) -> Request<Body> {
    let mut r = console_request(
        Method::POST,
        "/console/api/login",
        None,
        Some(json!({"email": email, "password": password})),
    );
    r.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            peer, 40000,
        ))));
    r
}

// Ten wrong passwords from anywhere locked an agent out, renewable every 30 s by anyone.
#[tokio::test]
async fn a_stranger_guessing_cannot_lock_the_agent_out() {
    let hub = hub().await;
    agent(&hub, "sam@example.com", "Sam", &["shop:support"]).await;
    for _ in 0..10 {
        assert_eq!(
            call(
                &hub.app,
                login_from([203, 0, 113, 7], "sam@example.com", "wrong password!")
            )
            .await
            .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let a = call(
        &hub.app,
        login_from([203, 0, 113, 7], "sam@example.com", "wrong password!"),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
        "the guessing address is held back"
    );
    let a = call(
        &hub.app,
        login_from([198, 51, 100, 20], "sam@example.com", PASSWORD),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "Sam still signs in from his own address: {:?}",
        a.body
    );
}
