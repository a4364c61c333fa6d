//! The verify path allocates nothing: a counting global allocator proves it.

mod common;
use common::TestCalls;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct CountingAllocator;

thread_local! {
    // Only this thread's allocations count; the test harness's other threads may allocate freely.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn verification_allocates_nothing() {
    let secret = "whk_3f9a1c7e5b2d4a6f";
    let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#.to_vec();
    let big = vec![7u8; 1 << 20];
    let signature = hookproof::sign(&body, secret).unwrap();
    let big_signature = hookproof::sign(&big, secret).unwrap();
    let webhook =
        hookproof::Webhook::new(&hookproof::scheme::PRINTONE, ["old-secret", secret]).unwrap();
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("X-Webhook-Hmac-Sha256".to_string(), signature.clone()),
    ];
    let joined = [("x-webhook-hmac-sha256", format!("AAAA, {signature}"))];
    let mut map = http::HeaderMap::new();
    map.insert("x-webhook-hmac-sha256", signature.parse().unwrap());

    // Every HMAC scheme, with headers and a clock prepared before counting.
    let others: Vec<_> = hookproof::scheme::ALL[1..]
        .iter()
        .map(|scheme| {
            let secret = if scheme.name() == "standard" {
                "whsec_c2VjcmV0LWtleQ=="
            } else {
                secret
            };
            let verifier = hookproof::Webhook::new(scheme, [secret]).unwrap();
            let options = hookproof::SignOptions::new()
                .timestamp(1_000_000)
                .msg_id("msg_1");
            let headers = verifier.sign(&body, &options).unwrap();
            (verifier, headers)
        })
        .collect();

    // The counter must see allocations at all, or the zeros below prove nothing.
    assert!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 10]))) >= 1);

    let n = allocations_during(|| {
        assert_eq!(hookproof::verify(&body, &signature, secret), Ok(true));
        assert_eq!(hookproof::verify(&body, "AAAA", secret), Ok(false));
        assert_eq!(hookproof::verify(&body, &signature, "other"), Ok(false));
        assert_eq!(hookproof::verify(&big, &big_signature, secret), Ok(true));
        assert_eq!(
            hookproof::verify(&body, &signature, ""),
            Err(hookproof::Error::InvalidSecret {
                reason: "the secret is empty, and an empty HMAC key lets anyone forge signatures",
            })
        );
        webhook.verify(&body, &headers).unwrap();
        webhook.verify(&body, &joined).unwrap();
        webhook.verify(&body, &map).unwrap();
        assert!(webhook.verify(&big, &headers).is_err());
        assert!(webhook.verify(&body, &[("x", "y")]).is_err());
        for (verifier, headers) in &others {
            verifier.verify_at(&body, headers, 1_000_000).unwrap();
            assert!(verifier.verify_at(&big, headers, 1_000_000).is_err());
            let timestamped = ["standard", "stripe", "slack"].contains(&verifier.scheme().name());
            assert_eq!(
                verifier.verify_at(&body, headers, 2_000_000).is_err(),
                timestamped
            );
        }
    });
    assert_eq!(n, 0, "the verify path allocated {n} times");
}
