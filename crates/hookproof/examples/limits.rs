//! The core's side of the bindings' limit: the same calls the Python and Node benchmarks time,
//! in Rust, printed as JSON (nanoseconds per call, the best of many short runs).
//!
//!     cargo run --release -p hookproof --example limits [-- --quick]
//!
//! `one_shot`: `hookproof::verify(body, signature, secret)` on the 700-byte event;
//! `prepared`: `Webhook::verify` with the three headers a Print.one delivery carries (what the
//! bindings' prepared verifier gets from a framework); `scaling`: the prepared call for bodies
//! from 64 B to 16 MiB. Run by scripts/bench_limits.py, which puts these beside the bindings'.

use std::hint::black_box;
use std::time::{Duration, Instant};

const SECRET: &str = "whk_3f9a1c7e5b2d4a6f";
const SIZES: [usize; 10] = [
    64,
    256,
    1024,
    4096,
    16 << 10,
    64 << 10,
    256 << 10,
    1 << 20,
    4 << 20,
    16 << 20,
];

/// A Print.one event padded to `len` bytes (at least its envelope).
fn event_body(len: usize) -> Vec<u8> {
    let head = br#"{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","note":""#;
    let tail = br#""},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#;
    let mut body = head.to_vec();
    body.resize(len.saturating_sub(tail.len()).max(head.len()), b'x');
    body.extend_from_slice(tail);
    body
}

/// The best time per call of `f`, over `runs` runs of about `budget` each.
fn best(budget: Duration, runs: usize, mut f: impl FnMut()) -> f64 {
    let mut per_call = f64::INFINITY;
    let mut batch = 1u64;
    // Grow the batch until it takes a tenth of the budget.
    loop {
        let started = Instant::now();
        for _ in 0..batch {
            f();
        }
        if started.elapsed() > budget / 10 || batch > 1 << 30 {
            break;
        }
        batch *= 2;
    }
    for _ in 0..runs {
        let started = Instant::now();
        let mut calls = 0u64;
        while started.elapsed() < budget {
            for _ in 0..batch {
                f();
            }
            calls += batch;
        }
        per_call = per_call.min(started.elapsed().as_nanos() as f64 / calls as f64);
    }
    per_call
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // Many short runs, taking the best: a run that another process interrupted does not count
    // (the Python and Node benchmarks time theirs the same way).
    let (budget, runs) = if quick {
        (Duration::from_millis(20), 5)
    } else {
        (Duration::from_millis(20), 25)
    };
    // Bodies up to 16 MiB: longer runs, fewer of them.
    let scaling_budget = Duration::from_millis(if quick { 50 } else { 200 });
    let webhook =
        hookproof::Webhook::new(&hookproof::scheme::PRINTONE, [SECRET]).expect("a usable secret");
    let body = event_body(700);
    assert_eq!(body.len(), 700);
    let signature = hookproof::sign(&body, SECRET).expect("signs");
    let headers = [
        ("content-type", "application/json"),
        ("user-agent", "Print.one Webhook Service"),
        ("x-webhook-hmac-sha256", signature.as_str()),
    ];
    let one_shot = best(budget, runs, || {
        assert_eq!(
            hookproof::verify(black_box(&body), black_box(&signature), black_box(SECRET)),
            Ok(true)
        );
    });
    let prepared = best(budget, runs, || {
        webhook
            .verify(black_box(&body), black_box(&headers))
            .expect("verifies");
    });
    let mut scaling = Vec::new();
    for size in SIZES {
        let body = event_body(size);
        let signature = hookproof::sign(&body, SECRET).expect("signs");
        let headers = [("x-webhook-hmac-sha256", signature.as_str())];
        let budget = if size >= 1 << 20 {
            scaling_budget * 2
        } else {
            scaling_budget
        };
        let ns = best(budget, 3, || {
            webhook
                .verify(black_box(&body), black_box(&headers))
                .expect("verifies");
        });
        scaling.push(format!("[{size}, {ns:.1}]"));
    }
    println!(
        "{{\"one_shot_ns\": {one_shot:.1}, \"prepared_ns\": {prepared:.1}, \"scaling\": [{}]}}",
        scaling.join(", ")
    );
}
