//! A minimal wasm module around the triage engine, built twice by `scripts/size-report`:
//! with the `engine` feature and without. The size difference is what the engine adds to
//! any bundle that uses it.

/// Reserves `len` bytes for the caller to write a UTF-8 message into.
#[no_mangle]
pub extern "C" fn probe_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Classifies the message at `ptr..ptr+len`; returns a bit per trigger that fired.
///
/// # Safety
/// `ptr` must come from [`probe_alloc`] with at least `len` initialised bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_classify(ptr: *mut u8, len: usize) -> u32 {
    let bytes = Vec::from_raw_parts(ptr, len, len);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    classify(&text)
}

#[cfg(feature = "engine")]
fn classify(text: &str) -> u32 {
    use std::sync::OnceLock;
    // `ok()` rather than `unwrap()`: a panic message would pull `Debug` formatting (floats
    // included) into the bundle, which the widget avoids the same way.
    static ENGINE: OnceLock<Option<triage::Engine>> = OnceLock::new();
    let Some(engine) = ENGINE.get_or_init(|| triage::Engine::new(triage::Config::default()).ok()) else {
        return u32::MAX;
    };
    let verdict = engine.classify(text);
    let mut bits = 0;
    for (i, trigger) in triage::Trigger::ALL.iter().enumerate() {
        if verdict.fired(*trigger) {
            bits |= 1 << i;
        }
    }
    bits | (verdict.extracted.emails.len() as u32) << 8
}

#[cfg(not(feature = "engine"))]
fn classify(text: &str) -> u32 {
    text.to_lowercase().split_whitespace().count() as u32
}
