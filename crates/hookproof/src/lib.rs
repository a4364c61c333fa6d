//! # hookproof
//!
//! Webhook signature verification that is hard to get wrong: the exact raw bytes, a constant-time
//! comparison, headers in any case and shape, strict decoding, secret rotation, and typed errors
//! whose messages say what to check. One core, shared by the Rust, Python, Node and WebAssembly
//! packages.
//!
//! ## Print.one in one line
//!
//! ```
//! let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
//! // What Print.one puts in `x-webhook-hmac-sha256` for this body under the secret "secret":
//! let signature = "7LB5fDrWBb4zYWq73mdEWCKjxqAJ3HvH6wlMVEz0t4U=";
//! assert!(hookproof::verify(body, signature, "secret"));
//! assert!(!hookproof::verify(body, signature, "another secret"));
//! ```
//!
//! ## A reusable verifier
//!
//! [`Webhook`] prepares its keys once, accepts several secrets (rotation), reads the signature
//! from whatever header collection you have ([`Headers`]) and explains a rejection with an
//! [`Error`] that has a stable [`code`](Error::code).
//!
//! ```
//! use hookproof::{EventType, Webhook};
//!
//! let webhook = Webhook::with_secrets(["current-secret", "previous-secret"])?;
//! let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
//! let signature = hookproof::sign(body, "previous-secret")?;
//!
//! // Header names in any case, as pairs, maps or `http::HeaderMap` (feature `http`).
//! let headers = [("Content-Type", "application/json"), ("X-Webhook-Hmac-Sha256", signature.as_str())];
//! let event = webhook.construct_event(body, &headers)?;
//! assert_eq!(event.event, EventType::OrderStatusUpdate);
//!
//! let err = webhook.verify(b"{}", &headers).unwrap_err();
//! assert_eq!(err.code(), "signature_mismatch");
//! # Ok::<(), hookproof::Error>(())
//! ```
//!
//! ## Features
//!
//! - `json` (default): [`Webhook::construct_event`] and the typed [`Event`].
//! - `http`: [`Headers`] for `http::HeaderMap`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
#[cfg(feature = "json")]
mod event;
pub mod headers;
pub mod scheme;
mod secret;
mod webhook;

pub use error::Error;
#[cfg(feature = "json")]
pub use event::{Event, EventType};
pub use headers::Headers;
pub use scheme::{Scheme, SignOptions, SignedHeaders};
pub use secret::{Key, Secret};
pub use webhook::{Webhook, DEFAULT_TOLERANCE};

/// The README's Rust examples, compiled and run as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// The samples of `docs/rust.md`, compiled and run as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/rust.md")]
pub struct DocsRustDoctests;

/// Checks a Print.one signature: `true` only if `signature` (the `x-webhook-hmac-sha256` header
/// value) is the padded standard base64 HMAC-SHA256 of `body` under `secret`.
///
/// `body` must be the raw bytes as received. Surrounding ASCII whitespace in `signature` is
/// ignored; any other deviation from canonical base64 of 32 bytes is malformed and gives `false`.
/// An empty secret never verifies; use [`try_verify`] to tell that configuration error apart.
///
/// ```
/// assert!(hookproof::verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret"));
/// assert!(!hookproof::verify(b"hello", "not base64", "secret"));
/// assert!(!hookproof::verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", ""));
/// ```
pub fn verify(body: &[u8], signature: &str, secret: impl AsRef<[u8]>) -> bool {
    matches!(try_verify(body, signature, secret), Ok(true))
}

/// Like [`verify`], but a configuration error is an `Err` instead of `false`.
///
/// `Ok(true)`: valid. `Ok(false)`: wrong or malformed signature (a verdict on the request).
/// `Err(e)` with `e.code() == "invalid_secret"`: the secret is empty (a bug in the receiver's
/// configuration, which should fail loudly rather than reject every webhook in silence).
/// This is what the bindings' one-shot `verify` calls, so that all of them raise on an empty secret.
///
/// ```
/// assert_eq!(hookproof::try_verify(b"hello", "AAAA", "secret"), Ok(false));
/// assert_eq!(hookproof::try_verify(b"hello", "AAAA", "").unwrap_err().code(), "invalid_secret");
/// ```
pub fn try_verify(body: &[u8], signature: &str, secret: impl AsRef<[u8]>) -> Result<bool, Error> {
    verify_detailed(body, signature.as_bytes(), secret).map_or_else(
        |err| {
            if err.is_configuration() {
                Err(err)
            } else {
                Ok(false)
            }
        },
        |()| Ok(true),
    )
}

/// Like [`verify`], with the reason for a rejection: `malformed_signature`, `signature_mismatch`
/// or `invalid_secret`. `signature` may be any bytes (a header value need not be UTF-8).
pub fn verify_detailed(
    body: &[u8],
    signature: &[u8],
    secret: impl AsRef<[u8]>,
) -> Result<(), Error> {
    let tag = secret::hmac_sha256_once(secret.as_ref(), &[body])?;
    scheme::PrintOne::check_value(&tag, signature)
}

/// The Print.one signature (the `x-webhook-hmac-sha256` value) for `body` under `secret`.
///
/// ```
/// assert_eq!(hookproof::sign(b"hello", "secret")?, "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=");
/// # Ok::<(), hookproof::Error>(())
/// ```
pub fn sign(body: &[u8], secret: impl AsRef<[u8]>) -> Result<String, Error> {
    Ok(scheme::encode_base64(&secret::hmac_sha256_once(
        secret.as_ref(),
        &[body],
    )?))
}
