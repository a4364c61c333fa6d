//! A dudect-style timing test (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?").
//!
//! Two classes of forged signatures, well-formed and wrong: class A differs from the right MAC in
//! its first byte, class B in its last byte. A comparison that stops at the first differing byte
//! rejects A sooner than B. Measurements of `Webhook::verify` are interleaved in a random order,
//! and Welch's t statistic compares the two timing distributions, raw and with the slowest
//! measurements cropped at several percentiles (as dudect does). |t| < 4.5 means no evidence of
//! a difference. A deliberately leaky comparison runs through the same harness as a control, to
//! show that the test can see a leak of that size.
//!
//! `cargo bench -p hookproof --bench constant_time [-- MEASUREMENTS_PER_CLASS]`

use std::hint::black_box;
use std::time::Instant;

use base64::Engine as _;

/// xorshift64*: a fixed-seed generator for the class order (no dependency, reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[derive(Default, Clone, Copy)]
struct Welford {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Welford {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let delta = x - self.mean;
        self.mean += delta / self.n;
        self.m2 += delta * (x - self.mean);
    }

    fn variance(&self) -> f64 {
        self.m2 / (self.n - 1.0)
    }
}

fn welch_t(a: &Welford, b: &Welford) -> f64 {
    (a.mean - b.mean) / (a.variance() / a.n + b.variance() / b.n).sqrt()
}

/// Measures `run(class)` `per_class` times per class in a random order; returns the largest |t|
/// over the raw data and the data cropped at several percentiles of the pooled distribution.
/// `prepare(class)` runs untimed before each measurement: it writes the class's input into the
/// one buffer both classes share, so that they differ in content only, never in memory layout
/// (different addresses alone can shift timings by a few cycles, and 10^6 samples see that).
fn max_abs_t(
    per_class: usize,
    mut prepare: impl FnMut(usize),
    mut run: impl FnMut() -> bool,
) -> (f64, usize) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut samples: Vec<(usize, u64)> = Vec::with_capacity(2 * per_class);
    let mut remaining = [per_class, per_class];
    while remaining != [0, 0] {
        let class = if remaining[0] == 0 {
            1
        } else if remaining[1] == 0 {
            0
        } else {
            (rng.next() & 1) as usize
        };
        remaining[class] -= 1;
        prepare(class);
        let start = Instant::now();
        let accepted = black_box(run());
        let elapsed = start.elapsed().as_nanos() as u64;
        assert!(!accepted, "a forged signature verified");
        samples.push((class, elapsed));
    }
    let mut sorted: Vec<u64> = samples.iter().map(|s| s.1).collect();
    sorted.sort_unstable();
    let mut thresholds = vec![u64::MAX];
    for percentile in [0.99, 0.95, 0.9, 0.75, 0.5] {
        thresholds.push(sorted[((sorted.len() as f64) * percentile) as usize]);
    }
    let worst = thresholds
        .iter()
        .map(|&limit| {
            let mut classes = [Welford::default(); 2];
            for &(class, t) in &samples {
                if t <= limit {
                    classes[class].push(t as f64);
                }
            }
            welch_t(&classes[0], &classes[1]).abs()
        })
        .fold(0.0, f64::max);
    (worst, samples.len())
}

fn main() {
    let per_class: usize = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(1_000_000);
    let secret = "whk_constant_time_check";
    let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}"#;
    let webhook = hookproof::Webhook::new(&hookproof::scheme::PRINTONE, [secret]).unwrap();
    let signature = hookproof::sign(body, secret).unwrap();
    let mac = base64::engine::general_purpose::STANDARD
        .decode(&signature)
        .unwrap();
    let forged = |index: usize| {
        let mut wrong = mac.clone();
        wrong[index] ^= 0x01;
        base64::engine::general_purpose::STANDARD.encode(wrong)
    };
    let classes = [forged(0), forged(31)];
    // The header value both classes are written into (see `max_abs_t`).
    let header = std::cell::RefCell::new(String::with_capacity(64));
    let set = |value: &str| {
        let mut buffer = header.borrow_mut();
        buffer.clear();
        buffer.push_str(value);
    };
    let verify = || {
        let value = header.borrow();
        let headers = [("x-webhook-hmac-sha256", value.as_str())];
        webhook.verify(black_box(body), black_box(&headers)).is_ok()
    };

    if std::env::args().any(|a| a == "--diagnose") {
        let (t, _) = max_abs_t(per_class, |_| set(&classes[0]), verify);
        println!("A/A (identical inputs)        max |t| = {t:6.2}");
        let decode = || {
            let mut out = [0u8; 34];
            base64::engine::general_purpose::STANDARD
                .decode_slice(black_box(header.borrow().as_bytes()), &mut out)
                .is_err()
        };
        let (t, _) = max_abs_t(per_class, |class| set(&classes[class]), decode);
        println!("base64 decode alone           max |t| = {t:6.2}");
    }
    let (t, n) = max_abs_t(per_class, |class| set(&classes[class]), verify);
    let verdict = if t < 4.5 {
        "no evidence of a timing difference"
    } else {
        "TIMING DIFFERENCE"
    };
    println!("hookproof Webhook::verify     max |t| = {t:6.2} over {n} measurements: {verdict}");

    // The control: the same harness on a comparison that returns at the first differing byte,
    // over the same two classes of wrong MACs (no hashing, so the difference is not diluted).
    let wrong = classes.map(|c| base64::engine::general_purpose::STANDARD.decode(c).unwrap());
    let guess = std::cell::RefCell::new([0u8; 32]);
    let leaky_equal = || {
        let guess = guess.borrow();
        for (x, y) in mac.iter().zip(guess.iter()) {
            if black_box(x) != black_box(y) {
                return false;
            }
        }
        true
    };
    let (control, n) = max_abs_t(
        per_class,
        |class| guess.borrow_mut().copy_from_slice(&wrong[class]),
        leaky_equal,
    );
    println!("control: early-exit compare   max |t| = {control:6.2} over {n} measurements (a leak: should be >= 4.5)");
    if t >= 4.5 {
        std::process::exit(1);
    }
}
