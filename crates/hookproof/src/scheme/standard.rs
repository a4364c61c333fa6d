//! Standard Webhooks (and Svix, its origin): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature` (falling back to the `svix-*` names). The signed content is
//! `{id}.{timestamp}.{body}`; the signature header is a space-separated list of
//! `v1,<base64 HMAC-SHA256>` and `v1a,<base64 Ed25519>` entries, any of which may match;
//! unknown versions are skipped.
//!
//! A repeated `webhook-signature` that a framework joined (Node and Fetch join with `", "`, WSGI
//! with `","`) is read entry by entry: entries are separated by whitespace, or by a comma between
//! two complete `version,signature` pairs. Each entry is still exactly `version,signature`.
//!
//! Secrets: `whsec_` + base64 of the HMAC key (the prefix is optional); `whpk_` + base64 of a
//! 32-byte Ed25519 public key (verifies `v1a`); `whsk_` + base64 of an Ed25519 secret key (a
//! 32-byte seed, or the 64-byte seed-and-public-key form; signs `v1a`).

use base64::Engine as _;

use super::{
    check_timestamp, decode_base64_exact, encode_base64, hmac_matches_any, sign_timestamp,
    Candidates, Provider, Scheme, SchemeInfo, SignOptions, SignedHeaders, SingleValue, Timestamp,
    Window,
};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::{Key, Secret};
use crate::Error;

const ID: [&str; 2] = ["webhook-id", "svix-id"];
const TIMESTAMP: [&str; 2] = ["webhook-timestamp", "svix-timestamp"];
const SIGNATURE: [&str; 2] = ["webhook-signature", "svix-signature"];
/// The longest message id read (and signed): Svix ids are ~30 bytes.
const MAX_ID_LEN: usize = 256;
const EXPECTED: &str =
    "space-separated `v1,<base64 of 32 bytes>` or `v1a,<base64 of 64 bytes>` entries";

/// Standard Webhooks; see the module docs.
pub static STANDARD: Scheme = Scheme::new(
    SchemeInfo {
        name: "standard",
        title: "Standard Webhooks",
        signature_headers: &SIGNATURE,
        read_headers: &[
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature",
            "svix-id",
            "svix-timestamp",
            "svix-signature",
        ],
        signs_timestamp: true,
        signs_id: true,
        envelope: None,
        event_headers: &[],
        delivery_headers: &[("content-type", "application/json")],
        rejection_status: 401,
        secret_format: "`whsec_` + base64 of the HMAC key (Svix, Standard Webhooks); `whpk_` / \
                        `whsk_` + base64 of an Ed25519 public / secret key for `v1a`",
        replay_key: "the signed `webhook-id` (a retry keeps its id), and also the signed content \
                     `{id}.{timestamp}.{body}`, so that an id containing `.<digits>` re-split \
                     into another id and timestamp with the same MAC is still a duplicate",
        sample_events: &[],
    },
    &StandardWebhooks,
);

struct StandardWebhooks;

/// Secrets are configuration, not attacker input: accept them with or without `=` padding and
/// with stray low bits in the last character, as the official libraries do (Svix's 24-byte keys
/// are unpadded).
fn decode_secret(encoded: &[u8]) -> Result<Secret, Error> {
    use base64::engine::{
        general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig,
    };
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    LENIENT
        .decode(encoded.trim_ascii())
        .map(Secret::from)
        .map_err(|_| Error::InvalidSecret {
            reason: "the part after the `wh..._` prefix is not standard base64",
        })
}

/// Calls `visit(version, signature)` for every entry of a `webhook-signature` value, and
/// `visit(b"", b"")` for a piece that is not a `version,signature` entry (malformed).
fn for_each_entry(value: &[u8], visit: &mut dyn FnMut(&[u8], &[u8])) {
    for token in value
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
    {
        // "v1,A" or, after a join, "v1,A," (", " join) or "v1,A,v1,B" ("," join).
        let token = token.strip_suffix(b",").unwrap_or(token);
        let mut parts = token.split(|&b| b == b',');
        loop {
            match (parts.next(), parts.next()) {
                (Some(version), Some(signature)) if !version.is_empty() => {
                    visit(version, signature)
                }
                (None, _) => break,
                _ => {
                    visit(b"", b"");
                    break;
                }
            }
        }
    }
}

impl Provider for StandardWebhooks {
    fn prepare_key(&self, secret: Secret) -> Result<Key, Error> {
        let raw = secret.expose();
        if let Some(public) = raw.strip_prefix(b"whpk_") {
            return ed25519_public(&decode_secret(public)?);
        }
        if let Some(private) = raw.strip_prefix(b"whsk_") {
            return ed25519_signing(&decode_secret(private)?);
        }
        Key::hmac_sha256(decode_secret(raw.strip_prefix(b"whsec_").unwrap_or(raw))?)
    }

    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        window: &Window,
    ) -> Result<(), Error> {
        if !super::any_present(headers, &SIGNATURE) {
            return Err(Error::MissingSignature {
                header: "webhook-signature",
            });
        }
        let (id_buffer, id_len) = read_id(headers)?;
        let id = id_buffer.get(..id_len).unwrap_or(&[]);
        let timestamp = Timestamp::read(headers, &TIMESTAMP, "no `webhook-timestamp` header")?;

        let mut hmacs = Candidates::<32>::new();
        let mut ed25519 = Candidates::<64>::new();
        // The svix-* fallback only when no webhook-signature header exists.
        let name = if super::any_present(headers, &SIGNATURE[..1]) {
            SIGNATURE[0]
        } else {
            SIGNATURE[1]
        };
        headers.for_each_value(name, &mut |value| {
            for_each_entry(value, &mut |version, signature| match version {
                b"v1" => hmacs.offer(decode_base64_exact::<32>(signature)),
                b"v1a" => ed25519.offer(decode_base64_exact::<64>(signature)),
                b"" => hmacs.offer(None), // not `version,signature`: malformed
                _ => {}                   // a version this receiver does not know: skipped
            })
        });
        if hmacs.as_slice().is_empty() && ed25519.as_slice().is_empty()
            || hmacs.overflowed()
            || ed25519.overflowed()
        {
            return Err(Error::MalformedSignature { expected: EXPECTED });
        }
        let parts: [&[u8]; 5] = [id, b".", timestamp.text(), b".", body];
        let valid = hmac_matches_any(keys, &parts, hmacs.as_slice())
            || ed25519_matches_any(keys, &parts, ed25519.as_slice());
        if !valid {
            return Err(Error::SignatureMismatch);
        }
        check_timestamp(timestamp.value, window)
    }

    fn sign(
        &self,
        key: &Key,
        body: &[u8],
        options: &SignOptions,
        now: i64,
    ) -> Result<SignedHeaders, Error> {
        let timestamp = sign_timestamp(options, now)?;
        let id = match &options.msg_id {
            Some(id) => id.clone(),
            None => new_message_id(now),
        };
        if id.is_empty() || id.len() > MAX_ID_LEN || id.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::invalid_argument(
                "msg_id",
                format!("a message id is 1 to {MAX_ID_LEN} bytes without control characters"),
            ));
        }
        let parts: [&[u8]; 5] = [id.as_bytes(), b".", timestamp.as_bytes(), b".", body];
        let signature = match key.mac(&parts) {
            Some(mac) => format!("v1,{}", encode_base64(&mac)),
            None => format!("v1a,{}", encode_base64(&ed25519_sign(key, &parts)?)),
        };
        Ok(vec![
            (ID[0], id),
            (TIMESTAMP[0], timestamp),
            (SIGNATURE[0], signature),
        ])
    }

    fn replay_keys(&self, body: &[u8], headers: &dyn Headers) -> Result<ReplayKeys, Error> {
        let (id_buffer, id_len) = read_id(headers)?;
        let id = id_buffer.get(..id_len).unwrap_or(&[]);
        let timestamp = Timestamp::read(headers, &TIMESTAMP, "no `webhook-timestamp` header")?;
        Ok(ReplayKeys::two(
            &STANDARD,
            ("id", &[id]),
            ("signed", &[id, b".", timestamp.text(), b".", body]),
        ))
    }
}

/// The message id, exactly as sent (it is signed), on the stack. An empty id (or one of only
/// whitespace, which HTTP strips) is missing, as the official libraries treat it: it would make
/// every such delivery the duplicate of every other.
fn read_id(headers: &dyn Headers) -> Result<([u8; MAX_ID_LEN], usize), Error> {
    match SingleValue::<MAX_ID_LEN>::read(headers, &ID, false) {
        SingleValue::Value(_, 0) | SingleValue::Missing => {
            Err(Error::MissingSignature { header: ID[0] })
        }
        SingleValue::Value(buffer, len) => Ok((buffer, len)),
        SingleValue::Conflicting => Err(Error::MalformedSignature {
            expected: "one `webhook-id` of at most 256 bytes",
        }),
    }
}

/// A message id unique within this process and very likely across processes: `msg_` followed by
/// the signing time and a per-process random counter, in hex. (Not a secret: it only has to be
/// unique.)
fn new_message_id(now: i64) -> String {
    format!("msg_{:016x}{}", now, crate::replay::unique_hex(8))
}

#[cfg(feature = "ed25519")]
fn ed25519_public(bytes: &Secret) -> Result<Key, Error> {
    Key::ed25519_public(bytes.expose())
}

#[cfg(feature = "ed25519")]
fn ed25519_signing(bytes: &Secret) -> Result<Key, Error> {
    let raw = bytes.expose();
    match raw.len() {
        32 => Key::ed25519_signing(raw),
        64 => {
            // seed || public key: the public half must be the seed's.
            let (seed, public) = raw.split_at(32);
            let key = Key::ed25519_signing(seed)?;
            let public = Key::ed25519_public(public)?;
            let probe: &[u8] = b"hookproof key check";
            let signature = ed25519_sign(&key, &[probe])?;
            if public.ed25519_verify(probe, &signature) {
                Ok(key)
            } else {
                Err(Error::InvalidSecret {
                    reason: "the `whsk_` key's public half does not match its seed",
                })
            }
        }
        _ => Err(Error::InvalidSecret {
            reason: "a `whsk_` key is 32 or 64 bytes",
        }),
    }
}

#[cfg(feature = "ed25519")]
fn ed25519_sign(key: &Key, parts: &[&[u8]]) -> Result<[u8; 64], Error> {
    key.ed25519_sign(&parts.concat())
        .ok_or(Error::InvalidSecret {
            reason: "a `whpk_` public key can verify but not sign; sign with the `whsk_` key",
        })
}

#[cfg(feature = "ed25519")]
fn ed25519_matches_any(keys: &[Key], parts: &[&[u8]], candidates: &[[u8; 64]]) -> bool {
    if candidates.is_empty() || !keys.iter().any(Key::is_ed25519) {
        return false;
    }
    // Ed25519 hashes the message twice, so it needs it in one piece: built once per request (the
    // one allocation on a verify path, and only for `v1a` signatures). Verification is
    // public-key: there is no secret-dependent comparison to keep constant-time.
    let message = parts.concat();
    keys.iter().any(|key| {
        candidates
            .iter()
            .any(|signature| key.ed25519_verify(&message, signature))
    })
}

#[cfg(not(feature = "ed25519"))]
const NO_ED25519: Error = Error::InvalidSecret {
    reason: "Ed25519 keys need hookproof's `ed25519` feature",
};

#[cfg(not(feature = "ed25519"))]
fn ed25519_public(_: &Secret) -> Result<Key, Error> {
    Err(NO_ED25519)
}

#[cfg(not(feature = "ed25519"))]
fn ed25519_signing(_: &Secret) -> Result<Key, Error> {
    Err(NO_ED25519)
}

#[cfg(not(feature = "ed25519"))]
fn ed25519_sign(_: &Key, _: &[&[u8]]) -> Result<[u8; 64], Error> {
    Err(NO_ED25519)
}

#[cfg(not(feature = "ed25519"))]
fn ed25519_matches_any(_: &[Key], _: &[&[u8]], _: &[[u8; 64]]) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(value: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for_each_entry(value.as_bytes(), &mut |v, s| {
            out.push((
                String::from_utf8_lossy(v).into_owned(),
                String::from_utf8_lossy(s).into_owned(),
            ))
        });
        out
    }

    #[test]
    fn entries_survive_the_joins_frameworks_make_and_nothing_else_is_loosened() {
        let pair = |v: &str, s: &str| (v.to_string(), s.to_string());
        assert_eq!(entries("v1,A v1,B"), [pair("v1", "A"), pair("v1", "B")]);
        assert_eq!(entries("v1,A, v1,B"), [pair("v1", "A"), pair("v1", "B")]);
        assert_eq!(entries("v1,A,v1,B"), [pair("v1", "A"), pair("v1", "B")]);
        assert_eq!(
            entries("v1,A v2,X,v1,B"),
            [pair("v1", "A"), pair("v2", "X"), pair("v1", "B")]
        );
        // Still malformed: a bare version, a signature without its version, a missing comma.
        assert_eq!(entries("v1,"), [pair("", "")]);
        assert_eq!(entries("v1 A"), [pair("", ""), pair("", "")]);
        assert_eq!(entries(",v1,A"), [pair("", "")]);
        assert_eq!(entries("v1,A,v1"), [pair("v1", "A"), pair("", "")]);
        assert_eq!(entries("v1,,"), [pair("v1", "")]);
    }
}
