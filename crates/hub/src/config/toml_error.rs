//! A TOML error told where the owner will look for it: the site, the table and the line.

/// A parse error where the owner will look for it: `site "demo", [sites.theme], line 23:
/// unknown field `icn`, expected one of …`. Without a position, toml's own message.
pub(super) fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let Some(span) = error.span() else {
        return error.to_string().trim_end().to_string();
    };
    let (start, end) = (span.start.min(text.len()), span.end.min(text.len()));
    // Tagged tables (`[sites.bot]`, channels) report the whole table: point at the key itself.
    let unknown = error
        .message()
        .strip_prefix("unknown field `")
        .and_then(|m| m.split('`').next());
    let at = unknown
        .and_then(|key| {
            let mut offset = start;
            text.get(start..end)?
                .split_inclusive('\n')
                .find_map(|line| {
                    let here = offset;
                    offset += line.len();
                    let rest = line.trim_start().strip_prefix(key)?;
                    rest.trim_start().starts_with('=').then_some(here)
                })
        })
        .unwrap_or(start);
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    // The table the error is in: the last `[header]` or `[[header]]` line above it, and how
    // many `[[sites]]` came before (the site's index).
    let mut table = None;
    let mut site_index = None;
    for l in before.lines() {
        let l = l.trim();
        if !l.starts_with('[') {
            continue;
        }
        let name = l
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        if l.starts_with("[[") && name == "sites" {
            site_index = Some(site_index.map_or(0, |i| i + 1));
        }
        table = Some(if l.starts_with("[[") {
            format!("[[{name}]]")
        } else {
            format!("[{name}]")
        });
    }
    let mut out = String::new();
    if let Some(i) = site_index {
        // The site's key, read leniently from the same text (the strict read just failed).
        let key = toml::from_str::<toml::Table>(text).ok().and_then(|t| {
            t.get("sites")?
                .as_array()?
                .get(i)?
                .get("key")?
                .as_str()
                .map(str::to_string)
        });
        match key {
            Some(key) => out.push_str(&format!("site {key:?}, ")),
            None => out.push_str(&format!("site #{}, ", i + 1)),
        }
    }
    if let Some(table) = table {
        out.push_str(&format!("{table}, "));
    }
    out.push_str(&format!("line {line}: {}", error.message().trim_end()));
    out
}
