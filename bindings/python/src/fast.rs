//! `Webhook.verify` as a plain vectorcall method: the call every request makes.
//!
//! A `#[pymethods]` method pays for pyo3's machinery on every call: its trampoline (the GIL
//! count, the pool of deferred reference counts), the general argument parser and the `self`
//! borrow. Counted with callgrind on `webhook.verify(body, headers)` (a 700-byte body, a dict of
//! three headers): about 250 of the binding's ~1,600 instructions per call, beside the core's
//! ~1,900 and the HMAC. This method takes the usual call, two positional arguments, with one
//! type check for `self` and nothing else; any other call (a `now`, keywords, another number of
//! arguments) goes to pyo3's method, which has the full signature and its errors.
//!
//! It converts and nothing more: `Webhook::verify_call` is what the pyo3 method runs too. A
//! panic never crosses into Python: it becomes `pyo3_runtime.PanicException`, as pyo3 does.

use std::ffi::CStr;

use pyo3::exceptions::PyRuntimeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

use crate::webhook::Webhook;

/// The method's docstring, with the text signature CPython reads for `inspect.signature`.
const VERIFY_DOC: &CStr = c"verify($self, body, headers, now=None)
--

Checks a request: `body` exactly as received (bytes, bytearray, memoryview or str), `headers`
as any mapping (any case) or an iterable of (name, value) pairs. Returns None, or raises a
WebhookError subclass saying why the request is not authentic.

`now` is the receiver's clock for schemes that sign a timestamp (and for `max_age`): Unix
seconds (int or float) or a timezone-aware datetime. None (the default) reads the system clock;
pass a value in tests, or to check a delivery stored earlier.

>>> import hookproof
>>> wh = hookproof.Webhook(\"secret\")
>>> wh.verify(b\"hello\", {\"X-Webhook-Hmac-Sha256\": \"iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=\"})
>>> wh.verify(b\"hello\", {})  # doctest: +ELLIPSIS
Traceback (most recent call last):
  ...
hookproof.MissingSignature: no `x-webhook-hmac-sha256` header on the request: ...";

/// Makes `verify` on `class` (the `Webhook` type) the vectorcall method of this module, keeping
/// pyo3's `verify` for the other calls (its error messages name `verify`, as users wrote it).
pub fn install(class: &Bound<'_, PyType>) -> PyResult<()> {
    let py = class.py();
    let full = class.getattr("verify")?.unbind();
    if FULL_METHOD.set(py, full).is_err() {
        return Ok(()); // installed already (the module was initialized again)
    }
    // CPython keeps a pointer to the definition for as long as the type lives: a leaked one.
    let definition = Box::leak(Box::new(ffi::PyMethodDef {
        ml_name: c"verify".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunctionFastWithKeywords: verify,
        },
        ml_flags: ffi::METH_FASTCALL | ffi::METH_KEYWORDS,
        ml_doc: VERIFY_DOC.as_ptr(),
    }));
    // SAFETY: `class` is a live type object and `definition` lives forever.
    let descriptor = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyDescr_NewMethod(class.as_ptr().cast(), definition),
        )?
    };
    class.setattr("verify", descriptor)
}

/// pyo3's `Webhook.verify`, for the calls this path does not take.
static FULL_METHOD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// `Webhook.verify(self, *args, **kwargs)` as CPython calls a `METH_FASTCALL | METH_KEYWORDS`
/// method: `self`, the positional arguments, their number, and the keyword names (or null).
unsafe extern "C" fn verify(
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    // SAFETY: CPython calls a method with the GIL held.
    let py = unsafe { Python::assume_attached() };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: CPython passes `nargs` live arguments, and `self`, for the call.
        unsafe {
            if nargs == 2 && kwnames.is_null() {
                verify_two(py, slf, *args, *args.add(1))
            } else {
                verify_other(py, slf, args, nargs, kwnames)
            }
        }
    }));
    let result = outcome.unwrap_or_else(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string());
        Err(pyo3::panic::PanicException::new_err(reason))
    });
    match result {
        Ok(value) => value.into_ptr(),
        Err(err) => {
            err.restore(py);
            std::ptr::null_mut()
        }
    }
}

/// `webhook.verify(body, headers)`.
///
/// # Safety
/// The GIL is held; the pointers are the call's live objects.
unsafe fn verify_two(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    body: *mut ffi::PyObject,
    headers: *mut ffi::PyObject,
) -> PyResult<Py<PyAny>> {
    // SAFETY: as the caller promises.
    let (slf, body, headers) = unsafe {
        (
            pyo3::Borrowed::from_ptr(py, slf),
            pyo3::Borrowed::from_ptr(py, body),
            pyo3::Borrowed::from_ptr(py, headers),
        )
    };
    let Ok(webhook) = slf.cast::<Webhook>() else {
        // `Webhook.verify(not_a_webhook, ...)`: the descriptor already checks, so never here.
        return Err(PyRuntimeError::new_err(
            "verify() needs a hookproof.Webhook",
        ));
    };
    webhook.get().verify_call(py, &body, &headers, None)?;
    Ok(py.None())
}

/// Any other call: pyo3's method, with `self` first (through `PyObject_Call`:
/// vectorcall from C is in the stable ABI only from Python 3.12; this path is the rare one).
///
/// # Safety
/// As [`verify_two`]; `kwnames` is null or a tuple of names whose values follow the `nargs`
/// positional arguments.
unsafe fn verify_other(
    py: Python<'_>,
    slf: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargs: ffi::Py_ssize_t,
    kwnames: *mut ffi::PyObject,
) -> PyResult<Py<PyAny>> {
    let Some(method) = FULL_METHOD.get(py) else {
        return Err(PyRuntimeError::new_err(
            "hookproof: Webhook.verify is not installed",
        ));
    };
    let positional = usize::try_from(nargs).unwrap_or(0);
    // SAFETY: CPython passes `nargs` positional arguments, then one value per keyword name.
    let arg = |at: usize| unsafe { pyo3::Borrowed::from_ptr(py, *args.add(at)) };
    let mut call_args = Vec::with_capacity(positional + 1);
    // SAFETY: `slf` is the call's live `self`.
    call_args.push(unsafe { pyo3::Borrowed::from_ptr(py, slf) }.to_owned());
    call_args.extend((0..positional).map(|at| arg(at).to_owned()));
    let keywords = PyDict::new(py);
    if !kwnames.is_null() {
        // SAFETY: `kwnames` is a tuple of names (CPython's calling convention).
        let names = unsafe { pyo3::Borrowed::from_ptr(py, kwnames) }.cast::<PyTuple>()?;
        for (offset, name) in names.iter().enumerate() {
            keywords.set_item(name, arg(positional + offset))?;
        }
    }
    method
        .bind(py)
        .call(PyTuple::new(py, call_args)?, Some(&keywords))
        .map(Bound::unbind)
}
