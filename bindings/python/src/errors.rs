//! Core errors as the Python exception for their code (classes in `hookproof/_errors.py`,
//! generated from the core), and `TypeError`s that name the argument.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

static CLASSES_BY_CODE: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// The `WebhookError` subclass for `err.code()`, carrying the core's message.
pub fn to_py_err(py: Python<'_>, err: &hookproof::Error) -> PyErr {
    let raise = || -> PyResult<PyErr> {
        let by_code = CLASSES_BY_CODE
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

/// Converts a core `Result` into a Python one.
pub trait OrRaise<T> {
    /// The value, or the exception for the core's error.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, hookproof::Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|err| to_py_err(py, &err))
    }
}

/// `TypeError: {arg} must be {expected}, not {type}`: only the type's name, never the value
/// (which might be a secret).
pub fn type_error(arg: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let name = got
        .get_type()
        .qualname()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string());
    PyTypeError::new_err(format!("{arg} must be {expected}, not {name}"))
}
