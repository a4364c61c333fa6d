//! The native engine of the npm package `hookproof`: napi-rs over the core's binding-support
//! layer (`hookproof::support`).
//!
//! The JavaScript layer (`bindings/js/src/`) is written once over two engines, this one and the
//! WebAssembly module (`bindings/wasm`); both take the same JavaScript values and give the same
//! answers. This file only converts: a body is borrowed from a `Buffer`/`Uint8Array` (no copy)
//! or taken as a string; headers arrive as slots, one per name the scheme reads
//! (`SchemeInfo::read_headers`), each `undefined`, a string, or an array of strings (a repeated
//! header); times and durations as numbers, checked by the core. A core error comes back as a
//! plain `{ code, message }` value that the JavaScript layer turns into its `WebhookError`
//! subclass. Every export catches panics (`catch_unwind`), so a bug in Rust surfaces as a
//! JavaScript exception instead of aborting the process.
#![deny(clippy::all)]

mod fast;

use hookproof::support;
use napi::bindgen_prelude::{Either, Null};
use napi::Result;
use napi_derive::napi;

/// A request body as the JavaScript layer passes it: bytes borrowed from a `Uint8Array` (no
/// copy), or a string (its UTF-8 bytes).
type Body<'a> = Either<&'a [u8], String>;

fn bytes<'a>(body: &'a Body<'a>) -> &'a [u8] {
    match body {
        Either::A(bytes) => bytes,
        Either::B(text) => text.as_bytes(),
    }
}

/// One header slot: absent, one value, or the values of a repeated header.
type Slot = Option<Either<String, Vec<String>>>;

/// The slots as the core's `Headers` (for `read_headers` of the webhook's scheme, in order).
fn with_slots<T>(
    webhook: &hookproof::Webhook,
    slots: [Slot; support::MAX_SLOTS],
    f: impl FnOnce(&dyn hookproof::Headers) -> T,
) -> T {
    let owned: Vec<Vec<String>> = slots
        .into_iter()
        .map(|slot| match slot {
            None => Vec::new(),
            Some(Either::A(one)) => vec![one],
            Some(Either::B(many)) => many,
        })
        .collect();
    let borrowed: Vec<&[String]> = owned.iter().map(Vec::as_slice).collect();
    f(&support::Slots::new(webhook.scheme(), &borrowed))
}

/// A core error as a plain value: `code` is one of the core's codes.
#[napi(object)]
pub struct EngineError {
    pub code: String,
    pub message: String,
}

fn engine_error(err: hookproof::Error) -> EngineError {
    EngineError {
        code: err.code().to_string(),
        message: err.to_string(),
    }
}

/// `Ok(value)` or the error as a value, for the JavaScript layer to throw.
fn either<T>(result: std::result::Result<T, hookproof::Error>) -> Either<T, EngineError> {
    match result {
        Ok(value) => Either::A(value),
        Err(err) => Either::B(engine_error(err)),
    }
}

/// What the JavaScript layer needs to know of a scheme.
#[napi(object)]
pub struct SchemeSummary {
    pub name: String,
    pub title: String,
    pub read_headers: Vec<String>,
    pub typed_event: bool,
    /// The keys of a typed event's name, data and creation time (`"event"`, `"data"`,
    /// `"created_at"`), read from `JSON.parse(body)` once the core has checked its shape.
    pub event_field: Option<String>,
    pub data_field: Option<String>,
    pub created_at_field: Option<String>,
    pub signs_timestamp: bool,
    pub event_headers: Vec<String>,
}

/// The core's error codes, in order.
#[napi(catch_unwind)]
pub fn codes() -> Vec<String> {
    hookproof::ERROR_KINDS
        .iter()
        .map(|k| k.code.to_string())
        .collect()
}

/// The core's schemes, the default first.
#[napi(catch_unwind)]
pub fn schemes() -> Vec<SchemeSummary> {
    hookproof::scheme::ALL
        .iter()
        .map(|scheme| {
            let info = scheme.info();
            let list = |names: &[&str]| names.iter().map(|n| n.to_string()).collect();
            SchemeSummary {
                name: info.name.to_string(),
                title: info.title.to_string(),
                read_headers: list(info.read_headers),
                typed_event: scheme.typed_event(),
                event_field: info.envelope.map(|shape| shape.event_field.to_string()),
                data_field: info.envelope.map(|shape| shape.data_field.to_string()),
                created_at_field: info
                    .envelope
                    .map(|shape| shape.created_at_field.to_string()),
                signs_timestamp: info.signs_timestamp,
                event_headers: list(info.event_headers),
            }
        })
        .collect()
}

/// The one-shot Print.one check; `signature` absent (`undefined`) is a missing header.
#[napi(catch_unwind)]
pub fn verify_one_shot(
    body: Body,
    signature: Option<String>,
    secret: Either<String, &[u8]>,
) -> Either<bool, EngineError> {
    let secret = match &secret {
        Either::A(text) => text.as_bytes(),
        Either::B(raw) => raw,
    };
    either(support::verify_one_shot(
        bytes(&body),
        signature.as_deref().map(str::as_bytes),
        secret,
    ))
}

/// The HTTP status `scheme` gives an error `code`.
#[napi(catch_unwind)]
pub fn http_status(scheme: String, code: String) -> u32 {
    support::scheme(Some(&scheme))
        .ok()
        .and_then(|s| support::http_status_for_code(s, &code))
        .map_or(500, u32::from)
}

/// A body limit from a number of bytes or a size such as `"1mb"` (`undefined`: the default).
#[napi(catch_unwind)]
pub fn body_limit(value: Option<Either<f64, String>>) -> Either<f64, EngineError> {
    let limit = match value {
        None => Ok(support::DEFAULT_BODY_LIMIT),
        Some(Either::A(number)) => support::body_limit_from_number(number),
        Some(Either::B(text)) => support::body_limit_from_text(&text),
    };
    either(limit.map(|l| l as f64))
}

/// `body_too_large` if a declared `content-length` is over the limit.
#[napi(catch_unwind)]
pub fn check_content_length(value: Option<String>, limit: f64) -> Option<EngineError> {
    let limit = support::body_limit_from_number(limit).unwrap_or(support::DEFAULT_BODY_LIMIT);
    support::check_content_length(value.as_deref().map(str::as_bytes), limit)
        .err()
        .map(engine_error)
}

/// An error a helper raises itself (`body_too_large`, `raw_body_unavailable`, `overloaded`,
/// `store_unavailable`), with the core's message.
#[napi(catch_unwind)]
pub fn helper_error(code: String, number: f64, reason: Option<String>) -> Option<EngineError> {
    support::helper_error(&code, number, reason.as_deref()).map(engine_error)
}

/// A prepared verifier (wrapped by the JavaScript `Webhook`).
#[napi]
pub struct NativeWebhook {
    inner: std::sync::Arc<hookproof::Webhook>,
}

/// What the core decides about a typed event: whether its name is documented, and `created_at`
/// in Unix milliseconds. Its name, data and `created_at` as sent the JavaScript layer reads from
/// its `JSON.parse` of the body, whose shape the core has checked.
#[napi(object)]
pub struct EventSummary {
    pub known: bool,
    pub created_at_ms: f64,
}

/// Prepares a verifier: `secrets` as strings (UTF-8) or bytes; `scheme` a core name (absent:
/// the default); `tolerance`, `max_age` seconds.
#[napi(catch_unwind)]
pub fn create_webhook(
    secrets: Vec<Either<String, &[u8]>>,
    scheme: Option<String>,
    tolerance: Option<f64>,
    max_age: Option<f64>,
) -> Either<NativeWebhook, EngineError> {
    let build = || -> std::result::Result<NativeWebhook, hookproof::Error> {
        let scheme = support::scheme(scheme.as_deref())?;
        let secrets = secrets.iter().map(|secret| match secret {
            Either::A(text) => hookproof::Secret::from(text.as_str()),
            Either::B(raw) => hookproof::Secret::from(*raw),
        });
        let mut inner = hookproof::Webhook::new(scheme, secrets)?;
        if let Some(secs) = tolerance {
            inner = inner.with_tolerance(support::seconds(secs, "tolerance")?);
        }
        if let Some(secs) = max_age {
            inner = inner.with_max_age(support::seconds(secs, "maxAge")?)?;
        }
        Ok(NativeWebhook {
            inner: std::sync::Arc::new(inner),
        })
    };
    either(build())
}

fn now(value: Option<f64>) -> std::result::Result<Option<i64>, hookproof::Error> {
    value.map(|v| support::unix_time(v, "now")).transpose()
}

#[napi]
impl NativeWebhook {
    #[napi(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_string()
    }

    #[napi(getter)]
    pub fn tolerance(&self) -> f64 {
        self.inner.tolerance().as_secs_f64()
    }

    #[napi(getter)]
    pub fn max_age(&self) -> Option<f64> {
        self.inner.max_age().map(|d| d.as_secs_f64())
    }

    /// `null` if the request is authentic, else the first reason it is not.
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)] // one argument per header slot: no array to build
    pub fn verify(
        &self,
        body: Body,
        now_secs: Option<f64>,
        s0: Slot,
        s1: Slot,
        s2: Slot,
        s3: Slot,
        s4: Slot,
        s5: Slot,
    ) -> Option<EngineError> {
        let result = now(now_secs).and_then(|now| {
            with_slots(&self.inner, [s0, s1, s2, s3, s4, s5], |headers| {
                support::verify(&self.inner, bytes(&body), headers, now)
            })
        });
        result.err().map(engine_error)
    }

    /// The same verifier as an external value, for the fast path `verifyOneRaw` (`fast.rs`).
    #[napi]
    pub fn fast_handle(&self) -> fast::FastHandle {
        fast::FastHandle(std::sync::Arc::clone(&self.inner))
    }

    /// Verifies, then validates the event: its envelope fields (a typed scheme) or `null` (the
    /// body is JSON).
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)]
    pub fn construct_event(
        &self,
        body: Body,
        now_secs: Option<f64>,
        s0: Slot,
        s1: Slot,
        s2: Slot,
        s3: Slot,
        s4: Slot,
        s5: Slot,
    ) -> Either<Either<EventSummary, Null>, EngineError> {
        let result = now(now_secs).and_then(|now| {
            with_slots(&self.inner, [s0, s1, s2, s3, s4, s5], |headers| {
                support::construct_summary(&self.inner, bytes(&body), headers, now)
            })
        });
        either(result.map(|summary| match summary {
            support::Summary::Envelope {
                known,
                created_at_unix_ms,
                ..
            } => Either::A(EventSummary {
                known,
                created_at_ms: created_at_unix_ms as f64,
            }),
            support::Summary::Json => Either::B(Null),
        }))
    }

    /// The headers a sender attaches, flat: `[name, value, ...]`.
    #[napi(catch_unwind)]
    pub fn sign(
        &self,
        body: Body,
        timestamp: Option<f64>,
        msg_id: Option<String>,
    ) -> Either<Vec<String>, EngineError> {
        let result = timestamp
            .map(|t| support::unix_time(t, "timestamp"))
            .transpose()
            .and_then(|timestamp| {
                support::sign(&self.inner, bytes(&body), timestamp, msg_id, None)
            });
        either(result.map(|headers| {
            headers
                .into_iter()
                .flat_map(|(name, value)| [name.to_string(), value])
                .collect()
        }))
    }

    /// The replay keys of a verified request, as hex digests (space-separated).
    #[napi(catch_unwind)]
    #[allow(clippy::too_many_arguments)]
    pub fn replay_keys(
        &self,
        body: Body,
        s0: Slot,
        s1: Slot,
        s2: Slot,
        s3: Slot,
        s4: Slot,
        s5: Slot,
    ) -> Either<String, EngineError> {
        let keys = with_slots(&self.inner, [s0, s1, s2, s3, s4, s5], |headers| {
            self.inner.replay_keys(bytes(&body), &headers)
        });
        either(keys.map(|keys| keys.to_hex_list()))
    }
}

/// Replay keys from the JavaScript layer (the hex list `replayKeys` gave).
fn keys_of(hex: &str) -> std::result::Result<hookproof::replay::ReplayKeys, hookproof::Error> {
    hookproof::replay::ReplayKeys::from_hex_list(hex).ok_or_else(|| {
        hookproof::Error::InvalidArgument {
            argument: "keys",
            reason: "not the replay keys of a request".to_string(),
        }
    })
}

/// Replay claims in this process's memory (the core's `MemoryStore`).
#[napi]
pub struct NativeMemoryStore {
    inner: hookproof::replay::MemoryStore,
}

#[napi]
impl NativeMemoryStore {
    #[napi(constructor)]
    pub fn new(max_entries: Option<u32>) -> Self {
        NativeMemoryStore {
            inner: hookproof::replay::MemoryStore::new(
                max_entries.map_or(hookproof::replay::DEFAULT_MAX_ENTRIES, |n| n as usize),
            ),
        }
    }

    /// The claim's token, or `null` for a duplicate; `nowMs` on a monotonic clock.
    #[napi(catch_unwind)]
    pub fn claim(
        &self,
        keys: String,
        ttl_secs: f64,
        now_ms: f64,
    ) -> Either<Option<String>, EngineError> {
        either(keys_of(&keys).and_then(|keys| {
            let ttl = support::seconds(ttl_secs, "ttl")?;
            Ok(
                match self.inner.claim_at(&keys, ttl, now_ms.max(0.0) as u64) {
                    hookproof::replay::Claim::Claimed(token) => Some(token.as_str().to_string()),
                    hookproof::replay::Claim::Duplicate => None,
                },
            )
        }))
    }

    #[napi(catch_unwind)]
    pub fn release(&self, keys: String, token: String) {
        if let Ok(keys) = keys_of(&keys) {
            self.inner
                .release(&keys, &hookproof::replay::Token::from_string(token));
        }
    }

    /// `[live claims, claims evicted before their TTL]`.
    #[napi(catch_unwind)]
    pub fn stats(&self) -> Vec<f64> {
        let stats = self.inner.stats();
        vec![stats.entries as f64, stats.evicted_live as f64]
    }
}

/// A claim in Redis as the core runs it: `command()` until `null`, `reply()` each answer.
#[napi]
pub struct NativeRedisClaim {
    inner: hookproof::replay::RedisClaim,
}

/// `new NativeRedisClaim(...)` for the JavaScript layer (a factory: keys and TTL are checked).
#[napi(catch_unwind)]
pub fn create_redis_claim(
    keys: String,
    prefix: String,
    ttl_secs: f64,
) -> Either<NativeRedisClaim, EngineError> {
    either(keys_of(&keys).and_then(|keys| {
        let ttl = support::seconds(ttl_secs, "ttl")?;
        Ok(NativeRedisClaim {
            inner: hookproof::replay::RedisClaim::new(&keys, &prefix, ttl),
        })
    }))
}

#[napi]
impl NativeRedisClaim {
    #[napi(catch_unwind)]
    pub fn command(&self) -> Option<Vec<String>> {
        self.inner.command()
    }

    /// A client's answer: a string (`"OK"`), a number, or `null` (nil); `failed` with the
    /// client's error message when the call itself failed.
    #[napi(catch_unwind)]
    pub fn reply(
        &mut self,
        value: Option<Either<String, f64>>,
        failed: Option<String>,
    ) -> Option<EngineError> {
        use hookproof::replay::Reply;
        let reply = match (failed, value) {
            (Some(message), _) => Reply::Error(message),
            (None, None) => Reply::Nil,
            (None, Some(Either::A(text))) => Reply::Text(text),
            (None, Some(Either::B(number))) => Reply::Integer(number as i64),
        };
        self.inner.reply(reply).err().map(engine_error)
    }

    /// The token, `null` for a duplicate (after the last command).
    #[napi(catch_unwind)]
    pub fn outcome(&self) -> Option<String> {
        match self.inner.outcome() {
            Some(hookproof::replay::Claim::Claimed(token)) => Some(token.as_str().to_string()),
            _ => None,
        }
    }
}

/// The commands that release a claim in Redis.
#[napi(catch_unwind)]
pub fn redis_release_commands(keys: String, prefix: String, token: String) -> Vec<Vec<String>> {
    keys_of(&keys).map_or_else(
        |_| Vec::new(),
        |keys| {
            let token = hookproof::replay::Token::from_string(token);
            hookproof::replay::RedisRelease::new(&keys, &prefix, &token)
                .commands()
                .to_vec()
        },
    )
}

/// An AWS Lambda HTTP event, decoded by the core (`hookproof::lambda`).
#[napi(object)]
pub struct LambdaRequest {
    /// `rest_api`, `http_api`, `alb` or `alb_multi_value` (passed back to `lambdaResponse`).
    pub source: String,
    pub method: String,
    pub path: String,
    /// Names and values, alternating, in the event's order.
    pub headers: Vec<String>,
    pub body: napi::bindgen_prelude::Buffer,
    /// The answer to an ALB health check (the function returns it without verifying).
    pub health_check_answer: Option<String>,
}

/// Decodes a Lambda event (its JSON text) to the signed bytes and headers.
#[napi(catch_unwind)]
pub fn lambda_request(event: String, limit: f64) -> Either<LambdaRequest, EngineError> {
    either(support::lambda_request(event.as_bytes(), limit).map(
        |(source, method, path, headers, body, answer)| LambdaRequest {
            source,
            method,
            path,
            headers,
            body: body.into(),
            health_check_answer: answer,
        },
    ))
}

/// The source of a Lambda event whose body was refused (to answer in its shape).
#[napi(catch_unwind)]
pub fn lambda_source(event: String) -> Option<String> {
    support::lambda_source(event.as_bytes()).map(String::from)
}

/// The function's answer (JSON text) in the shape of the event's source.
#[napi(catch_unwind)]
pub fn lambda_response(source: String, status: u32, body: String) -> Option<String> {
    support::lambda_response(&source, status, &body)
}

/// The plain N-API fast paths (`fast.rs`) beside the `#[napi]` exports.
#[napi(module_exports)]
pub fn fast_paths(exports: napi::bindgen_prelude::Object, env: napi::Env) -> Result<()> {
    use napi::JsValue;
    // SAFETY: the module initializer's environment and exports object.
    unsafe { fast::register(env.raw(), exports.raw()) }
}

/// Panics on purpose, so that the test suite can check that a panic becomes a JS exception.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() -> Result<()> {
    panic!("hookproof-node: deliberate panic for the test suite");
}
