//! `@hookproof/wasm`: the hookproof core compiled to WebAssembly for browsers and edge runtimes.
//!
//! This crate is the raw wasm-bindgen surface. The package's public JavaScript API lives in
//! `bindings/wasm/js/` and only converts values: it turns JavaScript bodies (string, `Uint8Array`,
//! `ArrayBuffer`) and header collections (Fetch `Headers`, plain objects, pairs) into the flat
//! arguments below, and each [`CoreError`] into the matching `WebhookError` subclass. Everything
//! else (header lookup in any case, repeated headers, strict decoding, the HMAC and its
//! constant-time comparison, event parsing) is the core's.
//!
//! Conventions of the raw surface:
//! - bodies come as bytes (`…` functions) or as a string that wasm-bindgen encodes to UTF-8
//!   straight into wasm memory (`…Text` functions), so a string body is copied once;
//! - headers come as one flat array `[name0, value0, name1, value1, …]`, in the order received;
//! - the receiver's clock comes from JavaScript (`Date.now() / 1000`), because `std`'s
//!   `SystemTime::now` panics on `wasm32-unknown-unknown`;
//! - a panic (there should be none) is a trap, `unreachable`, because the module is built with
//!   `panic=immediate-abort`; the glue replaces a trapped instance before it rethrows (README,
//!   "Panics and traps"). `__panicForTests` and `__armPanicForTests` are test hooks for that.

use hookproof::Error;
use wasm_bindgen::prelude::*;

/// wasm-bindgen's start function, run once on every instance. It does nothing: it exists because
/// the glue's `__wbg_reset_state()` (which `js/api.js` calls to replace an instance after a trap)
/// calls it on the fresh instance unconditionally.
#[wasm_bindgen(start)]
fn start() {}

/// A rejection or configuration error from the core: its stable code and its message.
///
/// The JavaScript glue turns it into the `WebhookError` subclass for `code` and frees it.
#[wasm_bindgen]
pub struct CoreError {
    code: &'static str,
    message: String,
}

#[wasm_bindgen]
impl CoreError {
    /// The stable code, e.g. `"signature_mismatch"`.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> String {
        self.code.to_string()
    }

    /// The user-facing message (never contains a secret).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl From<Error> for CoreError {
    fn from(error: Error) -> CoreError {
        CoreError {
            code: error.code(),
            message: error.to_string(),
        }
    }
}

/// Every stable error code, in the core's order (the glue defines one class per code).
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    Error::CODES.iter().map(|code| code.to_string()).collect()
}

/// One-shot Print.one check of a byte body: `Ok(true)` valid, `Ok(false)` wrong or malformed,
/// `Err` for a configuration error (an empty secret).
#[wasm_bindgen(js_name = verifyBytes)]
pub fn verify_bytes(body: &[u8], signature: &str, secret: &[u8]) -> Result<bool, CoreError> {
    panic_if_armed();
    Ok(hookproof::try_verify(body, signature, secret)?)
}

/// [`verify_bytes`] for a string body (its UTF-8 bytes are what was signed).
#[wasm_bindgen(js_name = verifyText)]
pub fn verify_text(body: &str, signature: &str, secret: &[u8]) -> Result<bool, CoreError> {
    verify_bytes(body.as_bytes(), signature, secret)
}

/// [`verify_bytes`] with a text secret, which wasm-bindgen encodes straight into wasm memory (the
/// common case: one copy, no intermediate `Uint8Array`).
#[wasm_bindgen(js_name = verifyBytesTextSecret)]
pub fn verify_bytes_text_secret(
    body: &[u8],
    signature: &str,
    secret: &str,
) -> Result<bool, CoreError> {
    verify_bytes(body, signature, secret.as_bytes())
}

/// [`verify_text`] with a text secret.
#[wasm_bindgen(js_name = verifyTextTextSecret)]
pub fn verify_text_text_secret(
    body: &str,
    signature: &str,
    secret: &str,
) -> Result<bool, CoreError> {
    verify_bytes(body.as_bytes(), signature, secret.as_bytes())
}

/// Borrows a flat `[name, value, name, value, …]` array as the pairs the core's `Headers` reads.
fn pairs(flat: &[String]) -> Vec<(&str, &str)> {
    flat.chunks_exact(2)
        .map(|pair| (pair[0].as_str(), pair[1].as_str()))
        .collect()
}

/// Unix seconds from JavaScript's clock (a float); non-finite values become 0.
fn unix_secs(now: f64) -> i64 {
    // `as` saturates and maps NaN to 0, which is what we want here.
    now.floor() as i64
}

/// A reusable verifier: one scheme, one or more secrets (rotation), keys prepared once.
#[wasm_bindgen]
pub struct Webhook {
    inner: hookproof::Webhook,
}

#[wasm_bindgen]
impl Webhook {
    /// `secrets`: the secrets' bytes one after another, `lengths`: how many bytes each has (the
    /// glue encodes text secrets as UTF-8); any of them may match. `scheme`: a scheme name such as
    /// `"printone"`. `tolerance_secs`: how far a signed timestamp may be from the clock.
    ///
    /// A bad argument (unknown scheme, negative tolerance) is a `CoreError` with the internal
    /// code `"range"`, which the glue throws as a `RangeError`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        secrets: &[u8],
        lengths: &[u32],
        scheme: &str,
        tolerance_secs: f64,
    ) -> Result<Webhook, CoreError> {
        panic_if_armed();
        let Some(scheme) = hookproof::scheme::by_name(scheme) else {
            let mut message = format!("unknown scheme `{scheme}`; hookproof knows:");
            for known in hookproof::scheme::ALL {
                message.push(' ');
                message.push_str(known.name());
            }
            return Err(CoreError {
                code: "range",
                message,
            });
        };
        if !(tolerance_secs.is_finite() && tolerance_secs >= 0.0) {
            return Err(CoreError {
                code: "range",
                message: "tolerance must be a finite, non-negative number of seconds".to_string(),
            });
        }
        let mut rest = secrets;
        let mut split = Vec::with_capacity(lengths.len());
        for &length in lengths {
            let (secret, tail) = rest
                .split_at_checked(length as usize)
                .unwrap_or((rest, &[]));
            split.push(secret);
            rest = tail;
        }
        let inner = hookproof::Webhook::with_scheme(scheme, split)?
            .with_tolerance(std::time::Duration::from_secs_f64(tolerance_secs));
        Ok(Webhook { inner })
    }

    /// The scheme's name.
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_string()
    }

    /// Verifies a byte body against flat headers at `now` (Unix seconds).
    pub fn verify(&self, body: &[u8], headers: Vec<String>, now: f64) -> Result<(), CoreError> {
        panic_if_armed();
        Ok(self
            .inner
            .verify_at(body, &pairs(&headers), unix_secs(now))?)
    }

    /// [`Webhook::verify`] for a string body.
    #[wasm_bindgen(js_name = verifyText)]
    pub fn verify_text(&self, body: &str, headers: Vec<String>, now: f64) -> Result<(), CoreError> {
        self.verify(body.as_bytes(), headers, now)
    }

    /// Verifies, then parses the event. Returns the JSON array `[event, createdAtUnixMillis,
    /// known]` (the event as the core serializes it: `event`, `data`, `created_at` as sent;
    /// `known`: one of the event names Print.one documents) for the glue's `JSON.parse`.
    #[wasm_bindgen(js_name = constructEvent)]
    pub fn construct_event(
        &self,
        body: &[u8],
        headers: Vec<String>,
        now: f64,
    ) -> Result<String, CoreError> {
        panic_if_armed();
        let event = self
            .inner
            .construct_event_at(body, &pairs(&headers), unix_secs(now))?;
        let millis = event.created_at_unix_millis();
        let known = !matches!(event.event, hookproof::EventType::Other(_));
        serde_json::to_string(&(&event, millis, known)).map_err(|err| {
            CoreError::from(Error::InvalidPayload {
                reason: err.to_string(),
            })
        })
    }

    /// [`Webhook::construct_event`] for a string body.
    #[wasm_bindgen(js_name = constructEventText)]
    pub fn construct_event_text(
        &self,
        body: &str,
        headers: Vec<String>,
        now: f64,
    ) -> Result<String, CoreError> {
        self.construct_event(body.as_bytes(), headers, now)
    }

    /// The headers a sender attaches to a byte body, flat: `[name, value, …]`, signed with the
    /// first secret. `timestamp`: Unix seconds for schemes that sign one (the glue passes
    /// `Date.now() / 1000` by default). `msg_id`: the id for schemes that sign one; absent, one is
    /// made here from `timestamp` and a counter, because the core's default id reads `std`'s clock,
    /// which panics on `wasm32-unknown-unknown`.
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: f64,
        msg_id: Option<String>,
    ) -> Result<Vec<String>, CoreError> {
        panic_if_armed();
        let timestamp = unix_secs(timestamp);
        let msg_id = msg_id.unwrap_or_else(|| message_id(timestamp));
        let options = hookproof::SignOptions {
            timestamp: Some(timestamp),
            msg_id: Some(msg_id),
        };
        Ok(self
            .inner
            .sign_with(body, &options)?
            .into_iter()
            .flat_map(|(name, value)| [name.to_string(), value])
            .collect())
    }

    /// Test hook, not part of the package's API: verifies `body` against `headers` with this
    /// verifier's prepared keys (so `self` is borrowed and the call's arguments sit in wasm memory,
    /// as in a real call), then panics. With `panic=immediate-abort` the panic is a trap
    /// (`unreachable`), which reaches JavaScript as a `WebAssembly.RuntimeError`; the glue then
    /// replaces the trapped instance (see `js/api.js`).
    #[wasm_bindgen(js_name = __panicForTests)]
    pub fn panic_for_tests(&self, body: &[u8], headers: Vec<String>, now: f64) {
        let verdict = self.inner.verify_at(body, &pairs(&headers), unix_secs(now));
        panic!("hookproof-wasm: deliberate panic for the test suite (verdict {verdict:?})");
    }

    /// [`Webhook::sign`] for a string body.
    #[wasm_bindgen(js_name = signText)]
    pub fn sign_text(
        &self,
        body: &str,
        timestamp: f64,
        msg_id: Option<String>,
    ) -> Result<Vec<String>, CoreError> {
        self.sign(body.as_bytes(), timestamp, msg_id)
    }
}

/// A message id unique within this instance: `msg_`, the signing time and a counter, in hex.
fn message_id(unix_secs: i64) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!(
        "msg_{:016x}{:08x}",
        unix_secs as u64,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Test hook, not part of the package's API: panics on purpose after reading `body` (a free
/// function, no object borrowed). See [`Webhook::panic_for_tests`].
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests(body: &[u8]) {
    let length = std::hint::black_box(body.len());
    panic!("hookproof-wasm: deliberate panic for the test suite ({length} bytes)");
}

/// Set by [`arm_panic_for_tests`]; a fresh instance starts disarmed.
static PANIC_ARMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test hook, not part of the package's API: the next call into the core (one-shot verify, a
/// Webhook's constructor, `verify`, `constructEvent` or `sign`) panics where it would call the
/// core, with its arguments in wasm memory, so the tests can show that every JavaScript entry
/// point surfaces the trap and never turns it into a verdict.
#[wasm_bindgen(js_name = __armPanicForTests)]
pub fn arm_panic_for_tests() {
    PANIC_ARMED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Panics once if [`arm_panic_for_tests`] was called (one relaxed load otherwise).
fn panic_if_armed() {
    use std::sync::atomic::Ordering::Relaxed;
    if PANIC_ARMED.load(Relaxed) {
        PANIC_ARMED.store(false, Relaxed);
        panic!("hookproof-wasm: deliberate panic for the test suite (armed)");
    }
}
