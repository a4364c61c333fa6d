//! The in-memory replay store at scale: 1,000,000 distinct deliveries through a store bounded to
//! 100,000 claims stay within the bound (the live claims and the eviction queue), the newest
//! claims still catch their duplicates, and a claim's TTL is honoured to the millisecond.

use std::time::Duration;

use hookproof::replay::{Claim, MemoryStore, ReplayKeys};
use hookproof::{scheme, Webhook};

/// The keys of the `n`th distinct Print.one delivery (its body's digest).
fn keys(n: u64) -> ReplayKeys {
    thread_local! {
        static WEBHOOK: Webhook = Webhook::new(&scheme::PRINTONE, ["s"]).unwrap();
    }
    let body = n.to_le_bytes();
    WEBHOOK.with(|w| w.replay_keys(&body, &[("x", "y")]).unwrap())
}

#[test]
fn a_million_distinct_keys_stay_within_the_bound() {
    let store = MemoryStore::new(100_000);
    let ttl = Duration::from_secs(3600);
    for n in 0..1_000_000u64 {
        assert!(matches!(
            store.claim_at(&keys(n), ttl, n / 1000),
            Claim::Claimed(_)
        ));
        if n % 100_000 == 0 {
            assert!(store.stats().entries <= 100_000);
        }
    }
    let stats = store.stats();
    assert_eq!(stats.entries, 100_000);
    assert_eq!(
        stats.evicted_live, 900_000,
        "every claim beyond the bound evicted the oldest"
    );
    assert!(store.queue_len_for_tests() <= 4 * 100_000 + 1);
    // The newest claims still catch their duplicates; the evicted oldest do not.
    assert_eq!(store.claim_at(&keys(999_999), ttl, 1000), Claim::Duplicate);
    assert!(matches!(
        store.claim_at(&keys(0), ttl, 1000),
        Claim::Claimed(_)
    ));
}

#[test]
fn expiry_is_honoured_and_expired_claims_free_their_place() {
    let store = MemoryStore::new(10);
    let ttl = Duration::from_millis(500);
    assert!(matches!(
        store.claim_at(&keys(1), ttl, 1_000),
        Claim::Claimed(_)
    ));
    assert_eq!(
        store.claim_at(&keys(1), ttl, 1_499),
        Claim::Duplicate,
        "live until its TTL"
    );
    assert!(
        matches!(store.claim_at(&keys(1), ttl, 1_500), Claim::Claimed(_)),
        "expired at its TTL"
    );
    // Expired claims are dropped before any live one is evicted.
    for n in 2..12 {
        store.claim_at(&keys(n), ttl, 10_000);
    }
    assert_eq!(store.stats().evicted_live, 0, "the expired claim made room");
    store.claim_at(&keys(12), ttl, 10_000);
    assert_eq!(store.stats().evicted_live, 1, "the one over the bound");
    for n in 100..110 {
        store.claim_at(&keys(n), ttl, 20_000);
    }
    assert_eq!(
        store.stats().evicted_live,
        1,
        "the earlier ten had expired: nothing live evicted"
    );
    assert_eq!(store.stats().entries, 10);
}
