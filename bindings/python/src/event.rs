//! `Event`, and JSON values as Python values.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

use crate::errors::to_py_err;

/// A verified event of a scheme with a typed event (Print.one).
///
/// - `event`: the event name (str), e.g. "order_status_update"; names hookproof does not know
///   are kept as sent.
/// - `known`: True if `event` is one the provider documents (see `hookproof.printone`).
/// - `data`: the event's object as Python values (dict, list, str, int, float, bool, None), in
///   the order the sender wrote it.
/// - `created_at`: when the provider created the event, a timezone-aware `datetime` in UTC
///   (millisecond precision).
/// - `raw_created_at`: the `created_at` text exactly as sent.
#[pyclass(frozen, get_all, module = "hookproof", name = "Event")]
pub struct Event {
    event: String,
    known: bool,
    data: Py<PyAny>,
    created_at: Py<PyAny>,
    raw_created_at: String,
}

static EPOCH: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static TIMEDELTA: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static SCAN_ONCE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// What `construct_event` returns, from the core's summary of a verified body and the body parsed
/// by Python's JSON parser (`parse_verified_json`): an `Event` for a scheme with a typed event,
/// the parsed JSON otherwise.
pub fn event_from_summary<'py>(
    py: Python<'py>,
    scheme: &'static hookproof::Scheme,
    summary: hookproof::support::Summary,
    parsed: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    use hookproof::support::Summary;
    let (
        Summary::Envelope {
            event,
            known,
            created_at,
            created_at_unix_ms,
        },
        Some(shape),
    ) = (summary, scheme.info().envelope)
    else {
        return Ok(parsed);
    };
    // The core checked the envelope: an object with the data field exactly once.
    let data = parsed.get_item(shape.data_field)?;
    let event = Event {
        event,
        known,
        data: data.unbind(),
        created_at: utc_datetime(py, created_at_unix_ms)?.unbind(),
        raw_created_at: created_at,
    };
    Ok(Bound::new(py, event)?.into_any())
}

/// The Python values of a body the core has verified and checked as JSON, parsed by Python's
/// own JSON parser (its C scanner, called directly: `json.loads` spends more time choosing an
/// encoding and skipping whitespace than parsing a webhook body). `given` is the body object the
/// caller passed, `bytes` its bytes.
pub fn parse_verified_json<'py>(
    py: Python<'py>,
    given: &Bound<'py, PyAny>,
    bytes: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    let text = if given.is_exact_instance_of::<PyString>() {
        given.clone()
    } else {
        // Valid UTF-8 (the core checked): decoded once, as `bytes.decode()` would.
        PyString::from_bytes(py, bytes)?.into_any()
    };
    // JSON's whitespace is ASCII: its length in bytes is its length in characters.
    let start = bytes
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        .count();
    let scan_once = SCAN_ONCE.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let decoder = py.import("json")?.getattr("JSONDecoder")?.call0()?;
        Ok(decoder.getattr("scan_once")?.unbind())
    })?;
    let (value, _end): (Bound<'py, PyAny>, usize) = scan_once
        .bind(py)
        .call1((text, start))
        .and_then(|found| found.extract())
        .map_err(|_| {
            // Python's parser refused what the core's accepted: say so rather than pass it on.
            to_py_err(
                py,
                &hookproof::Error::InvalidPayload {
                    reason: "the body is JSON that Python's parser cannot read".to_string(),
                },
            )
        })?;
    Ok(value)
}

/// `created_at` (Unix milliseconds) as a timezone-aware UTC `datetime`: the epoch plus a
/// `timedelta` made from whole days, seconds and microseconds (exact, and positional: cheaper
/// than keyword arguments).
fn utc_datetime(py: Python<'_>, unix_ms: i64) -> PyResult<Bound<'_, PyAny>> {
    let datetime = || py.import("datetime");
    let epoch = EPOCH.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let dt = datetime()?;
        let utc = dt.getattr("timezone")?.getattr("utc")?;
        Ok(dt
            .getattr("datetime")?
            .call1((1970, 1, 1, 0, 0, 0, 0, utc))?
            .unbind())
    })?;
    let timedelta = TIMEDELTA.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(datetime()?.getattr("timedelta")?.unbind())
    })?;
    const MS_PER_DAY: i64 = 86_400_000;
    let days = unix_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = unix_ms.rem_euclid(MS_PER_DAY);
    let offset = timedelta
        .bind(py)
        .call1((days, ms_of_day / 1000, (ms_of_day % 1000) * 1000))?;
    epoch.bind(py).add(offset).map_err(|err| {
        if err.is_instance_of::<PyOverflowError>(py) {
            // Python's datetime stops at year 1 and 9999; the core's RFC 3339 does too, but an
            // offset can push a date just past either end.
            to_py_err(
                py,
                &hookproof::Error::InvalidPayload {
                    reason: "`created_at` is outside the range of Python's datetime".to_string(),
                },
            )
        } else {
            err
        }
    })
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
