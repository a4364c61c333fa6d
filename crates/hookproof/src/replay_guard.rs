//! The replay guard for Rust servers: the protocol of [`crate::replay`] over a store, async.
//!
//! ```
//! # async fn example() -> Result<(), hookproof::Error> {
//! use hookproof::replay::{MemoryStore, ReplayGuard};
//! use hookproof::{scheme, Webhook};
//!
//! let webhook = Webhook::new(&scheme::PRINTONE, ["secret"])?;
//! let guard = ReplayGuard::memory(MemoryStore::default());
//! let body = br#"{"data":{},"event":"x","created_at":"2026-11-28T10:00:00Z"}"#;
//! let headers = [("x-webhook-hmac-sha256", hookproof::sign(body, "secret")?)];
//! webhook.verify(body, &headers)?;
//! let Some(claimed) = guard.claim(&webhook, body, &headers).await? else {
//!     return Ok(()); // a duplicate: answer 200 without running the handler
//! };
//! if handle(body).is_err() {
//!     claimed.release().await?; // so that the sender's retry is processed
//! }
//! # Ok(()) }
//! # fn handle(_: &[u8]) -> Result<(), ()> { Ok(()) }
//! ```
//!
//! With the `redis` feature, [`ReplayGuard::redis`] shares the claims of every receiver through
//! one Redis ([`RedisStore`]).

use std::sync::Arc;
use std::time::Duration;

use crate::replay::{Claim, MemoryStore, ReplayKeys, Token, DEFAULT_TTL};
use crate::{Error, Headers, Webhook};

#[derive(Clone, Debug)]
enum Store {
    Memory(Arc<MemoryStore>),
    #[cfg(feature = "redis")]
    Redis(RedisStore),
}

/// Claims verified requests before their handler runs; see the module docs.
#[derive(Clone, Debug)]
pub struct ReplayGuard {
    store: Store,
    ttl: Duration,
}

/// A request this receiver claimed: release it if the handler failed; on success drop it (the
/// claim lives its TTL).
#[derive(Debug)]
#[must_use = "a claimed delivery whose handler fails must be released"]
pub struct ClaimedDelivery {
    store: Store,
    keys: ReplayKeys,
    token: Token,
}

impl ReplayGuard {
    /// A guard over an in-memory store (one process), with the default TTL (one day).
    pub fn memory(store: MemoryStore) -> ReplayGuard {
        ReplayGuard {
            store: Store::Memory(Arc::new(store)),
            ttl: DEFAULT_TTL,
        }
    }

    /// A guard over Redis (several receivers), with the default TTL (one day).
    #[cfg(feature = "redis")]
    pub fn redis(store: RedisStore) -> ReplayGuard {
        ReplayGuard {
            store: Store::Redis(store),
            ttl: DEFAULT_TTL,
        }
    }

    /// How long a claim lives (at least a millisecond).
    pub fn with_ttl(mut self, ttl: Duration) -> ReplayGuard {
        self.ttl = ttl;
        self
    }

    /// Claims a verified request: `Some` if it is new (run the handler), `None` for a duplicate
    /// (acknowledge it without running the handler); `store_unavailable` if the store cannot be
    /// reached (answer 503: nothing was decided).
    pub async fn claim<H: Headers + ?Sized>(
        &self,
        webhook: &Webhook,
        body: &[u8],
        headers: &H,
    ) -> Result<Option<ClaimedDelivery>, Error> {
        let keys = webhook.replay_keys(body, headers)?;
        let claim = match &self.store {
            Store::Memory(store) => store.claim(&keys, self.ttl),
            #[cfg(feature = "redis")]
            Store::Redis(store) => store.claim(&keys, self.ttl).await?,
        };
        Ok(match claim {
            Claim::Claimed(token) => Some(ClaimedDelivery {
                store: self.store.clone(),
                keys,
                token,
            }),
            Claim::Duplicate => None,
        })
    }
}

impl ClaimedDelivery {
    /// Frees the claim, so that the sender's retry is processed.
    pub async fn release(self) -> Result<(), Error> {
        match &self.store {
            Store::Memory(store) => {
                store.release(&self.keys, &self.token);
                Ok(())
            }
            #[cfg(feature = "redis")]
            Store::Redis(store) => store.release(&self.keys, &self.token).await,
        }
    }
}

#[cfg(feature = "redis")]
pub use redis_store::RedisStore;

#[cfg(feature = "redis")]
mod redis_store {
    use std::time::Duration;

    use redis::aio::ConnectionManager;

    use crate::replay::{
        store_unavailable, Claim, RedisClaim, RedisRelease, ReplayKeys, Reply, Token,
        DEFAULT_PREFIX,
    };
    use crate::Error;

    /// Replay claims in Redis, through the `redis` crate (a connection manager: it reconnects
    /// after an outage). Every command waits at most `timeout` (default 2 s) before the claim is
    /// `store_unavailable`.
    #[derive(Clone)]
    pub struct RedisStore {
        connection: ConnectionManager,
        prefix: String,
        timeout: Duration,
    }

    impl core::fmt::Debug for RedisStore {
        fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            // Never the URL: it may hold a password.
            f.debug_struct("RedisStore")
                .field("prefix", &self.prefix)
                .finish_non_exhaustive()
        }
    }

    impl RedisStore {
        /// Connects to `url` (`redis://[:password@]host:port/db`) with the default key prefix.
        pub async fn connect(url: &str) -> Result<RedisStore, Error> {
            let client = redis::Client::open(url).map_err(|e| store_unavailable(&e.to_string()))?;
            let connection = ConnectionManager::new(client)
                .await
                .map_err(|e| store_unavailable(&e.to_string()))?;
            Ok(RedisStore {
                connection,
                prefix: DEFAULT_PREFIX.to_string(),
                timeout: Duration::from_secs(2),
            })
        }

        /// The key prefix (default `hookproof:replay:`).
        pub fn with_prefix(mut self, prefix: impl Into<String>) -> RedisStore {
            self.prefix = prefix.into();
            self
        }

        /// How long to wait for each command.
        pub fn with_timeout(mut self, timeout: Duration) -> RedisStore {
            self.timeout = timeout;
            self
        }

        async fn send(&self, words: &[String]) -> Reply {
            let Some((name, args)) = words.split_first() else {
                return Reply::Error("an empty command".into());
            };
            let mut connection = self.connection.clone();
            let mut command = redis::cmd(name);
            for arg in args {
                command.arg(arg);
            }
            let query = command.query_async::<redis::Value>(&mut connection);
            match tokio::time::timeout(self.timeout, query).await {
                Err(_) => Reply::Error(format!("no answer within {:?}", self.timeout)),
                Ok(Err(error)) => Reply::Error(error.to_string()),
                Ok(Ok(value)) => match value {
                    redis::Value::Okay => Reply::Text("OK".into()),
                    redis::Value::SimpleString(text) => Reply::Text(text),
                    redis::Value::BulkString(bytes) => {
                        Reply::Text(String::from_utf8_lossy(&bytes).into_owned())
                    }
                    redis::Value::Int(n) => Reply::Integer(n),
                    redis::Value::Nil => Reply::Nil,
                    other => Reply::Error(format!("unexpected reply {other:?}")),
                },
            }
        }

        pub(super) async fn claim(&self, keys: &ReplayKeys, ttl: Duration) -> Result<Claim, Error> {
            let mut claim = RedisClaim::new(keys, &self.prefix, ttl);
            while let Some(command) = claim.command() {
                let reply = self.send(&command).await;
                claim.reply(reply)?;
            }
            claim
                .outcome()
                .ok_or_else(|| store_unavailable("the claim did not finish"))
        }

        pub(super) async fn release(&self, keys: &ReplayKeys, token: &Token) -> Result<(), Error> {
            for command in RedisRelease::new(keys, &self.prefix, token).commands() {
                if let Reply::Error(message) = self.send(command).await {
                    return Err(store_unavailable(&message));
                }
            }
            Ok(())
        }
    }
}
