//! `hookproof verify --explain`: why a Print.one signature did not match.
//!
//! Each check re-signs a plausible variant of the inputs (the body the sender probably signed, the
//! secret the sender probably used, the encoding the signature was probably given in) with the
//! core's signer and reports the variants that match. The verdict never changes: a diagnosis
//! explains a mismatch, it never turns one into an accept. The caller decides the verdict with
//! `hookproof::verify` on the inputs as given, before and independently of this module.

use base64::Engine as _;
use serde_json::Value;

/// One likely cause of a mismatch, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// A stable name for the cause (tests and scripts match on it).
    pub cause: &'static str,
    /// What happened and how to fix it.
    pub advice: String,
}

fn diagnosis(cause: &'static str, advice: impl Into<String>) -> Diagnosis {
    Diagnosis {
        cause,
        advice: advice.into(),
    }
}

/// The header names a signature may have been pasted with.
const HEADER_NAMES: [&str; 2] = ["x-webhook-hmac-sha256", "x-printone-hmac-sha256"];

/// Finds the likely causes of a mismatch between `body`, `signature` and `secret`.
pub fn explain(body: &[u8], signature: &str, secret: &str) -> Vec<Diagnosis> {
    let mut found = Vec::new();
    let signature = signature.trim();
    // A pasted "Name: value" header line.
    if let Some((name, value)) = signature.split_once(':') {
        let name = name.trim().to_ascii_lowercase();
        if HEADER_NAMES.contains(&name.as_str()) {
            let legacy = name == HEADER_NAMES[1];
            let mut advice =
                format!("the signature includes the header name `{name}:`; pass only its value");
            if legacy {
                advice.push_str(
                    ". This is Print.one's legacy header name; hookproof reads both names, but receivers \
                     that look up only `x-webhook-hmac-sha256` (as Print.one's JavaScript helper does) miss it",
                );
            }
            found.push(diagnosis(
                if legacy {
                    "legacy_header_name"
                } else {
                    "header_name_included"
                },
                advice,
            ));
            found.extend(explain(body, value, secret));
            return found;
        }
    }
    let matches = |body: &[u8], secret: &[u8], signature: &str| {
        hookproof::sign(body, secret).is_ok_and(|expected| expected == signature)
    };
    let Ok(expected) = hookproof::sign(body, secret) else {
        return vec![diagnosis(
            "empty_secret",
            "the secret is empty; copy it from Print.one's webhook settings",
        )];
    };

    // The right MAC in another encoding.
    if let Ok(raw) = hex_decode(signature) {
        if raw.len() == 32 && base64_std(&raw) == expected {
            found.push(diagnosis(
                "hex_signature",
                "the signature is the right HMAC but hex-encoded; Print.one sends standard base64 \
                 (did something convert the header, or did you compute it with .digest('hex')?)",
            ));
        }
    }
    if let Some(raw) = lenient_base64(signature) {
        if raw.len() == 32 && base64_std(&raw) == expected && signature != expected {
            found.push(diagnosis(
                "non_canonical_base64",
                "the signature is the right HMAC in URL-safe or unpadded base64; Print.one sends \
                 standard base64 with '=' padding: pass the header value unchanged",
            ));
        }
    }

    // A body that is not the bytes that were signed.
    let secret_bytes = secret.as_bytes();
    for (variant, cause, advice) in body_variants(body) {
        if matches(&variant, secret_bytes, signature) {
            found.push(diagnosis(cause, advice));
        }
    }

    // A secret that is not the one that was used.
    for (variant, cause, advice) in secret_variants(secret) {
        if matches(body, &variant, signature) {
            found.push(diagnosis(cause, advice));
        }
    }

    if found.is_empty() {
        found.push(diagnosis(
            "no_known_cause",
            "no common mistake explains it: check that the secret is this webhook's (each webhook \
             has its own) and that the body is the raw request body, byte for byte",
        ));
    }
    found
}

fn body_variants(body: &[u8]) -> Vec<(Vec<u8>, &'static str, &'static str)> {
    let mut variants = Vec::new();
    let mut trimmed = body;
    while let [rest @ .., b'\n' | b'\r'] = trimmed {
        trimmed = rest;
    }
    if trimmed.len() != body.len() {
        variants.push((
            trimmed.to_vec(),
            "extra_trailing_newline",
            "the body has a trailing newline the sender did not sign (a shell `echo`, an editor, \
             or a logging layer added it): verify the raw body exactly as received",
        ));
    }
    for suffix in [&b"\n"[..], b"\r\n"] {
        let mut longer = body.to_vec();
        longer.extend_from_slice(suffix);
        variants.push((
            longer,
            "missing_trailing_newline",
            "the sender signed the body with a trailing newline that your copy lost (a trim, or \
             reading it line by line): verify the raw body exactly as received",
        ));
    }
    if let Ok(parsed) = serde_json::from_slice::<Value>(body) {
        let reserialized =
            "the body was parsed and re-serialized (pretty-printed, re-spaced or keys reordered) \
             before verification: verify the raw request body, before any JSON middleware";
        let compact = serde_json::to_vec(&parsed).expect("values serialise");
        if compact != body {
            variants.push((compact, "reserialized_body", reserialized));
        }
        if let Value::Object(map) = &parsed {
            // Print.one's own key order: data, event, created_at, then anything else.
            let mut ordered = serde_json::Map::new();
            for key in ["data", "event", "created_at"] {
                if let Some(value) = map.get(key) {
                    ordered.insert(key.to_string(), value.clone());
                }
            }
            for (key, value) in map {
                if !ordered.contains_key(key) {
                    ordered.insert(key.clone(), value.clone());
                }
            }
            variants.push((
                serde_json::to_vec(&Value::Object(ordered)).expect("values serialise"),
                "reserialized_body",
                reserialized,
            ));
            variants.push((
                serde_json::to_vec(&sorted(&parsed)).expect("values serialise"),
                "reserialized_body",
                reserialized,
            ));
        }
    }
    variants
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), sorted(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

fn secret_variants(secret: &str) -> Vec<(Vec<u8>, &'static str, &'static str)> {
    let mut variants = Vec::new();
    let trimmed = secret.trim();
    if trimmed != secret && !trimmed.is_empty() {
        variants.push((
            trimmed.as_bytes().to_vec(),
            "secret_whitespace",
            "the secret has surrounding whitespace the sender does not use (a newline from a \
             .env file or a copy-paste): trim it where you load it",
        ));
    }
    for quote in ['"', '\''] {
        if let Some(inner) = trimmed
            .strip_prefix(quote)
            .and_then(|s| s.strip_suffix(quote))
        {
            if !inner.is_empty() {
                variants.push((
                    inner.as_bytes().to_vec(),
                    "secret_quotes",
                    "the secret includes quotes that are not part of it (quoted in a .env file or a \
                     shell): remove them",
                ));
            }
        }
    }
    if let Some(encoded) = trimmed.strip_prefix("whsec_") {
        if let Some(key) = lenient_base64(encoded).filter(|k| !k.is_empty()) {
            variants.push((
                key,
                "encoded_secret_used_raw",
                "the secret is a `whsec_` secret, whose key is the base64 after the prefix, but it \
                 was used as raw text: decode it (or use the matching scheme)",
            ));
        }
        variants.push((
            encoded.as_bytes().to_vec(),
            "encoded_secret_used_raw",
            "the sender used the secret without its `whsec_` prefix: drop the prefix",
        ));
    }
    variants
}

fn base64_std(raw: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(raw)
}

fn lenient_base64(text: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let unpadded = text.trim_end_matches('=');
    STANDARD_NO_PAD
        .decode(unpadded)
        .ok()
        .or_else(|| URL_SAFE_NO_PAD.decode(unpadded).ok())
}

fn hex_decode(text: &str) -> Result<Vec<u8>, ()> {
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(());
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|_| ()))
        .collect()
}
