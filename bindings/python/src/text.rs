//! `str` and `bytes` arguments as byte slices, without copying.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

// In the limited API from 3.10, which this abi3 wheel targets.
use pyo3::ffi::PyUnicode_AsUTF8AndSize;

/// The UTF-8 bytes of a `str`, without copying (CPython caches them in the object; for ASCII
/// text they are the object's own storage). Fails for lone surrogates, which are not UTF-8.
#[inline]
pub fn str_utf8<'a>(text: &'a Bound<'_, PyString>) -> PyResult<&'a [u8]> {
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

/// The bytes of a `str` (as UTF-8) or `bytes` argument, borrowed from the object; `None` for
/// any other type.
#[inline]
pub fn text_or_bytes<'a>(obj: &'a Bound<'_, PyAny>) -> Option<PyResult<&'a [u8]>> {
    // A type check, then an unchecked cast: a failed `cast` builds an error value (holding a
    // reference to the type) that this per-header path would only throw away. The exact types
    // first: a pointer comparison each, where a subclass check is a call into the interpreter
    // under the stable ABI (header names and values are nearly always exact `str` or `bytes`).
    if obj.is_exact_instance_of::<PyBytes>() {
        // SAFETY: `obj` is a `bytes` (checked above).
        return Some(Ok(unsafe { obj.cast_unchecked::<PyBytes>() }.as_bytes()));
    }
    if obj.is_exact_instance_of::<PyString>() {
        // SAFETY: `obj` is a `str` (checked above).
        return Some(str_utf8(unsafe { obj.cast_unchecked::<PyString>() }));
    }
    if obj.is_instance_of::<PyString>() {
        // SAFETY: `obj` is a `str` (checked above).
        Some(str_utf8(unsafe { obj.cast_unchecked::<PyString>() }))
    } else if obj.is_instance_of::<PyBytes>() {
        // SAFETY: `obj` is a `bytes` (checked above).
        Some(Ok(unsafe { obj.cast_unchecked::<PyBytes>() }.as_bytes()))
    } else {
        None
    }
}
