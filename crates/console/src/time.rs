//! Times for people: the hub's RFC 3339 instants read in the site's time zone by the
//! browser's `Intl.DateTimeFormat`, worded by [`model::when_words`] ("Fri 4 Dec at 09:00
//! (Europe/London)"). The machine format stays in the API.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::{self, Civil};

/// `iso` in words in the site's `zone`, seen from now; UTC (named) when the browser does not
/// know the zone, and `iso` itself when it is not a time.
pub fn in_words(iso: &str, zone: &str) -> String {
    let at = js_sys::Date::parse(iso);
    if !at.is_finite() {
        return iso.to_string();
    }
    let now = js_sys::Date::now();
    let read = |zone: &str| Some((civil_in(at, zone)?, civil_in(now, zone)?));
    match read(zone) {
        Some((at, now)) => model::when_words(at, now, zone),
        None => read("UTC").map_or_else(
            || iso.to_string(),
            |(at, now)| model::when_words(at, now, "UTC"),
        ),
    }
}

/// The wall clock in `zone` at `ms` since the epoch; `None` for a zone the browser does not
/// know (the constructor throws).
fn civil_in(ms: f64, zone: &str) -> Option<Civil> {
    if zone.is_empty() {
        return None;
    }
    let options = Object::new();
    for (k, v) in [
        ("timeZone", zone),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("hourCycle", "h23"),
    ] {
        Reflect::set(&options, &JsValue::from_str(k), &JsValue::from_str(v)).ok()?;
    }
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let class: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let format =
        Reflect::construct(&class, &Array::of2(&JsValue::from_str("en-US"), &options)).ok()?;
    let to_parts: Function = Reflect::get(&format, &JsValue::from_str("formatToParts"))
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: Array = to_parts
        .call1(&format, &js_sys::Date::new(&JsValue::from_f64(ms)))
        .ok()?
        .dyn_into()
        .ok()?;
    let part = |name: &str| -> Option<u32> {
        parts.iter().find_map(|p| {
            let kind = Reflect::get(&p, &JsValue::from_str("type"))
                .ok()?
                .as_string()?;
            (kind == name).then(|| {
                Reflect::get(&p, &JsValue::from_str("value"))
                    .ok()?
                    .as_string()?
                    .parse()
                    .ok()
            })?
        })
    };
    Some(Civil {
        year: i32::try_from(part("year")?).ok()?,
        month: part("month")?,
        day: part("day")?,
        // Some engines write midnight as 24 even with h23.
        hour: part("hour")? % 24,
        minute: part("minute")?,
    })
}
