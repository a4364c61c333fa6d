//! Print.one: `x-webhook-hmac-sha256: base64(HMAC-SHA256(secret, raw body))`.
//!
//! The secret is used as its UTF-8 bytes, the body exactly as received. Print.one renamed the
//! header from `x-printone-hmac-sha256`; both are read, the new one first. The body is the event
//! envelope `{"data": {...}, "event": "<name>", "created_at": "<RFC 3339>"}`; its typed form is
//! [`Event`].
//!
//! Print.one signs only the body: there is no timestamp header and no delivery id. The replay
//! key is therefore a SHA-256 of the body (a retry of the same delivery carries the same bytes),
//! and freshness comes from the signed `created_at` with [`crate::Webhook::with_max_age`].

use super::{
    decode_base64_exact, encode_base64, hmac_for_signing, verify_hmac_items, EnvelopeShape,
    Provider, Scheme, SchemeInfo, SignOptions, SignedHeaders, Window,
};
use subtle::ConstantTimeEq;

use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::{self, Key};
use crate::Error;

#[cfg(feature = "json")]
mod event;
#[cfg(feature = "json")]
#[cfg(feature = "schema")]
pub use event::schema;
#[cfg(feature = "json")]
pub use event::{
    Address, Batch, BatchOrders, BatchStatus, CouponCode, Data, DeliverySpeed, Event, EventType,
    Finish, Format, FriendlyStatus, Order, OrderStatus, TemplatePreview,
};

/// The header Print.one sends today.
pub const SIGNATURE_HEADER: &str = "x-webhook-hmac-sha256";
/// The header older Print.one deliveries (and its old helper) used.
pub const LEGACY_SIGNATURE_HEADER: &str = "x-printone-hmac-sha256";

const EXPECTED: &str = "44 characters of padded standard base64 (HMAC-SHA256)";

/// Print.one's scheme; see the module docs.
pub static PRINTONE: Scheme = Scheme::new(
    SchemeInfo {
        name: "printone",
        title: "Print.one",
        signature_headers: &[SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER],
        read_headers: &[SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER],
        signs_timestamp: false,
        signs_id: false,
        envelope: Some(&ENVELOPE),
        // The OpenAPI description names `X-Webhook-Event`, the help pages `x-printone-event`.
        event_headers: &["x-webhook-event", "x-printone-event"],
        delivery_headers: &[
            ("content-type", "application/json"),
            ("user-agent", "Print.one Webhook Service"),
        ],
        rejection_status: 401,
        secret_format:
            "the webhook secret from Print.one's webhook settings, used as its UTF-8 bytes",
        replay_key: "SHA-256 of the raw body: Print.one signs nothing else, and a retry of a \
                     delivery carries the same bytes (its `created_at` included)",
        sample_events: &[
            (
                "order_status_update",
                include_str!("samples/order_status_update.json"),
            ),
            (
                "template_preview_rendered",
                include_str!("samples/template_preview_rendered.json"),
            ),
            (
                "batch_status_update",
                include_str!("samples/batch_status_update.json"),
            ),
            (
                "coupon_code_used",
                include_str!("samples/coupon_code_used.json"),
            ),
        ],
    },
    &PrintOne,
);

struct PrintOne;

/// `{"data": {...}, "event": "<name>", "created_at": "<RFC 3339>"}`.
static ENVELOPE: EnvelopeShape = EnvelopeShape {
    event_field: "event",
    data_field: "data",
    created_at_field: "created_at",
    events: &[
        "order_status_update",
        "template_preview_rendered",
        "batch_status_update",
        "coupon_code_used",
    ],
    #[cfg(feature = "schema")]
    schema: event::schema,
};

/// Compares one signature value against an already computed tag (the one-shot path).
fn check_value(tag: &[u8; 32], signature: &[u8]) -> Result<(), Error> {
    let Some(candidate) = decode_base64_exact::<32>(signature.trim_ascii()) else {
        return Err(Error::MalformedSignature { expected: EXPECTED });
    };
    if bool::from(tag.ct_eq(&candidate)) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch)
    }
}

/// The one-shot Print.one check: `Ok(true)` only if `signature` (the `x-webhook-hmac-sha256`
/// header value) is the padded standard base64 HMAC-SHA256 of `body` under `secret`.
///
/// `Ok(false)` is the verdict for a wrong or malformed signature (surrounding ASCII whitespace is
/// ignored; any other deviation from canonical base64 of 32 bytes is malformed). `Err` is a
/// configuration error, `invalid_secret`: an empty secret, or one that HMAC treats exactly like
/// an empty one (up to 64 zero bytes), with which anyone could sign. Allocates nothing.
///
/// ```
/// assert_eq!(hookproof::verify(b"hello", "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=", "secret"), Ok(true));
/// assert_eq!(hookproof::verify(b"hello", "not base64", "secret"), Ok(false));
/// assert_eq!(hookproof::verify(b"hello", "AAAA", "").unwrap_err().code(), "invalid_secret");
/// ```
pub fn verify(
    body: &[u8],
    signature: impl AsRef<[u8]>,
    secret: impl AsRef<[u8]>,
) -> Result<bool, Error> {
    let tag = secret::hmac_sha256_once(secret.as_ref(), &[body])?;
    Ok(check_value(&tag, signature.as_ref()).is_ok())
}

/// The Print.one signature (the `x-webhook-hmac-sha256` value) for `body` under `secret`.
///
/// ```
/// assert_eq!(hookproof::sign(b"hello", "secret")?, "iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=");
/// # Ok::<(), hookproof::Error>(())
/// ```
pub fn sign(body: &[u8], secret: impl AsRef<[u8]>) -> Result<String, Error> {
    Ok(encode_base64(&secret::hmac_sha256_once(
        secret.as_ref(),
        &[body],
    )?))
}

impl Provider for PrintOne {
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        _window: &Window,
    ) -> Result<(), Error> {
        verify_hmac_items(
            keys,
            &[body],
            headers,
            &[SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER],
            decode_base64_exact::<32>,
            EXPECTED,
        )
    }

    fn sign(
        &self,
        key: &Key,
        body: &[u8],
        _options: &SignOptions,
        _now: i64,
    ) -> Result<SignedHeaders, Error> {
        Ok(vec![(
            SIGNATURE_HEADER,
            encode_base64(&hmac_for_signing(key, &[body])?),
        )])
    }

    fn replay_keys(&self, body: &[u8], _headers: &dyn Headers) -> Result<ReplayKeys, Error> {
        Ok(ReplayKeys::one(&PRINTONE, "body", &[body]))
    }
}
