//! Header collections: the core's header lookup over Python's header objects.
//!
//! One pass over whatever the caller has keeps only the entries whose name (any case) is one the
//! scheme reads (`hookproof::support::is_read_header`); the core then matches names, splits
//! repeated values and decides everything else. Headers the scheme does not read are never
//! looked at, whatever their type.
//!
//! Shapes, fastest first: a `dict`; Starlette/FastAPI `Headers` (its `.raw` list, every entry as
//! received); Django's `HttpHeaders` (its case-insensitive store); Werkzeug/Flask's
//! `EnvironHeaders` (the WSGI environ, as `headers.get` reads it); then any mapping through
//! `.items()` (multi-maps yield repeated headers) and any iterable of `(name, value)` pairs. A
//! value may be a list or tuple of values (a repeated header).

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use smallvec::SmallVec;

use crate::errors::type_error;
use crate::text::text_or_bytes;

/// How a header object of a given type is read (found once per type, see [`cached_shape`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Raw,
    DjangoStore,
    Environ,
    Items,
}

/// The shapes found so far, by type. A type is kept alive here (a strong reference), so its
/// address cannot be reused by another type while it is cached. Bounded: header types are few.
static SHAPES: std::sync::Mutex<Vec<(Py<PyType>, Shape)>> = std::sync::Mutex::new(Vec::new());
const MAX_CACHED_SHAPES: usize = 32;

fn cached_shape(kind: &Bound<'_, PyType>) -> Option<Shape> {
    let shapes = SHAPES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    shapes
        .iter()
        .find(|(t, _)| t.as_ptr() == kind.as_ptr())
        .map(|(_, shape)| *shape)
}

fn remember_shape(kind: Bound<'_, PyType>, shape: Shape) {
    let mut shapes = SHAPES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if shapes.len() < MAX_CACHED_SHAPES && !shapes.iter().any(|(t, _)| t.as_ptr() == kind.as_ptr())
    {
        shapes.push((kind.unbind(), shape));
    }
}

/// Header pairs as the core reads them, on the stack for the usual one to four.
pub type Pairs<'a> = SmallVec<[(&'a [u8], &'a [u8]); 4]>;

const EXPECTED: &str =
    "a mapping (dict, Starlette/Werkzeug/Django headers) or an iterable of (name, value) pairs";

/// The entries of a header collection that the scheme reads: the Python objects (each a `str`
/// or `bytes`), kept alive while the core reads their bytes.
pub struct Headers<'py> {
    scheme: &'static hookproof::Scheme,
    kept: SmallVec<[(Bound<'py, PyAny>, Bound<'py, PyAny>); 4]>,
}

impl<'py> Headers<'py> {
    /// Reads `headers` for `scheme`. A `TypeError` names what was wrong.
    pub fn extract(
        scheme: &'static hookproof::Scheme,
        headers: &Bound<'py, PyAny>,
    ) -> PyResult<Self> {
        let mut out = Headers {
            scheme,
            kept: SmallVec::new(),
        };
        if let Ok(dict) = headers.cast_exact::<PyDict>() {
            for (name, value) in dict.iter() {
                out.offer(name, value)?;
            }
            return Ok(out);
        }
        if headers.is_instance_of::<PyString>()
            || headers.is_instance_of::<PyBytes>()
            || headers.is_instance_of::<PyByteArray>()
        {
            return Err(type_error("headers", EXPECTED, headers));
        }
        if headers.is_instance_of::<PyList>() || headers.is_instance_of::<PyTuple>() {
            out.offer_pairs(headers, headers)?;
            return Ok(out);
        }
        let kind = headers.get_type();
        if let Some(shape) = cached_shape(&kind) {
            if out.read_shape(shape, headers)? {
                return Ok(out);
            }
            out.kept.clear();
        }
        // The first object of a type: find its shape by its attributes (a missing attribute
        // costs an exception, so this runs once per type), then remember it.
        for shape in [Shape::Raw, Shape::DjangoStore, Shape::Environ, Shape::Items] {
            if out.read_shape(shape, headers)? {
                remember_shape(kind, shape);
                return Ok(out);
            }
            out.kept.clear();
        }
        out.offer_pairs(headers, headers)?;
        Ok(out)
    }

    /// Reads `headers` as `shape`: `false` if it does not have that shape.
    fn read_shape(&mut self, shape: Shape, headers: &Bound<'py, PyAny>) -> PyResult<bool> {
        let py = headers.py();
        match shape {
            // Starlette / FastAPI `Headers.raw`: [(name, value), ...] as bytes, names lower-case.
            Shape::Raw => {
                let Some(raw) = headers.getattr_opt(pyo3::intern!(py, "raw"))? else {
                    return Ok(false);
                };
                if !raw.is_instance_of::<PyList>() {
                    return Ok(false);
                }
                self.offer_pairs(&raw, headers)?;
            }
            // Django's HttpHeaders (a CaseInsensitiveMapping): {lower name: (name, value)}.
            Shape::DjangoStore => {
                let Some(store) = headers.getattr_opt(pyo3::intern!(py, "_store"))? else {
                    return Ok(false);
                };
                let Ok(store) = store.cast::<PyDict>() else {
                    return Ok(false);
                };
                if !self.offer_store(store)? {
                    return Ok(false);
                }
            }
            // Werkzeug's EnvironHeaders (Flask): the WSGI environ, which already joined repeated
            // headers with ","; looked up as `headers.get(name)` does.
            Shape::Environ => {
                let Some(environ) = headers.getattr_opt(pyo3::intern!(py, "environ"))? else {
                    return Ok(false);
                };
                let Ok(environ) = environ.cast::<PyDict>() else {
                    return Ok(false);
                };
                for name in self.scheme.info().read_headers {
                    let key = format!("HTTP_{}", name.to_ascii_uppercase().replace('-', "_"));
                    if let Some(value) = environ.get_item(key)? {
                        self.keep(PyString::new(py, name).into_any(), value)?;
                    }
                }
            }
            // Any mapping; multi-maps (Werkzeug, multidict, Starlette) yield repeated headers.
            Shape::Items => {
                let Some(items) = headers.getattr_opt(pyo3::intern!(py, "items"))? else {
                    return Ok(false);
                };
                self.offer_pairs(&items.call0()?, headers)?;
            }
        }
        Ok(true)
    }

    /// Keeps `(name, value)` if the scheme reads `name`.
    fn offer(&mut self, name: Bound<'py, PyAny>, value: Bound<'py, PyAny>) -> PyResult<()> {
        let wanted = match text_or_bytes(&name) {
            Some(bytes) => bytes.is_ok_and(|b| hookproof::support::is_read_header(self.scheme, b)),
            None if name.is_instance_of::<PyByteArray>() => {
                let bytes = name.cast::<PyByteArray>()?.to_vec();
                hookproof::support::is_read_header(self.scheme, &bytes)
            }
            None => {
                return Err(type_error(
                    "each header name in headers",
                    "str or bytes",
                    &name,
                ))
            }
        };
        if wanted {
            self.keep(piece(name, "each header name in headers")?, value)?;
        }
        Ok(())
    }

    /// Keeps a wanted header's value (or each of its values).
    fn keep(&mut self, name: Bound<'py, PyAny>, value: Bound<'py, PyAny>) -> PyResult<()> {
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            // {"x-webhook-hmac-sha256": ["sig1", "sig2"]}: a repeated header.
            for item in value.try_iter()? {
                let item = piece(item?, "each header value in headers")?;
                self.kept.push((name.clone(), item));
            }
        } else {
            let value = piece(value, "each header value in headers")?;
            self.kept.push((name, value));
        }
        Ok(())
    }

    /// Every `(name, value)` pair of an iterable.
    fn offer_pairs(
        &mut self,
        pairs: &Bound<'py, PyAny>,
        headers: &Bound<'py, PyAny>,
    ) -> PyResult<()> {
        let iter = pairs
            .try_iter()
            .map_err(|_| type_error("headers", EXPECTED, headers))?;
        for pair in iter {
            let (name, value) = split_pair(&pair?)?;
            self.offer(name, value)?;
        }
        Ok(())
    }

    /// Django's store, keyed by lower-case name: the scheme's names looked up directly; `false`
    /// if it does not have the expected shape.
    fn offer_store(&mut self, store: &Bound<'py, PyDict>) -> PyResult<bool> {
        let py = store.py();
        for name in self.scheme.info().read_headers {
            let Some(entry) = store.get_item(PyString::intern(py, name))? else {
                continue;
            };
            let Ok(entry) = entry.cast::<PyTuple>() else {
                return Ok(false);
            };
            if entry.len() != 2 {
                return Ok(false);
            }
            self.keep(PyString::intern(py, name).into_any(), entry.get_item(1)?)?;
        }
        Ok(true)
    }

    /// The kept headers as the byte pairs the core reads.
    pub fn pairs(&self) -> PyResult<Pairs<'_>> {
        let bytes = |obj| text_or_bytes(obj).unwrap_or(Ok(b""));
        self.kept
            .iter()
            .map(|(name, value)| Ok((bytes(name)?, bytes(value)?)))
            .collect()
    }
}

/// A header name or value as `str` or `bytes` (a `bytearray` is copied to `bytes`).
fn piece<'py>(obj: Bound<'py, PyAny>, what: &str) -> PyResult<Bound<'py, PyAny>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        Ok(obj)
    } else if let Ok(array) = obj.cast::<PyByteArray>() {
        Ok(PyBytes::new(obj.py(), &array.to_vec()).into_any())
    } else {
        Err(type_error(what, "str or bytes", &obj))
    }
}

fn split_pair<'py>(pair: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    if let Ok(tuple) = pair.cast::<PyTuple>() {
        if tuple.len() == 2 {
            return Ok((tuple.get_item(0)?, tuple.get_item(1)?));
        }
    } else if let Ok(list) = pair.cast::<PyList>() {
        // ASGI scopes carry headers as [name, value] lists.
        if list.len() == 2 {
            return Ok((list.get_item(0)?, list.get_item(1)?));
        }
    }
    Err(type_error(
        "each item of headers",
        "a (name, value) pair",
        pair,
    ))
}
