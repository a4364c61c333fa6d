//! The replay guard's native half: a request's replay keys, the in-memory store, and the Redis
//! protocol (which commands to send, how to read the replies). `hookproof/_replay.py` sends the
//! commands with the client the user gave; every decision is the core's (`hookproof::replay`).

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyList, PyString, PyTuple};

use crate::errors::OrRaise;
use crate::time::duration;

/// The replay keys of one verified request (from `Webhook.replay_keys`).
#[pyclass(frozen, module = "hookproof._hookproof", name = "ReplayKeys")]
pub struct ReplayKeys {
    pub inner: hookproof::replay::ReplayKeys,
}

#[pymethods]
impl ReplayKeys {
    /// The keys as hex digests.
    #[getter]
    fn hex<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.as_slice().iter().map(|k| k.to_hex()))
    }

    fn __repr__(&self) -> String {
        let keys: Vec<String> = self.inner.as_slice().iter().map(|k| k.to_hex()).collect();
        format!("ReplayKeys({})", keys.join(", "))
    }
}

/// MemoryStore(max_entries=100000)
///
/// Replay claims in this process's memory: at most `max_entries`, each with its TTL. For one
/// process; several receivers share one Redis instead.
#[pyclass(frozen, module = "hookproof", name = "MemoryStore")]
pub struct MemoryStore {
    inner: hookproof::replay::MemoryStore,
}

fn monotonic_ms(py: Python<'_>) -> PyResult<u64> {
    let seconds: f64 = py
        .import("time")?
        .getattr("monotonic")?
        .call0()?
        .extract()?;
    Ok((seconds * 1000.0) as u64)
}

#[pymethods]
impl MemoryStore {
    #[new]
    // The default is the core's DEFAULT_MAX_ENTRIES (a test checks they agree).
    #[pyo3(signature = (max_entries = 100_000))]
    fn new(max_entries: usize) -> Self {
        MemoryStore {
            inner: hookproof::replay::MemoryStore::new(max_entries),
        }
    }

    /// claim(keys, ttl) -> str | None: the claim's token, or None for a duplicate.
    fn claim(
        &self,
        py: Python<'_>,
        keys: &ReplayKeys,
        ttl: &Bound<'_, PyAny>,
    ) -> PyResult<Option<String>> {
        let ttl = duration(ttl, "ttl")?;
        let now = monotonic_ms(py)?;
        Ok(match self.inner.claim_at(&keys.inner, ttl, now) {
            hookproof::replay::Claim::Claimed(token) => Some(token.as_str().to_string()),
            hookproof::replay::Claim::Duplicate => None,
        })
    }

    /// release(keys, token): frees a claim after its handler failed, so a retry is processed.
    fn release(&self, keys: &ReplayKeys, token: String) {
        self.inner
            .release(&keys.inner, &hookproof::replay::Token::from_string(token));
    }

    /// (live claims, claims evicted before their TTL because the store was full)
    fn stats(&self) -> (usize, u64) {
        let stats = self.inner.stats();
        (stats.entries, stats.evicted_live)
    }

    fn __repr__(&self) -> String {
        format!("MemoryStore(entries={})", self.inner.stats().entries)
    }
}

/// A claim in Redis, as the core runs it: `command()` says what to send next (None when done),
/// `reply(value)` takes the client's answer, `outcome()` is the token or None for a duplicate.
#[pyclass(module = "hookproof._hookproof", name = "RedisClaim")]
pub struct RedisClaim {
    inner: hookproof::replay::RedisClaim,
}

/// A client's answer as the core's `Reply`: `True`/`"OK"`/`b"OK"` text, an int, `None` (nil).
fn to_reply(value: &Bound<'_, PyAny>) -> hookproof::replay::Reply {
    use hookproof::replay::Reply;
    if value.is_none() {
        Reply::Nil
    } else if let Ok(flag) = value.cast::<PyBool>() {
        // redis-py turns SET's "OK" into True.
        if flag.is_true() {
            Reply::Text("OK".into())
        } else {
            Reply::Nil
        }
    } else if value.is_instance_of::<PyInt>() {
        value.extract().map_or(
            Reply::Error("an integer out of range".into()),
            Reply::Integer,
        )
    } else if let Ok(bytes) = value.cast::<PyBytes>() {
        Reply::Text(String::from_utf8_lossy(bytes.as_bytes()).into_owned())
    } else if let Ok(text) = value.cast::<PyString>() {
        Reply::Text(text.to_cow().map(|t| t.into_owned()).unwrap_or_default())
    } else {
        Reply::Error("an answer of an unexpected type".into())
    }
}

#[pymethods]
impl RedisClaim {
    #[new]
    fn new(keys: &ReplayKeys, prefix: &str, ttl: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(RedisClaim {
            inner: hookproof::replay::RedisClaim::new(&keys.inner, prefix, duration(ttl, "ttl")?),
        })
    }

    /// The next command as a list of strings, or None.
    fn command<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        self.inner.command().map(|c| PyList::new(py, c)).transpose()
    }

    /// Takes the client's answer to the last command.
    fn reply(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.reply(to_reply(value)).or_raise(py)
    }

    /// The client failed (connection refused, timeout): `StoreUnavailable`, with its message
    /// cleaned of credentials.
    fn fail(&mut self, py: Python<'_>, message: &str) -> PyResult<()> {
        self.inner
            .reply(hookproof::replay::Reply::Error(message.to_string()))
            .or_raise(py)
    }

    /// The token (claimed), None (a duplicate), or raises if the claim is not finished.
    fn outcome(&self) -> PyResult<Option<String>> {
        match self.inner.outcome() {
            Some(hookproof::replay::Claim::Claimed(token)) => Ok(Some(token.as_str().to_string())),
            Some(hookproof::replay::Claim::Duplicate) => Ok(None),
            None => Err(pyo3::exceptions::PyRuntimeError::new_err(
                "the claim has commands left to send",
            )),
        }
    }
}

/// The commands that release a claim in Redis.
#[pyfunction]
fn redis_release_commands<'py>(
    py: Python<'py>,
    keys: &ReplayKeys,
    prefix: &str,
    token: String,
) -> PyResult<Bound<'py, PyList>> {
    let release = hookproof::replay::RedisRelease::new(
        &keys.inner,
        prefix,
        &hookproof::replay::Token::from_string(token),
    );
    PyList::new(py, release.commands())
}

/// The `StoreUnavailable` exception for a client's failure message (credentials removed).
#[pyfunction]
fn store_unavailable(py: Python<'_>, message: &str) -> PyErr {
    crate::errors::to_py_err(py, &hookproof::replay::store_unavailable(message))
}

/// The replay claim's default TTL in seconds.
fn default_ttl() -> Duration {
    hookproof::replay::DEFAULT_TTL
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ReplayKeys>()?;
    m.add_class::<MemoryStore>()?;
    m.add_class::<RedisClaim>()?;
    m.add_function(wrap_pyfunction!(redis_release_commands, m)?)?;
    m.add_function(wrap_pyfunction!(store_unavailable, m)?)?;
    m.add("DEFAULT_REPLAY_TTL", default_ttl().as_secs())?;
    Ok(())
}
