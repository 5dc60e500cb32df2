//! What the widget shows and how it looks: the hub's site settings, overridden by what the
//! loader passes in the frame's query string (from the host page's `data-*` attributes).

use protocol::hub::WidgetConfig;

use crate::i18n::{Key, Lang};
use crate::theme;

/// The frame's query string, decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// `site`: the site key.
    pub site: String,
    /// `host`: the host page's origin, for postMessage.
    pub host: Option<String>,
    /// Theme and text overrides.
    pub accent: Option<String>,
    #[allow(missing_docs)]
    pub position: Option<String>,
    #[allow(missing_docs)]
    pub font: Option<String>,
    #[allow(missing_docs)]
    pub radius: Option<String>,
    #[allow(missing_docs)]
    pub mode: Option<String>,
    #[allow(missing_docs)]
    pub label: Option<String>,
    #[allow(missing_docs)]
    pub greeting: Option<String>,
    #[allow(missing_docs)]
    pub assistant: Option<String>,
    /// `locale`: overrides the browser's language.
    pub locale: Option<String>,
}

impl Query {
    /// The visitor's language: the loader's `locale`, else the browser's
    /// (`navigator.language`).
    pub fn lang(&self, browser_lang: &str) -> Lang {
        Lang::from_tag(self.locale_tag(browser_lang))
    }

    fn locale_tag<'a>(&'a self, browser_lang: &'a str) -> &'a str {
        self.locale.as_deref().unwrap_or(browser_lang).trim()
    }

    /// Parses `?site=demo&accent=%23ff0000…` (with or without the `?`).
    pub fn parse(search: &str) -> Query {
        let mut q = Query::default();
        for pair in search
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            let slot = match k {
                "site" => {
                    q.site = v;
                    continue;
                }
                "host" => &mut q.host,
                "accent" => &mut q.accent,
                "position" => &mut q.position,
                "font" => &mut q.font,
                "radius" => &mut q.radius,
                "mode" => &mut q.mode,
                "label" => &mut q.label,
                "greeting" => &mut q.greeting,
                "assistant" => &mut q.assistant,
                "locale" => &mut q.locale,
                _ => continue,
            };
            if !v.is_empty() {
                *slot = Some(v);
            }
        }
        q
    }
}

/// `application/x-www-form-urlencoded` decoding; invalid escapes stay as typed.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Everything the widget needs to know about its site and look.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Site key.
    pub site: String,
    /// The visitor's language.
    pub lang: Lang,
    /// The visitor's full locale (`en-GB`), for dates and times; the language's code when
    /// neither the loader nor the browser names one.
    pub locale: String,
    /// The assistant's name.
    pub assistant: String,
    /// The disclosure, the first message.
    pub disclosure: String,
    /// The greeting after it.
    pub greeting: String,
    /// WhatsApp digits, if any.
    pub whatsapp: Option<String>,
    /// Teams as `(key, name)`.
    pub teams: Vec<(String, String)>,
    /// Inline CSS custom properties for the root element.
    pub style: String,
    /// `light`, `dark` or `auto`.
    pub mode: String,
    /// The host page's origin, for postMessage.
    pub host: Option<String>,
    /// The site's FAQ answers some questions on hand-over topics first: a message handed
    /// over only for its topic waits for the hub's answer.
    pub answers_first: bool,
}

impl Settings {
    /// Merges the hub's settings (if any could be had) with the loader's overrides.
    /// `browser_lang` is `navigator.language`.
    pub fn new(query: &Query, config: Option<&WidgetConfig>, browser_lang: &str) -> Settings {
        let tag = query.locale_tag(browser_lang);
        let lang = query.lang(browser_lang);
        let locale = if tag.is_empty() {
            lang.code().to_string()
        } else {
            tag.replace('_', "-")
        };
        let theme = config.map(|c| c.theme.clone()).unwrap_or_default();
        let assistant = query
            .assistant
            .clone()
            .or_else(|| {
                config
                    .map(|c| c.assistant_name.clone())
                    .filter(|n| !n.is_empty())
            })
            .unwrap_or_else(|| "Assistant".to_string());
        let disclosure = config
            .map(|c| c.disclosure.clone())
            .filter(|d| !d.is_empty() && query.assistant.is_none())
            .unwrap_or_else(|| lang.fill(Key::Disclosure, &[("name", &assistant)]));
        let greeting = query
            .greeting
            .clone()
            .or_else(|| config.map(|c| c.greeting.clone()))
            .unwrap_or_default();
        let accent = query.accent.clone().or(theme.accent);
        let font = query.font.clone().or(theme.font);
        let radius = query
            .radius
            .as_deref()
            .and_then(|r| r.trim_end_matches("px").parse::<u32>().ok())
            .or(theme.radius);
        let mode = query
            .mode
            .clone()
            .or(theme.mode)
            .filter(|m| matches!(m.as_str(), "light" | "dark"))
            .unwrap_or_else(|| "auto".into());
        Settings {
            site: query.site.clone(),
            lang,
            locale,
            assistant,
            disclosure,
            greeting,
            whatsapp: config.and_then(|c| c.whatsapp.clone()),
            teams: config
                .map(|c| {
                    c.teams
                        .iter()
                        .map(|t| (t.key.clone(), t.name.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            style: style(accent.as_deref(), font.as_deref(), radius),
            mode,
            host: query.host.clone(),
            answers_first: config.is_some_and(|c| c.answers_first),
        }
    }

    /// A team's display name ("billing" → "Billing" when the site does not name it).
    pub fn team_name(&self, key: &str) -> String {
        match self.teams.iter().find(|(k, _)| k == key) {
            Some((_, name)) => name.clone(),
            None => capitalise(key),
        }
    }
}

/// The custom properties for the accent (and the text colour readable on it), font and
/// radius. Values that could break out of a declaration are dropped.
pub fn style(accent: Option<&str>, font: Option<&str>, radius: Option<u32>) -> String {
    let mut out = String::new();
    if let Some((accent, on)) = accent.and_then(|a| theme::text_on(a).map(|on| (a.trim(), on))) {
        out.push_str(&format!("--baton-accent:{accent};--baton-on-accent:{on};"));
    }
    if let Some(font) = font.filter(|f| {
        !f.is_empty()
            && f.chars()
                .all(|c| triage::is_word_char(c) || " ,-'\"_".contains(c))
    }) {
        out.push_str(&format!("--baton-font:{font};"));
    }
    if let Some(r) = radius {
        out.push_str(&format!("--baton-radius:{}px;", r.min(32)));
    }
    out
}

/// Routes are ASCII (the engine refuses any other), so the ASCII upper case is the whole
/// of it, and `char::to_uppercase` would add core's Unicode case table to the bundle.
fn capitalise(route: &str) -> String {
    let mut words = route.replace(['-', '_'], " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::hub::{WidgetTeam, WidgetTheme};

    fn config() -> WidgetConfig {
        WidgetConfig {
            site: "demo".into(),
            name: "Northwind".into(),
            assistant_name: "Ava".into(),
            disclosure: "You're chatting with Ava, an AI assistant.".into(),
            greeting: "Hi!".into(),
            whatsapp: Some("447700900123".into()),
            theme: WidgetTheme {
                accent: Some("#2f6b4f".into()),
                radius: Some(14),
                ..Default::default()
            },
            teams: vec![WidgetTeam {
                key: "billing".into(),
                name: "Accounts".into(),
            }],
            triage: Default::default(),
            language_packs: Vec::new(),
            handoff_messages: Vec::new(),
            answers_first: true,
            words: None,
        }
    }

    #[test]
    fn the_query_is_decoded() {
        let q = Query::parse("?site=demo&accent=%23ffd400&label=Chat+with+us&locale=ar&host=https%3A%2F%2Fshop.example&bad=%zz");
        assert_eq!(q.site, "demo");
        assert_eq!(q.accent.as_deref(), Some("#ffd400"));
        assert_eq!(q.label.as_deref(), Some("Chat with us"));
        assert_eq!(q.locale.as_deref(), Some("ar"));
        assert_eq!(q.host.as_deref(), Some("https://shop.example"));
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%C3%A9"), "%zzé");
    }

    #[test]
    fn overrides_win_over_the_hub_and_the_browser() {
        let q = Query::parse("site=demo&accent=%23ffd400&locale=he&radius=4");
        let s = Settings::new(&q, Some(&config()), "en-GB");
        assert_eq!(s.lang, Lang::He);
        assert_eq!(s.locale, "he");
        assert_eq!(
            s.style,
            "--baton-accent:#ffd400;--baton-on-accent:#111418;--baton-radius:4px;"
        );
        assert_eq!(s.disclosure, "You're chatting with Ava, an AI assistant.");
        assert_eq!(s.team_name("billing"), "Accounts");
        assert_eq!(s.team_name("after-sales"), "After sales");
        assert!(s.answers_first, "the hub's word");
    }

    #[test]
    fn without_the_hub_the_widget_still_discloses_in_the_visitors_language() {
        let s = Settings::new(&Query::parse("site=demo"), None, "es-ES");
        assert_eq!(s.lang, Lang::Es);
        assert_eq!(s.locale, "es-ES", "the full locale, for times");
        assert_eq!(
            Settings::new(&Query::parse("site=demo&locale=en_GB"), None, "").locale,
            "en-GB"
        );
        assert_eq!(
            Settings::new(&Query::parse("site=demo"), None, "").locale,
            "en"
        );
        assert!(s.disclosure.contains("asistente de IA"), "{}", s.disclosure);
        assert_eq!(s.style, "");
        assert!(
            !s.answers_first,
            "without the hub, topics go to a person at once"
        );
    }

    #[test]
    fn hostile_theme_values_are_dropped() {
        assert_eq!(
            style(
                Some("red;background:url(x)"),
                Some("x;}body{display:none"),
                None
            ),
            ""
        );
        assert_eq!(
            style(None, Some("'Segoe UI', sans-serif"), Some(99)),
            "--baton-font:'Segoe UI', sans-serif;--baton-radius:32px;"
        );
    }
}
