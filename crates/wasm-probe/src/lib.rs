//! A minimal wasm module around the triage engine, built twice by `scripts/size-report`:
//! with the `engine` feature and without. The size difference is what the engine adds to
//! any bundle that uses it. Like the widget, the probe carries no language pack: the host
//! hands it pack texts (`probe_pack`) before the first message, as the hub hands them to the
//! widget, so the difference is the engine's code and what parsing a pack costs.

/// Reserves `len` bytes for the caller to write a UTF-8 message into.
#[no_mangle]
pub extern "C" fn probe_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Reads `ptr..ptr+len` as a language pack's text and keeps it for the engine; returns 0,
/// or 1 when the text is no valid pack.
///
/// # Safety
/// `ptr` must come from [`probe_alloc`] with at least `len` initialised bytes.
#[no_mangle]
pub unsafe extern "C" fn probe_pack(ptr: *mut u8, len: usize) -> u32 {
    let bytes = Vec::from_raw_parts(ptr, len, len);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    add_pack(&text)
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
static PACKS: std::sync::Mutex<Vec<triage::LanguagePack>> = std::sync::Mutex::new(Vec::new());

#[cfg(feature = "engine")]
fn add_pack(text: &str) -> u32 {
    match (triage::LanguagePack::parse(text), PACKS.lock()) {
        (Ok(pack), Ok(mut packs)) => {
            packs.push(pack);
            0
        }
        _ => 1,
    }
}

#[cfg(feature = "engine")]
fn classify(text: &str) -> u32 {
    use std::sync::OnceLock;
    // `ok()` rather than `unwrap()`: a panic message would pull `Debug` formatting (floats
    // included) into the bundle, which the widget avoids the same way.
    static ENGINE: OnceLock<Option<triage::Engine>> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| {
        let packs = std::mem::take(&mut *PACKS.lock().ok()?);
        let languages = packs.iter().map(|p| p.language()).collect();
        triage::Engine::new(triage::Config {
            languages,
            packs,
            ..triage::Config::default()
        })
        .ok()
    });
    match engine {
        Some(engine) => bits(engine, text),
        None => u32::MAX,
    }
}

#[cfg(feature = "engine")]
fn bits(engine: &triage::Engine, text: &str) -> u32 {
    // The calls the widget makes: a visitor turn in a conversation, then the bot's turn
    // with its confidence (here read from the message, so nothing is constant-folded).
    let mut conversation = triage::Conversation::new();
    let visitor = engine.visitor(&mut conversation, text);
    let bot = engine.bot(&mut conversation, Some(text.len() as f32 / 100.0));
    let mut bits = 0;
    for (i, trigger) in triage::Trigger::ALL.iter().enumerate() {
        if visitor.fired(*trigger) || bot.fired(*trigger) {
            bits |= 1 << i;
        }
    }
    bits | (visitor.extracted.emails.len() as u32) << 8
}

// The baseline keeps the same scaffolding (a mutex of packs, a value built once on the
// first message), so that the difference is the engine alone, not the probe's statics.
#[cfg(not(feature = "engine"))]
static PACKS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

#[cfg(not(feature = "engine"))]
fn add_pack(text: &str) -> u32 {
    match PACKS.lock() {
        Ok(mut packs) => {
            packs.push(text.to_owned());
            0
        }
        _ => 1,
    }
}

#[cfg(not(feature = "engine"))]
fn classify(text: &str) -> u32 {
    use std::sync::OnceLock;
    static PACK_COUNT: OnceLock<Option<usize>> = OnceLock::new();
    let packs = PACK_COUNT.get_or_init(|| Some(std::mem::take(&mut *PACKS.lock().ok()?).len()));
    match packs {
        Some(n) => text.to_lowercase().split_whitespace().count() as u32 + *n as u32,
        None => u32::MAX,
    }
}
