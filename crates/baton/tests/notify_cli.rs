//! `baton notify test` as an owner runs it: the real binary against a site file whose
//! channels point at receivers on 127.0.0.1 — the hub tests' SMTP sink, HTTP receivers from
//! the browser tests' support — and at ports where nothing listens. One line per channel,
//! "delivered" or the exact error, and the exit code: 0 all delivered, 1 any failed, 2 a bad
//! site or channel name.

mod support;
#[path = "../../hub/tests/notify_support/mod.rs"]
mod notify_support;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use notify_support::smtp_sink;
use support::{free_port, serve_host, Page};

/// The demo site with the notify tests' channels instead of its own — `crm` and
/// `team-slack` at `http`, `team-email` at `smtp`, `oncall` at `http_down` — and
/// `backup-email` at `smtp_down`.
fn site_file(dir: &Path, smtp: u16, smtp_down: u16, http: u16, http_down: u16) -> std::path::PathBuf {
    let demo = support::demo_config("http://127.0.0.1:8787");
    let notify = demo.find("[sites.notify]").expect("demo/baton.toml changed shape: no [sites.notify]");
    let config = format!(
        "{}[sites.notify]\n{}{}\n[[sites.notify.rules]]\nchannels = [\"crm\", \"team-slack\", \"team-email\", \"oncall\", \"backup-email\"]\n",
        &demo[..notify],
        notify_support::channels(http, http, smtp, http_down),
        notify_support::email_channel("backup-email", smtp_down, "backup@shop.example"),
    );
    let path = dir.join("baton.toml");
    std::fs::write(&path, config).expect("write the site file");
    path
}

fn notify_test(config: &Path, args: &[&str]) -> Output {
    Command::new(support::baton_bin())
        .args(["notify", "test", "--timeout", "5", "--config"])
        .arg(config)
        .args(args)
        .output()
        .expect("run baton notify test")
}

#[tokio::test(flavor = "multi_thread")]
async fn each_channel_says_delivered_or_its_exact_error_and_the_exit_code_says_whether_all_went() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (smtp, mails) = smtp_sink().await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let http = listener.local_addr().expect("addr").port();
    let hits = Arc::new(Mutex::new(Vec::<String>::new()));
    let record = hits.clone();
    serve_host(listener, move |path| {
        record.lock().expect("lock").push(path.to_string());
        matches!(path, "/slack" | "/hook").then(|| Page { kind: "text/plain", body: "ok".into(), csp: None })
    });
    let (smtp_down, http_down) = (free_port(), free_port());
    let config = site_file(dir.path(), smtp, smtp_down, http, http_down);

    // Every channel, in the file's order: three receivers up, two down.
    let all = notify_test(&config, &["--site", "demo"]);
    let stdout = String::from_utf8_lossy(&all.stdout);
    assert_eq!(
        stdout,
        format!(
            "crm (webhook): delivered\n\
             team-slack (slack): delivered\n\
             team-email (email): delivered\n\
             oncall (whatsapp): failed: error sending request for url (http://127.0.0.1:{http_down}/v21.0/123/messages): \
             client error (Connect): tcp connect error: Connection refused (os error 111)\n\
             backup-email (email): failed: smtp 127.0.0.1:{smtp_down}: Connection error: Connection refused (os error 111)\n"
        )
    );
    assert_eq!(all.status.code(), Some(1), "one failed, so 1: {}", String::from_utf8_lossy(&all.stderr));
    // The receivers really got them: one email, one Slack message, one webhook.
    {
        let mails = mails.lock().expect("lock");
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].to, ["<team@shop.example>"]);
        assert!(mails[0].data.contains("[test]"), "{}", mails[0].data);
    }
    assert_eq!(*hits.lock().expect("lock"), ["/hook", "/slack"]);

    // --channel: that one only.
    let slack = notify_test(&config, &["--site", "demo", "--channel", "team-slack"]);
    assert_eq!(String::from_utf8_lossy(&slack.stdout), "team-slack (slack): delivered\n");
    assert_eq!(slack.status.code(), Some(0));
    assert_eq!(*hits.lock().expect("lock"), ["/hook", "/slack", "/slack"]);
    assert_eq!(mails.lock().expect("lock").len(), 1, "no other channel was tried");
    let down = notify_test(&config, &["--site", "demo", "--channel", "backup-email"]);
    assert_eq!(
        String::from_utf8_lossy(&down.stdout),
        format!("backup-email (email): failed: smtp 127.0.0.1:{smtp_down}: Connection error: Connection refused (os error 111)\n")
    );
    assert_eq!(down.status.code(), Some(1));

    // A channel or site that is not in the file: a clear error, exit 2, nothing sent.
    let unknown = notify_test(&config, &["--site", "demo", "--channel", "team-sms"]);
    assert_eq!(String::from_utf8_lossy(&unknown.stderr), "baton: site \"demo\" has no notify channel \"team-sms\"\n");
    assert!(unknown.stdout.is_empty());
    assert_eq!(unknown.status.code(), Some(2));
    let nowhere = notify_test(&config, &["--site", "nowhere"]);
    assert_eq!(String::from_utf8_lossy(&nowhere.stderr), format!("baton: no site \"nowhere\" in {}\n", config.display()));
    assert_eq!(nowhere.status.code(), Some(2));
    assert_eq!(hits.lock().expect("lock").len(), 3);
}
