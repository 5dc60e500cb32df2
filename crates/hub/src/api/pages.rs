//! Pages a browser shows: the demo shop at `/` and the widget (Trunk's `dist/`) at
//! `/widget/`, which host pages frame — so its `frame-ancestors` lists the site's origins.

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::state::AppState;

/// The demo shop's look: the page's only inline code, allowed by its hash rather than by
/// `'unsafe-inline'`.
const DEMO_CSS: &str = "
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; }
header { background: #1d2330; color: #fff; padding: 1rem 2rem; }
main { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
";

/// The demo host page: the first site's shop with the widget embedded exactly as a site
/// owner embeds it, one script tag, under the strict CSP an owner's page may have (scripts
/// and frames from the hub only, no inline script or style beyond the page's own hashed
/// stylesheet). The page is on the hub, so the tag's `src` is the path alone.
pub async fn demo_page(State(state): State<AppState>) -> Response {
    let site = state
        .sites
        .get("demo")
        .or_else(|| state.sites.values().next());
    let (key, name) = site.map_or(("", "Baton"), |s| {
        (s.site.key.as_str(), s.site.name.as_str())
    });
    let widget = if state.options.widget_dir.is_some() {
        format!(
            r#"<script src="/baton.js" data-site="{key}" async></script>"#,
            key = escape(key)
        )
    } else {
        "<p>The widget is not built yet: run <code>scripts/demo</code>, then restart the hub.</p>"
            .to_string()
    };
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<style>{DEMO_CSS}</style>
</head>
<body>
<header><strong>{name}</strong></header>
<main>
<h1>Welcome to {name}</h1>
<p>This is Baton's demo shop. Ask the assistant about delivery, returns or your order, or ask for a person.</p>
<p>Answering as the shop? Open the <a href="/console/">agent console</a> in another window.</p>
{widget}
</main>
</body>
</html>
"#,
        name = escape(name),
    );
    let style_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(DEMO_CSS.as_bytes()));
    let csp = format!(
        "default-src 'none'; script-src 'self'; frame-src 'self'; style-src 'sha256-{style_hash}'; img-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = Html(page).into_response();
    if let Ok(v) = HeaderValue::from_str(&csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// `?site=KEY` on widget pages.
#[derive(Debug, Deserialize)]
pub struct SiteQuery {
    site: Option<String>,
}

/// Sets `frame-ancestors` on widget pages: exactly the origins of the site named by
/// `?site=KEY`; `'none'` for an unknown site, no site, or a site that lists none, so one
/// site's origins can never frame another site's widget.
pub async fn frame_ancestors(
    State(state): State<AppState>,
    Query(query): Query<SiteQuery>,
    request: Request,
    next: Next,
) -> Response {
    let mut origins: Vec<&str> = match query.site.as_deref().and_then(|k| state.site(k)) {
        Some(s) => s.site.allowed_origins.iter().map(String::as_str).collect(),
        None => Vec::new(),
    };
    origins.sort_unstable();
    origins.dedup();
    let ancestors = if origins.is_empty() {
        "'none'".to_string()
    } else {
        origins.join(" ")
    };
    let mut response = next.run(request).await;
    // Origins were validated as plain scheme://host[:port] when the configuration loaded.
    match HeaderValue::from_str(&format!(
        "frame-ancestors {ancestors}; object-src 'none'; base-uri 'none'"
    )) {
        Ok(v) => {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, v);
        }
        Err(e) => {
            tracing::error!(error = %e, "frame-ancestors: bad origin; refusing to be framed");
            response.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("frame-ancestors 'none'"),
            );
        }
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
