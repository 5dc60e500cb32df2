//! Shared set-up for the console tests: agents, signing in, requests with the session
//! cookie and the hub's own origin, handoffs, and reading Server-Sent Events from a
//! router answer without a port.
#![allow(dead_code)]

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use hub::console::accounts::{self, NewAgent};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::api_support::{call, send, Answer, Hub};

pub const PASSWORD: &str = "correct horse battery";
pub const HOST: &str = "hub.test";
pub const ORIGIN: &str = "http://hub.test";

/// Creates an agent serving `teams` ("site:team").
pub async fn agent(hub: &Hub, email: &str, name: &str, teams: &[&str]) -> String {
    let teams = accounts::parse_teams(&teams.join(",")).expect("teams");
    let new = NewAgent {
        email: email.into(),
        name: name.into(),
        teams,
        password: PASSWORD.into(),
    };
    accounts::add(&hub.state.db, None, &new)
        .await
        .expect("agent added")
}

/// Signs in; returns the answer.
pub async fn login_answer(app: &Router, email: &str, password: &str) -> Answer {
    console(
        app,
        Method::POST,
        "/console/api/login",
        None,
        Some(json!({"email": email, "password": password})),
    )
    .await
}

/// Signs in and returns the `name=value` cookie to send back.
pub async fn login(app: &Router, email: &str) -> String {
    let a = login_answer(app, email, PASSWORD).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    cookie_of(&a)
}

/// `baton_console=TOKEN` from a login answer's `Set-Cookie`.
pub fn cookie_of(a: &Answer) -> String {
    let set = a
        .headers
        .get(header::SET_COOKIE)
        .expect("set-cookie")
        .to_str()
        .expect("ascii");
    set.split(';').next().expect("pair").to_string()
}

/// A console request as the console page sends it: same origin, with the cookie.
pub async fn console(
    app: &Router,
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> Answer {
    call(app, console_request(method, uri, cookie, body)).await
}

pub fn console_request(
    method: Method,
    uri: &str,
    cookie: Option<&str>,
    body: Option<Value>,
) -> Request<Body> {
    let mut r = Request::builder()
        .method(method.clone())
        .uri(uri)
        .header(header::HOST, HOST);
    if method != Method::GET {
        r = r.header(header::ORIGIN, ORIGIN);
    }
    if let Some(cookie) = cookie {
        r = r.header(header::COOKIE, cookie);
    }
    match body {
        Some(body) => r
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => r.body(Body::empty()),
    }
    .expect("request")
}

/// Hands conversation `id` to `route` with `trigger` and captured `fields`.
pub async fn handoff(
    app: &Router,
    id: &str,
    token: &str,
    route: &str,
    trigger: &str,
    fields: Value,
) -> Answer {
    let body = json!({
        "transcript": [{"role": "visitor", "text": "where is my order?"}],
        "fields": fields,
        "trigger": trigger,
        "reasons": [{"trigger": trigger, "signal": "test", "weight": 1.0}],
        "route": route,
    });
    let a = send(
        app,
        Method::POST,
        &format!("/api/conversations/{id}/handoff"),
        Some(token),
        Some(body),
    )
    .await;
    assert!(a.status.is_success(), "{:?}", a.body);
    a
}

/// An open event stream from the router.
pub struct Events {
    body: Body,
    buffer: String,
}

impl Events {
    /// Opens `request` and checks it is a stream.
    pub async fn open(app: &Router, request: Request<Body>) -> Events {
        let response = app
            .clone()
            .oneshot(request)
            .await
            .expect("router never fails");
        assert_eq!(response.status(), StatusCode::OK);
        Events {
            body: response.into_body(),
            buffer: String::new(),
        }
    }

    /// The next event (name, data) within `wait`; heartbeats are skipped.
    pub async fn next(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        name = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if !data.is_empty() {
                    return Some((name, data));
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    /// Waits up to `wait` for an event named `name` whose JSON satisfies `want`.
    pub async fn until(
        &mut self,
        name: &str,
        wait: Duration,
        want: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let (event, data) = self.next(left).await?;
            if event == name {
                let value: Value = serde_json::from_str(&data).expect("event JSON");
                if want(&value) {
                    return Some(value);
                }
            }
        }
    }
}

/// The conversation's messages as the visitor's widget reads them.
pub async fn visitor_messages(hub: &Hub, id: &str, token: &str) -> Vec<Value> {
    let a = send(
        &hub.app,
        Method::GET,
        &format!("/api/conversations/{id}/messages"),
        Some(token),
        None,
    )
    .await;
    a.body["messages"].as_array().expect("messages").clone()
}
