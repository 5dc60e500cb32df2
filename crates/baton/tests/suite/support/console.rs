//! The agent console's side of the end-to-end tests: a headless Chromium with the steps the
//! console tests take ([`Browser`]), and a visitor talking to the widget API ([`Visitor`]).

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

/// The console in a headless Chromium, with the steps the test takes; each waits up to 10 s
/// for its element and fails with what it was looking for.
pub struct Browser(pub fantoccini::Client);

pub const WAIT: Duration = Duration::from_secs(10);

pub fn failed(what: &str) -> impl Fn(fantoccini::error::CmdError) -> String + '_ {
    move |e| format!("{what}: {e}")
}

impl Browser {
    pub async fn start(driver: &str) -> Result<Browser, String> {
        Ok(Browser(super::browser(driver, &[]).await))
    }

    pub async fn goto(&self, url: &str) -> Result<(), String> {
        self.0.goto(url).await.map_err(failed(url))
    }

    pub async fn reload(&self) -> Result<(), String> {
        self.0.refresh().await.map_err(failed("reload"))
    }

    pub async fn url(&self) -> Result<String, String> {
        Ok(self
            .0
            .current_url()
            .await
            .map_err(failed("the address"))?
            .to_string())
    }

    pub async fn all(&self, css: &str) -> Result<Vec<Element>, String> {
        self.0
            .find_all(Locator::Css(css))
            .await
            .map_err(failed(css))
    }

    /// The first element matching `css`, once there is one.
    pub async fn find(&self, css: &str) -> Result<Element, String> {
        let wait = self.0.wait().at_most(WAIT);
        wait.for_element(Locator::Css(css))
            .await
            .map_err(|_| format!("no element {css} within 10 s"))
    }

    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.find(css).await?.click().await.map_err(failed(css))
    }

    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        self.find(css)
            .await?
            .send_keys(text)
            .await
            .map_err(failed(css))
    }

    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.find(css).await?.text().await.map_err(failed(css))
    }

    pub async fn property(&self, css: &str, name: &str) -> Result<String, String> {
        Ok(self
            .find(css)
            .await?
            .prop(name)
            .await
            .map_err(failed(css))?
            .unwrap_or_default())
    }

    /// Waits for `css`'s text to satisfy `want`.
    pub async fn wait_text(
        &self,
        css: &str,
        want: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(css).await.unwrap_or_default();
            if want(&text) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("{css} still reads {text:?} after 10 s"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn execute(&self, script: &str) -> Result<Value, String> {
        self.0
            .execute(script, Vec::new())
            .await
            .map_err(failed("script"))
    }

    /// Fails with axe-core's findings when the page breaks a WCAG 2.2 A/AA rule.
    pub async fn accessible(&self, what: &str) -> Result<(), String> {
        let found = super::axe::violations(&self.0).await;
        if found.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{what}: axe-core finds WCAG 2.2 A/AA violations:\n{}",
            serde_json::to_string_pretty(&found).unwrap_or_default()
        ))
    }

    pub async fn quit(self) {
        if let Err(e) = self.0.close().await {
            eprintln!("cannot end the browser session: {e}");
        }
    }
}

/// The visitor's side, through the widget API.
pub struct Visitor {
    http: reqwest::Client,
    base: String,
    pub id: String,
    token: String,
}

impl Visitor {
    pub async fn start(base: &str) -> Result<Visitor, String> {
        let http = reqwest::Client::new();
        let v: Value = http
            .post(format!("{base}/api/sites/demo/conversations"))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        let id = v["conversation_id"].as_str().ok_or("no id")?.to_string();
        let token = v["token"].as_str().ok_or("no token")?.to_string();
        Ok(Visitor {
            http,
            base: base.to_string(),
            id,
            token,
        })
    }

    pub async fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        let r = self
            .http
            .post(format!(
                "{}/api/conversations/{}/{path}",
                self.base, self.id
            ))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = r.status();
        let v: Value = r.json().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(v)
        } else {
            Err(format!("{path}: {status} {v}"))
        }
    }

    pub async fn messages(&self) -> Result<Vec<Value>, String> {
        let r = self
            .http
            .get(format!(
                "{}/api/conversations/{}/messages",
                self.base, self.id
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let v: Value = r.json().await.map_err(|e| e.to_string())?;
        Ok(v["messages"].as_array().cloned().unwrap_or_default())
    }
}
