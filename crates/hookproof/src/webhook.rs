//! [`Webhook`]: a reusable verifier with prepared keys, rotation, a scheme and a clock.

use std::sync::Arc;
use std::time::Duration;

use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::scheme::{Scheme, SignOptions, SignedHeaders, Window};
use crate::secret::{Key, Secret};
use crate::Error;

/// The default timestamp tolerance for schemes that sign a timestamp: five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Where a [`Webhook`] reads the time from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Clock {
    /// The system clock (read only by schemes that sign a timestamp, and by the maximum-age
    /// check). On `wasm32-unknown-unknown` there is none: use [`Clock::Fixed`] there.
    #[default]
    System,
    /// A fixed time in Unix seconds: for tests, for checking a delivery stored earlier, and for
    /// runtimes without a system clock.
    Fixed(i64),
}

impl Clock {
    /// The time in Unix seconds.
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => crate::scheme::system_now(),
            Clock::Fixed(secs) => *secs,
        }
    }

    fn window(&self, tolerance: Duration) -> Window {
        Window {
            now: match self {
                Clock::System => None,
                Clock::Fixed(secs) => Some(*secs),
            },
            tolerance_secs: tolerance.as_secs(),
        }
    }
}

/// A reusable webhook verifier: one scheme, one or more secrets, keys prepared once.
///
/// Several secrets mean rotation: a request is accepted if it is signed with any of them, so you
/// can add the new secret, switch the sender over, then remove the old one without losing events.
/// Cloning is cheap (the prepared keys are shared), so a `Webhook` can live in a web framework's
/// application state.
///
/// ```
/// use hookproof::{scheme, SignOptions, Webhook};
///
/// let body = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
/// let sender = Webhook::new(&scheme::PRINTONE, ["new-secret"])?;
/// let headers = sender.sign(body, &SignOptions::new())?; // [("x-webhook-hmac-sha256", "...")]
///
/// // During rotation the receiver accepts both the old and the new secret.
/// let receiver = Webhook::new(&scheme::PRINTONE, ["old-secret", "new-secret"])?;
/// receiver.verify(body, &headers)?;
///
/// let tampered = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00.001Z"}"#;
/// assert_eq!(receiver.verify(tampered, &headers).unwrap_err().code(), "signature_mismatch");
/// # Ok::<(), hookproof::Error>(())
/// ```
#[derive(Clone)]
pub struct Webhook {
    scheme: &'static Scheme,
    keys: Arc<[Key]>,
    tolerance: Duration,
    max_age: Option<Duration>,
    clock: Clock,
}

impl core::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Never the secrets: only how many there are.
        f.debug_struct("Webhook")
            .field("scheme", &self.scheme.name())
            .field("secrets", &self.keys.len())
            .field("tolerance", &self.tolerance)
            .field("max_age", &self.max_age)
            .field("clock", &self.clock)
            .finish()
    }
}

impl Webhook {
    /// A verifier for `scheme` (e.g. [`crate::scheme::PRINTONE`], or
    /// [`crate::scheme::by_name`]) accepting any of `secrets`.
    ///
    /// Fails with `invalid_secret` if there is no secret or one cannot be used (empty, equivalent
    /// to empty, or not in the encoding the scheme requires).
    pub fn new<S: Into<Secret>>(
        scheme: &'static Scheme,
        secrets: impl IntoIterator<Item = S>,
    ) -> Result<Webhook, Error> {
        let provider = scheme.provider();
        let keys = secrets
            .into_iter()
            .map(|secret| provider.prepare_key(secret.into()))
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(Error::InvalidSecret {
                reason: "no secret was given",
            });
        }
        Ok(Webhook {
            scheme,
            keys: keys.into(),
            tolerance: DEFAULT_TOLERANCE,
            max_age: None,
            clock: Clock::System,
        })
    }

    /// Sets how far a signed timestamp may be from the receiver's clock, in either direction
    /// (schemes that sign a timestamp; default [`DEFAULT_TOLERANCE`]).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Webhook {
        self.tolerance = tolerance;
        self
    }

    /// Refuses events whose signed creation time is older than `max_age` (`event_too_old`), for
    /// schemes with a typed event (Print.one's `created_at`). Off by default: a provider's retry
    /// of an old event is old too, so pick a maximum age above its retry window.
    ///
    /// `invalid_argument` for a scheme without a signed event time (their signed timestamps are
    /// checked by the tolerance instead).
    #[cfg(feature = "json")]
    pub fn with_max_age(mut self, max_age: Duration) -> Result<Webhook, Error> {
        if self.scheme.info().envelope.is_none() {
            return Err(Error::invalid_argument(
                "max_age",
                if self.scheme.info().signs_timestamp {
                    format!(
                        "the {} scheme has no signed event time; its signed timestamp is checked \
                         against the tolerance instead",
                        self.scheme.info().title
                    )
                } else {
                    format!(
                        "the {} scheme signs no time at all, so a maximum age cannot be checked; \
                         use the replay guard against replays",
                        self.scheme.info().title
                    )
                },
            ));
        }
        self.max_age = Some(max_age);
        Ok(self)
    }

    /// Sets the clock (default: the system clock).
    pub fn with_clock(mut self, clock: Clock) -> Webhook {
        self.clock = clock;
        self
    }

    /// The scheme this verifier checks.
    pub fn scheme(&self) -> &'static Scheme {
        self.scheme
    }

    /// The timestamp tolerance.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// The maximum event age, if set.
    pub fn max_age(&self) -> Option<Duration> {
        self.max_age
    }

    /// The clock.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// How many secrets it accepts.
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Verifies a request: `body` exactly as received, `headers` in any shape and case.
    ///
    /// Returns the first reason the request is not authentic (or, with a maximum age, not
    /// fresh). Allocates nothing for the HMAC schemes without a maximum age.
    pub fn verify<H: Headers + ?Sized>(&self, body: &[u8], headers: &H) -> Result<(), Error> {
        self.verify_at(body, &headers, self.clock)
    }

    /// [`Webhook::verify`] with another clock, for the binding-support layer (its callers pass a
    /// clock per call).
    pub(crate) fn verify_at(
        &self,
        body: &[u8],
        headers: &dyn Headers,
        clock: Clock,
    ) -> Result<(), Error> {
        let window = clock.window(self.tolerance);
        self.scheme
            .provider()
            .verify(&self.keys, body, headers, &window)?;
        if let Some(max_age) = self.max_age {
            self.check_age(body, max_age, clock)?;
        }
        Ok(())
    }

    fn check_age(&self, body: &[u8], max_age: Duration, clock: Clock) -> Result<(), Error> {
        #[cfg(not(feature = "json"))]
        let _ = (body, max_age, clock);
        #[cfg(feature = "json")]
        {
            let Some(shape) = self.scheme.info().envelope else {
                return Ok(());
            };
            let fields = crate::event::envelope_fields(shape, body, self.scheme.info().title)?;
            let created_ms = i128::from(fields.created_at_unix_ms);
            let now_ms = i128::from(clock.now()).saturating_mul(1000);
            let limit = i128::try_from(max_age.as_millis()).unwrap_or(i128::MAX);
            if now_ms.saturating_sub(created_ms) > limit {
                return Err(Error::EventTooOld {
                    max_age_secs: max_age.as_secs(),
                });
            }
        }
        Ok(())
    }

    /// Verifies the request, then parses the body as `T` (`invalid_payload` if it does not fit,
    /// or holds JSON that the bindings' parsers would read differently: a number beyond a double,
    /// an escaped lone surrogate; the message says where, never what the body said).
    ///
    /// ```
    /// use hookproof::scheme::{self, printone};
    /// use hookproof::{SignOptions, Webhook};
    ///
    /// let webhook = Webhook::new(&scheme::PRINTONE, ["secret"])?;
    /// let body = br#"{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":true,"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00.000Z"}"#;
    /// let headers = webhook.sign(body, &SignOptions::new())?;
    /// let event: printone::Event = webhook.construct_event(body, &headers)?;
    /// assert_eq!(event.event, printone::EventType::CouponCodeUsed);
    /// # Ok::<(), hookproof::Error>(())
    /// ```
    #[cfg(feature = "json")]
    pub fn construct_event<T, H>(&self, body: &[u8], headers: &H) -> Result<T, Error>
    where
        T: serde::de::DeserializeOwned,
        H: Headers + ?Sized,
    {
        self.verify(body, headers)?;
        let text = crate::event::utf8_body(body)?;
        let shape = || format!("a {} event", self.scheme.info().title);
        // JSON every binding reads alike first (a field `T` skips could hold a number beyond a
        // double, which Python and JavaScript would refuse or read as infinity), then `T`.
        serde_json::from_str::<crate::event::Checked>(text)
            .and_then(|_| serde_json::from_str(text))
            .map_err(|err| crate::event::json_error(&err, &shape()))
    }

    /// The headers a sender attaches to `body`, signed with the first secret. The timestamp (for
    /// schemes that sign one) is `options.timestamp` or the webhook's clock.
    ///
    /// `invalid_secret` for a key that cannot sign (a Standard Webhooks `whpk_` public key),
    /// `invalid_argument` for a negative timestamp or an unusable message id.
    pub fn sign(&self, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error> {
        self.sign_at(body, options, self.clock)
    }

    pub(crate) fn sign_at(
        &self,
        body: &[u8],
        options: &SignOptions,
        clock: Clock,
    ) -> Result<SignedHeaders, Error> {
        let key = self.keys.first().ok_or(Error::InvalidSecret {
            reason: "no secret was given",
        })?;
        self.scheme.provider().sign(key, body, options, clock.now())
    }

    /// The replay keys of a request, from its signed data (see [`crate::replay`]). Call it after
    /// [`Webhook::verify`] succeeded: the keys of an unverified request mean nothing.
    pub fn replay_keys<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
    ) -> Result<ReplayKeys, Error> {
        self.scheme.provider().replay_keys(body, &headers)
    }
}
