//! Pages a browser shows: the demo shop at `/` and the widget (Trunk's `dist/`) at
//! `/widget/`, which host pages frame — so its `frame-ancestors` lists the site's origins.

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::config::Site;
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
    let page = demo_html(site.map(|s| &s.site), state.options.widget_dir.is_some());
    let mut response = Html(page).into_response();
    if let Ok(v) = HeaderValue::from_str(&demo_policy()) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

/// The demo shop of `site` (Baton's own when there is none): the widget's script tag when
/// the widget is built, else how to build it.
fn demo_html(site: Option<&Site>, widget_built: bool) -> String {
    let (key, name) = site.map_or(("", "Baton"), |s| (s.key.as_str(), s.name.as_str()));
    let widget = if widget_built {
        format!(
            r#"<script src="/baton.js" data-site="{key}" async></script>"#,
            key = escape(key)
        )
    } else {
        "<p>The widget is not built yet: run <code>scripts/demo</code>, then restart the hub.</p>"
            .to_string()
    };
    format!(
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
    )
}

/// The demo page's CSP: scripts and frames from the hub only, and no style but the page's
/// own stylesheet, allowed by its hash.
fn demo_policy() -> String {
    let style_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(DEMO_CSS.as_bytes()));
    format!(
        "default-src 'none'; script-src 'self'; frame-src 'self'; style-src 'sha256-{style_hash}'; img-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
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
    let site = query.site.as_deref().and_then(|k| state.site(k));
    let policy = widget_policy(site.map_or(&[][..], |s| &s.site.allowed_origins));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

/// The CSP of the widget's pages for a site that allows `origins`: framed by exactly those,
/// `'none'` when there are none (or, were one not fit for a header, at all).
fn widget_policy(origins: &[String]) -> HeaderValue {
    let mut origins: Vec<&str> = origins.iter().map(String::as_str).collect();
    origins.sort_unstable();
    origins.dedup();
    let ancestors = if origins.is_empty() {
        "'none'".to_string()
    } else {
        origins.join(" ")
    };
    // Origins were validated as plain scheme://host[:port] when the configuration loaded.
    HeaderValue::from_str(&format!(
        "frame-ancestors {ancestors}; object-src 'none'; base-uri 'none'"
    ))
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "frame-ancestors: bad origin; refusing to be framed");
        HeaderValue::from_static("frame-ancestors 'none'")
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_pages_are_framed_by_the_sites_origins_only() {
        let origins = [
            "https://www.shop.example".to_string(),
            "https://shop.example".to_string(),
            "https://shop.example".to_string(),
        ];
        assert_eq!(
            widget_policy(&origins),
            "frame-ancestors https://shop.example https://www.shop.example; object-src 'none'; base-uri 'none'"
        );
        assert_eq!(
            widget_policy(&[]),
            "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
        );
        assert_eq!(
            widget_policy(&["https://a.example\n".to_string()]),
            "frame-ancestors 'none'"
        );
    }

    #[test]
    fn the_demo_shop_embeds_the_widget_once_built() {
        let page = demo_html(None, true);
        assert!(page.contains("<title>Baton</title>"));
        assert!(page.contains(r#"<script src="/baton.js" data-site="" async></script>"#));
        assert!(demo_html(None, false).contains("The widget is not built yet"));
        assert!(demo_policy().contains("style-src 'sha256-"));
    }
}
