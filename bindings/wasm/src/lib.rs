//! The WebAssembly engine of hookproof (`@hookproof/wasm`, and the fallback of `hookproof`):
//! wasm-bindgen over the core's binding-support layer (`hookproof::support`).
//!
//! The JavaScript layer (`bindings/js/src/`) is written once over two engines, this one and the
//! napi-rs addon (`bindings/node`); `bindings/js/src/engines/wasm.js` adapts this raw surface to
//! the engine interface. Conventions here:
//! - bodies come as bytes (`&[u8]`: wasm-bindgen copies them into wasm memory once);
//! - headers come as the values of the slots the scheme reads (`SchemeInfo::read_headers`),
//!   flat, with `slots[i]` the slot of `values[i]`;
//! - the clock always comes from JavaScript (`Date.now() / 1000`): `std`'s `SystemTime::now`
//!   panics on `wasm32-unknown-unknown`;
//! - a core error is a [`CoreError`] (code and message), which the adapter turns into the
//!   `WebhookError` subclass and frees;
//! - a panic (there should be none) is a trap, `unreachable`, because the module is built with
//!   `panic=immediate-abort`; the adapter replaces a trapped instance before it rethrows.
//!   `__panicForTests` and `__armPanicForTests` are test hooks for that.

use hookproof::support;
use hookproof::Error;
use wasm_bindgen::prelude::*;

/// wasm-bindgen's start function, run once on every instance. It does nothing: it exists because
/// the glue's `__wbg_reset_state()` (which the adapter calls to replace an instance after a
/// trap) calls it on the fresh instance unconditionally.
#[wasm_bindgen(start)]
fn start() {}

/// A rejection or configuration error from the core: its stable code and its message.
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

type Outcome<T> = Result<T, CoreError>;

/// The core's error codes, in order, joined by spaces.
#[wasm_bindgen(js_name = codes)]
pub fn codes() -> String {
    let codes: Vec<&str> = hookproof::ERROR_KINDS.iter().map(|k| k.code).collect();
    codes.join(" ")
}

/// The core's schemes, the default first, as lines of tab-separated fields: name, title, the
/// headers read (space-separated), typed event (`1`/`0`), its data key (or `-`), signs a
/// timestamp (`1`/`0`), the event headers (space-separated), the keys of its name and creation
/// time (or `-`). (Plain text keeps a JSON writer out
/// of the module: every value is a name or a title, without tabs or newlines.)
#[wasm_bindgen(js_name = schemes)]
pub fn schemes() -> String {
    let flag = |on: bool| if on { "1" } else { "0" };
    let lines: Vec<String> = hookproof::scheme::ALL
        .iter()
        .map(|scheme| {
            let info = scheme.info();
            [
                info.name,
                info.title,
                &info.read_headers.join(" "),
                flag(scheme.typed_event()),
                info.envelope.map_or("-", |shape| shape.data_field),
                flag(info.signs_timestamp),
                &info.event_headers.join(" "),
                info.envelope.map_or("-", |shape| shape.event_field),
                info.envelope.map_or("-", |shape| shape.created_at_field),
            ]
            .join("\t")
        })
        .collect();
    lines.join("\n")
}

/// The one-shot Print.one check (`signature` absent: a missing header). The secret is taken by
/// value so that its copy in wasm memory is wiped here, not freed as it is.
#[wasm_bindgen(js_name = verifyOneShot)]
pub fn verify_one_shot(body: &[u8], signature: Option<String>, secret: Vec<u8>) -> Outcome<bool> {
    panic_if_armed();
    let secret = zeroize::Zeroizing::new(secret);
    Ok(support::verify_one_shot(
        body,
        signature.as_deref().map(str::as_bytes),
        &secret,
    )?)
}

/// The HTTP status `scheme` gives an error `code`.
#[wasm_bindgen(js_name = httpStatus)]
pub fn http_status(scheme: &str, code: &str) -> u16 {
    support::scheme(Some(scheme))
        .ok()
        .and_then(|s| support::http_status_for_code(s, code))
        .unwrap_or(500)
}

/// A body limit from a number of bytes (`text` absent) or a size such as `"1mb"`; both absent:
/// the default.
#[wasm_bindgen(js_name = bodyLimit)]
pub fn body_limit(number: Option<f64>, text: Option<String>) -> Outcome<f64> {
    let limit = match (number, text) {
        (Some(n), _) => support::body_limit_from_number(n)?,
        (None, Some(t)) => support::body_limit_from_text(&t)?,
        (None, None) => support::DEFAULT_BODY_LIMIT,
    };
    Ok(limit as f64)
}

/// `body_too_large` if a declared `content-length` is over the limit.
#[wasm_bindgen(js_name = checkContentLength)]
pub fn check_content_length(value: Option<String>, limit: f64) -> Outcome<()> {
    let limit = support::body_limit_from_number(limit).unwrap_or(support::DEFAULT_BODY_LIMIT);
    Ok(support::check_content_length(
        value.as_deref().map(str::as_bytes),
        limit,
    )?)
}

/// An error a helper raises itself, by code, with the core's message (`undefined` for another
/// code).
#[wasm_bindgen(js_name = helperError)]
pub fn helper_error(code: &str, number: f64, reason: Option<String>) -> Option<CoreError> {
    support::helper_error(code, number, reason.as_deref()).map(CoreError::from)
}

/// The slot values as the core's `Headers`.
fn headers_of<'a>(
    scheme: &'static hookproof::Scheme,
    values: &'a [String],
    slots: &[u8],
) -> Vec<Vec<&'a str>> {
    let mut grouped = vec![Vec::new(); support::MAX_SLOTS];
    for (value, slot) in values.iter().zip(slots) {
        if let Some(group) = grouped.get_mut(usize::from(*slot)) {
            group.push(value.as_str());
        }
    }
    grouped.truncate(scheme.info().read_headers.len());
    grouped
}

/// A prepared verifier: one scheme, one or more secrets (rotation), keys prepared once.
#[wasm_bindgen]
pub struct Webhook {
    inner: hookproof::Webhook,
}

#[wasm_bindgen]
impl Webhook {
    /// `secrets`: the secrets' bytes one after another (taken by value and wiped once the keys
    /// are prepared), `lengths`: how many bytes each has. `scheme` absent: the default.
    /// `tolerance`, `max_age`: seconds.
    #[wasm_bindgen(constructor)]
    pub fn new(
        secrets: Vec<u8>,
        lengths: &[u32],
        scheme: Option<String>,
        tolerance: Option<f64>,
        max_age: Option<f64>,
    ) -> Outcome<Webhook> {
        panic_if_armed();
        let secrets = zeroize::Zeroizing::new(secrets);
        let scheme = support::scheme(scheme.as_deref())?;
        let mut rest: &[u8] = &secrets;
        let mut split = Vec::with_capacity(lengths.len());
        for &length in lengths {
            let (secret, tail) = rest
                .split_at_checked(length as usize)
                .unwrap_or((rest, &[]));
            split.push(secret);
            rest = tail;
        }
        let mut inner = hookproof::Webhook::new(scheme, split)?;
        if let Some(secs) = tolerance {
            inner = inner.with_tolerance(support::seconds(secs, "tolerance")?);
        }
        if let Some(secs) = max_age {
            inner = inner.with_max_age(support::seconds(secs, "maxAge")?)?;
        }
        Ok(Webhook { inner })
    }

    /// The scheme's name.
    #[wasm_bindgen(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_string()
    }

    /// The timestamp tolerance in seconds.
    #[wasm_bindgen(getter)]
    pub fn tolerance(&self) -> f64 {
        self.inner.tolerance().as_secs_f64()
    }

    /// Verifies a body against the slot values at `now` (Unix seconds).
    pub fn verify(&self, body: &[u8], values: Vec<String>, slots: &[u8], now: f64) -> Outcome<()> {
        panic_if_armed();
        let now = support::unix_time(now, "now")?;
        let grouped = headers_of(self.inner.scheme(), &values, slots);
        let groups: Vec<&[&str]> = grouped.iter().map(Vec::as_slice).collect();
        let headers = support::Slots::new(self.inner.scheme(), &groups);
        Ok(support::verify(&self.inner, body, &headers, Some(now))?)
    }

    /// Verifies, then validates the event: its envelope fields for a typed scheme, `undefined`
    /// when the body is JSON of another scheme.
    #[wasm_bindgen(js_name = constructEvent)]
    pub fn construct_event(
        &self,
        body: &[u8],
        values: Vec<String>,
        slots: &[u8],
        now: f64,
    ) -> Outcome<Option<EventSummary>> {
        panic_if_armed();
        let now = support::unix_time(now, "now")?;
        let grouped = headers_of(self.inner.scheme(), &values, slots);
        let groups: Vec<&[&str]> = grouped.iter().map(Vec::as_slice).collect();
        let headers = support::Slots::new(self.inner.scheme(), &groups);
        Ok(
            match support::construct_summary(&self.inner, body, &headers, Some(now))? {
                support::Summary::Envelope {
                    known,
                    created_at_unix_ms,
                    ..
                } => Some(EventSummary {
                    known,
                    created_at_ms: created_at_unix_ms as f64,
                }),
                support::Summary::Json => None,
            },
        )
    }

    /// The headers a sender attaches, flat: `[name, value, …]`, signed at `timestamp`. `msg_id`
    /// absent: a fresh one.
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: f64,
        msg_id: Option<String>,
    ) -> Outcome<Vec<String>> {
        panic_if_armed();
        let timestamp = support::unix_time(timestamp, "timestamp")?;
        let signed = support::sign(&self.inner, body, Some(timestamp), msg_id, Some(timestamp))?;
        Ok(signed
            .into_iter()
            .flat_map(|(name, value)| [name.to_string(), value])
            .collect())
    }

    /// The replay keys of a verified request, as hex digests (space-separated).
    #[wasm_bindgen(js_name = replayKeys)]
    pub fn replay_keys(&self, body: &[u8], values: Vec<String>, slots: &[u8]) -> Outcome<String> {
        let grouped = headers_of(self.inner.scheme(), &values, slots);
        let groups: Vec<&[&str]> = grouped.iter().map(Vec::as_slice).collect();
        let headers = support::Slots::new(self.inner.scheme(), &groups);
        Ok(self.inner.replay_keys(body, &headers)?.to_hex_list())
    }

    /// Test hook, not part of the package's API: verifies, then panics, with this verifier's
    /// keys borrowed and the call's arguments in wasm memory, as in a real call. The panic is a
    /// trap (`unreachable`), which reaches JavaScript as a `WebAssembly.RuntimeError`.
    #[wasm_bindgen(js_name = __panicForTests)]
    pub fn panic_for_tests(&self, body: &[u8], now: f64) {
        let verdict = support::verify(&self.inner, body, &[("x", "y")], Some(now as i64));
        panic!("hookproof-wasm: deliberate panic for the test suite (verdict {verdict:?})");
    }
}

/// An AWS Lambda HTTP event, decoded by the core (`hookproof::lambda`).
#[wasm_bindgen(getter_with_clone)]
pub struct LambdaRequest {
    /// `rest_api`, `http_api`, `alb` or `alb_multi_value` (passed back to `lambdaResponse`).
    pub source: String,
    pub method: String,
    pub path: String,
    /// Names and values, alternating, in the event's order.
    pub headers: Vec<String>,
    pub body: Vec<u8>,
    /// The answer to an ALB health check (the function returns it without verifying).
    #[wasm_bindgen(js_name = healthCheckAnswer)]
    pub health_check_answer: Option<String>,
}

/// Decodes a Lambda event (its JSON text) to the signed bytes and headers.
#[wasm_bindgen(js_name = lambdaRequest)]
pub fn lambda_request(event: &str, limit: f64) -> Outcome<LambdaRequest> {
    let (source, method, path, headers, body, health_check_answer) =
        support::lambda_request(event.as_bytes(), limit)?;
    Ok(LambdaRequest {
        source,
        method,
        path,
        headers,
        body,
        health_check_answer,
    })
}

/// The source of a Lambda event whose body was refused (to answer in its shape).
#[wasm_bindgen(js_name = lambdaSource)]
pub fn lambda_source(event: &str) -> Option<String> {
    support::lambda_source(event.as_bytes()).map(String::from)
}

/// The function's answer (JSON text) in the shape of the event's source.
#[wasm_bindgen(js_name = lambdaResponse)]
pub fn lambda_response(source: &str, status: u32, body: &str) -> Option<String> {
    support::lambda_response(source, status, body)
}

/// What the core decides about a typed event: whether its name is documented, and `created_at`
/// in Unix milliseconds (its name, data and `created_at` as sent are read with `JSON.parse`).
#[wasm_bindgen]
pub struct EventSummary {
    pub known: bool,
    #[wasm_bindgen(js_name = createdAtMs)]
    pub created_at_ms: f64,
}

/// Replay keys from the hex list `replayKeys` gave.
fn keys_of(hex: &str) -> Outcome<hookproof::replay::ReplayKeys> {
    let keys = hookproof::replay::ReplayKeys::from_hex_list(hex);
    keys.ok_or_else(|| CoreError {
        code: "invalid_argument",
        message: "`keys` cannot be used: not the replay keys of a request".to_string(),
    })
}

/// Replay claims in this instance's memory (the core's `MemoryStore`).
#[wasm_bindgen]
pub struct MemoryStore {
    inner: hookproof::replay::MemoryStore,
}

#[wasm_bindgen]
impl MemoryStore {
    #[wasm_bindgen(constructor)]
    pub fn new(max_entries: Option<u32>) -> MemoryStore {
        let max = max_entries.map_or(hookproof::replay::DEFAULT_MAX_ENTRIES, |n| n as usize);
        MemoryStore {
            inner: hookproof::replay::MemoryStore::new(max),
        }
    }

    /// The claim's token, or `undefined` for a duplicate.
    pub fn claim(&self, keys: &str, ttl: f64, now_ms: f64) -> Outcome<Option<String>> {
        let keys = keys_of(keys)?;
        let ttl = support::seconds(ttl, "ttl")?;
        let now = support::unix_time(now_ms, "nowMs")?.max(0) as u64;
        Ok(match self.inner.claim_at(&keys, ttl, now) {
            hookproof::replay::Claim::Claimed(token) => Some(token.as_str().to_string()),
            hookproof::replay::Claim::Duplicate => None,
        })
    }

    pub fn release(&self, keys: &str, token: String) {
        let token = hookproof::replay::Token::from_string(token);
        if let Ok(keys) = keys_of(keys) {
            self.inner.release(&keys, &token);
        }
    }

    /// Live claims.
    #[wasm_bindgen(getter)]
    pub fn entries(&self) -> u32 {
        u32::try_from(self.inner.stats().entries).unwrap_or(u32::MAX)
    }
}

/// A claim in Redis as the core runs it (the JavaScript layer sends the commands).
#[wasm_bindgen]
pub struct RedisClaim {
    inner: hookproof::replay::RedisClaim,
}

#[wasm_bindgen]
impl RedisClaim {
    #[wasm_bindgen(constructor)]
    pub fn new(keys: &str, prefix: &str, ttl: f64) -> Outcome<RedisClaim> {
        let keys = keys_of(keys)?;
        let ttl = support::seconds(ttl, "ttl")?;
        Ok(RedisClaim {
            inner: hookproof::replay::RedisClaim::new(&keys, prefix, ttl),
        })
    }

    /// The next command, or `undefined` once the outcome is known.
    pub fn command(&self) -> Option<Vec<String>> {
        self.inner.command()
    }

    /// The answer to the last command: `text` for a string reply, `integer` for a number, both
    /// absent for nil; `failure` when the client itself failed.
    pub fn reply(
        &mut self,
        text: Option<String>,
        integer: Option<f64>,
        failure: Option<String>,
    ) -> Outcome<()> {
        use hookproof::replay::Reply;
        let reply = if let Some(message) = failure {
            Reply::Error(message)
        } else if let Some(text) = text {
            Reply::Text(text)
        } else if let Some(n) = integer {
            Reply::Integer(support::unix_time(n, "reply")?)
        } else {
            Reply::Nil
        };
        Ok(self.inner.reply(reply)?)
    }

    /// The token, or `undefined` for a duplicate.
    pub fn outcome(&self) -> Option<String> {
        if let Some(hookproof::replay::Claim::Claimed(token)) = self.inner.outcome() {
            return Some(token.as_str().to_string());
        }
        None
    }
}

/// The commands that release a claim in Redis, flat: each command's length, then its words.
#[wasm_bindgen(js_name = redisReleaseCommands)]
pub fn redis_release_commands(keys: &str, prefix: &str, token: String) -> Outcome<Vec<String>> {
    let token = hookproof::replay::Token::from_string(token);
    let release = hookproof::replay::RedisRelease::new(&keys_of(keys)?, prefix, &token);
    let mut flat = Vec::new();
    for command in release.commands() {
        flat.push(command.len().to_string());
        flat.extend(command.iter().cloned());
    }
    Ok(flat)
}

/// Test hook, not part of the package's API: panics on purpose after reading `body` (a free
/// function, no object borrowed).
#[wasm_bindgen(js_name = __panicForTests)]
pub fn panic_for_tests(body: &[u8]) {
    let length = std::hint::black_box(body.len());
    panic!("hookproof-wasm: deliberate panic for the test suite ({length} bytes)");
}

/// Set by [`arm_panic_for_tests`]; a fresh instance starts disarmed.
static PANIC_ARMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test hook, not part of the package's API: the next call into the core (one-shot verify, a
/// Webhook's constructor, `verify`, `constructEvent` or `sign`) panics where it would call the
/// core, with its arguments in wasm memory.
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
