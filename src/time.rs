//! "We're back Monday at 09:00 your time": the hub's UTC instant, in the visitor's own
//! time zone and language. Parsing is pure; the formatting itself is the browser's
//! `Intl.DateTimeFormat`, which knows the visitor's zone.

/// `2026-03-09T09:00:00Z` (or with `+hh:mm`) → milliseconds since the Unix epoch.
pub fn parse_rfc3339(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && matches!(&rest[..1], "+" | "-") && &rest[3..4] == ":" => {
            let sign = if &rest[..1] == "-" { -1 } else { 1 };
            sign * (rest[1..3].parse::<i64>().ok()? * 60 + rest[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    Some(((days * 86_400 + h * 3600 + mi * 60 + s - offset * 60) * 1000) as f64)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// How to name a day: by weekday within the coming week, by date beyond it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStyle {
    /// "Monday".
    Weekday,
    /// "14 March".
    Date,
}

/// The style for an instant `at_ms` seen from `now_ms`.
pub fn day_style(now_ms: f64, at_ms: f64) -> DayStyle {
    if at_ms - now_ms < 6.0 * 86_400_000.0 { DayStyle::Weekday } else { DayStyle::Date }
}

/// The day and the time of `at_ms` in the visitor's zone, written the way their `locale`
/// writes them (`en-GB`: `("Monday", "09:00")`, `en-US`: `("Monday", "09:00 AM")`). A locale
/// the browser does not know, or cannot parse, falls back to the language `lang`.
#[cfg(target_arch = "wasm32")]
pub fn local_day_time(locale: &str, lang: &str, at_ms: f64, style: DayStyle) -> (String, String) {
    use js_sys::{Array, Intl::DateTimeFormat, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let format = |pairs: &[(&str, &str)]| {
        let options = Object::new();
        for (k, v) in pairs {
            let _ = Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        // `new Intl.DateTimeFormat` throws on a malformed tag; Reflect.construct catches it.
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).unwrap_or_default();
        let class: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")).unwrap_or_default().unchecked_into();
        let make = |locales: Array| Reflect::construct(&class, &Array::of2(&locales, &options));
        let f = make(Array::of2(&JsValue::from_str(locale), &JsValue::from_str(lang)))
            .or_else(|_| make(Array::of1(&JsValue::from_str(lang))))
            .ok()
            .map(|f| f.unchecked_into::<DateTimeFormat>().format());
        f.and_then(|f| f.call1(&JsValue::NULL, &js_sys::Date::new(&JsValue::from_f64(at_ms))).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    let day = match style {
        DayStyle::Weekday => format(&[("weekday", "long")]),
        DayStyle::Date => format(&[("weekday", "long"), ("day", "numeric"), ("month", "long")]),
    };
    (day, format(&[("hour", "2-digit"), ("minute", "2-digit")]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_parse() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_rfc3339("2026-03-09T09:00:00Z"), Some(1_773_046_800_000.0));
        assert_eq!(parse_rfc3339("2026-03-09T10:00:00+01:00"), Some(1_773_046_800_000.0));
        assert_eq!(parse_rfc3339("2026-03-09T09:00:00.250Z"), Some(1_773_046_800_000.0));
        assert_eq!(parse_rfc3339("2024-02-29T12:00:00Z"), Some(1_709_208_000_000.0));
        assert_eq!(parse_rfc3339("2026-13-09T09:00:00Z"), None);
        assert_eq!(parse_rfc3339("tomorrow"), None);
        assert_eq!(parse_rfc3339("2026-03-09T09:00:00"), None);
    }

    #[test]
    fn near_days_by_weekday_far_ones_by_date() {
        let now = parse_rfc3339("2026-03-07T20:00:00Z").unwrap();
        assert_eq!(day_style(now, parse_rfc3339("2026-03-09T09:00:00Z").unwrap()), DayStyle::Weekday);
        assert_eq!(day_style(now, parse_rfc3339("2026-03-20T09:00:00Z").unwrap()), DayStyle::Date);
    }
}
