//! What the framework helpers need around verification: the body-size limit (its parsing and
//! default), and the errors they raise themselves (too large, body already parsed,
//! overloaded), whose messages are the core's.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::errors::{to_py_err, type_error, OrRaise};
use crate::text::text_or_bytes;

/// body_limit(value=None) -> int: a limit in bytes from an int, or a size such as "1mb"; None is
/// the default (1 MiB).
#[pyfunction]
#[pyo3(signature = (value = None))]
fn body_limit(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(hookproof::support::DEFAULT_BODY_LIMIT);
    };
    if value.is_instance_of::<PyBool>() {
        return Err(type_error(
            "body_limit",
            "a number of bytes or a size such as \"1mb\"",
            value,
        ));
    }
    if value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>() {
        return hookproof::support::body_limit_from_number(value.extract()?).or_raise(py);
    }
    if let Ok(text) = value.cast::<PyString>() {
        return hookproof::support::body_limit_from_text(&text.to_cow()?).or_raise(py);
    }
    Err(type_error(
        "body_limit",
        "a number of bytes or a size such as \"1mb\"",
        value,
    ))
}

/// check_content_length(value, limit) -> int | None: raises BodyTooLarge if a declared length is
/// over the limit; returns the declared length, or None for a missing or unparsable one (the
/// limit must then be enforced while reading).
#[pyfunction]
fn check_content_length(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    limit: u64,
) -> PyResult<Option<u64>> {
    let declared = match value {
        Some(v) => text_or_bytes(v).transpose()?,
        None => None,
    };
    hookproof::support::declared_length(declared, limit).or_raise(py)
}

/// body_too_large(limit) -> BodyTooLarge: for a body found over the limit while reading.
#[pyfunction]
fn body_too_large(py: Python<'_>, limit: u64) -> PyErr {
    to_py_err(py, &hookproof::Error::BodyTooLarge { limit })
}

/// raw_body_unavailable() -> RawBodyUnavailable: a body parser consumed the raw bytes first.
#[pyfunction]
fn raw_body_unavailable(py: Python<'_>) -> PyErr {
    to_py_err(py, &hookproof::Error::RawBodyUnavailable)
}

/// http_status(code, scheme=None) -> int: the status the core gives an error code, for a scheme
/// (the default scheme without one); 500 for an unknown code.
#[pyfunction]
#[pyo3(signature = (code, scheme = None))]
fn http_status(py: Python<'_>, code: &str, scheme: Option<&str>) -> PyResult<u16> {
    let scheme = hookproof::support::scheme(scheme).or_raise(py)?;
    Ok(hookproof::support::http_status_for_code(scheme, code).unwrap_or(500))
}

/// overloaded(pending) -> Overloaded: too many handlers wait to run after their answer.
#[pyfunction]
fn overloaded(py: Python<'_>, pending: u64) -> PyErr {
    to_py_err(py, &hookproof::Error::Overloaded { pending })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(overloaded, m)?)?;
    m.add_function(wrap_pyfunction!(http_status, m)?)?;
    m.add_function(wrap_pyfunction!(body_limit, m)?)?;
    m.add_function(wrap_pyfunction!(check_content_length, m)?)?;
    m.add_function(wrap_pyfunction!(body_too_large, m)?)?;
    m.add_function(wrap_pyfunction!(raw_body_unavailable, m)?)?;
    m.add("DEFAULT_BODY_LIMIT", hookproof::support::DEFAULT_BODY_LIMIT)?;
    Ok(())
}
