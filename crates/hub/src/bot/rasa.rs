//! The owner's own bot over HTTP, in the format of Rasa's REST channel.
//!
//! Request: `POST <url>` with `{"sender": "<conversation>", "message": "<visitor text>"}`.
//! Response: a JSON array of bot messages, `[{"recipient_id": "…", "text": "…"}, …]`. Items
//! may carry `image`, `buttons` or `custom` instead of (or besides) `text`; the widget shows
//! text only, so those are ignored. Several texts are joined with a blank line; no text at
//! all means the bot had no answer.
//!
//! Rasa's REST channel reports no confidence, so a reply with text counts as sure (1.0).

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How long the hub waits for the owner's bot by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(8);
/// Largest response body read from the bot; a bigger one is an error, not a memory spike.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// A client for one Rasa REST endpoint.
#[derive(Clone, Debug)]
pub struct RasaClient {
    url: String,
    timeout: Duration,
    http: reqwest::Client,
}

/// Why the owner's bot could not answer.
#[derive(Debug)]
pub enum RasaError {
    /// The HTTP client could not be built (TLS set-up).
    Client(String),
    /// Nothing accepted the connection (the bot is down, or the URL is wrong).
    Connect {
        /// The endpoint.
        url: String,
        /// The underlying error.
        detail: String,
    },
    /// No complete answer within the timeout.
    Timeout {
        /// The endpoint.
        url: String,
        /// The timeout that ran out.
        after: Duration,
    },
    /// The bot answered with a status other than 2xx.
    Status {
        /// The endpoint.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body was not a JSON array of messages, or was too large.
    Malformed {
        /// The endpoint.
        url: String,
        /// What was wrong.
        detail: String,
    },
    /// Any other transport failure.
    Transport {
        /// The endpoint.
        url: String,
        /// The underlying error.
        detail: String,
    },
}

impl fmt::Display for RasaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RasaError::Client(e) => {
                write!(f, "cannot set up the HTTP client for the Rasa bot: {e}")
            }
            RasaError::Connect { url, detail } => {
                write!(f, "cannot connect to the Rasa bot at {url}: {detail}")
            }
            RasaError::Timeout { url, after } => {
                write!(
                    f,
                    "the Rasa bot at {url} did not answer within {:.1} s",
                    after.as_secs_f32()
                )
            }
            RasaError::Status { url, status } => {
                write!(f, "the Rasa bot at {url} answered HTTP {status}")
            }
            RasaError::Malformed { url, detail } => {
                write!(f, "the Rasa bot at {url} sent a reply that is not a REST channel message list: {detail}")
            }
            RasaError::Transport { url, detail } => {
                write!(f, "request to the Rasa bot at {url} failed: {detail}")
            }
        }
    }
}

impl std::error::Error for RasaError {}

#[derive(Serialize)]
struct Request<'a> {
    sender: &'a str,
    message: &'a str,
}

/// One item of the response array; everything but `text` is ignored.
#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    text: Option<String>,
}

impl RasaClient {
    /// A client for `url` that gives up after `timeout` (connecting and reading included).
    pub fn new(url: &str, timeout: Duration) -> Result<RasaClient, RasaError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            // The bot is the owner's own service, usually on the same host or network.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| RasaError::Client(e.to_string()))?;
        Ok(RasaClient {
            url: url.to_string(),
            timeout,
            http,
        })
    }

    /// The endpoint.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Sends the visitor's `message` for conversation `sender`; `Ok(None)` when the bot sent
    /// no text.
    pub async fn send(&self, sender: &str, message: &str) -> Result<Option<String>, RasaError> {
        let timeout = self.timeout;
        let mut response = self
            .http
            .post(&self.url)
            .json(&Request { sender, message })
            .send()
            .await
            .map_err(|e| self.transport_error(e, timeout))?;
        let status = response.status();
        if !status.is_success() {
            return Err(RasaError::Status {
                url: self.url.clone(),
                status: status.as_u16(),
            });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e, timeout))?
        {
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(RasaError::Malformed {
                    url: self.url.clone(),
                    detail: format!("the body is larger than {} KB", MAX_RESPONSE_BYTES / 1024),
                });
            }
            body.extend_from_slice(&chunk);
        }
        let messages: Vec<Message> =
            serde_json::from_slice(&body).map_err(|e| RasaError::Malformed {
                url: self.url.clone(),
                detail: e.to_string(),
            })?;
        let texts: Vec<&str> = messages
            .iter()
            .filter_map(|m| m.text.as_deref())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        Ok((!texts.is_empty()).then(|| texts.join("\n\n")))
    }

    /// How long a request may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn transport_error(&self, e: reqwest::Error, after: Duration) -> RasaError {
        let url = self.url.clone();
        if e.is_timeout() {
            RasaError::Timeout { url, after }
        } else if e.is_connect() {
            RasaError::Connect {
                url,
                detail: root_cause(&e),
            }
        } else {
            RasaError::Transport {
                url,
                detail: root_cause(&e),
            }
        }
    }
}

/// The innermost error message ("Connection refused (os error 111)"), which says more than
/// reqwest's outer "error sending request".
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
