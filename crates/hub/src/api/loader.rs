//! `GET /baton.js`: the loader site owners include with one script tag
//! (`<script src="https://HUB/baton.js" data-site="KEY" async></script>`). It is
//! `public/baton.js`, compiled into the hub so the binary serves it with nothing beside it.
//! Host pages on any origin load it, so it is public and cacheable for a few minutes (a new
//! release reaches every page within five).
//!
//! `GET /embed-check.js` is the loader's companion: see [`embed_check`].

use axum::extract::{Query, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::config::Site;
use crate::state::AppState;

/// The loader's source.
pub const LOADER_JS: &str = include_str!("../../../../public/baton.js");

/// Serves the loader.
pub async fn loader_js() -> Response {
    let mut response = LOADER_JS.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// How long a page's browser keeps the launcher's theme: used at once for a day, each use
/// fetching it anew in the background (`stale-while-revalidate`), so the launcher is drawn
/// without a round trip to the hub on every page after the first.
pub const THEME_CACHE: &str = "max-age=0, stale-while-revalidate=86400";

/// What the embed check answers a page with.
enum Check {
    /// The site's launcher theme, for a page the site allows.
    Theme(String),
    /// Why the chat is not shown, for the page's console.
    Refused(String),
}

/// `?site=KEY&host=ORIGIN` on the embed check (other parameters, the tag's data attributes,
/// are ignored).
#[derive(Debug, Deserialize)]
pub struct EmbedQuery {
    site: Option<String>,
    host: Option<String>,
}

/// `GET /embed-check.js?site=KEY&host=ORIGIN`: the loader adds this script, inside its own
/// launcher element, as soon as it runs. Where the widget can be framed the answer hands the
/// loader the site's launcher theme ([`launcher_script`]): the loader draws the launcher only
/// then, in its final colours and place, so it never moves once drawn and the widget itself
/// need not load before the visitor reaches for it. Where it cannot, the answer prints why
/// with `console.error` and removes the launcher, so the owner sees the mistake instead of a
/// launcher that does nothing. A script
/// rather than a fetch, so a host page's CSP needs no `connect-src` for it: `script-src HUB`,
/// which the loader already needs, allows it.
///
/// The theme is served from the browser's cache on the site's later pages and fetched anew
/// behind it ([`THEME_CACHE`]): the launcher does not wait for the hub on every page, and a
/// changed theme shows from the next page on. A refusal is never cached: an owner who fixes
/// the site file and restarts the hub sees the result on the next reload.
pub async fn embed_check(
    State(state): State<AppState>,
    Query(query): Query<EmbedQuery>,
) -> Response {
    let script = match (query.site.as_deref(), query.host.as_deref()) {
        (Some(key), Some(host)) => {
            let site = state.site(key).map(|s| &s.site);
            match (embed_refusal(key, site, host), site) {
                (Some(message), _) => Some(Check::Refused(refusal_script(&message))),
                (None, Some(site)) => Some(Check::Theme(launcher_script(site))),
                (None, None) => None,
            }
        }
        _ => None,
    };
    let (mut response, cache) = match script {
        None => (StatusCode::NO_CONTENT.into_response(), "no-cache"),
        Some(Check::Refused(script)) => (script.into_response(), "no-cache"),
        Some(Check::Theme(script)) => (script.into_response(), THEME_CACHE),
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("cross-origin"),
    );
    response
}

/// Why a page on `host` cannot show site `key`'s widget, in words for the page's console;
/// `None` when it can: the host's origin, exactly, among the site's `allowed_origins`, the
/// list `frame-ancestors` on `/widget/` is made of.
pub fn embed_refusal(key: &str, site: Option<&Site>, host: &str) -> Option<String> {
    // The host's origin comes from the page; keep what is echoed short.
    let host: String = host.chars().take(200).collect();
    let key: String = key.chars().take(64).collect();
    match site {
        None => Some(format!(
            "Baton: this hub has no site {key:?}, so the chat is not shown. Check data-site on the script tag against \
             the key of a [[sites]] entry in the hub's site file."
        )),
        Some(site) if site.allowed_origins.contains(&host) => None,
        Some(_) => Some(format!(
            "Baton: the chat of site {key:?} is not shown on {host} because this origin is not in the site's \
             allowed_origins. Add {host:?} to allowed_origins of the site with key = {key:?} in the hub's site file, \
             then restart the hub."
        )),
    }
}

/// The script that says `message` in the page's console and removes the launcher it was
/// added to (the loader's element, its parent); the message is a JSON string, so nothing in
/// it can break out of the literal.
fn refusal_script(message: &str) -> String {
    let literal = serde_json::to_string(message)
        .unwrap_or_else(|_| "\"Baton: the chat cannot be shown on this page.\"".into());
    format!(
        "console.error({literal});\n\
         var s=document.currentScript,p=s&&s.parentNode;if(p&&p.localName==\"div\")p.remove();\n"
    )
}

/// The script that hands the loader the site's launcher theme: the keys of the tag's data
/// attributes (`accent`, `position`, `offsetX`, `offsetY`, `label`, `font`, `radius`), each
/// only when the site file sets it (the tag's own attributes still win), and the launcher
/// icon's path data (`icon`, from the site file only).
pub fn launcher_script(site: &Site) -> String {
    let t = &site.theme;
    let mut theme = serde_json::Map::new();
    for (key, value) in [
        ("accent", &t.accent),
        ("position", &t.position),
        ("label", &t.launcher_label),
        ("font", &t.font),
    ] {
        if let Some(v) = value {
            theme.insert(key.into(), v.as_str().into());
        }
    }
    if let Ok(Some(d)) = crate::icons::path(t.icon.as_deref(), t.icon_path.as_deref()) {
        theme.insert("icon".into(), d.into());
    }
    for (key, value) in [
        ("offsetX", t.offset_x),
        ("offsetY", t.offset_y),
        ("radius", t.radius),
    ] {
        if let Some(v) = value {
            theme.insert(key.into(), v.into());
        }
    }
    format!(
        "var s=document.currentScript,p=s&&s.parentNode;p&&p.t&&p.t({});\n",
        serde_json::Value::Object(theme)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(origins: &[&str]) -> Site {
        let text = format!(
            "[[sites]]\nkey = \"demo\"\nname = \"Demo\"\nallowed_origins = {origins:?}\n[sites.hours]\ntimezone = \"UTC\"\n\
             [[sites.teams]]\nkey = \"support\"\nname = \"Support\"\n[[sites.teams]]\nkey = \"billing\"\nname = \"Billing\"\n\
             [[sites.teams]]\nkey = \"sales\"\nname = \"Sales\"\n[sites.bot]\nkind = \"rasa\"\nurl = \"http://127.0.0.1:5005/x\"\n"
        );
        crate::config::HubConfig::parse(&text, std::path::Path::new("."))
            .expect("config")
            .sites
            .remove(0)
    }

    #[test]
    fn an_allowed_origin_gets_nothing_to_say() {
        let s = site(&["https://shop.example"]);
        assert_eq!(
            embed_refusal("demo", Some(&s), "https://shop.example"),
            None
        );
    }

    #[test]
    fn another_origin_is_told_the_origin_the_site_and_the_setting() {
        let s = site(&["https://shop.example"]);
        let m = embed_refusal("demo", Some(&s), "https://www.shop.example").expect("refused");
        assert_eq!(
            m,
            "Baton: the chat of site \"demo\" is not shown on https://www.shop.example because this origin is not in the \
             site's allowed_origins. Add \"https://www.shop.example\" to allowed_origins of the site with key = \"demo\" \
             in the hub's site file, then restart the hub."
        );
        // Not a prefix match, not another scheme or port.
        for host in [
            "https://shop.example.evil",
            "http://shop.example",
            "https://shop.example:8443",
            "null",
        ] {
            assert!(embed_refusal("demo", Some(&s), host).is_some(), "{host}");
        }
    }

    #[test]
    fn an_unknown_site_is_named() {
        let m = embed_refusal("demoo", None, "https://shop.example").expect("refused");
        assert!(
            m.starts_with("Baton: this hub has no site \"demoo\""),
            "{m}"
        );
    }

    #[test]
    fn the_script_quotes_whatever_the_page_sent() {
        let script = refusal_script("Baton: \"</script><img src=x>\"\u{2028}\\");
        assert!(
            script.starts_with(
                "console.error(\"Baton: \\\"</script><img src=x>\\\"\u{2028}\\\\\");\n"
            ),
            "{script}"
        );
    }
}
