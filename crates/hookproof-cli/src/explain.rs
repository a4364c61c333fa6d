//! `hookproof verify --explain`: why a signature did not match (schemes that sign only the body).
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

/// Whether `--explain` can diagnose this scheme: one that signs nothing but the body, so the
/// signature is a function of the body and the secret alone.
pub fn supports(scheme: &hookproof::Scheme) -> bool {
    !scheme.info().signs_timestamp && !scheme.info().signs_id
}

/// The signature value `scheme` gives `body` under `secret`, if the secret can sign.
fn expected_signature(
    scheme: &'static hookproof::Scheme,
    body: &[u8],
    secret: &[u8],
) -> Option<String> {
    let signer = hookproof::Webhook::new(scheme, [secret]).ok()?;
    let signed = signer.sign(body, &hookproof::SignOptions::new()).ok()?;
    let header = scheme.signature_header();
    signed
        .into_iter()
        .find(|(name, _)| *name == header)
        .map(|(_, value)| value)
}

/// Finds the likely causes of a mismatch between `body`, `signature` and `secret` under
/// `scheme` (one that [`supports`] it), one entry per cause.
pub fn explain(
    scheme: &'static hookproof::Scheme,
    body: &[u8],
    signature: &str,
    secret: &str,
) -> Vec<Diagnosis> {
    let mut found = explain_all(scheme, body, signature, secret);
    let mut seen = Vec::new();
    found.retain(|d| {
        let new = !seen.contains(&d.cause);
        seen.push(d.cause);
        new
    });
    found
}

fn explain_all(
    scheme: &'static hookproof::Scheme,
    body: &[u8],
    signature: &str,
    secret: &str,
) -> Vec<Diagnosis> {
    let mut found = Vec::new();
    let signature = signature.trim();
    let names = scheme.info().signature_headers;
    // A pasted "Name: value" header line.
    if let Some((name, value)) = signature.split_once(':') {
        let name = name.trim().to_ascii_lowercase();
        if let Some(position) = names.iter().position(|n| *n == name) {
            let legacy = position > 0;
            let mut advice =
                format!("the signature includes the header name `{name}:`; pass only its value");
            if legacy {
                advice.push_str(&format!(
                    ". This is {}'s older header name; hookproof reads every name, but receivers \
                     that look up only `{}` miss it",
                    scheme.info().title,
                    names.first().copied().unwrap_or_default()
                ));
            }
            found.push(diagnosis(
                if legacy {
                    "legacy_header_name"
                } else {
                    "header_name_included"
                },
                advice,
            ));
            found.extend(explain_all(scheme, body, value, secret));
            return found;
        }
    }
    let matches = |body: &[u8], secret: &[u8], signature: &str| {
        expected_signature(scheme, body, secret).is_some_and(|expected| expected == signature)
    };
    let Some(expected) = expected_signature(scheme, body, secret.as_bytes()) else {
        return vec![diagnosis(
            "unusable_secret",
            format!(
                "the secret cannot be used (empty, or not {}): copy it from the provider's settings",
                scheme.info().secret_format
            ),
        )];
    };

    // The right MAC in another encoding: the expected value carries it as base64 or hex (after a
    // prefix such as `sha256=`).
    let carries = |raw: &[u8]| {
        raw.len() == 32
            && signature != expected
            && (expected.ends_with(&base64_std(raw)) || expected.ends_with(&hex_lower(raw)))
    };
    if let Ok(raw) = hex_decode(signature.rsplit('=').next().unwrap_or(signature)) {
        if carries(&raw) && !expected.ends_with(&hex_lower(&raw)) {
            found.push(diagnosis(
                "hex_signature",
                "the signature is the right HMAC but hex-encoded where the provider sends \
                 standard base64 (did something convert the header, or did you compute it with \
                 .digest('hex')?)",
            ));
        }
    }
    if let Some(raw) = lenient_base64(signature) {
        if carries(&raw) && expected.ends_with(&base64_std(&raw)) {
            found.push(diagnosis(
                "non_canonical_base64",
                "the signature is the right HMAC in URL-safe or unpadded base64; the provider \
                 sends standard base64 with '=' padding: pass the header value unchanged",
            ));
        }
    }

    // A body that is not the bytes that were signed.
    let secret_bytes = secret.as_bytes();
    for (variant, cause, advice) in body_variants(scheme, body) {
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

fn body_variants(
    scheme: &'static hookproof::Scheme,
    body: &[u8],
) -> Vec<(Vec<u8>, &'static str, &'static str)> {
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
        // Compact in the sender's key order (JavaScript's JSON.stringify), Python's json.dumps
        // spacing, and sorted keys.
        if let Ok(compact) = serde_json::to_vec(&parsed) {
            if compact != body {
                variants.push((compact, "reserialized_body", reserialized));
            }
        }
        variants.push((
            python_dumps(&parsed).into_bytes(),
            "reserialized_body",
            reserialized,
        ));
        if let Ok(sorted) = serde_json::to_vec(&sorted(&parsed)) {
            variants.push((sorted, "reserialized_body", reserialized));
        }
        // The provider's own envelope, rebuilt in its key order from the parsed event.
        if let Some(canonical) = scheme.canonical_body(body) {
            variants.push((canonical, "reserialized_body", reserialized));
        }
    }
    variants
}

/// `json.dumps(value)` with Python's default separators (", " and ": ") and `ensure_ascii`.
fn python_dumps(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", python_string(k), python_dumps(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_dumps).collect();
            format!("[{}]", items.join(", "))
        }
        Value::String(text) => python_string(text),
        other => other.to_string(),
    }
}

fn python_string(text: &str) -> String {
    let mut out = String::from("\"");
    for unit in text.encode_utf16() {
        match unit {
            0x22 => out.push_str("\\\""),
            0x5c => out.push_str("\\\\"),
            0x0a => out.push_str("\\n"),
            0x0d => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x20..=0x7e => out.push(char::from(unit as u8)),
            other => out.push_str(&format!("\\u{other:04x}")),
        }
    }
    out.push('"');
    out
}

fn hex_lower(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("{b:02x}")).collect()
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
