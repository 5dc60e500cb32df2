//! Small wrappers over the browser: storage, randomness, timers, the page's language.

use wasm_bindgen::JsCast;

/// The widget origin's `localStorage` (host-page scripts cannot read it), or with `session`
/// its `sessionStorage`: this tab only, kept across reloads.
fn storage(session: bool) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    if session {
        window.session_storage().ok()?
    } else {
        window.local_storage().ok()?
    }
}

fn put(session: bool, key: &str, value: Option<&str>) {
    if let Some(s) = storage(session) {
        let _ = match value {
            Some(v) => s.set_item(key, v),
            None => s.remove_item(key),
        };
    }
}

/// `localStorage[key]` of the widget's own origin (host-page scripts cannot read it).
pub fn load(key: &str) -> Option<String> {
    storage(false)?.get_item(key).ok()?
}

/// Stores or (with `None`) removes `key`.
pub fn store(key: &str, value: Option<&str>) {
    put(false, key, value)
}

/// `sessionStorage[key]` of the widget's own origin: this tab only, kept across reloads.
pub fn session_load(key: &str) -> Option<String> {
    storage(true)?.get_item(key).ok()?
}

/// Stores or (with `None`) removes `key` in this tab's `sessionStorage`.
pub fn session_store(key: &str, value: Option<&str>) {
    put(true, key, value)
}

thread_local! {
    /// One audio context for the page's chimes (browsers allow only a few at once).
    static AUDIO: Option<web_sys::AudioContext> = web_sys::AudioContext::new().ok();
}

/// A short, soft two-note chime. Silent where the browser allows no sound yet (before the
/// visitor has touched the chat on this page) or has no Web Audio.
pub fn chime() {
    AUDIO.with(|audio| {
        let Some(ctx) = audio else {
            return;
        };
        let _ = ctx.resume();
        let at = ctx.current_time();
        for (i, hz) in [880.0, 1320.0].into_iter().enumerate() {
            let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
                return;
            };
            let start = at + 0.12 * i as f64;
            osc.frequency().set_value(hz);
            let g = gain.gain();
            let _ = g.set_value_at_time(0.0001, start);
            let _ = g.exponential_ramp_to_value_at_time(0.15, start + 0.02);
            let _ = g.exponential_ramp_to_value_at_time(0.0001, start + 0.25);
            let _ = osc
                .connect_with_audio_node(&gain)
                .and_then(|_| gain.connect_with_audio_node(&ctx.destination()));
            let _ = osc.start_with_when(start);
            let _ = osc.stop_with_when(start + 0.26);
        }
    });
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

/// Waits before retry number `attempt` (jittered, growing: [`crate::backoff::delay_ms`]) and
/// counts it.
pub async fn back_off(attempt: &mut u32) {
    sleep(crate::backoff::delay_ms(*attempt, random_unit())).await;
    *attempt = attempt.saturating_add(1);
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
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_else(|| "en".into())
}

/// `location.search`.
pub fn search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Calls `f(key, new_value)` when another tab changes the widget's storage.
pub fn on_storage(f: impl Fn(String, Option<String>) + 'static) {
    listen_storage(Box::new(f));
}

// Not generic: each hook listens for its own keys, and one compiled listener serves them all.
fn listen_storage(f: Box<dyn Fn(String, Option<String>)>) {
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::StorageEvent)>::new(
        move |e: web_sys::StorageEvent| {
            if let Some(key) = e.key() {
                f(key, e.new_value());
            }
        },
    );
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("storage", closure.as_ref().unchecked_ref());
    }
    closure.forget();
}
