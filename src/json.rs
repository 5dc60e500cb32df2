//! JSON in and out. In the browser, the browser's own `JSON.parse` and `JSON.stringify` read
//! and write the text and serde-wasm-bindgen moves the values across, so the widget carries
//! no JSON parser or number formatter of its own. Natively (the unit tests), serde_json.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` as a `T`, or `None` when it is not JSON or not a `T`.
#[cfg(target_arch = "wasm32")]
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// `value` as JSON text (maps as objects, `None` as `null`).
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize>(value: &T) -> String {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// `text` as a `T`, or `None` when it is not JSON or not a `T`.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
