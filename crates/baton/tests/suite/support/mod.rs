//! What the browser end-to-end tests share: the real `baton serve` on a free port with a
//! temporary copy of the demo configuration, a tiny host-page server on another origin,
//! chromedriver, a headless Chromium session, and chromedriver's passthrough to the DevTools
//! protocol.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

pub mod axe;
pub mod console;
pub mod widget;

/// Chromium's flags for every browser test.
pub const CHROME_FLAGS: [&str; 8] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A child process killed when dropped, so a failing test leaves nothing running.
pub struct Running(pub Child);

impl Running {
    /// SIGKILL, as a crash would stop it, and reap it.
    pub fn kill(&mut self) {
        self.0.kill().expect("SIGKILL");
        self.0.wait().expect("reaped");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // A process started as its group's leader (chromedriver) takes its group with it: the
        // Chromium it started, even when a failing test never closed its session.
        drop(
            Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.0.id())])
                .stderr(Stdio::null())
                .status(),
        );
        if let Ok(None) = self.0.try_wait() {
            if let Err(e) = self.0.kill() {
                eprintln!("cannot stop a test process: {e}");
            }
            drop(self.0.wait());
        }
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The release widget in `dist/`, or a clear failure.
pub fn widget_dist() -> PathBuf {
    let dist = root().join("dist");
    assert!(
        dist.join("index.html").is_file(),
        "the widget is not built: run `scripts/build-widget` at the repository root (scripts/test does it before cargo test)"
    );
    dist
}

/// `demo/baton.toml` with `host_origin` as the one allowed origin and the FAQ's path made
/// absolute, so the copy works from any directory.
pub fn demo_config(host_origin: &str) -> String {
    let root = root();
    let demo = std::fs::read_to_string(root.join("demo/baton.toml")).expect("demo/baton.toml");
    let faq = root.join("demo/faq.toml");
    let config = demo
        .replace(
            r#"allowed_origins = ["http://127.0.0.1:8787"]"#,
            &format!(r#"allowed_origins = ["{host_origin}"]"#),
        )
        .replace(
            r#"file = "faq.toml""#,
            &format!("file = {:?}", faq.display().to_string()),
        );
    assert!(
        config.contains(host_origin) && config.contains(&faq.display().to_string()),
        "demo/baton.toml changed shape"
    );
    config
}

/// The `baton` binary: Cargo's for tests, `$BATON_BIN` or `target/debug/baton` for examples.
pub fn baton_bin() -> PathBuf {
    match option_env!("CARGO_BIN_EXE_baton") {
        Some(bin) => PathBuf::from(bin),
        None => std::env::var_os("BATON_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| root().join("target/debug/baton")),
    }
}

/// `baton serve` on a free port with `config` written to `dir/baton.toml`, data in
/// `dir/data`, the widget from `widget`; returns the process and its base URL.
pub fn start_hub(dir: &Path, config: &str, widget: &Path) -> (Running, String) {
    try_start_hub(dir, config, widget, "127.0.0.1:0").expect("baton serve did not start")
}

/// [`start_hub`] on `addr`; `None` when it could not listen there (yet).
pub fn try_start_hub(
    dir: &Path,
    config: &str,
    widget: &Path,
    addr: &str,
) -> Option<(Running, String)> {
    std::fs::write(dir.join("baton.toml"), config).unwrap();
    let (config, data) = (dir.join("baton.toml"), dir.join("data"));
    // The agent console too, when it is built (tests that drive it check that it is).
    let console = root().join("crates/console/dist");
    serve(
        addr,
        &[
            OsStr::new("--config"),
            config.as_os_str(),
            OsStr::new("--data"),
            data.as_os_str(),
            OsStr::new("--widget"),
            widget.as_os_str(),
            OsStr::new("--console"),
            console.as_os_str(),
        ],
    )
}

/// `baton serve --addr addr` with `args`; returns the process and the base URL it prints
/// once it listens, or `None` when it printed something else (it could not listen).
pub fn serve(addr: &str, args: &[&OsStr]) -> Option<(Running, String)> {
    let mut child = Command::new(baton_bin())
        .args(["serve", "--addr", addr])
        .args(args)
        // The hub stores in `--data` unless a database URL is set; a developer's own must
        // not leak into the tests.
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start baton serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the address");
    let running = Running(child);
    let base = line
        .trim()
        .strip_prefix("baton: listening on ")?
        .to_string();
    Some((running, base))
}

/// A page the host server answers with: content type, body, and the CSP header if any.
pub struct Page {
    /// `text/html`, `text/css`…
    pub kind: &'static str,
    /// The body.
    pub body: String,
    /// `Content-Security-Policy`, if the page sends one.
    pub csp: Option<String>,
}

/// Serves the host pages on `listener`: `pages(path)` answers each GET, `None` is a 404.
pub fn serve_host(
    listener: TcpListener,
    pages: impl Fn(&str) -> Option<Page> + Send + Sync + 'static,
) {
    let pages = Arc::new(pages);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let pages = pages.clone();
            std::thread::spawn(move || answer(stream, &*pages));
        }
    });
}

fn answer(mut stream: TcpStream, pages: &dyn Fn(&str) -> Option<Page>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    drop(reader.read_exact(&mut body));
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let (status, page) = match pages(path) {
        Some(page) => ("200 OK", page),
        None => (
            "404 Not Found",
            Page {
                kind: "text/plain",
                body: "not found".into(),
                csp: None,
            },
        ),
    };
    let csp = page
        .csp
        .map(|c| format!("Content-Security-Policy: {c}\r\n"))
        .unwrap_or_default();
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {}; charset=utf-8\r\n{csp}Cache-Control: no-store\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        page.kind,
        page.body.len(),
        page.body
    );
    drop(stream.write_all(response.as_bytes()));
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// chromedriver on a free port, ready to take a session.
pub async fn start_chromedriver() -> (Running, String) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        // Its own process group, with the browsers it starts: see `Running`'s drop.
        .process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver is not installed: run scripts/setup");
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{url}/status")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Running(child), url)
}

/// A headless Chromium session through `driver`, with [`CHROME_FLAGS`] and `extra` flags
/// (a window size, say).
pub async fn browser(driver: &str, extra: &[&str]) -> Client {
    let mut caps = Capabilities::new();
    let args: Vec<&str> = CHROME_FLAGS.iter().chain(extra).copied().collect();
    let mut chrome = json!({ "args": args });
    if Path::new("/usr/bin/chromium").exists() {
        chrome["binary"] = json!("/usr/bin/chromium");
    }
    caps.insert("goog:chromeOptions".into(), chrome);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a Chromium session")
}

/// Chromedriver's passthrough to the DevTools protocol.
#[derive(Debug)]
pub struct Cdp(pub &'static str, pub Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"cmd": self.0, "params": self.1}).to_string()),
        )
    }
}

/// For [`on_new_document`]: keeps every shadow root a page attaches, closed ones too, in
/// `window.__roots`, so a test can reach the loader's launcher. In a block, so that its name
/// cannot clash with a page's own.
pub const KEEP_SHADOW_ROOTS: &str = r#"
window.__roots = [];
{
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    window.__roots.push(root);
    return root;
  };
}
"#;

/// Runs `script` in every new document of the session, before the page's own scripts.
pub async fn on_new_document(c: &Client, script: &str) {
    c.issue_cmd(Cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": script }),
    ))
    .await
    .expect("install a script for new documents");
}

/// Turns an element reference returned by `execute` into an [`Element`].
pub fn element(c: &Client, v: &Value) -> Option<Element> {
    let id = v
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)?;
    Some(Element::from_element_id(
        c.clone(),
        ElementRef::from(id.to_string()),
    ))
}

/// Polls `probe` every 50 ms until `ok` holds, up to `limit`; fails saying what it waited
/// for and the last value seen.
pub async fn poll<F, Fut>(
    what: &str,
    limit: Duration,
    mut probe: F,
    ok: impl Fn(&Value) -> bool,
) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Value>,
{
    let started = Instant::now();
    loop {
        let v = probe().await;
        if ok(&v) {
            return v;
        }
        assert!(
            started.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}; last seen: {v:#}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
