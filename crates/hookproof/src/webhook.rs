//! [`Webhook`]: a reusable verifier with prepared keys, rotation and a scheme.

use std::time::Duration;

use crate::headers::Headers;
use crate::scheme::{self, Scheme, SignOptions, SignedHeaders, VerifyContext};
use crate::secret::{Key, Secret};
use crate::Error;

/// The default timestamp tolerance for schemes that sign a timestamp: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// A reusable webhook verifier: one scheme, one or more secrets, keys prepared once.
///
/// Several secrets mean rotation: a request is accepted if it is signed with any of them, so you
/// can add the new secret, switch the sender over, then remove the old one without losing events.
///
/// ```
/// use hookproof::Webhook;
///
/// let body = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
/// let sender = Webhook::new("new-secret")?;
/// let headers = sender.sign(body); // [("x-webhook-hmac-sha256", "...")]
///
/// // During rotation the receiver accepts both the old and the new secret.
/// let receiver = Webhook::with_secrets(["old-secret", "new-secret"])?;
/// receiver.verify(body, &headers)?;
///
/// let tampered = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00.001Z"}"#;
/// assert_eq!(receiver.verify(tampered, &headers).unwrap_err().code(), "signature_mismatch");
/// # Ok::<(), hookproof::Error>(())
/// ```
#[derive(Clone)]
pub struct Webhook {
    scheme: &'static dyn Scheme,
    keys: Vec<Key>,
    tolerance: Duration,
}

impl core::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Webhook")
            .field("scheme", &self.scheme.name())
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// A Print.one verifier with one secret.
    pub fn new(secret: impl Into<Secret>) -> Result<Webhook, Error> {
        Webhook::with_secrets([secret])
    }

    /// A Print.one verifier that accepts a signature from any of `secrets` (rotation).
    pub fn with_secrets<S: Into<Secret>>(
        secrets: impl IntoIterator<Item = S>,
    ) -> Result<Webhook, Error> {
        Webhook::with_scheme(scheme::PRINTONE, secrets)
    }

    /// A verifier for `scheme` (see [`scheme::by_name`]) accepting any of `secrets`.
    ///
    /// Fails with `invalid_secret` if there is no secret or one cannot be used (empty, or not in
    /// the encoding the scheme requires).
    pub fn with_scheme<S: Into<Secret>>(
        scheme: &'static dyn Scheme,
        secrets: impl IntoIterator<Item = S>,
    ) -> Result<Webhook, Error> {
        let keys = secrets
            .into_iter()
            .map(|secret| scheme.prepare_key(secret.into()))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(Error::InvalidSecret {
                reason: "no secret was given",
            });
        }
        Ok(Webhook {
            scheme,
            keys,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets how far a signed timestamp may be from the receiver's clock (schemes with timestamps).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Webhook {
        self.tolerance = tolerance;
        self
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> &'static dyn Scheme {
        self.scheme
    }

    /// The timestamp tolerance.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Verifies a request: `body` exactly as received, `headers` in any shape and case.
    ///
    /// Allocates nothing. Returns the first reason the request is not authentic.
    pub fn verify<H: Headers + ?Sized>(&self, body: &[u8], headers: &H) -> Result<(), Error> {
        self.verify_inner(body, &headers, None)
    }

    /// Like [`verify`](Webhook::verify), with the receiver's clock given in Unix seconds (for
    /// tests, and for runtimes without a system clock: on `wasm32-unknown-unknown`, use this for
    /// schemes that sign a timestamp).
    pub fn verify_at<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now_unix_secs: i64,
    ) -> Result<(), Error> {
        self.verify_inner(body, &headers, Some(now_unix_secs))
    }

    fn verify_inner(
        &self,
        body: &[u8],
        headers: &dyn Headers,
        now: Option<i64>,
    ) -> Result<(), Error> {
        let context = VerifyContext {
            now,
            tolerance_secs: self.tolerance.as_secs(),
        };
        self.scheme.verify(&self.keys, body, headers, &context)
    }

    /// Verifies the request, then parses the body as a Print.one event.
    ///
    /// ```
    /// use hookproof::{EventType, Webhook};
    ///
    /// let webhook = Webhook::new("secret")?;
    /// let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
    /// let event = webhook.construct_event(body, &webhook.sign(body))?;
    /// assert_eq!(event.event, EventType::OrderStatusUpdate);
    /// assert_eq!(event.data["id"], "ord_1");
    /// # Ok::<(), hookproof::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn construct_event<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
    ) -> Result<crate::Event, Error> {
        self.verify(body, headers)?;
        crate::Event::from_json(body)
    }

    /// Like [`construct_event`](Webhook::construct_event) with the clock given in Unix seconds.
    #[cfg(feature = "json")]
    pub fn construct_event_at<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now_unix_secs: i64,
    ) -> Result<crate::Event, Error> {
        self.verify_at(body, headers, now_unix_secs)?;
        crate::Event::from_json(body)
    }

    /// The headers a sender attaches to `body`, signed with the first secret.
    pub fn sign(&self, body: &[u8]) -> SignedHeaders {
        self.sign_with(body, &SignOptions::default())
            .expect("signing with default options cannot fail for a prepared key")
    }

    /// Like [`sign`](Webhook::sign), with a timestamp or message id for schemes that sign them.
    ///
    /// Left out, they come from the system clock. On `wasm32-unknown-unknown` there is none
    /// (`SystemTime::now` panics there), so pass both, as `@hookproof/wasm` does.
    pub fn sign_with(&self, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error> {
        self.scheme.sign(&self.keys[0], body, options)
    }
}
