//! "We're back Monday at 09:00 your time": the hub's UTC instant, in the visitor's own
//! time zone and language. Parsing is pure; the formatting itself is the browser's
//! `Intl.DateTimeFormat`, which knows the visitor's zone.

/// `2026-03-09T09:00:00Z` (or with `+hh:mm`) → milliseconds since the Unix epoch.
pub fn parse_rfc3339(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, s) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
        num(17..19)?,
    );
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

/// How to name a day: "today" and "tomorrow" by name, by weekday within the coming week,
/// by date beyond it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStyle {
    /// "today".
    Today,
    /// "tomorrow".
    Tomorrow,
    /// "Monday".
    Weekday,
    /// "14 March".
    Date,
}

/// The style for an instant `at_ms` seen from `now_ms`, each with the visitor's UTC offset
/// at that instant in minutes (`Date.getTimezoneOffset`: UTC minus local), so that "tomorrow"
/// is the visitor's tomorrow.
pub fn day_style(now_ms: f64, now_offset_min: f64, at_ms: f64, at_offset_min: f64) -> DayStyle {
    let day = |ms: f64, offset: f64| ((ms - offset * 60_000.0) / 86_400_000.0).floor();
    match day(at_ms, at_offset_min) - day(now_ms, now_offset_min) {
        d if d <= 0.0 => DayStyle::Today,
        1.0 => DayStyle::Tomorrow,
        d if d < 7.0 => DayStyle::Weekday,
        _ => DayStyle::Date,
    }
}

/// "tomorrow at 09:00" (or "Monday at 09:00 AM"…) for the instant `at_ms`, in the visitor's
/// zone, locale and language.
#[cfg(target_arch = "wasm32")]
pub fn when(locale: &str, lang: crate::i18n::Lang, at_ms: f64) -> String {
    let offset =
        |ms: f64| js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).get_timezone_offset();
    let now = js_sys::Date::now();
    let style = day_style(now, offset(now), at_ms, offset(at_ms));
    let (day, time) = local_day_time(locale, lang.code(), at_ms, style);
    let day = day_phrase(lang, style, &day);
    lang.fill(crate::i18n::Key::At, &[("day", &day), ("time", &time)])
}

/// The day as the object of "back …": a weekday or a date takes the language's form of "on"
/// (Spanish "el lunes"), "today" and "tomorrow" none ("mañana").
pub fn day_phrase(lang: crate::i18n::Lang, style: DayStyle, day: &str) -> String {
    match style {
        DayStyle::Weekday | DayStyle::Date => lang.fill(crate::i18n::Key::OnDay, &[("day", day)]),
        DayStyle::Today | DayStyle::Tomorrow => day.to_string(),
    }
}

/// Native builds (tests) have no browser to write dates: the RFC 3339 instant stays as is.
#[cfg(not(target_arch = "wasm32"))]
pub fn when(_: &str, _: crate::i18n::Lang, at_ms: f64) -> String {
    format!("{at_ms}")
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
        let class: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
            .unwrap_or_default()
            .unchecked_into();
        let make = |locales: Array| Reflect::construct(&class, &Array::of2(&locales, &options));
        let f = make(Array::of2(
            &JsValue::from_str(locale),
            &JsValue::from_str(lang),
        ))
        .or_else(|_| make(Array::of1(&JsValue::from_str(lang))))
        .ok()
        .map(|f| f.unchecked_into::<DateTimeFormat>().format());
        f.and_then(|f| {
            f.call1(
                &JsValue::NULL,
                &js_sys::Date::new(&JsValue::from_f64(at_ms)),
            )
            .ok()
        })
        .and_then(|v| v.as_string())
        .unwrap_or_default()
    };
    // "today" / "tomorrow" in the visitor's language, from the browser's own words.
    let relative = |days: f64| {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).unwrap_or_default();
        let class: js_sys::Function = Reflect::get(&intl, &JsValue::from_str("RelativeTimeFormat"))
            .unwrap_or_default()
            .unchecked_into();
        let options = Object::new();
        let _ = Reflect::set(
            &options,
            &JsValue::from_str("numeric"),
            &JsValue::from_str("auto"),
        );
        Reflect::construct(
            &class,
            &Array::of2(
                &Array::of2(&JsValue::from_str(locale), &JsValue::from_str(lang)),
                &options,
            ),
        )
        .or_else(|_| Reflect::construct(&class, &Array::of2(&JsValue::from_str(lang), &options)))
        .ok()
        .and_then(|f| {
            let format: js_sys::Function = Reflect::get(&f, &JsValue::from_str("format"))
                .ok()?
                .unchecked_into();
            format
                .call2(&f, &JsValue::from_f64(days), &JsValue::from_str("day"))
                .ok()?
                .as_string()
        })
        .unwrap_or_default()
    };
    let day = match style {
        DayStyle::Today => relative(0.0),
        DayStyle::Tomorrow => relative(1.0),
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
        assert_eq!(
            parse_rfc3339("2026-03-09T09:00:00Z"),
            Some(1_773_046_800_000.0)
        );
        assert_eq!(
            parse_rfc3339("2026-03-09T10:00:00+01:00"),
            Some(1_773_046_800_000.0)
        );
        assert_eq!(
            parse_rfc3339("2026-03-09T09:00:00.250Z"),
            Some(1_773_046_800_000.0)
        );
        assert_eq!(
            parse_rfc3339("2024-02-29T12:00:00Z"),
            Some(1_709_208_000_000.0)
        );
        assert_eq!(parse_rfc3339("2026-13-09T09:00:00Z"), None);
        assert_eq!(parse_rfc3339("tomorrow"), None);
        assert_eq!(parse_rfc3339("2026-03-09T09:00:00"), None);
    }

    #[test]
    fn today_and_tomorrow_by_name_near_days_by_weekday_far_ones_by_date() {
        let at = |t: &str| parse_rfc3339(t).unwrap();
        let now = at("2026-03-07T20:00:00Z");
        assert_eq!(
            day_style(now, 0.0, at("2026-03-07T22:00:00Z"), 0.0),
            DayStyle::Today
        );
        assert_eq!(
            day_style(now, 0.0, at("2026-03-08T09:00:00Z"), 0.0),
            DayStyle::Tomorrow
        );
        assert_eq!(
            day_style(now, 0.0, at("2026-03-09T09:00:00Z"), 0.0),
            DayStyle::Weekday
        );
        assert_eq!(
            day_style(now, 0.0, at("2026-03-20T09:00:00Z"), 0.0),
            DayStyle::Date
        );
        // 20:00 UTC is already Sunday in Auckland (UTC+13): 09:00 UTC Sunday is Sunday 22:00 there.
        assert_eq!(
            day_style(now, -780.0, at("2026-03-08T09:00:00Z"), -780.0),
            DayStyle::Today
        );
        // In New York (UTC-5) it is 15:00 on Saturday; Sunday 09:00 UTC is Sunday 04:00: tomorrow.
        assert_eq!(
            day_style(now, 300.0, at("2026-03-08T09:00:00Z"), 300.0),
            DayStyle::Tomorrow
        );
    }

    #[test]
    fn a_weekday_takes_the_languages_article_and_tomorrow_none() {
        use crate::i18n::{Key, Lang};
        assert_eq!(day_phrase(Lang::Es, DayStyle::Weekday, "lunes"), "el lunes");
        assert_eq!(
            day_phrase(Lang::Es, DayStyle::Date, "lunes, 7 de enero"),
            "el lunes, 7 de enero"
        );
        assert_eq!(day_phrase(Lang::Es, DayStyle::Tomorrow, "mañana"), "mañana");
        assert_eq!(day_phrase(Lang::En, DayStyle::Weekday, "Monday"), "Monday");
        // Spanish "back …" sentences carry no article of their own: "vuelve mañana", not
        // "vuelve el mañana".
        for key in [Key::BackAt, Key::ClosedBack] {
            assert!(
                !Lang::Es.t(key).contains("el {when}"),
                "{}",
                Lang::Es.t(key)
            );
        }
    }
}
