//! `hookproof._hookproof`: the native half of the Python package `hookproof`.
//!
//! This crate only converts. Python values become the core's types (byte slices, header pairs,
//! secrets, a scheme, durations and times) and the core's `Result`s become Python values or
//! exceptions; every policy (which header, what is malformed, how a time is read, which status
//! an error gets, what the replay key is) is the core's, through `hookproof::support`. One file
//! per concern:
//!
//! - [`body`]: request bodies, read in place, with the GIL released for large ones;
//! - [`headers`]: the core's header lookup over Python's header objects;
//! - [`time`]: seconds and Unix times from Python values;
//! - [`webhook`]: `Webhook`, `verify`, `sign`;
//! - [`fast`]: `Webhook.verify` as a plain vectorcall method (the call every request makes);
//! - [`event`]: `Event` and JSON values;
//! - [`replay`]: the replay guard's store and Redis protocol;
//! - [`limits`]: the helpers' body-size limit;
//! - [`lambda`]: AWS Lambda's HTTP events, decoded by the core;
//! - [`errors`]: core errors as the exception classes of `hookproof/_errors.py`.
//!
//! A Rust panic never crosses into Python: pyo3 turns it into `pyo3_runtime.PanicException`
//! (and `fast.rs` does the same for its method).

use pyo3::prelude::*;
use pyo3::types::PyTuple;

mod body;
mod errors;
mod event;
mod fast;
mod headers;
mod lambda;
mod limits;
mod replay;
mod text;
mod time;
mod webhook;

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
    let body = body::extract_body(body)?;
    body.with::<(), _>(py, |b| {
        panic!("hookproof test panic in the core ({} bytes)", b.len())
    });
    Ok(())
}

#[pymodule]
fn _hookproof(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_function(wrap_pyfunction!(webhook::verify, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::sign, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<webhook::Webhook>()?;
    fast::install(&py.get_type::<webhook::Webhook>())?;
    m.add_class::<event::Event>()?;
    replay::register(m)?;
    limits::register(m)?;
    lambda::register(m)?;
    let codes: Vec<&str> = hookproof::ERROR_KINDS.iter().map(|k| k.code).collect();
    m.add("CODES", PyTuple::new(py, codes)?)?;
    let schemes: Vec<&str> = hookproof::scheme::ALL.iter().map(|s| s.name()).collect();
    m.add("SCHEMES", PyTuple::new(py, schemes)?)?;
    m.add("GIL_RELEASE_THRESHOLD", body::GIL_RELEASE_THRESHOLD)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
