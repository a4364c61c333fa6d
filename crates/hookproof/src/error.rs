//! The one error type of hookproof, with the stable codes every binding exposes.

use core::fmt;

/// Why a webhook was not accepted.
///
/// Every variant has a stable [`code`](Error::code) (`"signature_mismatch"`, …) that the Python,
/// Node and WebAssembly bindings expose unchanged, so a log line or a metric means the same thing in
/// every language. `Display` says what to check next. No variant ever carries secret material.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// None of the scheme's signature headers was present.
    MissingSignature {
        /// The header the scheme reads first (for the message).
        header: &'static str,
    },
    /// A signature header was present but no value in it had the scheme's exact encoding.
    MalformedSignature {
        /// What the scheme expected, e.g. "44 characters of padded standard base64".
        expected: &'static str,
    },
    /// Well-formed signatures were present, but none matches the body under any secret.
    SignatureMismatch,
    /// The scheme signs a timestamp, and its header was absent.
    MissingTimestamp {
        /// The timestamp header the scheme reads.
        header: &'static str,
    },
    /// The signed timestamp is older than the tolerance allows (a replay, or a slow queue).
    TimestampTooOld,
    /// The signed timestamp is further in the future than the tolerance allows (clock skew).
    TimestampTooNew,
    /// The secret cannot be used: a configuration error, never a verdict on a request.
    InvalidSecret {
        /// What is wrong with it (never the secret itself).
        reason: &'static str,
    },
    /// The signature is valid but the body is not a well-formed event.
    InvalidPayload {
        /// Where parsing failed (from the JSON parser; it never quotes the body).
        reason: String,
    },
}

impl Error {
    /// Every stable code, in declaration order. Bindings derive their exception classes from it.
    pub const CODES: [&'static str; 8] = [
        "missing_signature",
        "malformed_signature",
        "signature_mismatch",
        "missing_timestamp",
        "timestamp_too_old",
        "timestamp_too_new",
        "invalid_secret",
        "invalid_payload",
    ];

    /// The stable, machine-readable code of this error.
    ///
    /// ```
    /// let err = hookproof::Webhook::new("whsec-demo")?
    ///     .verify(b"{}", &[("x-webhook-hmac-sha256", "AAAA")])
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "malformed_signature");
    /// # Ok::<(), hookproof::Error>(())
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            Error::MissingSignature { .. } => "missing_signature",
            Error::MalformedSignature { .. } => "malformed_signature",
            Error::SignatureMismatch => "signature_mismatch",
            Error::MissingTimestamp { .. } => "missing_timestamp",
            Error::TimestampTooOld => "timestamp_too_old",
            Error::TimestampTooNew => "timestamp_too_new",
            Error::InvalidSecret { .. } => "invalid_secret",
            Error::InvalidPayload { .. } => "invalid_payload",
        }
    }

    /// True for errors that describe the receiver's configuration rather than the request.
    ///
    /// The one-shot [`crate::try_verify`] returns these as `Err`; request problems are `Ok(false)`.
    pub fn is_configuration(&self) -> bool {
        matches!(self, Error::InvalidSecret { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingSignature { header } => write!(
                f,
                "no `{header}` header on the request: pass every request header to hookproof \
                 (any case, any shape) and check that no proxy strips it"
            ),
            Error::MalformedSignature { expected } => write!(
                f,
                "a signature header is malformed (expected {expected}); check that header values \
                 reach hookproof unchanged"
            ),
            Error::SignatureMismatch => f.write_str(
                "the signature does not match the body: verify the raw bytes exactly as received \
                 (was the body parsed and re-serialized before verification?) and check that the \
                 secret is the one configured for this webhook",
            ),
            Error::MissingTimestamp { header } => {
                write!(f, "no `{header}` header on the request; this scheme signs a timestamp")
            }
            Error::TimestampTooOld => f.write_str(
                "the signed timestamp is older than the tolerance: a replayed request, or a \
                 receiver clock that is behind",
            ),
            Error::TimestampTooNew => f.write_str(
                "the signed timestamp is in the future beyond the tolerance: check the receiver's clock",
            ),
            Error::InvalidSecret { reason } => write!(
                f,
                "the webhook secret cannot be used ({reason}); copy it from the provider's dashboard"
            ),
            Error::InvalidPayload { reason } => write!(
                f,
                "the signature is valid but the body is not a webhook event: {reason}"
            ),
        }
    }
}

impl std::error::Error for Error {}
