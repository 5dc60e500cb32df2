//! Just enough WebDriver to sign in, click, type and take a screenshot, and chromedriver
//! stopped with the test.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

use super::repo;

/// Just enough WebDriver.
pub(super) struct Browser {
    http: reqwest::Client,
    session: String,
}

impl Browser {
    pub(super) async fn start(driver: &str) -> Browser {
        let http = reqwest::Client::new();
        let flags: Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join("webdriver.json")).expect("webdriver.json"),
        )
        .expect("json");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": flags["goog:chromeOptions"]}}});
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match http
                .post(format!("{driver}/session"))
                .json(&caps)
                .send()
                .await
            {
                Ok(r) => {
                    let v: Value = r.json().await.expect("session");
                    let id = v["value"]["sessionId"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no session: {v}"));
                    return Browser {
                        http,
                        session: format!("{driver}/session/{id}"),
                    };
                }
                Err(e) if Instant::now() < deadline => {
                    drop(e);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver: {e}"),
            }
        }
    }

    pub(super) async fn cmd(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let mut r = self.http.request(method, format!("{}{path}", self.session));
        if let Some(body) = body {
            r = r.json(&body);
        }
        let v: Value = r
            .send()
            .await
            .expect("webdriver")
            .json()
            .await
            .expect("json");
        assert!(
            !v["value"]["error"].is_string(),
            "{path}: {}",
            v["value"]["message"]
        );
        v["value"].clone()
    }

    pub(super) async fn element(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let v = self
                .cmd(
                    reqwest::Method::POST,
                    "/elements",
                    Some(json!({"using": "css selector", "value": css})),
                )
                .await;
            if let Some(e) = v
                .as_array()
                .and_then(|a| a.first())
                .and_then(|e| e["element-6066-11e4-a52e-4f735466cecf"].as_str())
            {
                return e.to_string();
            }
            assert!(Instant::now() < deadline, "no {css}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub(super) async fn click(&self, css: &str) {
        let e = self.element(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            Some(json!({})),
        )
        .await;
    }

    pub(super) async fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub(super) async fn screenshot(&self, to: &Path) {
        let v = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64"))
            .expect("png");
        std::fs::write(to, png).expect("write screenshot");
    }
}

pub(super) struct Running(pub(super) Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Err(e) = self.0.kill() {
            eprintln!("cannot stop chromedriver: {e}");
        }
        drop(self.0.wait());
    }
}
