//! Verification cost on a typical 700-byte Print.one event and on a 1 MiB body.
//!
//! `./dev bench-rust` runs this beside `openssl speed` and prints the ratio.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// A Print.one `order_status_update` event padded to exactly `len` bytes.
fn event_body(len: usize) -> Vec<u8> {
    let head = br#"{"data":{"id":"ord_8f3kZ2","companyId":"cmp_41","templateId":"tmpl_9","finish":"GLOSSY","format":"POSTCARD_SQ15","status":"order_status_sent","friendlyStatus":"Sent","recipient":{"name":"Ada Lovelace","address":"12 Analytical Lane","postalCode":"1011 AB","city":"Amsterdam","country":"NL"},"sender":{"name":"Print.one","address":"Keizersgracht 1","postalCode":"1015 CJ","city":"Amsterdam","country":"NL"},"mergeVariables":{"firstName":"Ada"},"isBillable":true,"createdAt":"2026-11-28T10:00:00.000Z","note":""#;
    let tail = br#""},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#;
    let mut body = head.to_vec();
    body.resize(len - tail.len(), b'x');
    body.extend_from_slice(tail);
    body
}

fn bench_verify(c: &mut Criterion) {
    let secret = "whk_7d2f0c1e9a4b4e58a0e3f1b2c3d4e5f6";
    let webhook = hookproof::Webhook::new(&hookproof::scheme::PRINTONE, [secret]).unwrap();
    let mut group = c.benchmark_group("printone");
    for (label, len) in [("700B", 700), ("1MiB", 1 << 20)] {
        let body = event_body(len);
        let signature = hookproof::sign(&body, secret).unwrap();
        let headers = [("x-webhook-hmac-sha256", signature.as_str())];
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(
            BenchmarkId::new("verify_one_shot", label),
            &body,
            |b, body| {
                b.iter(|| {
                    assert_eq!(
                        hookproof::verify(black_box(body), black_box(&signature), secret),
                        Ok(true)
                    )
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("webhook_verify", label),
            &body,
            |b, body| {
                b.iter(|| {
                    webhook
                        .verify(black_box(body), black_box(&headers))
                        .unwrap()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
