//! Request bodies: read in place where that is safe, with the GIL released for large ones.
//!
//! - `bytes`, `str` (its UTF-8 form, which CPython caches in the object) and a `memoryview` over
//!   a whole `bytes` are immutable: read in place, no copy, and the GIL is released while hashing
//!   bodies over [`GIL_RELEASE_THRESHOLD`].
//! - `bytearray` is mutable: another thread could change it while the GIL is released, which
//!   would be a data race. Small ones are read in place *with the GIL held*; large ones are
//!   copied once and then hashed with the GIL released.
//! - Any other buffer (a sliced `memoryview`, `array.array`, `mmap`) is copied once with
//!   `bytes(obj)`: the buffer protocol is in the limited API only from Python 3.11, and this
//!   abi3 wheel targets 3.10.

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

use crate::errors::type_error;
use crate::text::text_or_bytes;

/// Bodies larger than this are hashed with the GIL released (64 KiB: below it, releasing and
/// re-acquiring the GIL costs more than the hashing it would let other threads overlap with).
pub const GIL_RELEASE_THRESHOLD: usize = 64 * 1024;

pub enum Body<'a, 'py> {
    /// Immutable bytes (`bytes`, `str`): read in place; the GIL may be released.
    Shared(&'a [u8]),
    /// Immutable bytes reached through a `memoryview`: read in place; the GIL may be released.
    Held(Bound<'py, PyBytes>),
    /// A small mutable buffer: read in place with the GIL held.
    Locked(Bound<'py, PyByteArray>),
    /// A private copy of a large mutable buffer: the GIL may be released.
    Owned(Vec<u8>),
}

pub fn extract_body<'a, 'py>(obj: &'a Bound<'py, PyAny>) -> PyResult<Body<'a, 'py>> {
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
    pub fn with<R, F>(&self, py: Python<'_>, f: F) -> R
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

    /// Runs `f` on the body's bytes with the GIL held, for work that runs Python code (which
    /// could change a `bytearray` under a borrowed view: that one is copied first).
    pub fn with_gil<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            Body::Shared(slice) => f(slice),
            Body::Held(bytes) => f(bytes.as_bytes()),
            Body::Owned(vec) => f(vec),
            Body::Locked(array) => f(&array.to_vec()),
        }
    }
}
