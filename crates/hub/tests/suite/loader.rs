//! The loader through the router: its headers and content, what it must never do (fetch from
//! elsewhere, inline styles, eval), and `frame-ancestors` on the widget page per site — the
//! site's own origins, never another site's, `'none'` for an unknown site. And the demo page:
//! the owner's one script tag under a strict CSP.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine as _;
use http_body_util::BodyExt;
use hub::config::HubConfig;
use hub::{AppState, Options};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

const SITE: &str = r##"
[sites.hours]
timezone = "UTC"
[[sites.teams]]
key = "support"
name = "Support"
[[sites.teams]]
key = "billing"
name = "Billing"
[[sites.teams]]
key = "sales"
name = "Sales"
[sites.bot]
kind = "faq"
file = "faq.toml"
[sites.theme]
accent = "#0f766e"
offset_x = 24
launcher_label = "Chat with us"
font = "Georgia\"</script>"
icon = "mail"
"##;

struct Hub {
    _dir: tempfile::TempDir,
    app: Router,
}

async fn hub() -> Hub {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("faq.toml"),
        "[[entries]]\nquestion = \"Delivery?\"\nanswer = \"Two days.\"\n",
    )
    .unwrap();
    let widget = dir.path().join("dist");
    std::fs::create_dir(&widget).unwrap();
    std::fs::write(
        widget.join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .unwrap();
    // A built file with its precompressed copy, as scripts/precompress leaves them.
    std::fs::write(
        widget.join("app.js"),
        "console.log('the widget, uncompressed');".repeat(20),
    )
    .unwrap();
    std::fs::write(
        widget.join("app.js.br"),
        b"brotli bytes as written by the build",
    )
    .unwrap();
    let config = [
        (
            "demo",
            "Northwind Outdoor",
            r#"["https://shop.example", "https://www.shop.example:8443"]"#,
        ),
        ("other", "Other Shop", r#"["https://other.example"]"#),
        ("locked", "Locked Shop", "[]"),
    ]
    .iter()
    .map(|(key, name, origins)| {
        format!(
            "[[sites]]\nkey = \"{key}\"\nname = \"{name}\"\nallowed_origins = {origins}\n{SITE}"
        )
    })
    .collect::<String>();
    let config = HubConfig::parse(&config, dir.path()).expect("config");
    let db = crate::api_support::open_db(dir.path()).await;
    let options = Options {
        widget_dir: Some(widget),
        clock: Arc::new(chrono::Utc::now),
        ..Options::default()
    };
    let state = AppState::new(config, db, options).expect("state");
    let app = hub::app(state).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 1], 40000))));
    Hub { _dir: dir, app }
}

async fn get(app: &Router, uri: &str) -> (StatusCode, HeaderMap, String) {
    let request = Request::builder()
        .uri(uri)
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::empty())
        .unwrap();
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("router never fails");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        headers,
        String::from_utf8(bytes.to_vec()).expect("utf-8"),
    )
}

fn csp(headers: &HeaderMap) -> &str {
    headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap()
}

#[tokio::test]
async fn the_loader_is_served_as_cacheable_cross_origin_javascript() {
    let hub = hub().await;
    let (status, h, body) = get(&hub.app, "/baton.js").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert_eq!(h[header::CACHE_CONTROL], "public, max-age=300");
    assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // Any page may include it: no CORS refusal even with a foreign Origin.
    assert!(h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/baton.js"
    ))
    .unwrap();
    assert_eq!(body, file, "the hub serves public/baton.js as it is");
    assert_eq!(body, hub::api::loader::LOADER_JS);
}

#[tokio::test]
async fn the_loader_is_small_and_keeps_its_promises() {
    let js = hub::api::loader::LOADER_JS;
    // The budget is 2,150 bytes brotli (scripts/size-report measures it); raw size is a tripwire.
    assert!(js.len() < 6 * 1024, "baton.js is {} bytes raw", js.len());
    // The widget's URL and the message schema it speaks.
    for needle in [
        "/widget/?",
        "baton:state",
        "/embed-check.js?",
        "baton:ready",
        "baton:close",
        "baton:unread",
        "baton:message",
        "baton:handoff",
        "baton:open",
        "baton:identify",
    ] {
        assert!(js.contains(needle), "{needle}");
    }
    // Exact origins both ways.
    assert!(
        js.contains("e.origin!==hub")
            && js.contains("e.source!==F?.contentWindow")
            && js.contains("postMessage(m,hub)")
    );
    // Nothing fetched but the iframe and the embed check (a script, so the host's
    // `script-src HUB` covers it and no `connect-src` is needed), nothing evaluated, no markup styles (a strict CSP would
    // refuse them), no third-party URL. The one http URL is the SVG namespace.
    for banned in [
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "eval(",
        "Function(",
        "innerHTML",
        "cssText",
        "\"style\"",
        "<style",
        "sendBeacon",
        "cookie",
        "'*'",
        "\"*\"",
    ] {
        assert!(!js.contains(banned), "baton.js must not use {banned}");
    }
    // Its own storage in the host page is two flags, each "1" or absent: a conversation with
    // the site (localStorage) and the panel open in this tab (sessionStorage), under
    // "baton:" and the site's key. Nothing the visitor wrote, no identifier.
    assert_eq!(js.matches("setItem(").count(), 1, "one place writes");
    assert!(js.contains("k=\"baton:\"+D.site") && js.contains("setItem(k,1)"));
    assert!(js.contains("st(\"localStorage\",m.on)") && js.contains("st(\"sessionStorage\",o)"));
    let urls: Vec<&str> = js
        .match_indices("http")
        .map(|(i, _)| &js[i..(i + 30).min(js.len())])
        .collect();
    assert!(
        urls.iter()
            .all(|u| u.starts_with("http://www.w3.org/2000/svg")),
        "{urls:?}"
    );
}

#[tokio::test]
async fn the_embed_check_hands_an_allowed_page_the_launcher_theme_and_explains_any_other() {
    let hub = hub().await;
    let check = |site: &str, host: &str| {
        format!(
            "/embed-check.js?site={site}&host={}&label=Chat",
            host.replace(':', "%3A").replace('/', "%2F")
        )
    };
    for host in ["https://shop.example", "https://www.shop.example:8443"] {
        let (status, h, body) = get(&hub.app, &check("demo", host)).await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
        // The launcher's element gets the theme in the data attributes' names, only what the
        // site file sets, as JSON: the font's quote cannot end the literal.
        let theme = body
            .strip_prefix("var s=document.currentScript,p=s&&s.parentNode;p&&p.t&&p.t(")
            .and_then(|b| b.strip_suffix(");\n"))
            .unwrap_or_else(|| panic!("{body}"));
        let theme: serde_json::Value = serde_json::from_str(theme).expect("a JSON theme");
        assert_eq!(
            theme,
            serde_json::json!({
                "accent": "#0f766e",
                "offsetX": 24,
                "label": "Chat with us",
                "font": "Georgia\"</script>",
                "icon": hub::icons::BUILT_IN[2].1,
            })
        );
        assert_eq!(h[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        // Drawn from the browser's cache on the next pages, fetched anew behind it.
        assert_eq!(
            h[header::CACHE_CONTROL],
            "max-age=0, stale-while-revalidate=86400"
        );
        assert_eq!(h["cross-origin-resource-policy"], "cross-origin");
    }
    // Another site's origin, a site that allows none, another scheme: the page's console says
    // which origin, which site and which setting, and the launcher goes.
    for (site, host) in [
        ("other", "https://shop.example"),
        ("locked", "https://shop.example"),
        ("demo", "http://shop.example"),
    ] {
        let (status, h, body) = get(&hub.app, &check(site, host)).await;
        assert_eq!(status, StatusCode::OK, "{site} {host}");
        assert_eq!(h[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(
            h[header::CACHE_CONTROL],
            "no-cache",
            "a fixed site file shows on the next reload"
        );
        let message = format!(
            "Baton: the chat of site \\\"{site}\\\" is not shown on {host} because this origin is not in the site's allowed_origins. \
             Add \\\"{host}\\\" to allowed_origins of the site with key = \\\"{site}\\\" in the hub's site file, then restart the hub."
        );
        assert!(
            body.starts_with(&format!("console.error(\"{message}\");\n")),
            "{body}"
        );
        assert!(body.contains("p.remove()"), "{body}");
    }
    let (status, _, body) = get(&hub.app, &check("nope", "https://shop.example")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.starts_with("console.error(\"Baton: this hub has no site \\\"nope\\\""),
        "{body}"
    );
    // Without the page's origin there is nothing to check.
    let (status, _, _) = get(&hub.app, "/embed-check.js?site=demo").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_widget_page_may_be_framed_by_its_own_sites_origins_only() {
    let hub = hub().await;
    let (status, h, _) = get(
        &hub.app,
        "/widget/?site=demo&host=https%3A%2F%2Fshop.example&label=Chat",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let policy = csp(&h);
    assert!(
        policy.starts_with("frame-ancestors https://shop.example https://www.shop.example:8443;"),
        "{policy}"
    );
    assert!(!policy.contains("other.example"), "{policy}");

    let (_, h, _) = get(&hub.app, "/widget/?site=other").await;
    let policy = csp(&h);
    assert!(
        policy.starts_with("frame-ancestors https://other.example;"),
        "{policy}"
    );
    assert!(!policy.contains("shop.example"), "{policy}");

    // A site with no origins, an unknown site, no site at all: nobody may frame it.
    for uri in [
        "/widget/?site=locked",
        "/widget/?site=nope",
        "/widget/",
        "/widget/index.html",
    ] {
        let (_, h, _) = get(&hub.app, uri).await;
        assert!(
            csp(&h).starts_with("frame-ancestors 'none';"),
            "{uri}: {}",
            csp(&h)
        );
    }
}

#[tokio::test]
async fn the_demo_page_embeds_the_widget_with_the_owners_tag_under_a_strict_csp() {
    let hub = hub().await;
    let (status, h, page) = get(&hub.app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"<script src="/baton.js" data-site="demo" async></script>"#),
        "{page}"
    );
    assert!(page.contains("Northwind Outdoor"));
    assert_eq!(
        page.matches("<script").count(),
        1,
        "one script tag, nothing inline"
    );
    let policy = csp(&h);
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "frame-src 'self'",
        "base-uri 'none'",
    ] {
        assert!(
            policy.split(';').any(|d| d.trim() == directive),
            "{directive} in {policy}"
        );
    }
    assert!(!policy.contains("unsafe"), "{policy}");
    // The page's own stylesheet is allowed by its hash, which must match what is served.
    let css = &page[page.find("<style>").unwrap() + 7..page.find("</style>").unwrap()];
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
    assert!(
        policy.contains(&format!("style-src 'sha256-{hash}'")),
        "{policy}"
    );
}

#[tokio::test]
async fn the_widgets_files_are_served_precompressed_to_browsers_that_accept_it() {
    let hub = hub().await;
    let fetch = |encoding: Option<&'static str>| {
        let mut request = Request::builder().uri("/widget/app.js");
        if let Some(encoding) = encoding {
            request = request.header(header::ACCEPT_ENCODING, encoding);
        }
        hub.app
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
    };
    // The build's brotli file, byte for byte: not compressed again on the fly.
    let response = fetch(Some("gzip, deflate, br")).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"brotli bytes as written by the build");
    // No brotli accepted and no gzip copy: compressed on the fly.
    let response = fetch(Some("gzip")).await.unwrap();
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
    // Nothing accepted: the file itself.
    let response = fetch(None).await.unwrap();
    assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(body.starts_with(b"console.log"));
}
