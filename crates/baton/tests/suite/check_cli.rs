//! `baton check` as an owner runs it: the real binary on the shipped demo file and on broken
//! copies of it. A file `baton check` refuses, `baton serve` refuses with the same words.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn baton(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .env("BATON_AGENT_PASSWORD", "long enough password")
        .output()
        .expect("run baton")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The demo file in `dir` with `edit` applied and its FAQ path made absolute.
fn demo_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let demo = std::fs::read_to_string(root().join("demo/baton.toml")).expect("demo/baton.toml");
    let faq = root()
        .join("demo/faq.toml")
        .canonicalize()
        .expect("demo/faq.toml");
    let text = edit(demo.replace(
        r#"file = "faq.toml""#,
        &format!("file = {:?}", faq.display().to_string()),
    ));
    let path = dir.join("baton.toml");
    std::fs::write(&path, text).expect("write the copy");
    path
}

#[test]
fn languages_the_widget_speaks_without_triage_and_the_reverse_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    // Triage in English and Hindi only: the widget's other languages lose their word lists.
    let config = demo_copy(dir.path(), |t| {
        t.replace(
            "[sites.triage]\n",
            "[sites.triage]\nlanguages = [\"en\", \"hi\"]\n",
        )
    });
    let out = baton(&["check", "--config", config.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning, not an error: {}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("  languages:  English (en) and Hindi (hi): the widget's words and triage\n"),
        "{stdout}"
    );
    let warnings: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  warning:    "))
        .collect();
    assert_eq!(warnings.len(), 1, "{stdout}");
    assert!(
        warnings[0].starts_with("the widget speaks Spanish (es), Portuguese (pt), French (fr), German (de), Italian (it), Dutch (nl), Arabic (ar) and Hebrew (he) but triage reads no words in them: asking for a person in words (human_request), frustration words and high_risk topics are recognised only in en, hi and in the site's own [sites.triage] phrases; in es, pt, fr, de, it, nl, ar, he only the \"Talk to a human\" button"),
        "{}",
        warnings[0]
    );

    // Triage in every language but Arabic and Hebrew: those two are warned about.
    let config = demo_copy(dir.path(), |t| {
        t.replace(
            "[sites.triage]\n",
            "[sites.triage]\nlanguages = [\"en\", \"es\", \"pt\", \"fr\", \"de\", \"it\", \"nl\", \"hi\"]\n",
        )
    });
    let stdout = text(&baton(&["check", "--config", config.to_str().unwrap()]).stdout);
    let warnings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("  warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stdout}");
    assert!(
        warnings[0].contains("the widget speaks Arabic (ar) and Hebrew (he) but"),
        "{stdout}"
    );
}

#[test]
fn the_demo_file_is_valid_and_says_what_the_site_does_at_a_given_time() {
    let demo = root().join("demo/baton.toml");
    let demo = demo.to_str().unwrap();
    // Thursday 3 December 2026, 10:00 in London.
    let out = baton(&["check", "--config", demo, "--at", "2026-12-03T10:00:00Z"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let faq = root().join("demo/faq.toml");
    let expected = format!(
        "{demo} is valid: 1 site.

site demo (Northwind Outdoor)
  hours:      open now until 17:30 (Europe/London)
  teams:      support (Customer Support)
              billing (Billing)
              sales (Sales)
              who is online is unknown: no --data given
  bot:        FAQ assistant: 21 answers from {}, answering when at least 45% sure
  notify:     team-email (email) to support@northwind.example through 127.0.0.1:2525
              team-slack (slack) to a webhook on http://127.0.0.1:8788
              oncall-whatsapp (whatsapp) to +447700900456
              now counts as in_hours for the rules
  embeds on:  http://127.0.0.1:8787
  a visitor asking for a person now is told: Let me connect you with a specialist from our Customer Support team. Nobody is free this minute — they'll answer right here as soon as someone is. They'll see our conversation, so you won't need to repeat yourself.
  languages:  English (en), Spanish (es), Portuguese (pt), French (fr), German (de), Italian (it), Dutch (nl), Arabic (ar), Hebrew (he) and Hindi (hi): the widget's words and triage
",
        faq.display()
    );
    assert_eq!(stdout, expected);

    // Christmas Day: a holiday, and the next opening after the bank holiday on the 28th.
    let out = baton(&["check", "--config", demo, "--at", "2026-12-25T12:00:00Z"]);
    assert!(
        text(&out.stdout).contains("  hours:      closed for a holiday today — opens Tuesday 29 December at 09:00 (Europe/London)\n"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stdout).contains("is told: Our Customer Support team is offline now — they're back Tuesday 29 December at 09:00 your time."),
        "never 'one moment' on a holiday: {}",
        text(&out.stdout)
    );
    // Saturday after closing.
    let out = baton(&["check", "--config", demo, "--at", "2026-12-05T15:00:00Z"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("  hours:      closed — opens Monday 7 December at 09:00 (Europe/London)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("now counts as after_hours, weekend for the rules"),
        "{stdout}"
    );
}

#[test]
fn with_a_data_directory_it_says_who_is_online() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let demo = root().join("demo/baton.toml");
    let added = baton(&[
        "agent",
        "add",
        "--email",
        "maria@example.com",
        "--name",
        "Maria",
        "--teams",
        "demo:support",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert!(added.status.success(), "{}", text(&added.stderr));
    let out = baton(&[
        "check",
        "--config",
        demo.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("  teams:      support (Customer Support): nobody online\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("              sales (Sales): nobody online\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("unknown"), "{stdout}");

    // A directory without a database: said, not an error.
    let empty = dir.path().join("empty");
    let out = baton(&[
        "check",
        "--config",
        demo.to_str().unwrap(),
        "--data",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "who is online is unknown: no database at {}",
            empty.join("baton.sqlite").display()
        )),
        "{stdout}"
    );
    assert!(!empty.exists(), "check created the data directory");
}

#[test]
fn a_misspelt_key_fails_with_the_site_table_line_and_key_and_serve_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let config = demo_copy(dir.path(), |t| {
        t.replace("radius = 14\n", "radius = 14\nlogo = \"brand.svg\"\n")
    });
    let line = std::fs::read_to_string(&config)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("logo = "))
        .unwrap()
        + 1;
    let out = baton(&["check", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let stderr = text(&out.stderr);
    let want = format!("baton: {}: site \"demo\", [sites.theme], line {line}: unknown field `logo`, expected one of", config.display());
    assert!(stderr.starts_with(&want), "{stderr}\nwant {want}");

    // `baton serve` refuses the same file with the same message.
    let data = dir.path().join("data");
    let serve = baton(&[
        "serve",
        "--config",
        config.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    assert_eq!(serve.status.code(), Some(2));
    assert_eq!(text(&serve.stderr), stderr);
}

#[test]
fn what_serve_checks_beyond_the_file_check_checks_too() {
    // The FAQ file is read and parsed when the sites are built, not when the TOML is read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("faq.toml"),
        "[[entries]]\nquestion = \"Delivery?\"\n",
    )
    .unwrap();
    let config = demo_copy(dir.path(), |t| {
        t.replace(
            &root()
                .join("demo/faq.toml")
                .canonicalize()
                .unwrap()
                .display()
                .to_string(),
            &dir.path().join("faq.toml").display().to_string(),
        )
    });
    let out = baton(&["check", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("baton: site \"demo\": bot: FAQ file "),
        "{stderr}"
    );
    let data = dir.path().join("data");
    let serve = baton(&[
        "serve",
        "--config",
        config.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--addr",
        "127.0.0.1:0",
    ]);
    assert_eq!(serve.status.code(), Some(2));
    assert_eq!(text(&serve.stderr), stderr);
}
