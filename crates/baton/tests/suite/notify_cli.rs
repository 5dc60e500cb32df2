//! `baton notify test` as an owner runs it: the real binary against a site file whose
//! channels point at receivers on 127.0.0.1 — the hub tests' SMTP sink, HTTP receivers from
//! the browser tests' support — and at ports where nothing listens. One line per channel and
//! message (a handoff, a lead, the morning digest), "delivered" or the exact error, and the
//! exit code: 0 all delivered, 1 any failed, 2 a bad site, channel or kind.

use crate::notify_support;
use crate::support;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use notify_support::smtp_sink;
use support::{free_port, serve_host, Page};

/// The demo site with the notify tests' channels instead of its own — `crm` and
/// `team-slack` at `http`, `team-email` at `smtp`, `oncall` at `http_down` — and
/// `backup-email` at `smtp_down`.
fn site_file(
    dir: &Path,
    smtp: u16,
    smtp_down: u16,
    http: u16,
    http_down: u16,
) -> std::path::PathBuf {
    let demo = support::demo_config("http://127.0.0.1:8787");
    let notify = demo
        .find("[sites.notify]")
        .expect("demo/baton.toml changed shape: no [sites.notify]");
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
        matches!(path, "/slack" | "/hook").then(|| Page {
            kind: "text/plain",
            body: "ok".into(),
            csp: None,
        })
    });
    let (smtp_down, http_down) = (free_port(), free_port());
    let config = site_file(dir.path(), smtp, smtp_down, http, http_down);

    // Every channel, in the file's order, each with a handoff, a lead and a digest: three
    // receivers up, two down.
    let all = notify_test(&config, &["--site", "demo"]);
    let stdout = String::from_utf8_lossy(&all.stdout);
    let wa_down = format!(
        "failed: error sending request for url (http://127.0.0.1:{http_down}/v21.0/123/messages): \
         client error (Connect): tcp connect error: Connection refused (os error 111)"
    );
    let smtp_refused = format!(
        "failed: smtp 127.0.0.1:{smtp_down}: Connection error: Connection refused (os error 111)"
    );
    let mut want = String::new();
    for (channel, outcome) in [
        ("crm (webhook)", "delivered".to_string()),
        ("team-slack (slack)", "delivered".to_string()),
        ("team-email (email)", "delivered".to_string()),
        ("oncall (whatsapp)", wa_down.clone()),
        ("backup-email (email)", smtp_refused.clone()),
    ] {
        for kind in ["handoff", "lead", "digest"] {
            want.push_str(&format!("{channel} {kind}: {outcome}\n"));
        }
    }
    assert_eq!(stdout, want);
    assert_eq!(
        all.status.code(),
        Some(1),
        "some failed, so 1: {}",
        String::from_utf8_lossy(&all.stderr)
    );
    // The receivers really got them: three emails, three Slack messages, three webhooks.
    {
        let mails = mails.lock().expect("lock");
        assert_eq!(mails.len(), 3);
        assert!(mails
            .iter()
            .all(|m| m.to == ["<team@shop.example>"] && m.data.contains("[test]")));
        // Headers unfolded: a long subject continues on the next line.
        let header = |m: &notify_support::Mail, name: &str| {
            m.data
                .replace("\n ", " ")
                .lines()
                .find(|l| l.starts_with(name))
                .unwrap_or("")
                .to_string()
        };
        let subject = |m: &notify_support::Mail| header(m, "Subject:");
        assert!(
            subject(&mails[0]).contains("handoff"),
            "{}",
            subject(&mails[0])
        );
        assert!(
            subject(&mails[1]).contains("New lead BTN-TEST42"),
            "{}",
            subject(&mails[1])
        );
        assert!(
            header(&mails[1], "Reply-To:").ends_with("<maria@example.com>"),
            "{}",
            mails[1].data
        );
        assert!(
            subject(&mails[2]).contains("Leads while we were closed: 2"),
            "{}",
            subject(&mails[2])
        );
    }
    assert_eq!(
        *hits.lock().expect("lock"),
        ["/hook", "/hook", "/hook", "/slack", "/slack", "/slack"]
    );

    // --channel and --kind: that one only.
    let slack = notify_test(
        &config,
        &[
            "--site",
            "demo",
            "--channel",
            "team-slack",
            "--kind",
            "digest",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&slack.stdout),
        "team-slack (slack) digest: delivered\n"
    );
    assert_eq!(slack.status.code(), Some(0));
    assert_eq!(hits.lock().expect("lock").len(), 7);
    assert_eq!(
        mails.lock().expect("lock").len(),
        3,
        "no other channel was tried"
    );
    let lead = notify_test(
        &config,
        &[
            "--site",
            "demo",
            "--kind",
            "lead",
            "--channel",
            "team-email",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&lead.stdout),
        "team-email (email) lead: delivered\n"
    );
    assert_eq!(mails.lock().expect("lock").len(), 4);
    let down = notify_test(
        &config,
        &[
            "--site",
            "demo",
            "--channel",
            "backup-email",
            "--kind",
            "handoff",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&down.stdout),
        format!("backup-email (email) handoff: {smtp_refused}\n")
    );
    assert_eq!(down.status.code(), Some(1));
    let bad = notify_test(&config, &["--site", "demo", "--kind", "sms"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown kind: {}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert!(bad.stdout.is_empty());

    // A channel or site that is not in the file: a clear error, exit 2, nothing sent.
    let unknown = notify_test(&config, &["--site", "demo", "--channel", "team-sms"]);
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "baton: site \"demo\" has no notify channel \"team-sms\"\n"
    );
    assert!(unknown.stdout.is_empty());
    assert_eq!(unknown.status.code(), Some(2));
    let nowhere = notify_test(&config, &["--site", "nowhere"]);
    assert_eq!(
        String::from_utf8_lossy(&nowhere.stderr),
        format!("baton: no site \"nowhere\" in {}\n", config.display())
    );
    assert_eq!(nowhere.status.code(), Some(2));
    assert_eq!(hits.lock().expect("lock").len(), 7);
}
