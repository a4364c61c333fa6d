//! Fuzz checks for hookproof. Each target feeds arbitrary bytes to the core and checks two things:
//! it never panics, and it never says "valid" unless an oracle agrees. The oracle is a direct
//! recomputation of each provider's signature with the HMAC primitives, written from the
//! providers' documentation and sharing no parsing code with hookproof's schemes.
//!
//! Inputs are sometimes a correctly signed request that the fuzzer then mutates (flipped bits,
//! inserted and removed bytes, repeated or renamed headers), so the checks run near the boundary
//! between valid and invalid instead of only on noise.

use base64::Engine as _;

/// The CLI's webhook configuration (trigger filters), compiled in here as it is (the CLI crate's
/// HTTP stack is not needed to check the filters).
#[path = "../../crates/hookproof-cli/src/config.rs"]
#[allow(dead_code)]
mod config;
use hmac::{KeyInit, Mac};
use hookproof::{scheme, Clock, SignOptions, Webhook};

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
                // Entries are `v1,<base64>`, space-separated; a framework that joins repeated
                // headers adds commas (`v1,A, v1,B` or `v1,A,v1,B`). Lenient on purpose: any `v1`
                // piece directly followed by the expected MAC, wherever spaces and commas fall.
                let expected = b64(&hmac(KEY, &[&id, b".", &ts, b".", body]));
                ["webhook-signature", "svix-signature"].iter().any(|name| {
                    values(headers, name).any(|v| {
                        let pieces: Vec<&[u8]> = v
                            .split(|&b| b.is_ascii_whitespace() || b == b',')
                            .filter(|p| !p.is_empty())
                            .collect();
                        pieces
                            .windows(2)
                            .any(|w| w[0] == b"v1" && w[1] == expected.as_bytes())
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
    let webhook = Webhook::new(scheme, [secret_for(name)])
        .expect("the fuzz secret is valid")
        .with_tolerance(std::time::Duration::from_secs(TOLERANCE as u64))
        .with_clock(Clock::Fixed(NOW));
    let mut reader = Reader(data);
    let mode = reader.byte();
    let mut body = reader.chunk().to_vec();
    let mut headers: HeaderList;
    let mut changed = true;
    if mode & 1 == 0 {
        let skew = i64::from(mode >> 1) * 5 - 320; // inside and outside the window
        let options = SignOptions::new().timestamp(NOW + skew).msg_id("msg_fuzz");
        headers = webhook
            .sign(&body, &options)
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
    let verdict = webhook.verify(&body, &headers);
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

/// Whether HMAC treats `key` like the empty key (zero-padded to the block: up to 64 zero bytes),
/// or it is blank: the keys hookproof refuses as a configuration error.
fn unusable_key(key: &[u8]) -> bool {
    (key.len() <= 64 && key.iter().all(|&b| b == 0)) || key.iter().all(|b| b.is_ascii_whitespace())
}

/// The one-shot Print.one check. Its rule is simple enough to state both ways: an unusable key is
/// an error; otherwise valid exactly when the trimmed signature equals the base64 HMAC of the body.
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
    let verdict = hookproof::verify(body, &signature, &secret);
    if unusable_key(&secret) {
        assert_eq!(
            verdict.map_err(|e| e.code()),
            Err("invalid_secret"),
            "an unusable key"
        );
        return;
    }
    let expected = trim(&signature) == b64(&hmac(&secret, &[body])).as_bytes();
    assert_eq!(verdict, Ok(expected), "verify disagrees with the oracle");
}

/// `construct_event` on a validly signed body: it never panics, succeeds only for a JSON object
/// with the envelope's fields, and otherwise says `invalid_payload` (the signature being valid);
/// the generic envelope (what the bindings read) accepts whatever the typed event accepts.
pub fn check_construct_event(body: &[u8]) {
    let webhook = Webhook::new(&scheme::PRINTONE, [secret_for("printone")]).expect("valid secret");
    let headers = webhook.sign(body, &SignOptions::new()).expect("signs");
    let typed = webhook.construct_event::<scheme::printone::Event, _>(body, &headers);
    let generic = hookproof::support::construct_event(&webhook, body, &headers, None);
    match &typed {
        Ok(event) => {
            let parsed: serde_json::Value =
                serde_json::from_slice(body).expect("accepted bodies are JSON");
            assert_eq!(parsed["event"].as_str(), Some(event.event.as_str()));
            assert_eq!(
                parsed["created_at"].as_str(),
                Some(event.created_at.as_str())
            );
            assert!(parsed.get("data").is_some());
            assert!(
                generic.is_ok(),
                "the envelope refused what the typed event accepted"
            );
        }
        Err(err) => assert_eq!(err.code(), "invalid_payload"),
    }
    if let Err(err) = generic {
        assert_eq!(err.code(), "invalid_payload");
    }
}

/// Standard Webhooks' signature header as frameworks join a repeated one (", " in Node and
/// Fetch, "," in WSGI) and as the spec writes several entries (" "): verify accepts exactly when
/// one entry is the HMAC of `{id}.{timestamp}.{body}` (the oracle builds the entries itself).
pub fn check_standard_joined(data: &[u8]) {
    let mut reader = Reader(data);
    let webhook = Webhook::new(&scheme::STANDARD, [secret_for("standard")])
        .expect("valid secret")
        .with_clock(Clock::Fixed(NOW));
    let id = format!("msg_{}", hex(reader.chunk()));
    let body = reader.chunk().to_vec();
    let good = format!(
        "v1,{}",
        b64(&hmac(
            KEY,
            &[id.as_bytes(), b".", NOW.to_string().as_bytes(), b".", &body]
        ))
    );
    let mut entries: Vec<String> = Vec::new();
    let mut valid = false;
    while !reader.is_empty() && entries.len() < 12 {
        match reader.byte() % 4 {
            0 => {
                entries.push(good.clone());
                valid = true;
            }
            1 => entries.push(format!("v1,{}", b64(&hmac(b"another key", &[&body])))),
            2 => entries.push(String::from_utf8_lossy(reader.chunk()).replace([',', ' '], "")),
            _ => entries.push(format!("v1,{}", String::from_utf8_lossy(reader.chunk()))),
        }
    }
    let joiner = [" ", ", ", ","][usize::from(reader.byte()) % 3];
    let mut headers: HeaderList = vec![
        (b"webhook-id".to_vec(), id.clone().into_bytes()),
        (b"webhook-timestamp".to_vec(), NOW.to_string().into_bytes()),
    ];
    headers.push((
        b"webhook-signature".to_vec(),
        entries.join(joiner).into_bytes(),
    ));
    let verdict = webhook.verify(&body, &headers);
    if verdict.is_ok() {
        assert!(
            valid || entries.iter().any(|e| e == &good),
            "accepted without a valid entry"
        );
    }
    // A valid entry among well-formed ones, joined as any framework joins: accepted.
    let well_formed = entries
        .iter()
        .all(|e| e.starts_with("v1,") && !e.contains(' ') && !e.contains(','));
    if valid && well_formed {
        assert_eq!(
            verdict,
            Ok(()),
            "a valid entry joined with {joiner:?} was refused"
        );
    }
}

/// The replay keys: deterministic, from signed data only, and unambiguous (for Standard
/// Webhooks, two requests with different `(id, timestamp, body)` never share their signed-content
/// key, whatever dots the id holds; Print.one's key is the body's alone).
pub fn check_replay_keys(data: &[u8]) {
    let mut reader = Reader(data);
    let standard = Webhook::new(&scheme::STANDARD, [secret_for("standard")]).expect("valid secret");
    let printone = Webhook::new(&scheme::PRINTONE, [secret_for("printone")]).expect("valid secret");
    let request = |reader: &mut Reader| {
        let id = String::from_utf8_lossy(reader.chunk()).into_owned();
        let ts = String::from_utf8_lossy(reader.chunk()).into_owned();
        let body = reader.chunk().to_vec();
        (id, ts, body)
    };
    let a = request(&mut reader);
    let b = request(&mut reader);
    let keys = |(id, ts, body): &(String, String, Vec<u8>)| {
        let headers = [
            ("webhook-id", id.as_str()),
            ("webhook-timestamp", ts.as_str()),
        ];
        standard
            .replay_keys(body, &headers)
            .map(|k| k.to_hex_list())
    };
    let (Ok(ka), Ok(kb)) = (keys(&a), keys(&b)) else {
        return;
    };
    assert_eq!(keys(&a).ok(), Some(ka.clone()), "deterministic");
    // Header values are compared as HTTP defines them: without surrounding whitespace; a
    // timestamp joined with commas by a framework (`t, t`) is its one value (the keys of a
    // conflicting one failed above).
    let trimmed = |(id, ts, body): &(String, String, Vec<u8>)| {
        let ts = ts.split(',').next().unwrap_or("").trim_ascii().to_string();
        (id.trim_ascii().to_string(), ts, body.clone())
    };
    let (a, b) = (trimmed(&a), trimmed(&b));
    assert!(
        !a.0.is_empty() && !b.0.is_empty(),
        "an empty webhook-id has no key"
    );
    let content = |list: &str| list.split(' ').nth(1).unwrap_or(list).to_string();
    let id_key = |list: &str| list.split(' ').next().unwrap_or(list).to_string();
    assert_eq!(
        content(&ka) == content(&kb),
        a == b,
        "the signed-content key is unambiguous"
    );
    assert_eq!(
        id_key(&ka) == id_key(&kb),
        a.0 == b.0,
        "the id key is the id's"
    );
    let body_key = |body: &[u8]| {
        printone
            .replay_keys(body, &[("x", "y")])
            .map(|k| k.to_hex_list())
            .ok()
    };
    assert_eq!(
        body_key(&a.2) == body_key(&b.2),
        a.2 == b.2,
        "Print.one's key is the body's"
    );
}

/// Lambda's HTTP events: an event built from the input, in each shape AWS sends, decodes to the
/// bytes and headers it was built from (base64 decoded by the `base64` crate here); raw input
/// never panics and never decodes to a body larger than the limit.
pub fn check_lambda(data: &[u8]) {
    use hookproof::lambda::{EventSource, HttpEvent};
    let mut reader = Reader(data);
    let shape = reader.byte() % 4;
    let encoded = reader.byte() & 1 == 1;
    let body = reader.chunk().to_vec();
    let mut headers: Vec<(String, String)> = Vec::new();
    while !reader.is_empty() && headers.len() < 8 {
        let name = format!("h{}", reader.byte() % 4);
        let value: String = String::from_utf8_lossy(reader.chunk())
            .chars()
            .filter(|c| *c != ',')
            .collect();
        headers.push((name, value));
    }
    let body_json = if encoded {
        serde_json::Value::from(b64(&body))
    } else {
        serde_json::Value::from(String::from_utf8_lossy(&body).into_owned())
    };
    let text_body = if encoded {
        body.clone()
    } else {
        String::from_utf8_lossy(&body).into_owned().into_bytes()
    };
    let multi = || {
        let mut map = serde_json::Map::new();
        for (n, v) in &headers {
            map.entry(n.clone())
                .or_insert_with(|| serde_json::Value::Array(vec![]))
                .as_array_mut()
                .unwrap()
                .push(v.clone().into());
        }
        serde_json::Value::Object(map)
    };
    let (event, source) = match shape {
        0 => (
            serde_json::json!({"httpMethod": "POST", "path": "/", "requestContext": {}, "multiValueHeaders": multi(), "body": body_json, "isBase64Encoded": encoded}),
            EventSource::RestApi,
        ),
        1 => {
            let mut joined = serde_json::Map::new();
            for (n, v) in &headers {
                let entry = joined
                    .entry(n.clone())
                    .or_insert_with(|| serde_json::Value::from(""));
                let text = entry.as_str().unwrap().to_string();
                *entry = serde_json::Value::from(if text.is_empty() {
                    v.clone()
                } else {
                    format!("{text},{v}")
                });
            }
            (
                serde_json::json!({"version": "2.0", "requestContext": {"http": {"method": "POST"}}, "headers": joined, "body": body_json, "isBase64Encoded": encoded}),
                EventSource::HttpApi,
            )
        }
        2 => (
            serde_json::json!({"httpMethod": "POST", "requestContext": {"elb": {}}, "multiValueHeaders": multi(), "body": body_json, "isBase64Encoded": encoded}),
            EventSource::AlbMultiValue,
        ),
        _ => (
            serde_json::json!({"httpMethod": "POST", "requestContext": {"elb": {}}, "headers": {}, "body": body_json, "isBase64Encoded": encoded}),
            EventSource::Alb,
        ),
    };
    let decoded = HttpEvent::from_json(event.to_string().as_bytes(), 1 << 20)
        .expect("a well-formed event decodes");
    assert_eq!(decoded.source, source);
    assert_eq!(
        decoded.body, text_body,
        "the decoded body is the bytes the event carries"
    );
    if matches!(shape, 0 | 2) {
        // Every value of every header, in order per name.
        for name in ["h0", "h1", "h2", "h3"] {
            let sent: Vec<&String> = headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v)
                .collect();
            let got: Vec<&String> = decoded
                .headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v)
                .collect();
            assert_eq!(sent, got, "the values of {name}");
        }
    }
    // Raw bytes as an event: an answer, never a panic, never more than the limit.
    if let Ok(raw) = HttpEvent::from_json(data, 64) {
        assert!(raw.body.len() <= 64);
    }
}

/// Print.one's trigger filters as the sender reads them from TOML: any text parses or fails with
/// a message, never a panic; a config built from the input decides `receives` exactly as the
/// oracle here does (dotted paths into `{"data", "event"}`, strings as they are, numbers and
/// booleans by their JSON text, everything else absent; every filter of the event must match).
pub fn check_filters(data: &[u8]) {
    use serde_json::{json, Value};
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = config::ConfigFile::parse(text);
    }
    let mut reader = Reader(data);
    const WORDS: [&str; 6] = [
        "status",
        "id",
        "order_created",
        "order_cancelled",
        "42",
        "true",
    ];
    let word = |reader: &mut Reader| WORDS[usize::from(reader.byte()) % WORDS.len()].to_string();
    let leaf = |reader: &mut Reader| match reader.byte() % 4 {
        0 => Value::from(word(reader)),
        1 => Value::from(42),
        2 => Value::from(true),
        _ => Value::Null,
    };
    let mut data_obj = serde_json::Map::new();
    for _ in 0..(reader.byte() % 4) {
        let key = word(&mut reader);
        let value = if reader.byte() % 3 == 0 {
            let mut inner = serde_json::Map::new();
            inner.insert(word(&mut reader), leaf(&mut reader));
            Value::Object(inner)
        } else {
            leaf(&mut reader)
        };
        data_obj.insert(key, value);
    }
    let event_data = Value::Object(data_obj);
    let event = ["order_status_update", "coupon_code_used"][usize::from(reader.byte()) % 2];
    let mut filters = Vec::new();
    let mut toml_filters = String::new();
    for _ in 0..(reader.byte() % 5) {
        let depth = 1 + usize::from(reader.byte() % 2);
        let key = std::iter::once("data".to_string())
            .chain((0..depth).map(|_| word(&mut reader)))
            .collect::<Vec<_>>()
            .join(".");
        let matcher = ["equals", "not-equals", "in", "not-in"][usize::from(reader.byte()) % 4];
        let values: Vec<String> = (0..1 + reader.byte() % 3)
            .map(|_| word(&mut reader))
            .collect();
        let only = match reader.byte() % 3 {
            0 => Some(event.to_string()),
            _ => None,
        };
        let value_toml = if matcher.ends_with("in") {
            format!(
                "[{}]",
                values
                    .iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("{:?}", values[0])
        };
        toml_filters.push_str(&format!(
            "[[webhook.filter]]\nkey = {key:?}\ntype = {matcher:?}\nvalue = {value_toml}\n"
        ));
        if let Some(only) = &only {
            toml_filters.push_str(&format!("event = {only:?}\n"));
        }
        filters.push((key, matcher, values, only));
    }
    let text = format!(
        "[[webhook]]\nurl = \"http://127.0.0.1/\"\nsecret = \"s\"\nevents = [\"order_status_update\", \"coupon_code_used\"]\n{toml_filters}"
    );
    let parsed =
        config::ConfigFile::parse(&text).expect("a config built from valid filters parses");
    let envelope = json!({ "data": event_data, "event": event });
    let found = |key: &str| -> Option<String> {
        let mut value = &envelope;
        for part in key.split('.') {
            value = value.get(part)?;
        }
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
            _ => None,
        }
    };
    let expected = filters.iter().all(|(key, matcher, values, only)| {
        if only.as_deref().is_some_and(|o| o != event) {
            return true;
        }
        let got = found(key);
        let hit = |v: &String| got.as_deref() == Some(v.as_str());
        match *matcher {
            "equals" => hit(&values[0]),
            "not-equals" => !hit(&values[0]),
            "in" => values.iter().any(hit),
            _ => !values.iter().any(hit),
        }
    });
    assert_eq!(
        parsed.webhooks[0].receives(event, &event_data),
        expected,
        "filters disagree with the oracle: {text}"
    );
}
