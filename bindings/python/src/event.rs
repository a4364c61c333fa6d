//! `Event`, and JSON values as Python values.

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

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

/// What `construct_event` returns: an `Event` for a typed scheme, the parsed JSON otherwise.
pub fn constructed_to_py(
    py: Python<'_>,
    constructed: hookproof::support::Constructed,
) -> PyResult<Bound<'_, PyAny>> {
    match constructed {
        hookproof::support::Constructed::Envelope(envelope) => {
            Ok(Bound::new(py, Event::from_envelope(py, envelope)?)?.into_any())
        }
        hookproof::support::Constructed::Json(value) => json_to_py(py, &value),
    }
}

impl Event {
    fn from_envelope(py: Python<'_>, event: hookproof::event::Envelope) -> PyResult<Event> {
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
        kwargs.set_item("milliseconds", event.created_at_unix_ms)?;
        let offset = timedelta.bind(py).call((), Some(&kwargs))?;
        let created_at = epoch.bind(py).add(offset).map_err(|err| {
            if err.is_instance_of::<PyOverflowError>(py) {
                // Python's datetime stops at year 1 and 9999; the core's RFC 3339 does too, but
                // an offset can push a date just past either end.
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
            event: event.event,
            known: event.known,
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

pub fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
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
