//! Pages a browser shows: the demo shop at `/` and the widget (Trunk's `dist/`) at
//! `/widget/`, which host pages frame — so its `frame-ancestors` lists the sites' origins.

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::state::AppState;

/// The demo host page: the first site's shop, linking to the widget.
pub async fn demo_page(State(state): State<AppState>) -> Response {
    let site = state.sites.get("demo").or_else(|| state.sites.values().next());
    let (key, name) = site.map_or(("", "Baton"), |s| (s.site.key.as_str(), s.site.name.as_str()));
    let widget = if state.options.widget_dir.is_some() {
        format!(r#"<p><a href="/widget/?site={key}">Open the chat widget</a></p>"#, key = escape(key))
    } else {
        "<p>The widget is not built yet: run <code>scripts/demo</code>, then restart the hub.</p>".to_string()
    };
    let page = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; }}
header {{ background: #1d2330; color: #fff; padding: 1rem 2rem; }}
main {{ max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }}
</style>
</head>
<body>
<header><strong>{name}</strong></header>
<main>
<h1>Welcome to {name}</h1>
<p>This is Baton's demo shop. Ask the assistant about delivery, returns or your order, or ask for a person.</p>
{widget}
</main>
</body>
</html>
"#,
        name = escape(name),
    );
    let mut response = Html(page).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-src 'self'; frame-ancestors 'none'"),
    );
    response
}

/// `?site=KEY` on widget pages.
#[derive(Debug, Deserialize)]
pub struct SiteQuery {
    site: Option<String>,
}

/// Sets `frame-ancestors` on widget pages: the named site's origins, or every site's when
/// none is named; `'none'` when that list is empty.
pub async fn frame_ancestors(State(state): State<AppState>, Query(query): Query<SiteQuery>, request: Request, next: Next) -> Response {
    let mut origins: Vec<&str> = match query.site.as_deref().and_then(|k| state.site(k)) {
        Some(s) => s.site.allowed_origins.iter().map(String::as_str).collect(),
        None => state.sites.values().flat_map(|s| s.site.allowed_origins.iter().map(String::as_str)).collect(),
    };
    origins.sort_unstable();
    origins.dedup();
    let ancestors = if origins.is_empty() { "'none'".to_string() } else { origins.join(" ") };
    let mut response = next.run(request).await;
    // Origins were validated as plain scheme://host[:port] when the configuration loaded.
    match HeaderValue::from_str(&format!("frame-ancestors {ancestors}; object-src 'none'; base-uri 'none'")) {
        Ok(v) => {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
        }
        Err(e) => {
            tracing::error!(error = %e, "frame-ancestors: bad origin; refusing to be framed");
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("frame-ancestors 'none'"));
        }
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
