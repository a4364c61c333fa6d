//! # hookproof
//!
//! Webhook signature verification that is hard to get wrong: the exact raw bytes, a constant-time
//! comparison, headers in any case and shape, strict decoding, secret rotation, replay
//! protection, and typed errors whose messages say what to check. One core, shared by the Rust,
//! Python, Node and WebAssembly packages.
//!
//! ## Print.one in one line
//!
//! ```
//! let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
//! // What Print.one puts in `x-webhook-hmac-sha256` for this body under the secret "secret":
//! let signature = "7LB5fDrWBb4zYWq73mdEWCKjxqAJ3HvH6wlMVEz0t4U=";
//! assert_eq!(hookproof::verify(body, signature, "secret"), Ok(true));
//! assert_eq!(hookproof::verify(body, signature, "another secret"), Ok(false));
//! ```
//!
//! ## A reusable verifier
//!
//! [`Webhook`] names its [`scheme`], prepares its keys once, accepts several secrets (rotation),
//! reads the signature from whatever header collection you have ([`Headers`]) and explains a
//! rejection with an [`Error`] that has a stable [`code`](Error::code).
//!
//! ```
//! use hookproof::scheme::{self, printone};
//! use hookproof::{SignOptions, Webhook};
//!
//! let webhook = Webhook::new(&scheme::PRINTONE, ["current-secret", "previous-secret"])?;
//! let body = br#"{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":true,"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00.000Z"}"#;
//! let signature = hookproof::sign(body, "previous-secret")?;
//!
//! // Header names in any case, as pairs, maps or `http::HeaderMap` (feature `http`).
//! let headers = [("Content-Type", "application/json"), ("X-Webhook-Hmac-Sha256", signature.as_str())];
//! let event: printone::Event = webhook.construct_event(body, &headers)?;
//! assert_eq!(event.event, printone::EventType::CouponCodeUsed);
//!
//! let err = webhook.verify(b"{}", &headers).unwrap_err();
//! assert_eq!(err.code(), "signature_mismatch");
//! # Ok::<(), hookproof::Error>(())
//! ```
//!
//! ## Features
//!
//! - `json` (default): [`Webhook::construct_event`], the typed Print.one events
//!   ([`scheme::printone::Event`]) and [`Webhook::with_max_age`].
//! - `ed25519` (default): Standard Webhooks' asymmetric `v1a` signatures.
//! - `http`: [`Headers`] for `http::HeaderMap`.
//!
//! With `json`, [`lambda`] decodes AWS Lambda's HTTP events (API Gateway, function URLs, ALB) to
//! the exact bytes and headers that were signed.
//!
//! ## Guarantees
//!
//! No `unsafe`; no panic on any input (the crate is built with clippy's `unwrap_used`,
//! `expect_used`, `panic`, `indexing_slicing` and `arithmetic_side_effects` denied); every
//! comparison of a MAC is constant-time (`subtle`); the HMAC verify path allocates nothing.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

#[cfg(feature = "background")]
pub mod background;
mod error;
#[cfg(feature = "json")]
pub mod event;
pub mod headers;
#[cfg(feature = "json")]
pub mod lambda;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub mod receiver;
pub mod replay;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod replay_guard;
pub mod scheme;
mod secret;
#[doc(hidden)]
pub mod support;
mod webhook;

pub use error::{Error, ErrorKind, ERROR_KINDS};
pub use headers::Headers;
pub use scheme::{Scheme, SchemeInfo, SignOptions, SignedHeaders};
pub use secret::Secret;
pub use webhook::{Clock, Webhook, DEFAULT_TOLERANCE};

// The contract's one-shot functions are the default scheme's (Print.one: a signature value alone
// identifies a request only in a scheme that signs nothing but the body).
pub use scheme::printone::{sign, verify};

/// The README's Rust examples, compiled and run as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// The samples of `docs/rust.md`, compiled and run as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/rust.md")]
pub struct DocsRustDoctests;
