//! Header collections: the core's header lookup over Python's header objects.
//!
//! One pass over whatever the caller has keeps only the values of the names the scheme reads (any
//! case), each filed under its slot (`hookproof::support::read_header_slot`); the core then splits
//! repeated values and decides everything else (`hookproof::support::SlotValues`). Headers the
//! scheme does not read are never looked at beyond their name, whatever their type.
//!
//! Shapes, fastest first: a `dict` (its entries read through borrowed references: a name costs a
//! type check and a length comparison, and only a value that is kept takes a reference);
//! Starlette/FastAPI `Headers` (its list of raw entries, every entry as received, read where
//! `.raw` copies it from); Django's `HttpHeaders` (its case-insensitive store); Werkzeug/Flask's
//! `EnvironHeaders` (the WSGI environ, as `headers.get` reads it); then any mapping through
//! `.items()` (multi-maps yield repeated headers) and any iterable of `(name, value)` pairs. A
//! value may be a list or tuple of values (a repeated header).
//!
//! Every kept value is held (a strong reference) for as long as the core reads its bytes, so the
//! bytes stay valid whatever Python code runs meanwhile (a mapping's `items()`, another thread
//! while a large body is hashed without the GIL).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use smallvec::SmallVec;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::errors::type_error;
use crate::text::text_or_bytes;

/// How a header object of a given type is read (found once per type, see [`cached_shape`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Starlette's `_list`, the list `.raw` returns a copy of (found equal to it first).
    RawList,
    Raw,
    DjangoStore,
    Environ,
    Items,
}

/// The shapes found so far, by type. A type is kept alive here (a strong reference, never
/// dropped), so its address cannot be reused by another type while it is cached. Bounded:
/// header types are few.
static SHAPES: std::sync::Mutex<Vec<(Py<PyType>, Shape)>> = std::sync::Mutex::new(Vec::new());
const MAX_CACHED_SHAPES: usize = 32;

/// The type last found in [`SHAPES`] and its shape in one word, read without the lock (an
/// application hands over one header type on every request). A type object's address is
/// aligned, so its low bits are free for the shape; `0` is nothing.
static LAST_SHAPE: AtomicUsize = AtomicUsize::new(0);
const SHAPE_BITS: usize = 0b111;

impl Shape {
    const ALL: [Shape; 5] = [
        Shape::RawList,
        Shape::Raw,
        Shape::DjangoStore,
        Shape::Environ,
        Shape::Items,
    ];

    /// `kind`'s address with the shape in its low bits, if they are free.
    fn packed(self, kind: *mut pyo3::ffi::PyObject) -> Option<usize> {
        let address = kind as usize;
        let index = Shape::ALL.iter().position(|&s| s == self)?;
        (address & SHAPE_BITS == 0).then(|| address | (index + 1))
    }

    fn unpacked(word: usize, kind: *mut pyo3::ffi::PyObject) -> Option<Shape> {
        if word & !SHAPE_BITS != kind as usize {
            return None;
        }
        Shape::ALL.get((word & SHAPE_BITS).checked_sub(1)?).copied()
    }
}

fn cached_shape(kind: &Bound<'_, PyType>) -> Option<Shape> {
    if let Some(shape) = Shape::unpacked(LAST_SHAPE.load(Ordering::Relaxed), kind.as_ptr()) {
        return Some(shape);
    }
    let shapes = SHAPES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let shape = shapes
        .iter()
        .find(|(t, _)| t.as_ptr() == kind.as_ptr())
        .map(|(_, shape)| *shape)?;
    remember_last(kind, shape);
    Some(shape)
}

/// Makes `kind` (a type held in [`SHAPES`]) the one read without the lock.
fn remember_last(kind: &Bound<'_, PyType>, shape: Shape) {
    if let Some(word) = shape.packed(kind.as_ptr()) {
        LAST_SHAPE.store(word, Ordering::Relaxed);
    }
}

fn remember_shape(kind: Bound<'_, PyType>, shape: Shape) {
    let mut shapes = SHAPES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if shapes.len() < MAX_CACHED_SHAPES && !shapes.iter().any(|(t, _)| t.as_ptr() == kind.as_ptr())
    {
        remember_last(&kind, shape);
        shapes.push((kind.unbind(), shape));
    }
}

const EXPECTED: &str =
    "a mapping (dict, Starlette/Werkzeug/Django headers) or an iterable of (name, value) pairs";

/// The bytes of a kept header value: a `str` (its UTF-8 form, cached in the object) or `bytes`
/// object that the [`Headers`] it came from holds.
#[derive(Clone, Copy)]
pub struct ValueBytes(*const [u8]);

// SAFETY: the bytes belong to an immutable `str` or `bytes` object that the `Headers` holds a
// strong reference to for as long as it lives, and a `ValueBytes` is only read through a borrow
// of that `Headers` (`Headers::values`): another thread can neither change nor free them.
unsafe impl Send for ValueBytes {}
// SAFETY: as above.
unsafe impl Sync for ValueBytes {}

impl AsRef<[u8]> for ValueBytes {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: see the `Send` impl: the object is alive and immutable.
        unsafe { &*self.0 }
    }
}

/// The values of a header collection that the scheme reads, by slot.
pub struct Headers<'py> {
    scheme: &'static hookproof::Scheme,
    /// `(slot, bytes)`: each kept value's slot and its bytes, from an object in `held`.
    values: SmallVec<[(usize, ValueBytes); 4]>,
    /// The objects whose bytes `values` points into (and any object made while reading).
    held: SmallVec<[Bound<'py, PyAny>; 4]>,
}

impl<'py> Headers<'py> {
    /// Reads `headers` for `scheme`. A `TypeError` names what was wrong.
    pub fn extract(
        scheme: &'static hookproof::Scheme,
        headers: &Bound<'py, PyAny>,
    ) -> PyResult<Self> {
        let mut out = Headers {
            scheme,
            values: SmallVec::new(),
            held: SmallVec::new(),
        };
        // (`is_instance_of` before each cast: a failed cast builds an error value to throw away.)
        if headers.is_exact_instance_of::<PyDict>() {
            // SAFETY: `headers` is a `dict` (checked above).
            out.offer_dict(unsafe { headers.cast_unchecked::<PyDict>() })?;
            return Ok(out);
        }
        // A type seen before (an application hands over one type on every request) goes its
        // cached way before the type checks below, each a call under the stable ABI: only a type
        // that passed them is ever cached.
        let kind = headers.get_type();
        if let Some(shape) = cached_shape(&kind) {
            if out.read_shape(shape, headers, true)? {
                return Ok(out);
            }
            out.clear();
        }
        if headers.is_instance_of::<PyString>()
            || headers.is_instance_of::<PyBytes>()
            || headers.is_instance_of::<PyByteArray>()
        {
            return Err(type_error("headers", EXPECTED, headers));
        }
        if headers.is_instance_of::<PyList>() {
            // SAFETY: `headers` is a `list` (checked above).
            out.offer_pair_list(unsafe { headers.cast_unchecked::<PyList>() })?;
            return Ok(out);
        }
        if headers.is_instance_of::<PyTuple>() {
            out.offer_pairs(headers, headers)?;
            return Ok(out);
        }
        // The first object of a type: find its shape by its attributes (a missing attribute
        // costs an exception, so this runs once per type), then remember it.
        for shape in Shape::ALL {
            if out.read_shape(shape, headers, false)? {
                remember_shape(kind, shape);
                return Ok(out);
            }
            out.clear();
        }
        out.offer_pairs(headers, headers)?;
        Ok(out)
    }

    /// The kept values, as the core reads them.
    pub fn values(&self) -> hookproof::support::SlotValues<'_, ValueBytes> {
        hookproof::support::SlotValues::new(self.scheme, &self.values)
    }

    fn clear(&mut self) {
        self.values.clear();
        self.held.clear();
    }

    /// Reads `headers` as `shape` (`known`: the shape cached for its type): `false` if it does
    /// not have that shape.
    fn read_shape(
        &mut self,
        shape: Shape,
        headers: &Bound<'py, PyAny>,
        known: bool,
    ) -> PyResult<bool> {
        let py = headers.py();
        match shape {
            // Starlette's `Headers._list`: what `.raw` (a property) copies on every call. Taken
            // for a type only when the two are equal on its first object, and read through
            // `.raw` again if a later object lacks it.
            Shape::RawList => {
                let Some(list) = headers.getattr_opt(pyo3::intern!(py, "_list"))? else {
                    return Ok(false);
                };
                let Ok(list) = list.cast_into::<PyList>() else {
                    return Ok(false);
                };
                if !known {
                    let Some(raw) = headers.getattr_opt(pyo3::intern!(py, "raw"))? else {
                        return Ok(false);
                    };
                    if !raw.is_instance_of::<PyList>() || !raw.eq(&list)? {
                        return Ok(false);
                    }
                }
                self.offer_pair_list(&list)?;
            }
            // Starlette / FastAPI `Headers.raw`: [(name, value), ...] as bytes, names lower-case.
            Shape::Raw => {
                let Some(raw) = headers.getattr_opt(pyo3::intern!(py, "raw"))? else {
                    return Ok(false);
                };
                let Ok(raw) = raw.cast_into::<PyList>() else {
                    return Ok(false);
                };
                self.offer_pair_list(&raw)?;
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
                let names = scheme_names(py, self.scheme);
                for (slot, key) in names.environ_keys.iter().enumerate() {
                    if let Some(value) = environ.get_item(key.bind(py))? {
                        self.keep(slot, value)?;
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

    /// Every entry of a `dict` the scheme reads, looked at through borrowed references: an entry
    /// of a name the scheme does not read costs no reference counting and no object.
    fn offer_dict(&mut self, dict: &Bound<'py, PyDict>) -> PyResult<()> {
        let py = dict.py();
        let mut position: pyo3::ffi::Py_ssize_t = 0;
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        // SAFETY: the GIL is held and `dict` is alive. `PyDict_Next` hands out borrowed
        // references, valid while the dict is not changed; nothing here runs Python code between
        // two steps (a kept value takes its own reference first).
        while unsafe { pyo3::ffi::PyDict_Next(dict.as_ptr(), &mut position, &mut key, &mut value) }
            != 0
        {
            // SAFETY: both are live objects (above).
            unsafe { self.offer_borrowed(py, key, value)? };
        }
        Ok(())
    }

    /// One `(name, value)` entry seen through borrowed references: the name is read in place,
    /// and only a value the scheme reads becomes a reference.
    ///
    /// # Safety
    /// The GIL is held; `name` and `value` are live objects.
    unsafe fn offer_borrowed(
        &mut self,
        py: Python<'py>,
        name: *mut pyo3::ffi::PyObject,
        value: *mut pyo3::ffi::PyObject,
    ) -> PyResult<()> {
        // SAFETY: as the caller promises; `Bound` takes a reference to each object it keeps.
        unsafe {
            let borrowed = pyo3::Borrowed::from_ptr(py, name);
            match exact_text_or_bytes(&borrowed) {
                Some(bytes) => match hookproof::support::read_header_slot(self.scheme, bytes) {
                    Some(slot) => self.keep(slot, Bound::from_borrowed_ptr(py, value)),
                    None => Ok(()),
                },
                None => self.offer(
                    Bound::from_borrowed_ptr(py, name),
                    Bound::from_borrowed_ptr(py, value),
                ),
            }
        }
    }

    /// Keeps `value` if the scheme reads `name` (any `str`, `bytes` or `bytearray` name).
    fn offer(&mut self, name: Bound<'py, PyAny>, value: Bound<'py, PyAny>) -> PyResult<()> {
        let slot = match text_or_bytes(&name) {
            // A `str` that is not UTF-8 (a lone surrogate) is no header the scheme reads.
            Some(bytes) => bytes
                .ok()
                .and_then(|b| hookproof::support::read_header_slot(self.scheme, b)),
            None if name.is_instance_of::<PyByteArray>() => {
                let bytes = name.cast::<PyByteArray>()?.to_vec();
                hookproof::support::read_header_slot(self.scheme, &bytes)
            }
            None => {
                return Err(type_error(
                    "each header name in headers",
                    "str or bytes",
                    &name,
                ))
            }
        };
        match slot {
            Some(slot) => self.keep(slot, value),
            None => Ok(()),
        }
    }

    /// Keeps a wanted header's value (or each of its values: a list or tuple is a repeated header).
    fn keep(&mut self, slot: usize, value: Bound<'py, PyAny>) -> PyResult<()> {
        if value.is_exact_instance_of::<PyString>() || value.is_exact_instance_of::<PyBytes>() {
            return self.push(slot, value);
        }
        if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
            // {"x-webhook-hmac-sha256": ["sig1", "sig2"]}: a repeated header.
            for item in value.try_iter()? {
                self.push(slot, piece(item?, "each header value in headers")?)?;
            }
            return Ok(());
        }
        self.push(slot, piece(value, "each header value in headers")?)
    }

    /// Keeps a value (a `str` or `bytes`, see `piece`) under `slot`, holding the object.
    #[inline]
    fn push(&mut self, slot: usize, value: Bound<'py, PyAny>) -> PyResult<()> {
        let bytes: *const [u8] = text_or_bytes(&value).unwrap_or(Ok(b""))?;
        self.values.push((slot, ValueBytes(bytes)));
        self.held.push(value);
        Ok(())
    }

    /// Every `(name, value)` pair of a `list` (Starlette's raw entries, an ASGI scope's), looked
    /// at through borrowed references as in `offer_dict`; an item that is not a 2-tuple goes
    /// the general way (a `[name, value]` list, or the TypeError).
    fn offer_pair_list(&mut self, list: &Bound<'py, PyList>) -> PyResult<()> {
        use pyo3::ffi;
        let py = list.py();
        let mut index = 0;
        while index < list.len() {
            let at = ffi::Py_ssize_t::try_from(index).unwrap_or(ffi::Py_ssize_t::MAX);
            index += 1;
            // SAFETY: the GIL is held and `at` is within the list: a borrowed reference to a
            // live item, valid while the list is not changed (nothing here changes it).
            let item = unsafe { ffi::PyList_GetItem(list.as_ptr(), at) };
            if item.is_null() {
                return Err(PyErr::fetch(py));
            }
            // SAFETY: `item` is live; a 2-tuple's items are live while it is.
            unsafe {
                if ffi::PyTuple_CheckExact(item) != 0 && ffi::PyTuple_Size(item) == 2 {
                    let name = ffi::PyTuple_GetItem(item, 0);
                    let value = ffi::PyTuple_GetItem(item, 1);
                    if name.is_null() || value.is_null() {
                        return Err(PyErr::fetch(py));
                    }
                    self.offer_borrowed(py, name, value)?;
                } else {
                    let (name, value) = split_pair(&Bound::from_borrowed_ptr(py, item))?;
                    self.offer(name, value)?;
                }
            }
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
        for (slot, name) in scheme_names(py, self.scheme).names.iter().enumerate() {
            let Some(entry) = store.get_item(name.bind(py))? else {
                continue;
            };
            let Ok(entry) = entry.cast::<PyTuple>() else {
                return Ok(false);
            };
            if entry.len() != 2 {
                return Ok(false);
            }
            self.keep(slot, entry.get_item(1)?)?;
        }
        Ok(true)
    }
}

/// The bytes of an exact `str` (UTF-8) or `bytes` object, in place; `None` for any other object
/// and for a `str` that is not UTF-8 (a lone surrogate), which the general path then reads.
#[inline]
fn exact_text_or_bytes<'a>(obj: &'a pyo3::Borrowed<'_, '_, PyAny>) -> Option<&'a [u8]> {
    let obj: &'a Bound<'_, PyAny> = obj;
    if obj.is_exact_instance_of::<PyString>() {
        // SAFETY: `obj` is a `str` (checked above).
        crate::text::str_utf8(unsafe { obj.cast_unchecked::<PyString>() }).ok()
    } else if obj.is_exact_instance_of::<PyBytes>() {
        // SAFETY: `obj` is a `bytes` (checked above).
        Some(unsafe { obj.cast_unchecked::<PyBytes>() }.as_bytes())
    } else {
        None
    }
}

/// A scheme's read-header names as Python strings, and the WSGI environ key of each
/// (`HTTP_X_WEBHOOK_HMAC_SHA256`), made once per scheme instead of on every request; both in
/// slot order.
struct SchemeNames {
    names: Vec<Py<PyString>>,
    environ_keys: Vec<Py<PyString>>,
}

fn scheme_names(py: Python<'_>, scheme: &'static hookproof::Scheme) -> &'static SchemeNames {
    static NAMES: PyOnceLock<Vec<SchemeNames>> = PyOnceLock::new();
    let all = NAMES.get_or_init(py, || {
        hookproof::scheme::ALL
            .iter()
            .map(|scheme| {
                let read = scheme.info().read_headers;
                SchemeNames {
                    names: read
                        .iter()
                        .map(|n| PyString::intern(py, n).unbind())
                        .collect(),
                    environ_keys: read
                        .iter()
                        .map(|n| {
                            let key = format!("HTTP_{}", n.to_ascii_uppercase().replace('-', "_"));
                            PyString::intern(py, &key).unbind()
                        })
                        .collect(),
                }
            })
            .collect()
    });
    // Every scheme is one of `ALL` (the type is sealed); were one not, it would read nothing.
    static NONE: SchemeNames = SchemeNames {
        names: Vec::new(),
        environ_keys: Vec::new(),
    };
    hookproof::scheme::ALL
        .iter()
        .position(|s| std::ptr::eq(*s, scheme))
        .and_then(|index| all.get(index))
        .unwrap_or(&NONE)
}

/// A header value as `str` or `bytes` (a `bytearray` is copied to `bytes`).
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
