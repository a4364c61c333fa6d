//! `Webhook`, and the one-shot `verify` and `sign`.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::body::extract_body;
use crate::errors::{type_error, OrRaise};
use crate::event::{event_from_summary, parse_verified_json};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::text::{str_utf8, text_or_bytes};
use crate::time::{optional_duration, optional_unix_seconds};

fn secret_bytes<'a>(obj: &'a Bound<'_, PyAny>, arg: &str) -> PyResult<&'a [u8]> {
    text_or_bytes(obj).unwrap_or_else(|| Err(type_error(arg, "str or bytes", obj)))
}

/// verify(body, signature, secret) -> bool
///
/// The one-shot Print.one check: True only if `signature` (the `x-webhook-hmac-sha256` header
/// value) is the base64 HMAC-SHA256 of the raw `body` under `secret`. A wrong, malformed or
/// missing (None) signature gives False. An unusable secret (empty, or only zero bytes) raises
/// InvalidSecret.
///
/// >>> import hookproof
/// >>> hookproof.verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret")
/// True
/// >>> hookproof.verify(b"hello!", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret")
/// False
#[pyfunction]
#[pyo3(signature = (body, signature, secret))]
pub fn verify(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let body = extract_body(body)?;
    let secret = secret_bytes(secret, "secret")?;
    let signature: Option<&[u8]> = if signature.is_none() {
        None
    } else if let Ok(text) = signature.cast::<PyString>() {
        // Lone surrogates cannot be encoded: such a value is malformed, not a type error.
        Some(str_utf8(text).unwrap_or(b"\0"))
    } else if let Ok(bytes) = signature.cast::<PyBytes>() {
        Some(bytes.as_bytes())
    } else {
        return Err(type_error("signature", "str, bytes or None", signature));
    };
    body.with(py, |b| {
        hookproof::support::verify_one_shot(b, signature, secret)
    })
    .or_raise(py)
}

/// sign(body, secret) -> str
///
/// The Print.one signature (the `x-webhook-hmac-sha256` value) of `body` under `secret`: for
/// tests and local senders.
///
/// >>> import hookproof
/// >>> hookproof.sign(b"hello", "secret")
/// 'iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs='
#[pyfunction]
pub fn sign(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let body = extract_body(body)?;
    let secret = secret_bytes(secret, "secret")?;
    body.with(py, |b| hookproof::sign(b, secret)).or_raise(py)
}

/// Webhook(secret, *, scheme="printone", tolerance=300, max_age=None)
///
/// A reusable verifier: keys are prepared once. `secret` is a str or bytes, or a list of them
/// for rotation (a request signed with any one is accepted). `scheme` names the provider's
/// signature scheme, one of `hookproof.SCHEMES`. `tolerance` (seconds or a
/// `datetime.timedelta`, default 300) is how far a signed timestamp may be from the receiver's
/// clock, in either direction, for the schemes that sign one. `max_age` (seconds or a
/// timedelta; off by default) refuses events whose signed creation time is older, for schemes
/// with a typed event (Print.one's `created_at`): EventTooOld.
///
/// >>> import hookproof
/// >>> wh = hookproof.Webhook(["new-secret", "old-secret"])
/// >>> body = b'{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}'
/// >>> headers = hookproof.Webhook("old-secret").sign(body)
/// >>> wh.verify(body, headers)
///
/// Another provider, with the receiver's clock pinned (`now`, Unix seconds) as a test would:
///
/// >>> stripe = hookproof.Webhook("whsec_test_secret", scheme="stripe", tolerance=300)
/// >>> headers = stripe.sign(b'{"id":"evt_1"}', timestamp=1_795_860_000)
/// >>> list(headers)
/// ['stripe-signature']
/// >>> stripe.verify(b'{"id":"evt_1"}', headers, now=1_795_860_060)
/// >>> stripe.verify(b'{"id":"evt_1"}', headers, now=1_795_860_301)  # doctest: +ELLIPSIS
/// Traceback (most recent call last):
///   ...
/// hookproof.TimestampTooOld: ...
#[pyclass(frozen, module = "hookproof", name = "Webhook")]
pub struct Webhook {
    inner: hookproof::Webhook,
}

fn secrets_from_py(secret: &Bound<'_, PyAny>) -> PyResult<Vec<hookproof::Secret>> {
    const EXPECTED: &str = "str, bytes or a list of them";
    if let Some(bytes) = text_or_bytes(secret) {
        return Ok(vec![hookproof::Secret::from(bytes?)]);
    }
    if secret.is_instance_of::<PyDict>() {
        return Err(type_error("secret", EXPECTED, secret));
    }
    let items = secret
        .try_iter()
        .map_err(|_| type_error("secret", EXPECTED, secret))?;
    items
        .map(|item| {
            Ok(hookproof::Secret::from(secret_bytes(
                &item?,
                "each secret",
            )?))
        })
        .collect()
}

impl Webhook {
    /// `Webhook.verify`: `body` exactly as received, `headers` any mapping or pairs, `now` the
    /// receiver's clock (None: the system's).
    pub fn verify_call(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let now = optional_unix_seconds(now, "now")?;
        let body = extract_body(body)?;
        let headers = Headers::extract(self.inner.scheme(), headers)?;
        let values = headers.values();
        body.with(py, |b| {
            hookproof::support::verify(&self.inner, b, &values, now)
        })
        .or_raise(py)
    }
}

#[pymethods]
impl Webhook {
    #[new]
    #[pyo3(signature = (secret, *, scheme = None, tolerance = None, max_age = None))]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        scheme: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        max_age: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let name = match scheme.filter(|s| !s.is_none()) {
            None => None,
            Some(name) => Some(
                name.cast::<PyString>()
                    .map_err(|_| type_error("scheme", "str", name))?
                    .to_cow()?,
            ),
        };
        let scheme = hookproof::support::scheme(name.as_deref()).or_raise(py)?;
        let mut inner = hookproof::Webhook::new(scheme, secrets_from_py(secret)?).or_raise(py)?;
        if let Some(tolerance) = optional_duration(tolerance, "tolerance")? {
            inner = inner.with_tolerance(tolerance);
        }
        if let Some(max_age) = optional_duration(max_age, "max_age")? {
            inner = inner.with_max_age(max_age).or_raise(py)?;
        }
        Ok(Webhook { inner })
    }

    /// The full `verify(body, headers, now=None)`. `fast.rs` puts its own `verify` in its place
    /// on the class and calls this one for the calls it does not take itself: a `now`, keyword
    /// arguments, or a wrong number of them.
    #[pyo3(signature = (body, headers, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.verify_call(py, body, headers, now)
    }

    /// construct_event(body, headers, now=None) -> Event | Any
    ///
    /// Verifies the request like `verify` (`now` as there), then parses the body: an `Event`
    /// for a scheme with a typed event (Print.one: `event`, `data`, `created_at`), the parsed
    /// JSON for the others. Raises InvalidPayload if the signature is valid but the body is not
    /// an event. Unknown event names are kept (`event.known` is False).
    ///
    /// >>> import hookproof
    /// >>> wh = hookproof.Webhook("secret")
    /// >>> body = b'{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":true,"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00.000Z"}'
    /// >>> event = wh.construct_event(body, wh.sign(body))
    /// >>> event.event, event.data["code"], event.created_at.isoformat()
    /// ('coupon_code_used', 'X', '2026-11-28T10:00:00+00:00')
    #[pyo3(signature = (body, headers, now = None))]
    fn construct_event<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = optional_unix_seconds(now, "now")?;
        let given = body;
        let body = extract_body(given)?;
        let headers = Headers::extract(self.inner.scheme(), headers)?;
        let values = headers.values();
        let summary = body
            .with(py, |b| {
                hookproof::support::construct_summary(&self.inner, b, &values, now)
            })
            .or_raise(py)?;
        // The core has verified the bytes and checked them as JSON (and the envelope's shape):
        // Python's own parser turns them into Python values.
        let parsed = body.with_gil(|b| parse_verified_json(py, given, b))?;
        event_from_summary(py, self.inner.scheme(), summary, parsed)
    }

    /// sign(body, *, timestamp=None, msg_id=None) -> dict[str, str]
    ///
    /// The headers a sender attaches to `body` (header name -> value), signed with the first
    /// secret, for tests and local senders. `timestamp` (Unix seconds as an int or float, or a
    /// timezone-aware datetime) and `msg_id` are for the schemes that sign them; by default the
    /// scheme uses the current time and picks an id. A Standard Webhooks public key (`whpk_`)
    /// cannot sign: InvalidSecret.
    ///
    /// >>> import hookproof
    /// >>> hookproof.Webhook("secret").sign(b"hello")
    /// {'x-webhook-hmac-sha256': 'iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs='}
    /// >>> hookproof.Webhook("It's a Secret to Everybody", scheme="github").sign(b"Hello, World!")
    /// {'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'}
    #[pyo3(signature = (body, *, timestamp = None, msg_id = None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        timestamp: Option<&Bound<'py, PyAny>>,
        msg_id: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let body = extract_body(body)?;
        let msg_id = match msg_id.filter(|m| !m.is_none()) {
            None => None,
            Some(id) => Some(
                id.cast::<PyString>()
                    .map_err(|_| type_error("msg_id", "str", id))?
                    .to_cow()?
                    .into_owned(),
            ),
        };
        let timestamp = optional_unix_seconds(timestamp, "timestamp")?;
        let headers = body
            .with(py, |b| {
                hookproof::support::sign(&self.inner, b, timestamp, msg_id, None)
            })
            .or_raise(py)?;
        let dict = PyDict::new(py);
        for (name, value) in headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    /// replay_keys(body, headers) -> ReplayKeys
    ///
    /// The replay keys of a verified request (digests of its signed data, as the scheme decides:
    /// see `hookproof.ReplayGuard`). Call it after `verify` succeeded.
    fn replay_keys(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<ReplayKeys> {
        let body = extract_body(body)?;
        let headers = Headers::extract(self.inner.scheme(), headers)?;
        let values = headers.values();
        let inner = body
            .with(py, |b| self.inner.replay_keys(b, &values))
            .or_raise(py)?;
        Ok(ReplayKeys { inner })
    }

    /// http_status(error) -> int
    ///
    /// The HTTP status a receiver answers `error` (a WebhookError, or its code) with, for this
    /// scheme: 401 (400 where the provider asks for it) for a rejection, 400 invalid_payload,
    /// 413 body_too_large, 503 store_unavailable, 500 for configuration errors.
    fn http_status(&self, error: &Bound<'_, PyAny>) -> PyResult<u16> {
        let code = if let Ok(code) = error.cast::<PyString>() {
            code.to_cow()?.into_owned()
        } else {
            error.getattr("code")?.extract::<String>()?
        };
        Ok(hookproof::support::http_status_for_code(self.inner.scheme(), &code).unwrap_or(500))
    }

    /// The scheme's name, one of `hookproof.SCHEMES`, e.g. "printone".
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme().name()
    }

    /// True if `construct_event` gives an `Event` (the scheme has a typed event); otherwise it
    /// gives the parsed JSON, and the framework helpers hand the view the verified raw body.
    #[getter]
    fn typed_event(&self) -> bool {
        self.inner.scheme().typed_event()
    }

    /// The timestamp tolerance in seconds (schemes that sign a timestamp).
    #[getter]
    fn tolerance(&self) -> f64 {
        self.inner.tolerance().as_secs_f64()
    }

    /// The maximum event age in seconds, or None.
    #[getter]
    fn max_age(&self) -> Option<f64> {
        self.inner.max_age().map(|d| d.as_secs_f64())
    }

    fn __repr__(&self) -> String {
        // Never the secrets: only how many there are.
        format!(
            "Webhook(scheme={:?}, secrets={}, tolerance={})",
            self.inner.scheme().name(),
            self.inner.secret_count(),
            self.inner.tolerance().as_secs_f64()
        )
    }
}
