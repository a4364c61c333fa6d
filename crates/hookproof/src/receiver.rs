//! What a Rust server integration does with a webhook request, decided once: the body limit
//! (checked on the declared length before reading, enforced while reading), verification, the
//! replay claim, and the answer for every outcome. `hookproof-axum`, `hookproof-actix` and
//! `hookproof listen` adapt it to their framework; none of them decides anything itself.
//!
//! ```
//! # async fn example() -> Result<(), hookproof::Error> {
//! use hookproof::receiver::{Delivery, Receiver};
//! use hookproof::replay::{MemoryStore, ReplayGuard};
//! use hookproof::{scheme, Webhook};
//!
//! let receiver = Receiver::new(Webhook::new(&scheme::PRINTONE, ["secret"])?)
//!     .with_body_limit(64 * 1024)
//!     .with_replay(ReplayGuard::memory(MemoryStore::default()));
//! let body = br#"{"data":{},"event":"x","created_at":"2026-11-28T10:00:00Z"}"#;
//! let headers = [("x-webhook-hmac-sha256", hookproof::sign(body, "secret")?)];
//! receiver.check_declared_length(Some(b"77"))?;
//! match receiver.accept(body, &headers).await {
//!     Ok(Delivery::New(claim)) => { /* run the handler; on failure: receiver.settle(claim, 500) */ }
//!     Ok(Delivery::Duplicate) => { /* answer Receiver::DUPLICATE without running it */ }
//!     Err(error) => { let (status, json) = receiver.rejection(&error); }
//! }
//! # Ok(()) }
//! ```

use std::sync::Arc;

use crate::replay::{ClaimedDelivery, ReplayGuard};
use crate::support::{self, DEFAULT_BODY_LIMIT};
use crate::{Error, Headers, Webhook};

/// A verified request's fate: new (with its claim, if the receiver guards against replays), or a
/// duplicate to acknowledge without running the handler.
#[derive(Debug)]
#[must_use]
pub enum Delivery {
    /// Run the handler; pass the claim to [`Receiver::settle`] with its answer's status.
    New(Option<ClaimedDelivery>),
    /// Answer [`Receiver::DUPLICATE`]: the sender must stop retrying, the handler must not run.
    Duplicate,
}

/// A verifier with the policies around it; see the module docs. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Receiver {
    webhook: Arc<Webhook>,
    body_limit: u64,
    replay: Option<ReplayGuard>,
}

impl Receiver {
    /// The status and JSON body of the answer to a duplicate.
    pub const DUPLICATE: (u16, &'static str) = (support::DUPLICATE_STATUS, support::DUPLICATE_BODY);

    /// A receiver for `webhook`, with the default body limit (1 MiB) and no replay guard.
    pub fn new(webhook: Webhook) -> Receiver {
        Receiver {
            webhook: Arc::new(webhook),
            body_limit: DEFAULT_BODY_LIMIT,
            replay: None,
        }
    }

    /// Bodies larger than `bytes` are refused with 413 (`body_too_large`) without reading the
    /// rest. At least 1.
    pub fn with_body_limit(mut self, bytes: u64) -> Receiver {
        self.body_limit = bytes.max(1);
        self
    }

    /// Claims every verified request with `guard`: duplicates are acknowledged, not handled.
    pub fn with_replay(mut self, guard: ReplayGuard) -> Receiver {
        self.replay = Some(guard);
        self
    }

    /// The verifier.
    pub fn webhook(&self) -> &Webhook {
        &self.webhook
    }

    /// The body limit in bytes.
    pub fn body_limit(&self) -> u64 {
        self.body_limit
    }

    /// `body_too_large` if the request declares a length over the limit (check it before
    /// reading a byte); a missing or unparsable length passes (the limit then holds while
    /// reading).
    pub fn check_declared_length(&self, content_length: Option<&[u8]>) -> Result<(), Error> {
        support::check_content_length(content_length, self.body_limit)
    }

    /// The error for a body found over the limit while reading it.
    pub fn too_large(&self) -> Error {
        Error::BodyTooLarge {
            limit: self.body_limit,
        }
    }

    /// Verifies the request (its exact bytes) and claims it.
    pub async fn accept<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
    ) -> Result<Delivery, Error> {
        if u64::try_from(body.len()).map_or(true, |len| len > self.body_limit) {
            return Err(self.too_large());
        }
        self.webhook.verify(body, headers)?;
        match &self.replay {
            None => Ok(Delivery::New(None)),
            Some(guard) => Ok(match guard.claim(&self.webhook, body, headers).await? {
                Some(claim) => Delivery::New(Some(claim)),
                None => Delivery::Duplicate,
            }),
        }
    }

    /// The status and JSON body (`{"code": ..., "message": ...}`) a rejected request is answered
    /// with: the scheme's status for the error.
    pub fn rejection(&self, error: &Error) -> (u16, String) {
        (
            self.webhook.scheme().http_status(error),
            support::error_json(error),
        )
    }

    /// After the handler answered `status`: a claim whose delivery was not answered 2xx is
    /// released, so that the sender's retry is processed. A release that fails is returned (the
    /// claim then lives its TTL).
    pub async fn settle(&self, claim: Option<ClaimedDelivery>, status: u16) -> Result<(), Error> {
        match claim {
            Some(claim) if !(200..300).contains(&status) => claim.release().await,
            _ => Ok(()),
        }
    }
}
