//! Seconds and Unix times from Python values: an `int`, a `float`, a `timedelta` or an aware
//! `datetime` becomes a number of seconds; the core's one rule (`hookproof::support::seconds`,
//! `unix_time`) decides what is in range.

use std::time::Duration;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyFloat, PyInt};

use crate::errors::{type_error, OrRaise};

/// A duration (`tolerance`, `max_age`, `ttl`): seconds as an int or float, or a `timedelta`.
pub fn duration(obj: &Bound<'_, PyAny>, arg: &'static str) -> PyResult<Duration> {
    const EXPECTED: &str = "a number of seconds or a datetime.timedelta";
    let seconds: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(arg, EXPECTED, obj));
    } else if obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyFloat>() {
        obj.extract()?
    } else if let Some(total) = obj.getattr_opt("total_seconds")? {
        total.call0()?.extract()?
    } else {
        return Err(type_error(arg, EXPECTED, obj));
    };
    hookproof::support::seconds(seconds, arg).or_raise(obj.py())
}

/// An optional duration (`None` is absent).
pub fn optional_duration(
    obj: Option<&Bound<'_, PyAny>>,
    arg: &'static str,
) -> PyResult<Option<Duration>> {
    obj.filter(|o| !o.is_none())
        .map(|o| duration(o, arg))
        .transpose()
}

static DATETIME_CLASS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `now` or `timestamp` as whole Unix seconds: an int, a float (rounded down, as a clock reading
/// is) or a timezone-aware `datetime`.
pub fn unix_seconds(obj: &Bound<'_, PyAny>, arg: &'static str) -> PyResult<i64> {
    const EXPECTED: &str = "Unix seconds (an int or float) or a timezone-aware datetime";
    let py = obj.py();
    let seconds: f64 = if obj.is_instance_of::<PyBool>() {
        return Err(type_error(arg, EXPECTED, obj));
    } else if obj.is_instance_of::<PyInt>() {
        if let Ok(whole) = obj.extract::<i64>() {
            return Ok(whole);
        }
        // Out of an i64: the core's rule says so (as a float it is out of range too).
        obj.extract::<f64>().unwrap_or(f64::INFINITY)
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
    hookproof::support::unix_time(seconds, arg).or_raise(py)
}

/// An optional Unix time (`None` is absent).
pub fn optional_unix_seconds(
    obj: Option<&Bound<'_, PyAny>>,
    arg: &'static str,
) -> PyResult<Option<i64>> {
    obj.filter(|o| !o.is_none())
        .map(|o| unix_seconds(o, arg))
        .transpose()
}
