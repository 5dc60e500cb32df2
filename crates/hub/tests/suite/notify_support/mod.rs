//! Test receivers for notifications, shared by the hub's channel tests and the `baton notify
//! test` tests (`crates/baton/tests/suite/notify_cli.rs` includes this file by path): an SMTP sink
//! that keeps what it is sent, and the site-file channels that point at local receivers.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One captured message: the envelope and the DATA as sent (dot-unstuffed).
#[derive(Clone, Debug, Default)]
pub struct Mail {
    /// EHLO or HELO came first.
    pub ehlo: bool,
    /// `MAIL FROM:` as sent.
    pub from: String,
    /// Every `RCPT TO:`.
    pub to: Vec<String>,
    /// The message as sent.
    pub data: String,
}

/// A plain SMTP server on a free port of 127.0.0.1 (EHLO, MAIL, RCPT, DATA, QUIT), keeping
/// every message it accepts.
pub async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Mail>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let out = mails.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let mails = mails.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut mail = Mail::default();
                let _ = write.write_all(b"220 sink.test ESMTP ready\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        mail.ehlo = true;
                        b"250-sink.test\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        mail.from = line[10..].trim().to_string();
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        mail.to.push(line[8..].trim().to_string());
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        let _ = write
                            .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                            .await;
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            let l = l.strip_prefix('.').map_or(l.clone(), |rest| {
                                if l.starts_with("..") {
                                    rest.to_string()
                                } else {
                                    l.clone()
                                }
                            });
                            mail.data.push_str(&l);
                            mail.data.push('\n');
                        }
                        mails.lock().expect("lock").push(mail.clone());
                        b"250 OK queued\r\n"
                    } else if upper == "QUIT" {
                        let _ = write.write_all(b"221 Bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, out)
}

/// An email channel `name` to a plain SMTP server on 127.0.0.1:`port`.
pub fn email_channel(name: &str, port: u16, to: &str) -> String {
    format!(
        r#"
[[sites.notify.channels]]
name = "{name}"
kind = "email"
host = "127.0.0.1"
port = {port}
security = "none"
from = "baton@shop.example"
to = ["{to}"]
"#
    )
}

/// The four channels of the notify tests, for a site file's `[sites.notify]`: `crm` (a
/// webhook to `{http}/hook`), `team-slack` (`{http}/slack`), `team-email` (SMTP on
/// 127.0.0.1:`smtp`) and `oncall` (WhatsApp, the Cloud API at `whatsapp`).
pub fn channels(hook: u16, slack: u16, smtp: u16, whatsapp: u16) -> String {
    format!(
        r#"
[[sites.notify.channels]]
name = "crm"
kind = "webhook"
url = "http://127.0.0.1:{hook}/hook"
secret = "0123456789abcdef-secret"

[[sites.notify.channels]]
name = "team-slack"
kind = "slack"
webhook_url = "http://127.0.0.1:{slack}/slack"
{}
[[sites.notify.channels]]
name = "oncall"
kind = "whatsapp"
api_base = "http://127.0.0.1:{whatsapp}"
phone_number_id = "123"
token = "t"
to = "+44 7700 900456"
"#,
        email_channel("team-email", smtp, "team@shop.example")
    )
}
