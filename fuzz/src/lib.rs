//! Fuzz checks for hookproof. Each target feeds arbitrary bytes to the core and checks two things:
//! it never panics, and it never says "valid" unless an oracle agrees. The oracle is a direct
//! recomputation of each provider's signature with the HMAC primitives, written from the
//! providers' documentation and sharing no parsing code with hookproof's schemes.
//!
//! Inputs are sometimes a correctly signed request that the fuzzer then mutates (flipped bits,
//! inserted and removed bytes, repeated or renamed headers), so the checks run near the boundary
//! between valid and invalid instead of only on noise.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use hookproof::{scheme, SignOptions, Webhook};

const KEY: &[u8] = b"fuzz-key-0123456789";
const NOW: i64 = 1_000_000;
const TOLERANCE: i64 = 300;

/// Reads the fuzz input piece by piece; running out yields zeros and empty slices.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((first, rest)) => {
                self.0 = rest;
                *first
            }
            None => 0,
        }
    }

    /// A length-prefixed piece (one length byte, so at most 255 bytes).
    fn chunk(&mut self) -> &'a [u8] {
        let len = usize::from(self.byte()).min(self.0.len());
        let (piece, rest) = self.0.split_at(len);
        self.0 = rest;
        piece
    }

    fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.0)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn secret_for(scheme: &str) -> String {
    if scheme == "standard" {
        format!("whsec_{}", b64(KEY))
    } else {
        String::from_utf8(KEY.to_vec()).expect("ASCII key")
    }
}

type HeaderList = Vec<(Vec<u8>, Vec<u8>)>;

fn values<'h>(headers: &'h HeaderList, name: &'h str) -> impl Iterator<Item = &'h [u8]> + 'h {
    headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
        .map(|(_, v)| v.as_slice())
}

fn trim(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

fn within_window(timestamp: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(timestamp).ok()?;
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    ((NOW - value).abs() <= TOLERANCE).then_some(value)
}

/// The independent recomputation: does any signature on the request match, per the provider's
/// documented algorithm, with the timestamp inside the window?
fn oracle_accepts(scheme: &str, body: &[u8], headers: &HeaderList) -> bool {
    let items = |name: &'static str| -> Vec<Vec<u8>> {
        values(headers, name)
            .flat_map(|v| {
                v.split(|&b| b == b',')
                    .map(|i| trim(i).to_ascii_lowercase())
            })
            .collect()
    };
    let first = |names: &[&'static str]| -> Option<Vec<u8>> {
        names
            .iter()
            .find_map(|name| values(headers, name).next().map(|v| trim(v).to_vec()))
    };
    match scheme {
        "printone" | "shopify" => {
            let expected = b64(&hmac(KEY, &[body])).to_ascii_lowercase().into_bytes();
            let names: &[&'static str] = if scheme == "printone" {
                &["x-webhook-hmac-sha256", "x-printone-hmac-sha256"]
            } else {
                &["x-shopify-hmac-sha256"]
            };
            // Lower-cased on both sides: lenient, so the oracle may accept more than hookproof
            // (that is allowed), never less.
            names.iter().any(|name| items(name).contains(&expected))
        }
        "github" => {
            let expected = format!("sha256={}", hex(&hmac(KEY, &[body]))).into_bytes();
            items("x-hub-signature-256").contains(&expected)
        }
        "slack" => {
            let Some(ts) = first(&["x-slack-request-timestamp"]) else {
                return false;
            };
            within_window(&ts).is_some() && {
                let expected =
                    format!("v0={}", hex(&hmac(KEY, &[b"v0:", &ts, b":", body]))).into_bytes();
                items("x-slack-signature").contains(&expected)
            }
        }
        "stripe" => {
            // Stripe's keys are case-sensitive (`T=` is not a timestamp), so timestamps are read
            // from the items as sent; any `t=` in the window whose `v1=` is present passes (more
            // lenient than hookproof, which also wants every `t=` to agree).
            let raw: Vec<&[u8]> = values(headers, "stripe-signature")
                .flat_map(|v| v.split(|&b| b == b',').map(trim))
                .collect();
            let all: Vec<Vec<u8>> = raw.iter().map(|i| i.to_ascii_lowercase()).collect();
            raw.iter()
                .filter_map(|i| i.strip_prefix(b"t="))
                .filter(|ts| within_window(ts).is_some())
                .any(|ts| {
                    let expected =
                        format!("v1={}", hex(&hmac(KEY, &[ts, b".", body]))).into_bytes();
                    all.contains(&expected)
                })
        }
        "standard" => {
            let (Some(id), Some(ts)) = (
                first(&["webhook-id", "svix-id"]),
                first(&["webhook-timestamp", "svix-timestamp"]),
            ) else {
                return false;
            };
            within_window(&ts).is_some() && {
                let expected = format!("v1,{}", b64(&hmac(KEY, &[&id, b".", &ts, b".", body])));
                ["webhook-signature", "svix-signature"].iter().any(|name| {
                    values(headers, name).any(|v| {
                        v.split(|b| b.is_ascii_whitespace())
                            .any(|e| e == expected.as_bytes())
                    })
                })
            }
        }
        other => panic!("no oracle for scheme {other}"),
    }
}

/// Applies the fuzzer's mutations to a signed request.
fn mutate(reader: &mut Reader, body: &mut Vec<u8>, headers: &mut HeaderList) -> bool {
    let mut changed = false;
    while !reader.is_empty() && !headers.is_empty() {
        let op = reader.byte();
        let index = usize::from(reader.byte()) % headers.len();
        let position = usize::from(reader.byte());
        let value = &mut headers[index].1;
        match op % 8 {
            0 if !value.is_empty() => {
                let len = value.len();
                value[position % len] ^= 1 << (op >> 5);
            }
            1 => value.insert(position.min(value.len()), reader.byte()),
            2 if !value.is_empty() => {
                value.remove(position % value.len());
            }
            3 => {
                let copy = headers[index].clone();
                headers.push(copy);
            }
            4 => headers[index].0.make_ascii_uppercase(),
            5 if !body.is_empty() => {
                let len = body.len();
                body[position % len] ^= 1 << (op >> 5);
            }
            6 => body.push(reader.byte()),
            7 => {
                let name = reader.chunk().to_vec();
                let value = reader.chunk().to_vec();
                headers.push((name, value));
            }
            _ => continue,
        }
        changed = true;
    }
    changed
}

/// One scheme: a signed-then-mutated request, or raw headers built from the input.
pub fn check_scheme(name: &str, data: &[u8]) {
    let scheme = scheme::by_name(name).expect("a shipped scheme");
    let webhook = Webhook::with_scheme(scheme, [secret_for(name)])
        .expect("the fuzz secret is valid")
        .with_tolerance(std::time::Duration::from_secs(TOLERANCE as u64));
    let mut reader = Reader(data);
    let mode = reader.byte();
    let mut body = reader.chunk().to_vec();
    let mut headers: HeaderList;
    let mut changed = true;
    if mode & 1 == 0 {
        let skew = i64::from(mode >> 1) * 5 - 320; // inside and outside the window
        let options = SignOptions {
            timestamp: Some(NOW + skew),
            msg_id: Some("msg_fuzz".into()),
        };
        headers = webhook
            .sign_with(&body, &options)
            .expect("HMAC keys sign")
            .into_iter()
            .map(|(n, v)| (n.as_bytes().to_vec(), v.into_bytes()))
            .collect();
        changed = mutate(&mut reader, &mut body, &mut headers) || skew.abs() > TOLERANCE;
    } else {
        // Raw headers: names from the scheme's own set (so the parsers run) or from the input.
        let known = [
            "x-webhook-hmac-sha256",
            "x-printone-hmac-sha256",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "svix-id",
            "svix-timestamp",
            "svix-signature",
            "stripe-signature",
            "x-hub-signature-256",
            "x-shopify-hmac-sha256",
            "x-slack-signature",
            "x-slack-request-timestamp",
        ];
        headers = Vec::new();
        while !reader.is_empty() {
            let pick = usize::from(reader.byte());
            let header_name = match known.get(pick % 16) {
                Some(n) => n.as_bytes().to_vec(),
                None => reader.chunk().to_vec(),
            };
            headers.push((header_name, reader.chunk().to_vec()));
        }
    }
    let verdict = webhook.verify_at(&body, &headers, NOW);
    if verdict.is_ok() {
        assert!(
            oracle_accepts(name, &body, &headers),
            "{name}: accepted a request the oracle rejects"
        );
    }
    if !changed {
        assert_eq!(
            verdict,
            Ok(()),
            "{name}: rejected an untouched, fresh, signed request"
        );
    }
}

/// The one-shot Print.one check. Its rule is simple enough to state both ways: valid exactly when
/// the secret is not empty and the trimmed signature equals the base64 HMAC of the body.
pub fn check_verify(data: &[u8]) {
    let mut reader = Reader(data);
    let mode = reader.byte();
    let secret = reader.chunk().to_vec();
    let given = reader.chunk().to_vec();
    let body = reader.rest();
    let mut signature = if mode & 1 == 0 {
        b64(&hmac(&secret, &[body])).into_bytes()
    } else {
        given.clone()
    };
    if mode & 2 != 0 && !signature.is_empty() {
        let at = usize::from(mode) % signature.len();
        signature[at] ^= given.first().copied().unwrap_or(1);
    }
    if mode & 4 != 0 {
        signature.insert(0, b' ');
        signature.push(b'\t');
    }
    let expected =
        !secret.is_empty() && trim(&signature) == b64(&hmac(&secret, &[body])).as_bytes();
    let verdict = hookproof::verify_detailed(body, &signature, &secret);
    assert_eq!(
        verdict.is_ok(),
        expected,
        "verify disagrees with the oracle: {verdict:?}"
    );
    if let Ok(text) = std::str::from_utf8(&signature) {
        assert_eq!(hookproof::verify(body, text, &secret), expected);
    }
}

/// `construct_event` on a validly signed body: it never panics, succeeds only for a JSON object
/// with the three fields, and otherwise says `invalid_payload` (the signature being valid).
pub fn check_construct_event(body: &[u8]) {
    let webhook = Webhook::new(secret_for("printone")).expect("valid secret");
    let headers = webhook.sign(body);
    match webhook.construct_event(body, &headers) {
        Ok(event) => {
            let parsed: serde_json::Value =
                serde_json::from_slice(body).expect("accepted bodies are JSON");
            assert_eq!(parsed["event"].as_str(), Some(event.event.as_str()));
            assert_eq!(
                parsed["created_at"].as_str(),
                Some(event.created_at.as_str())
            );
            assert!(parsed.get("data").is_some());
        }
        Err(err) => assert_eq!(err.code(), "invalid_payload"),
    }
}
