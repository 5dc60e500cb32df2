//! The built console (Trunk's `dist/` of `crates/console`) at `/console/`, under a strict
//! Content Security Policy: scripts only from the hub plus the one inline loader Trunk
//! writes (allowed by its hash, read from the built page), wasm compilation, no framing.
//!
//! Every answer for the page carries that policy, whatever its status: a browser reloading
//! the console gets `304 Not Modified` and applies the 304's policy to its cached copy, so a
//! 304 without it would fall back to the hub's `default-src 'none'` and show nothing.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::services::ServeDir;

use crate::state::AppState;

/// Routes for the console's files, or a page saying how to build them.
pub fn router(dir: Option<PathBuf>) -> Router<AppState> {
    match dir {
        Some(dir) => {
            let page = dir.join("index.html");
            Router::new()
                .nest_service(
                    "/console",
                    ServeDir::new(dir)
                        .append_index_html_on_directories(true)
                        .precompressed_br()
                        .precompressed_gzip(),
                )
                .layer(middleware::from_fn(move |request: Request, next: Next| {
                    let page = page.clone();
                    let is_page = is_page_path(request.uri().path());
                    async move { with_csp(&page, is_page, next.run(request).await).await }
                }))
                .layer(middleware::from_fn(crate::static_paths::only_plausible))
        }
        None => Router::new()
            .route("/console", get(not_built))
            .route("/console/", get(not_built)),
    }
}

async fn not_built() -> Response {
    let mut r = Html(
        "<!doctype html><meta charset=utf-8><title>Baton console</title>\
         <p>The agent console is not built yet: run <code>(cd crates/console &amp;&amp; trunk build --offline --release)</code>, \
         then restart the hub.</p>",
    )
    .into_response();
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    r
}

/// Whether `path` asks for the console's page (`/console`, `/console/`, with or without
/// `index.html`) rather than one of its scripts, styles or wasm.
pub fn is_page_path(path: &str) -> bool {
    path == "/console" || path.ends_with('/') || path.ends_with(".html")
}

/// Sets the console's policy on every answer for the page (200, 304, HEAD alike) and on any
/// other HTML; scripts, styles and wasm keep the hub default.
async fn with_csp(page: &Path, is_page: bool, mut response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !(is_page || html) {
        return response;
    }
    let hashes = match tokio::fs::read_to_string(page).await {
        Ok(text) => inline_script_hashes(&text),
        Err(e) => {
            tracing::error!(page = %page.display(), error = %e, "console: cannot read the page to hash its loader");
            Vec::new()
        }
    };
    let policy = policy(&hashes);
    match HeaderValue::from_str(&policy) {
        Ok(v) => {
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, v);
        }
        Err(e) => tracing::error!(error = %e, "console: bad policy; keeping the default"),
    }
    response
}

/// The console page's policy with the inline scripts' hashes.
pub fn policy(hashes: &[String]) -> String {
    let scripts: String = hashes.iter().map(|h| format!(" '{h}'")).collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"
    )
}

/// `sha256-…` of each inline `<script>` (one without `src`), as CSP spells them.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_more = &after[open_end + 1..];
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body_and_more.as_bytes()[..close]);
            out.push(format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_and_more[close + "</script>".len()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = "<script src=\"/a.js\"></script><script type=\"module\">init()</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let want = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"init()"));
        assert_eq!(hashes[0], format!("sha256-{want}"));
        assert!(policy(&hashes).contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{want}';"
        )));
    }
}
