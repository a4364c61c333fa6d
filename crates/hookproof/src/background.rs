//! Answer first, process after, for Rust servers on tokio (feature `background`): the handler
//! runs after the 2xx has been sent, at most `max_concurrent` at once, with at most
//! `max_pending` more waiting (beyond that a delivery is refused with `overloaded`, 503, so that
//! the sender retries); a handler's failure goes to the error hook (by default written to
//! stderr, never swallowed) and releases its replay claim.
//!
//! Choose it when a handler may take longer than the sender waits (Print.one gives up after 30
//! seconds). Keep handling synchronous when the sender's retry on failure is what makes your
//! processing reliable: after the answer, a failure is yours to handle.
//!
//! ```
//! # async fn example() -> Result<(), hookproof::Error> {
//! use hookproof::background::Background;
//!
//! let background = Background::new(8, 1000).on_error(|error, what| eprintln!("{what}: {error}"));
//! let place = background.reserve()?; // before answering: `overloaded` when full
//! // ... answer 200 ...
//! background.spawn(place, None, "order ord_1", async move {
//!     // the slow work
//!     Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
//! });
//! # Ok(()) }
//! ```

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::replay::ClaimedDelivery;
use crate::Error;

/// What a background handler fails with.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
type ErrorHook = Arc<dyn Fn(&HandlerError, &str) + Send + Sync>;

/// A bounded pool of handlers that run after their delivery was answered; cheap to clone.
#[derive(Clone)]
pub struct Background {
    running: Arc<Semaphore>,
    places: Arc<Semaphore>,
    max_pending: usize,
    on_error: ErrorHook,
    now: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

impl core::fmt::Debug for Background {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Background")
            .field("max_pending", &self.max_pending)
            .finish_non_exhaustive()
    }
}

/// A place in the queue, taken before the delivery is answered.
#[derive(Debug)]
#[must_use = "a reserved place is used by `Background::spawn`"]
pub struct Place {
    _taken: OwnedSemaphorePermit,
}

impl Default for Background {
    /// 8 at once and 1000 waiting, the other languages' defaults.
    fn default() -> Background {
        Background::new(8, 1000)
    }
}

impl Background {
    /// At most `max_concurrent` handlers at once (at least 1), `max_pending` more waiting.
    pub fn new(max_concurrent: usize, max_pending: usize) -> Background {
        let max_concurrent = max_concurrent.max(1);
        Background {
            running: Arc::new(Semaphore::new(max_concurrent)),
            places: Arc::new(Semaphore::new(max_concurrent.saturating_add(max_pending))),
            max_pending,
            on_error: Arc::new(|error, what| {
                eprintln!("hookproof: a webhook handler failed after its delivery was answered ({what}): {error}");
            }),
            now: Arc::default(),
            peak: Arc::default(),
        }
    }

    /// Where a handler's failure goes: `hook(error, what)`, `what` as given to `spawn`.
    pub fn on_error(
        mut self,
        hook: impl Fn(&HandlerError, &str) + Send + Sync + 'static,
    ) -> Background {
        self.on_error = Arc::new(hook);
        self
    }

    /// Takes a place before the delivery is answered; `overloaded` (503) when none is left.
    pub fn reserve(&self) -> Result<Place, Error> {
        Arc::clone(&self.places)
            .try_acquire_owned()
            .map(|taken| Place { _taken: taken })
            .map_err(|_| Error::Overloaded {
                pending: u64::try_from(self.max_pending).unwrap_or(u64::MAX),
            })
    }

    /// Runs `handler` on the tokio runtime once a slot is free. A failure releases `claim` (so
    /// that a redelivery is processed) and goes to the error hook.
    pub fn spawn<F>(
        &self,
        place: Place,
        claim: Option<ClaimedDelivery>,
        what: impl Into<String>,
        handler: F,
    ) where
        F: Future<Output = Result<(), HandlerError>> + Send + 'static,
    {
        let this = self.clone();
        let what = what.into();
        tokio::spawn(async move {
            let _place = place;
            let Ok(_slot) = Arc::clone(&this.running).acquire_owned().await else {
                return;
            };
            let running = this.now.fetch_add(1, Ordering::SeqCst).saturating_add(1);
            this.peak.fetch_max(running, Ordering::SeqCst);
            let outcome = handler.await;
            this.now.fetch_sub(1, Ordering::SeqCst);
            if let Err(error) = outcome {
                if let Some(claim) = claim {
                    if let Err(release) = claim.release().await {
                        eprintln!("hookproof: could not release the replay claim of a failed delivery: {release}");
                    }
                }
                (this.on_error)(&error, &what);
            }
        });
    }

    /// The most handlers that ran at once (for tests and metrics).
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}
