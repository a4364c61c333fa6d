//! `hookproof._hookproof`: the native half of the Python package `hookproof`.
//!
//! This crate only converts. Python values become the core's types (bytes slices, header pairs,
//! secrets, a scheme, a tolerance) and the core's `Result`s become Python values or exceptions.
//! It never looks at a header name, never computes a MAC and never decides a verdict: the core
//! does all of that, so every binding behaves the same.
//!
//! Bodies:
//! - `bytes`, `str` (its UTF-8 form, which CPython caches in the object) and a `memoryview` over a
//!   whole `bytes` are immutable: read in place, no copy, and the GIL is released while hashing
//!   bodies over [`GIL_RELEASE_THRESHOLD`].
//! - `bytearray` is mutable: another thread could change it while the GIL is released, which
//!   would be a data race. Small ones are read in place *with the GIL held*; large ones are
//!   copied once and then hashed with the GIL released.
//! - Any other buffer (a sliced `memoryview`, `array.array`, `mmap`) is copied once with
//!   `bytes(obj)`: the buffer protocol is not in the limited API of Python 3.9, which this abi3
//!   wheel targets.
//!
//! A Rust panic never crosses into Python: pyo3 turns it into `pyo3_runtime.PanicException`.

use std::time::Duration;

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple,
};

/// Bodies larger than this are hashed with the GIL released (64 KiB: below it, releasing and
/// re-acquiring the GIL costs more than the hashing it would let other threads overlap with).
pub const GIL_RELEASE_THRESHOLD: usize = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Errors: core `Error` -> the Python class for its code (defined in hookproof/_errors.py).

static ERRORS_BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

fn to_py_err(py: Python<'_>, err: &hookproof::Error) -> PyErr {
    let raise = || -> PyResult<PyErr> {
        let by_code = ERRORS_BY_CODE
            .get_or_try_init(py, || -> PyResult<Py<PyDict>> {
                Ok(py
                    .import("hookproof._errors")?
                    .getattr("_BY_CODE")?
                    .cast_into::<PyDict>()?
                    .unbind())
            })?
            .bind(py);
        let class = by_code
            .get_item(err.code())?
            .ok_or_else(|| PyValueError::new_err(format!("no exception for {}", err.code())))?;
        Ok(PyErr::from_value(class.call1((err.to_string(),))?))
    };
    raise().unwrap_or_else(|e| e)
}

fn type_error(arg: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    // Only the type's name: a value might be a secret.
    let name = got
        .get_type()
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    PyTypeError::new_err(format!("{arg} must be {expected}, not {name}"))
}

// ---------------------------------------------------------------------------------------------
// Text without copies.

extern "C" {
    // In every CPython since 3.3 and in the limited API from 3.10. pyo3 only declares it for
    // abi3 >= 3.10; this wheel supports 3.9, where the function exists with the same signature.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The UTF-8 bytes of a `str`, without copying (CPython caches them in the object; for ASCII
/// text they are the object's own storage). Fails for lone surrogates, which are not UTF-8.
fn str_utf8<'a>(text: &'a Bound<'_, PyString>) -> PyResult<&'a [u8]> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `text` is a live `str` and the GIL is held. The returned buffer belongs to the
    // string object, which is immutable and outlives the borrow `'a` of `text`.
    unsafe {
        let data = PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size);
        if data.is_null() {
            return Err(PyErr::fetch(text.py()));
        }
        Ok(std::slice::from_raw_parts(
            data.cast::<u8>(),
            usize::try_from(size).unwrap_or(0),
        ))
    }
}

/// The bytes of a `str` (as UTF-8) or `bytes` argument, borrowed from the object.
fn text_or_bytes<'a>(obj: &'a Bound<'_, PyAny>) -> Option<PyResult<&'a [u8]>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        Some(Ok(bytes.as_bytes()))
    } else if let Ok(text) = obj.cast::<PyString>() {
        Some(str_utf8(text))
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Bodies.

enum Body<'a, 'py> {
    /// Immutable bytes (`bytes`, `str`): read in place; the GIL may be released.
    Shared(&'a [u8]),
    /// Immutable bytes reached through a `memoryview`: read in place; the GIL may be released.
    Held(Bound<'py, PyBytes>),
    /// A small mutable buffer: read in place with the GIL held.
    Locked(Bound<'py, PyByteArray>),
    /// A private copy of a large mutable buffer: the GIL may be released.
    Owned(Vec<u8>),
}

fn extract_body<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Body<'a, 'py>> {
    if let Some(bytes) = text_or_bytes(obj) {
        return Ok(Body::Shared(bytes?));
    }
    if let Ok(array) = obj.cast::<PyByteArray>() {
        return Ok(if array.len() > GIL_RELEASE_THRESHOLD {
            Body::Owned(array.to_vec())
        } else {
            Body::Locked(array.clone())
        });
    }
    // Any other object with the buffer protocol (memoryview, array.array, mmap, ...).
    let py = obj.py();
    let view = match obj.cast::<PyMemoryView>() {
        Ok(view) => view.clone().into_any(),
        Err(_) => py
            .get_type::<PyMemoryView>()
            .call1((obj,))
            .map_err(|_| type_error("body", "bytes, bytearray, memoryview or str", obj))?,
    };
    // A view over a whole `bytes` object is that immutable object: use it without a copy.
    let target = view.getattr(pyo3::intern!(py, "obj"))?;
    if let Ok(bytes) = target.cast::<PyBytes>() {
        let whole = view
            .getattr(pyo3::intern!(py, "c_contiguous"))?
            .is_truthy()?
            && view
                .getattr(pyo3::intern!(py, "nbytes"))?
                .extract::<usize>()?
                == bytes.as_bytes().len();
        if whole {
            return Ok(Body::Held(bytes.clone()));
        }
    }
    // Otherwise one copy (see the module docs): the bytes in C order, as hashlib reads them.
    let copy = view.call_method0(pyo3::intern!(py, "tobytes"))?;
    Ok(Body::Held(copy.cast_into::<PyBytes>()?))
}

impl Body<'_, '_> {
    /// Runs `f` on the body's bytes, with the GIL released when that is safe and worth it.
    fn with<R, F>(&self, py: Python<'_>, f: F) -> R
    where
        F: FnOnce(&[u8]) -> R + Send,
        R: Send,
    {
        let immutable = match self {
            Body::Shared(slice) => *slice,
            Body::Held(bytes) => bytes.as_bytes(),
            Body::Owned(vec) => vec,
            Body::Locked(array) => {
                // SAFETY: the GIL is held for the whole call and `f` runs no Python code, so no
                // Python thread can resize or write the bytearray while the slice is alive.
                let slice = unsafe { array.as_bytes() };
                return f(slice);
            }
        };
        if immutable.len() > GIL_RELEASE_THRESHOLD {
            py.detach(|| f(immutable))
        } else {
            f(immutable)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets and signatures.

fn secret_bytes<'a>(obj: &'a Bound<'_, PyAny>, arg: &str) -> PyResult<&'a [u8]> {
    text_or_bytes(obj).unwrap_or_else(|| Err(type_error(arg, "str or bytes", obj)))
}

fn core_secret(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<hookproof::Secret> {
    Ok(hookproof::Secret::from(secret_bytes(obj, arg)?))
}

// ---------------------------------------------------------------------------------------------
// Headers: any mapping or iterable of pairs -> a slice of (name bytes, value bytes) pairs.

/// The Python objects (each a `str` or `bytes`) of one header collection, kept alive while the
/// core reads their bytes.
struct HeaderPieces<'py>(Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>);

const HEADERS_EXPECTED: &str =
    "a mapping (dict, Starlette/Werkzeug/Django headers) or an iterable of (name, value) pairs";

fn header_piece<'py>(obj: Bound<'py, PyAny>, what: &str) -> PyResult<Bound<'py, PyAny>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        Ok(obj)
    } else if let Ok(array) = obj.cast::<PyByteArray>() {
        Ok(PyBytes::new(obj.py(), &array.to_vec()).into_any())
    } else {
        Err(type_error(what, "str or bytes", &obj))
    }
}

impl<'py> HeaderPieces<'py> {
    fn extract(headers: &Bound<'py, PyAny>) -> PyResult<Self> {
        let py = headers.py();
        let mut pieces = HeaderPieces(Vec::new());
        if headers.is_instance_of::<PyString>()
            || headers.is_instance_of::<PyBytes>()
            || headers.is_instance_of::<PyByteArray>()
        {
            return Err(type_error("headers", HEADERS_EXPECTED, headers));
        }
        if let Ok(dict) = headers.cast_exact::<PyDict>() {
            for (name, value) in dict.iter() {
                pieces.push(name, value)?;
            }
            return Ok(pieces);
        }
        let pairs = if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
            headers.clone()
        } else if let Some(raw) = headers
            .getattr_opt(pyo3::intern!(py, "raw"))?
            .filter(|raw| raw.is_instance_of::<PyList>())
        {
            // Starlette / FastAPI `Headers.raw`: every entry as received, as bytes.
            raw
        } else if let Some(items) = headers.getattr_opt(pyo3::intern!(py, "items"))? {
            // Any mapping; multi-maps (Werkzeug, multidict, Starlette) yield repeated headers.
            items.call0()?
        } else {
            headers.clone()
        };
        let iter = pairs
            .try_iter()
            .map_err(|_| type_error("headers", HEADERS_EXPECTED, headers))?;
        for pair in iter {
            let (name, value) = split_pair(&pair?)?;
            pieces.push(name, value)?;
        }
        Ok(pieces)
    }

    fn push(&mut self, name: Bound<'py, PyAny>, value: Bound<'py, PyAny>) -> PyResult<()> {
        let name = header_piece(name, "each header name in headers")?;
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            // {"x-webhook-hmac-sha256": ["sig1", "sig2"]}: a repeated header.
            for item in value.try_iter()? {
                self.0.push((
                    name.clone(),
                    header_piece(item?, "each header value in headers")?,
                ));
            }
        } else {
            self.0
                .push((name, header_piece(value, "each header value in headers")?));
        }
        Ok(())
    }

    fn pairs(&self) -> PyResult<Vec<(&[u8], &[u8])>> {
        let bytes = |obj| text_or_bytes(obj).unwrap_or(Ok(b""));
        self.0
            .iter()
            .map(|(name, value)| Ok((bytes(name)?, bytes(value)?)))
            .collect()
    }
}

fn split_pair<'py>(pair: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    if let Ok(tuple) = pair.cast::<PyTuple>() {
        if tuple.len() == 2 {
            return Ok((tuple.get_item(0)?, tuple.get_item(1)?));
        }
    } else if let Ok(list) = pair.cast::<PyList>() {
        // ASGI scopes carry headers as [name, value] lists.
        if list.len() == 2 {
            return Ok((list.get_item(0)?, list.get_item(1)?));
        }
    }
    Err(type_error(
        "each item of headers",
        "a (name, value) pair",
        pair,
    ))
}

// ---------------------------------------------------------------------------------------------
// The one-shot check.

/// verify(body, signature, secret) -> bool
///
/// The one-shot Print.one check: True only if `signature` (the `x-webhook-hmac-sha256` header
/// value) is the base64 HMAC-SHA256 of the raw `body` under `secret`. A wrong, malformed or
/// missing (None) signature gives False. An empty secret raises InvalidSecret.
///
/// >>> import hookproof
/// >>> hookproof.verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret")
/// True
/// >>> hookproof.verify(b"hello!", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret")
/// False
#[pyfunction]
#[pyo3(signature = (body, signature, secret))]
fn verify(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    signature: &Bound<'_, PyAny>,
    secret: &Bound<'_, PyAny>,
) -> PyResult<bool> {
    let body = extract_body(body)?;
    let secret = secret_bytes(secret, "secret")?;
    let result = if signature.is_none() {
        body.with(py, |b| hookproof::try_verify(b, "", secret))
    } else if let Ok(text) = signature.cast::<PyString>() {
        // A str is valid UTF-8 by construction; lone surrogates fail to encode (a TypeError-like
        // ValueError would be unhelpful for a header value), so they count as a malformed value.
        let text = str_utf8(text)
            .ok()
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("\u{0}");
        body.with(py, |b| hookproof::try_verify(b, text, secret))
    } else if let Ok(bytes) = signature.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        body.with(py, |b| {
            hookproof::verify_detailed(b, bytes, secret).map_or_else(
                |e| {
                    if e.is_configuration() {
                        Err(e)
                    } else {
                        Ok(false)
                    }
                },
                |()| Ok(true),
            )
        })
    } else {
        return Err(type_error("signature", "str, bytes or None", signature));
    };
    result.map_err(|e| to_py_err(py, &e))
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
fn sign(py: Python<'_>, body: &Bound<'_, PyAny>, secret: &Bound<'_, PyAny>) -> PyResult<String> {
    let body = extract_body(body)?;
    let secret = secret_bytes(secret, "secret")?;
    body.with(py, |b| hookproof::sign(b, secret))
        .map_err(|e| to_py_err(py, &e))
}

// ---------------------------------------------------------------------------------------------
// Webhook and Event.

/// Webhook(secret, *, scheme="printone", tolerance=300)
///
/// A reusable verifier: keys are prepared once. `secret` is a str or bytes, or a list of them
/// for rotation (a request signed with any one is accepted). `scheme` names the provider's
/// signature scheme, one of `hookproof.SCHEMES`: "printone" (the default), "standard" (Standard
/// Webhooks and Svix), "stripe", "github", "shopify" or "slack". `tolerance` (seconds or a
/// `datetime.timedelta`, default 300) is how far a signed timestamp may be from the receiver's
/// clock, in either direction, for the schemes that sign one (standard, stripe, slack).
///
/// >>> import hookproof
/// >>> wh = hookproof.Webhook(["new-secret", "old-secret"])
/// >>> body = b'{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}'
/// >>> headers = hookproof.Webhook("old-secret").sign(body)
/// >>> wh.verify(body, headers)
/// >>> wh.construct_event(body, headers).event
/// 'order_status_update'
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
struct Webhook {
    inner: hookproof::Webhook,
    secrets: usize,
}

fn scheme_by_name(name: &str) -> PyResult<&'static dyn hookproof::Scheme> {
    hookproof::scheme::by_name(name).ok_or_else(|| {
        let known: Vec<&str> = hookproof::scheme::ALL.iter().map(|s| s.name()).collect();
        // The name is not echoed: a misplaced argument could be a secret.
        PyValueError::new_err(format!(
            "unknown scheme ({} characters); known schemes: {}",
            name.chars().count(),
            known.join(", ")
        ))
    })
}

fn tolerance_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let seconds: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(
            "tolerance",
            "a number of seconds or a datetime.timedelta",
            obj,
        ));
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else if let Some(total) = obj.getattr_opt("total_seconds")? {
        total.call0()?.extract()?
    } else {
        return Err(type_error(
            "tolerance",
            "a number of seconds or a datetime.timedelta",
            obj,
        ));
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| {
        PyValueError::new_err("tolerance must be a finite, non-negative number of seconds")
    })
}

static DATETIME_CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `now` or `timestamp` as whole Unix seconds: an int, a float (rounded down, as a clock reading
/// is) or a timezone-aware `datetime`. Only a conversion: the core does every comparison.
fn unix_seconds(obj: &Bound<'_, PyAny>, arg: &str) -> PyResult<i64> {
    const EXPECTED: &str = "Unix seconds (an int or float) or a timezone-aware datetime";
    let py = obj.py();
    let seconds: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(arg, EXPECTED, obj));
    } else if obj.is_instance_of::<PyInt>() {
        return obj
            .extract::<i64>()
            .map_err(|_| PyValueError::new_err(format!("{arg} is out of range")));
    } else if obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else {
        let datetime = DATETIME_CLASS
            .get_or_try_init(py, || -> PyResult<Py<PyAny>> {
                Ok(py.import("datetime")?.getattr("datetime")?.unbind())
            })?
            .bind(py);
        if !obj.is_instance(datetime)? {
            return Err(type_error(arg, EXPECTED, obj));
        }
        if obj.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "{arg} is a naive datetime, which could be in any time zone: give it one \
                 (tzinfo=datetime.timezone.utc) or pass Unix seconds"
            )));
        }
        obj.call_method0("timestamp")?.extract()?
    };
    let whole = seconds.floor();
    // i64::MAX as f64 rounds up to 2^63, which is out of range; i64::MIN as f64 is exact.
    if whole.is_finite() && whole >= i64::MIN as f64 && whole < i64::MAX as f64 {
        Ok(whole as i64)
    } else {
        Err(PyValueError::new_err(format!(
            "{arg} must be a finite number of seconds within range"
        )))
    }
}

fn optional_unix_seconds(obj: Option<&Bound<'_, PyAny>>, arg: &str) -> PyResult<Option<i64>> {
    obj.filter(|o| !o.is_none())
        .map(|o| unix_seconds(o, arg))
        .transpose()
}

#[pymethods]
impl Webhook {
    #[new]
    #[pyo3(
        signature = (secret, *, scheme = None, tolerance = None),
        text_signature = "(secret, *, scheme='printone', tolerance=300)"
    )]
    fn new(
        py: Python<'_>,
        secret: &Bound<'_, PyAny>,
        scheme: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let scheme = match scheme.filter(|s| !s.is_none()) {
            None => scheme_by_name("printone")?,
            Some(name) => scheme_by_name(
                &name
                    .cast::<PyString>()
                    .map_err(|_| type_error("scheme", "str", name))?
                    .to_cow()?,
            )?,
        };
        let secrets: Vec<hookproof::Secret> =
            if secret.is_instance_of::<PyString>() || secret.is_instance_of::<PyBytes>() {
                vec![core_secret(secret, "secret")?]
            } else if secret.is_instance_of::<PyDict>() {
                return Err(type_error("secret", "str, bytes or a list of them", secret));
            } else {
                let items = secret
                    .try_iter()
                    .map_err(|_| type_error("secret", "str, bytes or a list of them", secret))?;
                let mut all = Vec::new();
                for item in items {
                    all.push(core_secret(&item?, "each secret")?);
                }
                all
            };
        let count = secrets.len();
        let mut inner =
            hookproof::Webhook::with_scheme(scheme, secrets).map_err(|e| to_py_err(py, &e))?;
        if let Some(tolerance) = tolerance.filter(|t| !t.is_none()) {
            inner = inner.with_tolerance(tolerance_from_py(tolerance)?);
        }
        Ok(Webhook {
            inner,
            secrets: count,
        })
    }

    /// verify(body, headers, now=None) -> None
    ///
    /// Checks a request: `body` exactly as received (bytes, bytearray, memoryview or str),
    /// `headers` as any mapping (any case) or an iterable of (name, value) pairs. Returns None,
    /// or raises a WebhookError subclass saying why the request is not authentic.
    ///
    /// `now` is the receiver's clock for schemes that sign a timestamp: Unix seconds (int or
    /// float) or a timezone-aware datetime. None (the default) reads the system clock; pass a
    /// value in tests, or to check a delivery stored earlier.
    ///
    /// >>> import hookproof
    /// >>> wh = hookproof.Webhook("secret")
    /// >>> wh.verify(b"hello", {"X-Webhook-Hmac-Sha256": "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs="})
    /// >>> wh.verify(b"hello", {})  # doctest: +ELLIPSIS
    /// Traceback (most recent call last):
    ///   ...
    /// hookproof.MissingSignature: no `x-webhook-hmac-sha256` header on the request: ...
    #[pyo3(signature = (body, headers, now = None))]
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let body = extract_body(body)?;
        let pieces = HeaderPieces::extract(headers)?;
        let pairs = pieces.pairs()?;
        let now = optional_unix_seconds(now, "now")?;
        body.with(py, |b| match now {
            Some(now) => self.inner.verify_at(b, &pairs[..], now),
            None => self.inner.verify(b, &pairs[..]),
        })
        .map_err(|e| to_py_err(py, &e))
    }

    /// construct_event(body, headers, now=None) -> Event
    ///
    /// Verifies the request like `verify` (`now` as there), then parses the body as a Print.one
    /// event. Raises InvalidPayload if the signature is valid but the body is not a Print.one
    /// event, which is the case for other providers' bodies: with another scheme, call `verify`
    /// and then parse the body yourself (e.g. `json.loads(body)`). Unknown event names are kept.
    ///
    /// >>> import hookproof
    /// >>> wh = hookproof.Webhook("secret")
    /// >>> body = b'{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}'
    /// >>> event = wh.construct_event(body, wh.sign(body))
    /// >>> event.event, event.data["id"], event.created_at.isoformat()
    /// ('order_status_update', 'ord_1', '2026-11-28T10:00:00+00:00')
    #[pyo3(signature = (body, headers, now = None))]
    fn construct_event(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
        now: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Event> {
        let body = extract_body(body)?;
        let pieces = HeaderPieces::extract(headers)?;
        let pairs = pieces.pairs()?;
        let now = optional_unix_seconds(now, "now")?;
        let event = body
            .with(py, |b| match now {
                Some(now) => self.inner.construct_event_at(b, &pairs[..], now),
                None => self.inner.construct_event(b, &pairs[..]),
            })
            .map_err(|e| to_py_err(py, &e))?;
        Event::from_core(py, event)
    }

    /// sign(body, *, timestamp=None, msg_id=None) -> dict[str, str]
    ///
    /// The headers a sender attaches to `body` (header name -> value), signed with the first
    /// secret, for tests and local senders. `timestamp` (Unix seconds as an int or float, or a
    /// timezone-aware datetime) and `msg_id` are for the schemes that sign them (standard signs
    /// both; stripe and slack sign the timestamp); by default the scheme uses the current time
    /// and picks an id. A Standard Webhooks public key (`whpk_`) cannot sign: InvalidSecret.
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
        let options = hookproof::SignOptions {
            timestamp: optional_unix_seconds(timestamp, "timestamp")?,
            msg_id,
        };
        let headers = body
            .with(py, |b| self.inner.sign_with(b, &options))
            .map_err(|e| to_py_err(py, &e))?;
        let dict = PyDict::new(py);
        for (name, value) in headers {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    }

    /// The scheme's name, one of `hookproof.SCHEMES`, e.g. "printone".
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme().name()
    }

    /// The timestamp tolerance in seconds (schemes that sign a timestamp).
    #[getter]
    fn tolerance(&self) -> f64 {
        self.inner.tolerance().as_secs_f64()
    }

    fn __repr__(&self) -> String {
        // Never the secrets: only how many there are.
        format!(
            "Webhook(scheme={:?}, secrets={}, tolerance={})",
            self.inner.scheme().name(),
            self.secrets,
            self.inner.tolerance().as_secs_f64()
        )
    }
}

/// A verified Print.one event.
///
/// - `event`: the event name (str), e.g. "order_status_update"; names hookproof does not know
///   are kept as sent.
/// - `data`: the event's object as Python values (dict, list, str, int, float, bool, None);
///   object keys come in sorted order (compare dicts by value, not by order).
/// - `created_at`: when Print.one created the event, a timezone-aware `datetime` in UTC
///   (millisecond precision).
/// - `raw_created_at`: the `created_at` text exactly as sent.
#[pyclass(frozen, get_all, module = "hookproof", name = "Event")]
struct Event {
    event: String,
    data: Py<PyAny>,
    created_at: Py<PyAny>,
    raw_created_at: String,
}

static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

impl Event {
    fn from_core(py: Python<'_>, event: hookproof::Event) -> PyResult<Event> {
        let datetime = || py.import("datetime");
        let epoch = EPOCH.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            let dt = datetime()?;
            let utc = dt.getattr("timezone")?.getattr("utc")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", utc)?;
            Ok(dt
                .getattr("datetime")?
                .call((1970, 1, 1), Some(&kwargs))?
                .unbind())
        })?;
        let timedelta = TIMEDELTA.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
            Ok(datetime()?.getattr("timedelta")?.unbind())
        })?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("milliseconds", event.created_at_unix_millis())?;
        let offset = timedelta.bind(py).call((), Some(&kwargs))?;
        let created_at = epoch.bind(py).add(offset).map_err(|err| {
            if err.is_instance_of::<PyOverflowError>(py) {
                to_py_err(
                    py,
                    &hookproof::Error::InvalidPayload {
                        reason: "`created_at` is outside the range of Python's datetime"
                            .to_string(),
                    },
                )
            } else {
                err
            }
        })?;
        Ok(Event {
            event: event.event.as_str().to_string(),
            data: json_to_py(py, &event.data)?.unbind(),
            created_at: created_at.unbind(),
            raw_created_at: event.created_at,
        })
    }
}

#[pymethods]
impl Event {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Event(event={:?}, created_at={}, data={})",
            self.event,
            self.created_at.bind(py).repr()?,
            self.data.bind(py).repr()?
        ))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<Event>() else {
            return Ok(false);
        };
        let other = other.get();
        Ok(self.event == other.event
            && self.raw_created_at == other.raw_created_at
            && self.data.bind(py).eq(other.data.bind(py))?)
    }
}

fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, json_to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// Panics on purpose, so the tests can show a Rust panic becomes a Python exception.
///
/// Without a body it panics at once. With one, the body is taken exactly as `verify` takes it and
/// the panic happens where a panic in the core would: inside `Body::with`, in the closure that
/// runs the core, with the GIL released for bodies over `GIL_RELEASE_THRESHOLD`.
#[pyfunction]
#[pyo3(signature = (body = None))]
fn _panic_for_tests(py: Python<'_>, body: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let Some(body) = body else {
        panic!("hookproof test panic");
    };
    let body = extract_body(body)?;
    body.with::<(), _>(py, |b| {
        panic!("hookproof test panic in the core ({} bytes)", b.len())
    });
    Ok(())
}

#[pymodule]
fn _hookproof(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(sign, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<Webhook>()?;
    m.add_class::<Event>()?;
    m.add("CODES", PyTuple::new(m.py(), hookproof::Error::CODES)?)?;
    let schemes: Vec<&str> = hookproof::scheme::ALL.iter().map(|s| s.name()).collect();
    m.add("SCHEMES", PyTuple::new(m.py(), schemes)?)?;
    m.add("GIL_RELEASE_THRESHOLD", GIL_RELEASE_THRESHOLD)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
