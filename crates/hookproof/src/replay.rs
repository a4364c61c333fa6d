//! Replay and duplicate protection: a key from signed data, and a store that claims it.
//!
//! A signature proves who sent a request, not that it is new: every provider delivers at least
//! once (a retry after a slow answer is an honest duplicate), and a captured request can be
//! POSTed again (a replay). The protocol, the same in every language and every store:
//!
//! 1. verify the request;
//! 2. take its [`ReplayKeys`] (from signed data only, decided per scheme: see
//!    [`crate::SchemeInfo::replay_key`]);
//! 3. **claim** them atomically with a TTL before the handler runs: if any is already claimed the
//!    request is a duplicate, acknowledged (2xx, so the sender stops retrying) without running
//!    the handler;
//! 4. if the handler fails, **release** the claim, so that the sender's retry is processed; on
//!    success the claim stays until its TTL.
//!
//! A store that cannot be reached fails closed: `store_unavailable` (HTTP 503), so the sender
//! retries later and nothing is lost or processed twice.
//!
//! Stores: [`MemoryStore`] (one process: bounded entries, TTL) and Redis (several receivers),
//! driven by [`RedisClaim`]/[`RedisRelease`], which say which commands to send and read their
//! replies: the bindings send them with the client the user gave (redis-py, ioredis,
//! node-redis), and the `redis` feature sends them with the `redis` crate ([`RedisStore`]).
//! [`ReplayGuard`] runs the protocol for Rust servers (the axum and actix-web integrations, and
//! `hookproof listen --replay`).

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher};
use std::sync::Mutex;
use std::time::Duration;

use sha2::{Digest, Sha256};

#[cfg(feature = "redis")]
pub use crate::replay_guard::RedisStore;
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use crate::replay_guard::{ClaimedDelivery, ReplayGuard};

use crate::scheme::Scheme;
use crate::Error;

/// The default time a claim lives: one day, longer than any provider's retry window for a
/// delivery that was answered 2xx (a duplicate after that is rare and harmless to most handlers).
pub const DEFAULT_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The default prefix of Redis keys.
pub const DEFAULT_PREFIX: &str = "hookproof:replay:";

/// One replay key: a SHA-256 over a scheme's signed data, with the scheme and what was hashed.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplayKey([u8; 32]);

impl ReplayKey {
    /// The key in lower-case hex (64 characters).
    pub fn to_hex(&self) -> String {
        crate::scheme::encode_hex(&self.0)
    }

    /// The digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl core::fmt::Debug for ReplayKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ReplayKey({})", self.to_hex())
    }
}

/// The replay keys of one request: one or two (a request is a duplicate if any of them has been
/// claimed).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReplayKeys {
    keys: [ReplayKey; 2],
    len: usize,
}

impl ReplayKeys {
    fn digest(scheme: &Scheme, label: &str, parts: &[&[u8]]) -> ReplayKey {
        // Length-prefixed, so that no two different inputs hash the same framing.
        let mut hash = Sha256::new();
        hash.update(b"hookproof-replay-v1\0");
        for field in [scheme.name().as_bytes(), label.as_bytes()] {
            hash.update((field.len() as u64).to_be_bytes());
            hash.update(field);
        }
        let total: usize = parts.iter().map(|p| p.len()).fold(0, usize::saturating_add);
        hash.update((total as u64).to_be_bytes());
        for part in parts {
            hash.update(part);
        }
        ReplayKey(hash.finalize().into())
    }

    pub(crate) fn one(scheme: &Scheme, label: &str, parts: &[&[u8]]) -> ReplayKeys {
        let key = ReplayKeys::digest(scheme, label, parts);
        ReplayKeys {
            keys: [key, key],
            len: 1,
        }
    }

    pub(crate) fn two(
        scheme: &Scheme,
        (first_label, first): (&str, &[&[u8]]),
        (second_label, second): (&str, &[&[u8]]),
    ) -> ReplayKeys {
        ReplayKeys {
            keys: [
                ReplayKeys::digest(scheme, first_label, first),
                ReplayKeys::digest(scheme, second_label, second),
            ],
            len: 2,
        }
    }

    /// The keys.
    pub fn as_slice(&self) -> &[ReplayKey] {
        self.keys.get(..self.len).unwrap_or(&[])
    }

    /// The keys as hex digests, space-separated (how the JavaScript engines pass them around).
    pub fn to_hex_list(&self) -> String {
        let keys: Vec<String> = self.as_slice().iter().map(ReplayKey::to_hex).collect();
        keys.join(" ")
    }

    /// The keys from [`ReplayKeys::to_hex_list`]'s text: one or two 64-digit hex digests,
    /// space-separated; `None` for anything else.
    pub fn from_hex_list(text: &str) -> Option<ReplayKeys> {
        let mut keys = [ReplayKey([0; 32]); 2];
        let mut len = 0usize;
        for part in text.split(' ') {
            let key = keys.get_mut(len)?;
            *key = ReplayKey(crate::scheme::decode_hex_exact::<32>(part.as_bytes())?);
            len = len.saturating_add(1);
        }
        if len == 1 {
            keys[1] = keys[0];
        }
        (len > 0).then_some(ReplayKeys { keys, len })
    }

    /// The keys as Redis keys: `prefix` followed by the hex digest.
    pub fn redis_keys(&self, prefix: &str) -> Vec<String> {
        self.as_slice()
            .iter()
            .map(|key| format!("{prefix}{}", key.to_hex()))
            .collect()
    }
}

/// Who holds a claim: released only by its holder (a claim that expired and was taken by another
/// delivery is not released by the first one's failure).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Token(String);

impl Token {
    /// A fresh token, unique across processes with overwhelming probability.
    pub fn new() -> Token {
        Token(unique_hex(16))
    }

    /// The token's text (32 hex digits).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A token from its text (as the bindings hand it back).
    pub fn from_string(text: String) -> Token {
        Token(text)
    }
}

impl Default for Token {
    fn default() -> Token {
        Token::new()
    }
}

/// `bytes` random-looking bytes in hex: from the OS-seeded keys of std's `RandomState`, a
/// process-wide counter and the clock. Unique, not secret: for tokens and message ids.
pub(crate) fn unique_hex(bytes: usize) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut out = String::with_capacity(bytes.saturating_mul(2));
    let mut written = 0usize;
    while written < bytes {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        for byte in hasher.finish().to_be_bytes() {
            if written < bytes {
                out.push_str(&crate::scheme::encode_hex(&[byte]));
                written = written.saturating_add(1);
            }
        }
    }
    out
}

/// The outcome of a claim.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Claim {
    /// The request is new: run the handler; release with the token if it fails.
    Claimed(Token),
    /// A request with the same keys was claimed before: acknowledge, do not run the handler.
    Duplicate,
}

/// A TTL in whole milliseconds, at least 1 (Redis refuses `PX 0`).
pub(crate) fn ttl_millis(ttl: Duration) -> u64 {
    u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1)
}

// ---------------------------------------------------------------------------------------------
// In memory

/// An in-memory store for one process: claims with a TTL, at most `max_entries` of them.
///
/// When full, expired claims go first, then the oldest live ones (counted in
/// [`MemoryStats::evicted_live`]: an evicted claim can no longer catch its duplicate, so size
/// `max_entries` above the deliveries you get per TTL). Thread-safe. The clock is the caller's
/// (milliseconds on any monotonic scale), so the store works where `Instant` does not
/// (`wasm32-unknown-unknown`); [`MemoryStore::claim`] reads `Instant` for Rust callers.
#[derive(Debug)]
pub struct MemoryStore {
    max_entries: usize,
    inner: Mutex<MemoryInner>,
}

#[derive(Debug, Default)]
struct MemoryInner {
    live: HashMap<ReplayKey, (u64, Token)>,
    /// Claim order, for eviction: (key, expiry). Entries whose claim was released or replaced
    /// stay until they reach the front, and are skipped then.
    order: VecDeque<(ReplayKey, u64)>,
    evicted_live: u64,
}

/// What a [`MemoryStore`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryStats {
    /// Live claims.
    pub entries: usize,
    /// Claims evicted before their TTL because the store was full.
    pub evicted_live: u64,
}

/// The default bound of a [`MemoryStore`].
pub const DEFAULT_MAX_ENTRIES: usize = 100_000;

impl MemoryStore {
    /// A store of at most `max_entries` claims (at least 1).
    pub fn new(max_entries: usize) -> MemoryStore {
        MemoryStore {
            max_entries: max_entries.max(1),
            inner: Mutex::new(MemoryInner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryInner> {
        // A panic while holding the lock cannot leave the maps inconsistent in a way that
        // matters here (at worst an entry too many), so a poisoned lock is used as it is.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Claims `keys` for `ttl` at `now_ms` (the caller's monotonic clock, in milliseconds).
    pub fn claim_at(&self, keys: &ReplayKeys, ttl: Duration, now_ms: u64) -> Claim {
        let mut inner = self.lock();
        let live = keys.as_slice().iter().any(|key| {
            inner
                .live
                .get(key)
                .is_some_and(|(expiry, _)| *expiry > now_ms)
        });
        if live {
            return Claim::Duplicate;
        }
        let expiry = now_ms.saturating_add(ttl_millis(ttl));
        let token = Token::new();
        for key in keys.as_slice() {
            inner.live.insert(*key, (expiry, token.clone()));
            inner.order.push_back((*key, expiry));
        }
        inner.evict(now_ms, self.max_entries);
        Claim::Claimed(token)
    }

    /// Releases a claim made with `token` (after the handler failed), so a retry is processed.
    pub fn release(&self, keys: &ReplayKeys, token: &Token) {
        let mut inner = self.lock();
        for key in keys.as_slice() {
            if inner.live.get(key).is_some_and(|(_, held)| held == token) {
                inner.live.remove(key);
            }
        }
    }

    /// Claims with the system's monotonic clock.
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    pub fn claim(&self, keys: &ReplayKeys, ttl: Duration) -> Claim {
        self.claim_at(keys, ttl, monotonic_ms())
    }

    /// The eviction queue's length (bounded by four times `max_entries`), for tests.
    #[doc(hidden)]
    pub fn queue_len_for_tests(&self) -> usize {
        self.lock().order.len()
    }

    /// How many claims are live and how many were evicted early.
    pub fn stats(&self) -> MemoryStats {
        let inner = self.lock();
        MemoryStats {
            entries: inner.live.len(),
            evicted_live: inner.evicted_live,
        }
    }
}

impl Default for MemoryStore {
    fn default() -> MemoryStore {
        MemoryStore::new(DEFAULT_MAX_ENTRIES)
    }
}

impl MemoryInner {
    fn evict(&mut self, now_ms: u64, max_entries: usize) {
        // Expired claims at the front go first; then, while over the bound, the oldest.
        while let Some(&(key, expiry)) = self.order.front() {
            let current = self.live.get(&key).map(|(e, _)| *e);
            let stale = current != Some(expiry); // released or claimed again since
            if stale || expiry <= now_ms {
                self.order.pop_front();
                if !stale {
                    self.live.remove(&key);
                }
            } else if self.live.len() > max_entries {
                self.order.pop_front();
                self.live.remove(&key);
                self.evicted_live = self.evicted_live.saturating_add(1);
            } else {
                break;
            }
        }
        // The order queue holds at most one stale entry per claim made since; keep it bounded
        // too when claims are released often.
        if self.order.len() > max_entries.saturating_mul(4) {
            let live = &self.live;
            self.order
                .retain(|(key, expiry)| live.get(key).map(|(e, _)| *e) == Some(*expiry));
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn monotonic_ms() -> u64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------------------------
// Redis, without I/O: the commands to send and how to read their replies.

/// A Redis reply, as a binding converts its client's answer.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Reply {
    /// A status or bulk string (`OK`).
    Text(String),
    /// An integer.
    Integer(i64),
    /// The nil reply (`SET ... NX` on an existing key).
    Nil,
    /// The server answered with an error, or the client failed (connection refused, timeout).
    Error(String),
}

/// Deletes a key only if it still holds our token (so an expired claim that another delivery
/// took over is not released by us).
pub const RELEASE_SCRIPT: &str =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// Claims a request's keys in Redis: `SET key token NX PX ttl` for each key in turn; if one is
/// taken, the keys claimed so far are released and the request is a duplicate. Works on Redis
/// Cluster (one key per command).
///
/// A key found taken is read back (`GET`) before the request is called a duplicate: if it holds
/// this claim's own token, the `SET` was applied and then sent again (clients such as ioredis and
/// redis-py resend a command whose connection dropped before its reply came), and the key is
/// ours. Without that check, a Redis restart in the middle of a claim turned the request's own
/// first `SET` into "a duplicate" and the event was acknowledged without being handled. A key
/// that is gone by the time it is read (released or expired in between) is claimed again, at
/// most [`CLAIM_ATTEMPTS`] times.
///
/// ```
/// use hookproof::replay::{Claim, RedisClaim, Reply};
/// # let keys = hookproof::support::replay_keys_for_tests();
/// let mut claim = RedisClaim::new(&keys, "hookproof:replay:", std::time::Duration::from_secs(60));
/// while let Some(command) = claim.command() {
///     // send `command` with your client, then:
///     claim.reply(Reply::Text("OK".into()))?;
/// }
/// assert!(matches!(claim.outcome(), Some(Claim::Claimed(_))));
/// # Ok::<(), hookproof::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct RedisClaim {
    keys: Vec<String>,
    token: Token,
    ttl_ms: u64,
    /// How many keys were claimed.
    claimed: usize,
    /// The next key was found taken: it is being read back (`GET`) to see whose it is.
    checking: bool,
    /// `SET`s of the next key so far (it can vanish between a `SET` and its `GET`).
    attempts: u8,
    /// Set once a key was found taken: the claimed keys are being released.
    duplicate: bool,
    released: usize,
    done: Option<Claim>,
}

impl RedisClaim {
    /// A claim of `keys` under `prefix` for `ttl`.
    pub fn new(keys: &ReplayKeys, prefix: &str, ttl: Duration) -> RedisClaim {
        RedisClaim {
            keys: keys.redis_keys(prefix),
            token: Token::new(),
            ttl_ms: ttl_millis(ttl),
            claimed: 0,
            checking: false,
            attempts: 0,
            duplicate: false,
            released: 0,
            done: None,
        }
    }

    /// The next command to send, or `None` when the outcome is known.
    pub fn command(&self) -> Option<Vec<String>> {
        if self.done.is_some() {
            return None;
        }
        if self.duplicate {
            let key = self.keys.get(self.released)?;
            return Some(release_command(key, &self.token));
        }
        let key = self.keys.get(self.claimed)?;
        if self.checking {
            return Some(vec!["GET".into(), key.clone()]);
        }
        Some(vec![
            "SET".into(),
            key.clone(),
            self.token.as_str().to_string(),
            "NX".into(),
            "PX".into(),
            self.ttl_ms.to_string(),
        ])
    }

    /// The reply to the last command. A client error or an unexpected reply is
    /// `store_unavailable`: nothing was decided (the keys claimed so far expire with their TTL).
    pub fn reply(&mut self, reply: Reply) -> Result<(), Error> {
        if let Reply::Error(message) = &reply {
            return Err(store_unavailable(message));
        }
        if self.duplicate {
            self.released = self.released.saturating_add(1);
        } else if self.checking {
            self.checking = false;
            match reply {
                // Our own SET, applied before a client sent it again.
                Reply::Text(text) if text == self.token.as_str() => self.next_key(),
                Reply::Text(_) => self.duplicate = true,
                // Gone since the SET (released or expired): claim it again.
                Reply::Nil if self.attempts < CLAIM_ATTEMPTS => {}
                Reply::Nil => {
                    return Err(store_unavailable(
                        "a replay key kept changing hands while it was claimed",
                    ))
                }
                other => {
                    return Err(store_unavailable(&format!(
                        "unexpected reply to GET: {other:?}"
                    )))
                }
            }
        } else {
            self.attempts = self.attempts.saturating_add(1);
            match reply {
                Reply::Text(text) if text.eq_ignore_ascii_case("ok") => self.next_key(),
                Reply::Nil => self.checking = true,
                other => {
                    return Err(store_unavailable(&format!(
                        "unexpected reply to SET NX: {other:?}"
                    )))
                }
            }
        }
        if self.duplicate && self.released >= self.claimed {
            self.done = Some(Claim::Duplicate);
        } else if !self.duplicate && self.claimed >= self.keys.len() {
            self.done = Some(Claim::Claimed(self.token.clone()));
        }
        Ok(())
    }

    /// The outcome, once [`RedisClaim::command`] returns `None`.
    pub fn outcome(&self) -> Option<Claim> {
        self.done.clone()
    }

    fn next_key(&mut self) {
        self.claimed = self.claimed.saturating_add(1);
        self.attempts = 0;
    }
}

/// How many times [`RedisClaim`] sets a key that vanishes between its `SET` and its `GET` before
/// it gives up with `store_unavailable` (the sender retries later).
pub const CLAIM_ATTEMPTS: u8 = 3;

/// Releases a claim in Redis: one compare-and-delete ([`RELEASE_SCRIPT`]) per key.
#[derive(Debug, Clone)]
pub struct RedisRelease {
    commands: Vec<Vec<String>>,
}

impl RedisRelease {
    /// The release of `keys` under `prefix`, held with `token`.
    pub fn new(keys: &ReplayKeys, prefix: &str, token: &Token) -> RedisRelease {
        RedisRelease {
            commands: keys
                .redis_keys(prefix)
                .iter()
                .map(|key| release_command(key, token))
                .collect(),
        }
    }

    /// The commands to send (replies are integers; an error reply is `store_unavailable`).
    pub fn commands(&self) -> &[Vec<String>] {
        &self.commands
    }
}

fn release_command(key: &str, token: &Token) -> Vec<String> {
    vec![
        "EVAL".into(),
        RELEASE_SCRIPT.into(),
        "1".into(),
        key.to_string(),
        token.as_str().to_string(),
    ]
}

/// `store_unavailable` with a client's message, cleaned: bounded, no control characters, and no
/// credentials (`redis://user:password@host` becomes `redis://***@host`).
pub fn store_unavailable(message: &str) -> Error {
    let mut cleaned = String::with_capacity(message.len().min(200));
    let mut rest = message;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at.saturating_add(3));
        cleaned.push_str(head);
        let end = tail
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tail.len());
        let (authority, after) = tail.split_at(end);
        match authority.rfind('@') {
            Some(at) => {
                cleaned.push_str("***");
                cleaned.push_str(authority.get(at..).unwrap_or(""));
            }
            None => cleaned.push_str(authority),
        }
        rest = after;
    }
    cleaned.push_str(rest);
    let cleaned: String = cleaned
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    Error::StoreUnavailable {
        reason: if cleaned.trim().is_empty() {
            "no reason given".into()
        } else {
            cleaned
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme;

    fn keys(n: u8) -> ReplayKeys {
        ReplayKeys::one(&scheme::PRINTONE, "body", &[&[n]])
    }

    #[test]
    fn keys_survive_their_hex_list() {
        let two = ReplayKeys::two(&scheme::STANDARD, ("id", &[b"m"]), ("signed", &[b"b"]));
        assert_eq!(ReplayKeys::from_hex_list(&two.to_hex_list()), Some(two));
        let one = keys(7);
        assert_eq!(ReplayKeys::from_hex_list(&one.to_hex_list()), Some(one));
        for bad in ["", "zz", "00", &format!("{0} {0} {0}", "0".repeat(64))] {
            assert_eq!(ReplayKeys::from_hex_list(bad), None, "{bad}");
        }
    }

    #[test]
    fn keys_are_framed_by_scheme_and_label() {
        let a = ReplayKeys::one(&scheme::PRINTONE, "body", &[b"ab", b"c"]);
        let b = ReplayKeys::one(&scheme::PRINTONE, "body", &[b"abc"]);
        assert_eq!(a, b, "parts are one message");
        assert_ne!(a, ReplayKeys::one(&scheme::GITHUB, "body", &[b"abc"]));
        assert_ne!(a, ReplayKeys::one(&scheme::PRINTONE, "signed", &[b"abc"]));
        assert_eq!(a.as_slice()[0].to_hex().len(), 64);
    }

    #[test]
    fn memory_claims_expire_release_and_stay_bounded() {
        let store = MemoryStore::new(3);
        let ttl = Duration::from_millis(100);
        let Claim::Claimed(token) = store.claim_at(&keys(1), ttl, 0) else {
            panic!()
        };
        assert_eq!(store.claim_at(&keys(1), ttl, 99), Claim::Duplicate);
        assert!(
            matches!(store.claim_at(&keys(1), ttl, 100), Claim::Claimed(_)),
            "expired"
        );
        // A release by the first holder does not free the second holder's claim.
        store.release(&keys(1), &token);
        assert_eq!(store.claim_at(&keys(1), ttl, 150), Claim::Duplicate);
        for n in 2..=10 {
            assert!(matches!(
                store.claim_at(&keys(n), ttl, 150),
                Claim::Claimed(_)
            ));
        }
        assert_eq!(store.stats().entries, 3);
        assert!(store.stats().evicted_live > 0);
    }

    #[test]
    fn redis_claims_release_what_they_took_when_a_key_is_taken() {
        let two = ReplayKeys::two(&scheme::STANDARD, ("id", &[b"m"]), ("signed", &[b"m.1.b"]));
        let mut claim = RedisClaim::new(&two, "p:", Duration::from_secs(2));
        let first = claim.command().unwrap();
        assert_eq!(first[0], "SET");
        assert_eq!(first[3..], ["NX", "PX", "2000"]);
        claim.reply(Reply::Text("OK".into())).unwrap();
        let second = claim.command().unwrap();
        assert_ne!(first[1], second[1]);
        claim.reply(Reply::Nil).unwrap();
        assert_eq!(claim.command().unwrap(), ["GET", second[1].as_str()]);
        claim
            .reply(Reply::Text("another claim's token".into()))
            .unwrap();
        let release = claim.command().unwrap();
        assert_eq!((release[0].as_str(), &release[3]), ("EVAL", &first[1]));
        claim.reply(Reply::Integer(1)).unwrap();
        assert_eq!(claim.command(), None);
        assert_eq!(claim.outcome(), Some(Claim::Duplicate));
        let mut failing = RedisClaim::new(&two, "p:", Duration::from_secs(2));
        assert_eq!(
            failing.reply(Reply::Integer(1)).unwrap_err().code(),
            "store_unavailable"
        );
        let mut failing = RedisClaim::new(&two, "p:", Duration::from_secs(2));
        let err = failing
            .reply(Reply::Error(
                "connect ECONNREFUSED redis://u:hunter2@10.0.0.1:6379/0".into(),
            ))
            .unwrap_err();
        assert_eq!(err.code(), "store_unavailable");
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(
            err.to_string().contains("redis://***@10.0.0.1:6379"),
            "{err}"
        );
    }

    #[test]
    fn a_redis_key_holding_the_claims_own_token_is_the_claims_own() {
        // The client resent our SET after a dropped connection: the first one was applied.
        let mut claim = RedisClaim::new(&keys(1), "p:", Duration::from_secs(2));
        let set = claim.command().unwrap();
        let token = set[2].clone();
        claim.reply(Reply::Nil).unwrap();
        assert_eq!(claim.command().unwrap(), ["GET", set[1].as_str()]);
        claim.reply(Reply::Text(token.clone())).unwrap();
        assert_eq!(claim.command(), None);
        assert_eq!(
            claim.outcome(),
            Some(Claim::Claimed(Token::from_string(token)))
        );
    }

    #[test]
    fn a_redis_key_that_vanishes_before_it_is_read_is_claimed_again_a_bounded_number_of_times() {
        let mut claim = RedisClaim::new(&keys(1), "p:", Duration::from_secs(2));
        claim.reply(Reply::Nil).unwrap(); // SET: taken
        claim.reply(Reply::Nil).unwrap(); // GET: gone meanwhile
        assert_eq!(claim.command().unwrap()[0], "SET");
        claim.reply(Reply::Text("OK".into())).unwrap();
        assert!(matches!(claim.outcome(), Some(Claim::Claimed(_))));

        let mut contended = RedisClaim::new(&keys(1), "p:", Duration::from_secs(2));
        let mut outcome = Ok(());
        for _ in 0..CLAIM_ATTEMPTS {
            assert_eq!(contended.command().unwrap()[0], "SET");
            contended.reply(Reply::Nil).unwrap();
            assert_eq!(contended.command().unwrap()[0], "GET");
            outcome = contended.reply(Reply::Nil);
        }
        assert_eq!(outcome.unwrap_err().code(), "store_unavailable");
    }
}
