//! The native half of the npm package `hookproof`: a thin napi-rs layer over the `hookproof` core.
//!
//! Every decision (header lookup, decoding, the constant-time comparison, event parsing) is made
//! by the core. This file converts arguments that the JavaScript glue (`lib/core.js`) has already
//! normalised, and hands core errors back as plain `{ code, message }` values, which the glue turns
//! into `WebhookError` subclasses. Every export catches panics (`catch_unwind`), so a bug in Rust
//! surfaces as a JavaScript exception instead of aborting the process.
#![deny(clippy::all)]

use std::time::Duration;

use napi::bindgen_prelude::{Array, Either, Uint8Array};
use napi::{Error as NapiError, Result, Status};
use napi_derive::napi;

/// A request body as the glue passes it: bytes borrowed from a `Uint8Array`/`Buffer` (no copy),
/// or a string (converted to UTF-8 once).
type Body<'a> = Either<&'a [u8], String>;

fn body_bytes<'a>(body: &'a Body<'a>) -> &'a [u8] {
    match body {
        Either::A(bytes) => bytes,
        Either::B(text) => text.as_bytes(),
    }
}

/// A core error as a plain value: `code` is one of `hookproof::Error::CODES`.
#[napi(object)]
pub struct NativeError {
    pub code: String,
    pub message: String,
}

fn native_error(err: hookproof::Error) -> NativeError {
    NativeError {
        code: err.code().to_string(),
        message: err.to_string(),
    }
}

/// A verified, parsed Print.one event.
#[napi(object)]
pub struct NativeEvent {
    pub event: String,
    pub data: serde_json::Value,
    pub created_at_raw: String,
    pub created_at_ms: f64,
}

/// Runs `f` with the request headers as the core's [`hookproof::Headers`].
///
/// The glue passes every header name joined by NUL (one string: one conversion instead of one per
/// header) and the values as an array in the same order. A value is read from JavaScript only when
/// its name is one the scheme asks for, so a request with many headers costs little. A name
/// cannot contain NUL (HTTP forbids it); if one did, the counts disagree and this is an
/// `InvalidArg` error, on which the glue retries with the NULs replaced (a name that matches nothing).
fn with_headers<T>(
    names: &str,
    values: &Array,
    f: impl FnOnce(&dyn hookproof::Headers) -> T,
) -> Result<T> {
    let count = if names.is_empty() {
        0
    } else {
        names.split('\0').count()
    };
    if count != values.len() as usize {
        return Err(NapiError::new(
            Status::InvalidArg,
            "`headers`: a header name contains a NUL character".to_string(),
        ));
    }
    let headers = hookproof::headers::from_fn(|wanted: &str, visit: &mut dyn FnMut(&[u8])| {
        if names.is_empty() {
            return;
        }
        for (index, name) in names.split('\0').enumerate() {
            if name.eq_ignore_ascii_case(wanted) {
                if let Ok(Some(value)) = values.get::<String>(index as u32) {
                    visit(value.as_bytes());
                }
            }
        }
    });
    Ok(f(&headers))
}

/// One-shot Print.one check. `Ok(true)`/`Ok(false)` is the verdict; a configuration error (an
/// empty secret) comes back as a `NativeError` for the glue to throw.
#[napi(catch_unwind)]
pub fn verify(
    body: Body,
    signature: String,
    secret: Either<String, Uint8Array>,
) -> Result<Either<bool, NativeError>> {
    let secret = hookproof::Secret::from(match secret {
        Either::A(text) => text.into_bytes(),
        Either::B(bytes) => bytes.to_vec(),
    });
    Ok(
        match hookproof::try_verify(body_bytes(&body), &signature, secret.expose()) {
            Ok(valid) => Either::A(valid),
            Err(err) => Either::B(native_error(err)),
        },
    )
}

/// The stable error codes of the core, in declaration order.
#[napi(catch_unwind)]
pub fn error_codes() -> Result<Vec<String>> {
    Ok(hookproof::Error::CODES
        .iter()
        .map(|c| c.to_string())
        .collect())
}

/// The names of the schemes the core ships, in the order the docs list them.
#[napi(catch_unwind)]
pub fn scheme_names() -> Result<Vec<String>> {
    Ok(hookproof::scheme::ALL
        .iter()
        .map(|s| s.name().to_string())
        .collect())
}

/// Panics on purpose, so that the test suite can check that a panic becomes a JS exception.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() -> Result<()> {
    panic!("hookproof-node: deliberate panic for the test suite");
}

/// `secrets`: strings (UTF-8) or bytes; `scheme`: a core scheme name; `tolerance_secs`: for
/// schemes that sign a timestamp. An unknown scheme is an `InvalidArg` error (a RangeError in
/// the glue); a bad secret is a `NativeError` thrown by the glue as `InvalidSecretError`.
#[napi(catch_unwind)]
pub fn create_webhook(
    secrets: Vec<Either<String, Uint8Array>>,
    scheme: String,
    tolerance_secs: Option<f64>,
) -> Result<Either<NativeWebhook, NativeError>> {
    let Some(found) = hookproof::scheme::by_name(&scheme) else {
        return Err(NapiError::new(
            Status::InvalidArg,
            format!(
                "unknown scheme {scheme:?}; known schemes: {}",
                hookproof::scheme::ALL
                    .iter()
                    .map(|s| s.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let secrets = secrets.into_iter().map(|secret| match secret {
        Either::A(text) => hookproof::Secret::from(text),
        Either::B(bytes) => hookproof::Secret::from(bytes.to_vec()),
    });
    let webhook = match hookproof::Webhook::with_scheme(found, secrets) {
        Ok(webhook) => webhook,
        Err(err) => return Ok(Either::B(native_error(err))),
    };
    let webhook = match tolerance_secs {
        Some(secs) if secs.is_finite() && secs >= 0.0 => {
            webhook.with_tolerance(Duration::from_secs_f64(secs))
        }
        Some(_) => {
            return Err(NapiError::new(
                Status::InvalidArg,
                "tolerance must be a finite, non-negative number of seconds".to_string(),
            ))
        }
        None => webhook,
    };
    Ok(Either::A(NativeWebhook { inner: webhook }))
}

/// A reusable verifier (prepared keys, rotation, a scheme); wrapped by the JS `Webhook` class.
#[napi]
pub struct NativeWebhook {
    inner: hookproof::Webhook,
}

#[napi]
impl NativeWebhook {
    /// The scheme's name.
    #[napi(getter)]
    pub fn scheme(&self) -> String {
        self.inner.scheme().name().to_string()
    }

    /// The timestamp tolerance in seconds.
    #[napi(getter)]
    pub fn tolerance(&self) -> f64 {
        self.inner.tolerance().as_secs_f64()
    }

    /// `null` if the request is authentic, else the first reason it is not. `now`: the receiver's
    /// clock in Unix seconds (the glue has checked it is finite); absent, the core reads the
    /// system clock when the scheme signs a timestamp.
    #[napi(catch_unwind)]
    pub fn verify(
        &self,
        body: Body,
        names: String,
        values: Array,
        now: Option<f64>,
    ) -> Result<Option<NativeError>> {
        let now = unix_secs(now, "now")?;
        with_headers(&names, &values, |headers| {
            match now {
                Some(now) => self.inner.verify_at(body_bytes(&body), headers, now),
                None => self.inner.verify(body_bytes(&body), headers),
            }
            .err()
            .map(native_error)
        })
    }

    /// Verifies (with `now` as in `verify`), then parses the body as a Print.one event.
    #[napi(catch_unwind)]
    pub fn construct_event(
        &self,
        body: Body,
        names: String,
        values: Array,
        now: Option<f64>,
    ) -> Result<Either<NativeEvent, NativeError>> {
        let now = unix_secs(now, "now")?;
        with_headers(&names, &values, |headers| {
            let body = body_bytes(&body);
            let result = match now {
                Some(now) => self.inner.construct_event_at(body, headers, now),
                None => self.inner.construct_event(body, headers),
            };
            match result {
                Ok(event) => Either::A(NativeEvent {
                    event: event.event.as_str().to_string(),
                    created_at_ms: event.created_at_unix_millis() as f64,
                    data: event.data,
                    created_at_raw: event.created_at,
                }),
                Err(err) => Either::B(native_error(err)),
            }
        })
    }

    /// The headers a sender would attach, as `[name, value]` pairs, signed with the first
    /// secret. `timestamp` (Unix seconds) and `msg_id` go to the schemes that sign them; absent,
    /// the core uses the clock and a fresh id. A key that cannot sign (a Standard Webhooks
    /// `whpk_` public key) is a `NativeError`.
    #[napi(catch_unwind)]
    pub fn sign(
        &self,
        body: Body,
        timestamp: Option<f64>,
        msg_id: Option<String>,
    ) -> Result<Either<Vec<Vec<String>>, NativeError>> {
        let options = hookproof::SignOptions {
            timestamp: unix_secs(timestamp, "timestamp")?,
            msg_id,
        };
        Ok(match self.inner.sign_with(body_bytes(&body), &options) {
            Ok(headers) => Either::A(
                headers
                    .into_iter()
                    .map(|(name, value)| vec![name.to_string(), value])
                    .collect(),
            ),
            Err(err) => Either::B(native_error(err)),
        })
    }
}

/// Unix seconds from JavaScript (a number, possibly fractional as from `Date.now() / 1000`),
/// rounded down. The glue rejects non-finite values first; this refuses them again so that the
/// raw native layer cannot be handed a NaN.
fn unix_secs(value: Option<f64>, what: &str) -> Result<Option<i64>> {
    match value {
        None => Ok(None),
        Some(secs) if secs.is_finite() => Ok(Some(secs.floor() as i64)),
        Some(_) => Err(NapiError::new(
            Status::InvalidArg,
            format!("`{what}` must be a finite number of Unix seconds"),
        )),
    }
}
