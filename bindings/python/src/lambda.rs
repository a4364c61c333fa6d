//! AWS Lambda's HTTP events for `hookproof.aws_lambda`: the core's decoder
//! (`hookproof::lambda`) over the event's JSON text, and its answers.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::OrRaise;

/// The decoded request: (source, method, path, headers as (name, value) pairs, body,
/// health-check answer or None).
type Request<'py> = (
    String,
    String,
    String,
    Vec<(String, String)>,
    Bound<'py, PyBytes>,
    Option<String>,
);

/// lambda_request(event_json, limit) -> (source, method, path, headers, body, health_answer):
/// the event as the sender made the request (a base64 body decoded); raises BodyTooLarge,
/// InvalidPayload (a body marked base64 that is not), InvalidArgument (not an HTTP event).
#[pyfunction]
fn lambda_request<'py>(py: Python<'py>, event_json: &[u8], limit: u64) -> PyResult<Request<'py>> {
    let request = hookproof::lambda::HttpEvent::from_json(event_json, limit).or_raise(py)?;
    let health = request.health_check_answer();
    let body = PyBytes::new(py, &request.body);
    Ok((
        request.source.name().to_string(),
        request.method,
        request.path,
        request.headers,
        body,
        health,
    ))
}

/// lambda_source(event_json) -> str | None: the integration of an event whose body was refused.
#[pyfunction]
fn lambda_source(event_json: &[u8]) -> Option<&'static str> {
    hookproof::lambda::source_of_json(event_json)
        .ok()
        .map(|s| s.name())
}

/// lambda_response(source, status, body) -> str: the function's answer (JSON) in the source's shape.
#[pyfunction]
fn lambda_response(source: &str, status: u16, body: &str) -> PyResult<String> {
    let source = hookproof::lambda::EventSource::from_name(source).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err("source must be one lambda_request returned")
    })?;
    Ok(hookproof::lambda::response(source, status, body))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(lambda_request, m)?)?;
    m.add_function(wrap_pyfunction!(lambda_source, m)?)?;
    m.add_function(wrap_pyfunction!(lambda_response, m)?)?;
    Ok(())
}
