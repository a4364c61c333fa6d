//! Case-insensitive header lookup over whatever shape the caller has.
//!
//! Frameworks hand headers over as maps with any case, lists of pairs, multi-maps or
//! `http::HeaderMap`. A scheme only ever asks one question: "every value of header `name`". The
//! [`Headers`] trait answers it for each of those shapes without allocating.
//!
//! ## Repeated headers
//!
//! A header can reach a receiver several times (a proxy that adds one, a sender that rotates
//! secrets), either as separate entries or joined by the framework with `", "` (Node does this).
//! hookproof treats each value as one more candidate signature and accepts the request if any
//! candidate is valid. That is safe: every candidate must be a full MAC of the body under one of
//! your secrets, so more candidates do not help a forger (a scheme caps how many it reads); and it
//! is what rotation on the sender's side needs. Rejecting duplicates as ambiguous would turn a
//! harmless proxy quirk into lost webhooks.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

/// Something that can list the values of a header by name, ignoring ASCII case.
///
/// Implemented for slices, arrays and `Vec`s of `(name, value)` pairs, `HashMap` and `BTreeMap`
/// (with `str`/`String`/bytes keys and values), references to all of these, and
/// `http::HeaderMap` with the `http` feature.
///
/// ```
/// use hookproof::Headers;
///
/// let headers = [("Content-Type", "application/json"), ("X-Webhook-HMAC-SHA256", "abc=")];
/// let mut seen = Vec::new();
/// headers.for_each_value("x-webhook-hmac-sha256", &mut |v| seen.push(v.to_vec()));
/// assert_eq!(seen, vec![b"abc=".to_vec()]);
/// ```
pub trait Headers {
    /// Calls `visit` with every value of the header `name` (given in lower case), in order.
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8]));
}

impl<T: Headers + ?Sized> Headers for &T {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        (**self).for_each_value(name, visit)
    }
}

fn pairs_for_each<'a, K, V>(
    pairs: impl Iterator<Item = (&'a K, &'a V)>,
    name: &str,
    visit: &mut dyn FnMut(&[u8]),
) where
    K: AsRef<[u8]> + ?Sized + 'a,
    V: AsRef<[u8]> + ?Sized + 'a,
{
    for (key, value) in pairs {
        if key.as_ref().eq_ignore_ascii_case(name.as_bytes()) {
            visit(value.as_ref());
        }
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> Headers for [(K, V)] {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        pairs_for_each(self.iter().map(|(k, v)| (k, v)), name, visit)
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>, const N: usize> Headers for [(K, V); N] {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        self[..].for_each_value(name, visit)
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> Headers for Vec<(K, V)> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        self[..].for_each_value(name, visit)
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>, S: BuildHasher> Headers for HashMap<K, V, S> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        // Keys may be in any case, so a hashed lookup cannot be used; header maps are small.
        pairs_for_each(self.iter(), name, visit)
    }
}

impl<K: AsRef<[u8]>, V: AsRef<[u8]>> Headers for BTreeMap<K, V> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        pairs_for_each(self.iter(), name, visit)
    }
}

#[cfg(feature = "http")]
impl Headers for http::HeaderMap {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        // HeaderMap stores names in lower case and looks them up case-insensitively.
        for value in self.get_all(name) {
            visit(value.as_bytes());
        }
    }
}

/// Adapts a closure into [`Headers`], for header stores hookproof does not know.
///
/// ```
/// let store = vec![("x-webhook-hmac-sha256".to_string(), "abc=".to_string())];
/// let headers = hookproof::headers::from_fn(|name: &str, visit: &mut dyn FnMut(&[u8])| {
///     for (k, v) in &store {
///         if k.eq_ignore_ascii_case(name) { visit(v.as_bytes()) }
///     }
/// });
/// # use hookproof::Headers;
/// let mut n = 0;
/// headers.for_each_value("x-webhook-hmac-sha256", &mut |_| n += 1);
/// assert_eq!(n, 1);
/// ```
pub fn from_fn<F>(lookup: F) -> FromFn<F>
where
    F: Fn(&str, &mut dyn FnMut(&[u8])),
{
    FromFn(lookup)
}

/// The [`Headers`] returned by [`from_fn`].
pub struct FromFn<F>(F);

impl<F: Fn(&str, &mut dyn FnMut(&[u8]))> Headers for FromFn<F> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        (self.0)(name, visit)
    }
}

/// Calls `visit` with each comma-separated, whitespace-trimmed item of every value of `name`: the
/// separate entries of a repeated header and the items of one a framework joined. Empty items are
/// visited too, so that an empty header reads as a malformed signature, not a missing one.
pub(crate) fn for_each_item(headers: &dyn Headers, name: &str, visit: &mut dyn FnMut(&[u8])) {
    headers.for_each_value(name, &mut |value| {
        for item in value.split(|&b| b == b',') {
            visit(item.trim_ascii());
        }
    });
}
