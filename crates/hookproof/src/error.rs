//! The one error type of hookproof, with the stable codes every binding exposes.

use core::fmt;

/// Why a webhook was not accepted, or why hookproof could not be used as asked.
///
/// Every variant has a stable [`code`](Error::code) (`"signature_mismatch"`, …) that the Python,
/// Node and WebAssembly bindings expose unchanged, so a log line or a metric means the same thing
/// in every language. `Display` says what to check next. No variant ever carries secret material
/// or any part of the request body.
///
/// Three groups:
/// - verdicts on a request (`missing_signature` … `event_too_old`, `invalid_payload`,
///   `body_too_large`): the sender or the request is at fault;
/// - configuration and caller errors (`invalid_secret`, `invalid_argument`,
///   `raw_body_unavailable`): the receiver's code is at fault; [`Error::is_configuration`];
/// - `store_unavailable` and `overloaded`: the receiver could not take the request now (the
///   replay store is unreachable, or too many handlers wait); nothing was decided, and the
///   sender should retry.
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
    /// The scheme signs a timestamp, and the request carries none.
    MissingTimestamp {
        /// Where the timestamp should have been, e.g. "no `x-slack-request-timestamp` header".
        what: &'static str,
    },
    /// The signed timestamp is not one plain decimal Unix time (or several disagree).
    MalformedTimestamp {
        /// What the scheme expected.
        expected: &'static str,
    },
    /// The signed timestamp is older than the tolerance allows (a replay, or a slow queue).
    TimestampTooOld,
    /// The signed timestamp is further in the future than the tolerance allows (clock skew).
    TimestampTooNew,
    /// The signed event time (Print.one's `created_at`) is older than the configured maximum age.
    EventTooOld {
        /// The configured maximum age, in seconds.
        max_age_secs: u64,
    },
    /// The secret cannot be used: a configuration error, never a verdict on a request.
    InvalidSecret {
        /// What is wrong with it (never the secret itself).
        reason: &'static str,
    },
    /// An argument given by the caller is out of range or unusable (a tolerance of `NaN`, an
    /// unknown scheme name, a negative time to sign): a bug in the calling code.
    InvalidArgument {
        /// The argument, as the caller named it (`tolerance`, `scheme`, `timestamp`, …).
        argument: &'static str,
        /// What is wrong with it (never its value, which could be a misplaced secret).
        reason: String,
    },
    /// The signature is valid but the body is not a well-formed event.
    InvalidPayload {
        /// Where parsing failed: a position and what was expected, never what the body said.
        reason: String,
    },
    /// The request body is larger than the receiver accepts; it was not read to the end.
    BodyTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The receiver's framework consumed the body before hookproof saw it, so the signed raw
    /// bytes are gone (a JSON body parser mounted before the webhook route).
    RawBodyUnavailable,
    /// The replay store (Redis) could not be reached or answered something unexpected. Nothing
    /// was decided: answer 503 so that the sender retries later.
    StoreUnavailable {
        /// What went wrong (never a connection string, which may hold a password).
        reason: String,
    },
    /// A helper that answers first and runs handlers afterwards has as many handlers waiting as
    /// it was allowed: the request was not accepted, so that the sender retries later.
    Overloaded {
        /// How many handlers may wait.
        pending: u64,
    },
}

/// Every stable code with the class name the bindings give it and what it means, in
/// declaration order. The generated lists of every binding (Python classes and `Literal`s,
/// TypeScript unions, the docs' tables) come from this table.
pub const ERROR_KINDS: [ErrorKind; 15] = [
    ErrorKind::new(
        "missing_signature",
        "MissingSignature",
        "no signature header for the scheme",
    ),
    ErrorKind::new(
        "malformed_signature",
        "MalformedSignature",
        "a signature header that is not the scheme's exact encoding",
    ),
    ErrorKind::new(
        "signature_mismatch",
        "SignatureMismatch",
        "well-formed, but no secret produces it for these bytes",
    ),
    ErrorKind::new(
        "missing_timestamp",
        "MissingTimestamp",
        "the scheme signs a timestamp and none was sent",
    ),
    ErrorKind::new(
        "malformed_timestamp",
        "MalformedTimestamp",
        "the signed timestamp is not one plain decimal Unix time",
    ),
    ErrorKind::new(
        "timestamp_too_old",
        "TimestampTooOld",
        "the signed timestamp is older than the tolerance",
    ),
    ErrorKind::new(
        "timestamp_too_new",
        "TimestampTooNew",
        "the signed timestamp is further ahead than the tolerance",
    ),
    ErrorKind::new(
        "event_too_old",
        "EventTooOld",
        "the signed event time is older than the configured maximum age",
    ),
    ErrorKind::new(
        "invalid_secret",
        "InvalidSecret",
        "configuration error: the secret cannot be used",
    ),
    ErrorKind::new(
        "invalid_argument",
        "InvalidArgument",
        "caller error: an argument is out of range or unknown",
    ),
    ErrorKind::new(
        "invalid_payload",
        "InvalidPayload",
        "valid signature, but the body is not an event of the scheme",
    ),
    ErrorKind::new(
        "body_too_large",
        "BodyTooLarge",
        "the body is over the receiver's size limit",
    ),
    ErrorKind::new(
        "raw_body_unavailable",
        "RawBodyUnavailable",
        "a body parser consumed the raw bytes before verification",
    ),
    ErrorKind::new(
        "store_unavailable",
        "StoreUnavailable",
        "the replay store could not be reached: nothing was decided",
    ),
    ErrorKind::new(
        "overloaded",
        "Overloaded",
        "too many handlers are waiting to run after their answer: retry later",
    ),
];

/// One stable error code and how the bindings name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorKind {
    /// The stable code, e.g. `"signature_mismatch"`.
    pub code: &'static str,
    /// The exception class name in Python (`SignatureMismatch`); JavaScript appends `Error`.
    pub class_name: &'static str,
    /// One line on what it means.
    pub summary: &'static str,
}

impl ErrorKind {
    const fn new(code: &'static str, class_name: &'static str, summary: &'static str) -> Self {
        ErrorKind {
            code,
            class_name,
            summary,
        }
    }
}

impl Error {
    /// The stable, machine-readable code of this error.
    ///
    /// ```
    /// use hookproof::{scheme, Webhook};
    /// let err = Webhook::new(&scheme::PRINTONE, ["whsec-demo"])?
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
            Error::MalformedTimestamp { .. } => "malformed_timestamp",
            Error::TimestampTooOld => "timestamp_too_old",
            Error::TimestampTooNew => "timestamp_too_new",
            Error::EventTooOld { .. } => "event_too_old",
            Error::InvalidSecret { .. } => "invalid_secret",
            Error::InvalidArgument { .. } => "invalid_argument",
            Error::InvalidPayload { .. } => "invalid_payload",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::RawBodyUnavailable => "raw_body_unavailable",
            Error::StoreUnavailable { .. } => "store_unavailable",
            Error::Overloaded { .. } => "overloaded",
        }
    }

    /// True for errors in the receiver's own configuration or code rather than in the request:
    /// `invalid_secret`, `invalid_argument`, `raw_body_unavailable`. The one-shot
    /// [`crate::verify`] returns these as `Err`; a bad request there is `Ok(false)`.
    pub fn is_configuration(&self) -> bool {
        matches!(
            self,
            Error::InvalidSecret { .. } | Error::InvalidArgument { .. } | Error::RawBodyUnavailable
        )
    }

    /// True for a verdict that the request is not authentic or not fresh (signature, timestamp
    /// and event-age errors). These get the scheme's rejection status (see
    /// [`crate::Scheme::http_status`]).
    pub fn is_rejection(&self) -> bool {
        matches!(
            self,
            Error::MissingSignature { .. }
                | Error::MalformedSignature { .. }
                | Error::SignatureMismatch
                | Error::MissingTimestamp { .. }
                | Error::MalformedTimestamp { .. }
                | Error::TimestampTooOld
                | Error::TimestampTooNew
                | Error::EventTooOld { .. }
        )
    }

    pub(crate) fn invalid_argument(argument: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidArgument {
            argument,
            reason: reason.into(),
        }
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
            Error::MissingTimestamp { what } => {
                write!(f, "{what} on the request; this scheme signs a timestamp")
            }
            Error::MalformedTimestamp { expected } => write!(
                f,
                "the signed timestamp is malformed (expected {expected}); check that header \
                 values reach hookproof unchanged"
            ),
            Error::TimestampTooOld => f.write_str(
                "the signed timestamp is older than the tolerance: a replayed request, or a \
                 receiver clock that is behind",
            ),
            Error::TimestampTooNew => f.write_str(
                "the signed timestamp is in the future beyond the tolerance: check the receiver's clock",
            ),
            Error::EventTooOld { max_age_secs } => write!(
                f,
                "the event was created more than {max_age_secs} s ago (the maximum age configured \
                 on this receiver): a replayed delivery, or a retry that came too late"
            ),
            Error::InvalidSecret { reason } => write!(
                f,
                "the webhook secret cannot be used ({reason}); copy it from the provider's dashboard"
            ),
            Error::InvalidArgument { argument, reason } => {
                write!(f, "`{argument}` cannot be used: {reason}")
            }
            Error::InvalidPayload { reason } => write!(
                f,
                "the signature is valid but the body is not a webhook event: {reason}"
            ),
            Error::BodyTooLarge { limit } => write!(
                f,
                "the request body is larger than this receiver's limit of {limit} bytes; raise \
                 the limit (`body_limit` / `bodyLimit`) if the provider sends events that large"
            ),
            Error::RawBodyUnavailable => f.write_str(
                "the request body was already parsed by a body parser mounted before this route, \
                 so the raw bytes that were signed are gone: register the webhook route before \
                 the parser, or configure the parser to keep the raw bytes (see hookproof's guide \
                 for your framework)",
            ),
            Error::StoreUnavailable { reason } => write!(
                f,
                "the replay store is unavailable ({reason}); nothing was processed, so the sender \
                 should retry later"
            ),
            Error::Overloaded { pending } => write!(
                f,
                "{pending} handlers are already waiting to run after their answer; nothing was \
                 processed, so the sender should retry later (raise the bound, or handle faster)"
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_code_once_in_order() {
        let samples = [
            Error::MissingSignature { header: "h" },
            Error::MalformedSignature { expected: "e" },
            Error::SignatureMismatch,
            Error::MissingTimestamp { what: "w" },
            Error::MalformedTimestamp { expected: "e" },
            Error::TimestampTooOld,
            Error::TimestampTooNew,
            Error::EventTooOld { max_age_secs: 1 },
            Error::InvalidSecret { reason: "r" },
            Error::invalid_argument("a", "r"),
            Error::InvalidPayload { reason: "r".into() },
            Error::BodyTooLarge { limit: 1 },
            Error::RawBodyUnavailable,
            Error::StoreUnavailable { reason: "r".into() },
            Error::Overloaded { pending: 1 },
        ];
        let codes: Vec<&str> = samples.iter().map(Error::code).collect();
        let table: Vec<&str> = ERROR_KINDS.iter().map(|k| k.code).collect();
        assert_eq!(codes, table);
    }
}
