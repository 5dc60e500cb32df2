//! Small wrappers over the browser: storage, randomness, timers, the page's language.

use wasm_bindgen::JsCast;

/// `localStorage[key]` of the widget's own origin (host-page scripts cannot read it).
pub fn load(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Stores or (with `None`) removes `key`.
pub fn store(key: &str, value: Option<&str>) {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// `sessionStorage[key]` of the widget's own origin: this tab only, kept across reloads.
pub fn session_load(key: &str) -> Option<String> {
    web_sys::window()?.session_storage().ok()??.get_item(key).ok()?
}

/// Stores or (with `None`) removes `key` in this tab's `sessionStorage`.
pub fn session_store(key: &str, value: Option<&str>) {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.session_storage()) {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// A client id: 128 random bits from `crypto.getRandomValues`, hex.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random number in `0..1` for jitter.
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `navigator.language`.
pub fn language() -> String {
    web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en".into())
}

/// `location.search`.
pub fn search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Calls `f(key, new_value)` when another tab changes the widget's storage.
pub fn on_storage(f: impl Fn(String, Option<String>) + 'static) {
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
        if let Some(key) = e.key() {
            f(key, e.new_value());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref());
    }
    closure.forget();
}
