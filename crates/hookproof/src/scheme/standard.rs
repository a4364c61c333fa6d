//! Standard Webhooks (and Svix, its origin): `webhook-id`, `webhook-timestamp` and
//! `webhook-signature` (falling back to the `svix-*` names). The signed content is
//! `{id}.{timestamp}.{body}`; the signature header is a space-separated list of
//! `v1,<base64 HMAC-SHA256>` and `v1a,<base64 Ed25519>` entries, any of which may match;
//! unknown versions are skipped.
//!
//! Secrets: `whsec_` + base64 of the HMAC key (the prefix is optional); `whpk_` + base64 of a
//! 32-byte Ed25519 public key (verifies `v1a`); `whsk_` + base64 of an Ed25519 secret key (a
//! 32-byte seed, or the 64-byte seed-and-public-key form; signs `v1a`).

use base64::Engine as _;

use super::{
    check_timestamp, decode_base64_exact, encode_base64, hmac_matches_any, sign_timestamp,
    Candidates, Scheme, SignOptions, SignedHeaders, SingleValue, Timestamp, VerifyContext,
};
use crate::headers::Headers;
use crate::secret::{Key, Secret};
use crate::Error;

const ID: [&str; 2] = ["webhook-id", "svix-id"];
const TIMESTAMP: [&str; 2] = ["webhook-timestamp", "svix-timestamp"];
const SIGNATURE: [&str; 2] = ["webhook-signature", "svix-signature"];
/// The longest message id read (and signed): Svix ids are ~30 bytes.
const MAX_ID_LEN: usize = 256;
const EXPECTED: &str =
    "space-separated `v1,<base64 of 32 bytes>` or `v1a,<base64 of 64 bytes>` entries";

/// The Standard Webhooks scheme; see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct StandardWebhooks;

/// Secrets are configuration, not attacker input: accept them with or without `=` padding, as the
/// official libraries do (Svix's 24-byte keys are unpadded).
fn decode_secret(encoded: &[u8]) -> Result<Secret, Error> {
    use base64::engine::{
        general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig,
    };
    const LENIENT_PADDING: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    LENIENT_PADDING
        .decode(encoded)
        .map(Secret::from)
        .map_err(|_| Error::InvalidSecret {
            reason: "the part after the `wh..._` prefix is not standard base64",
        })
}

impl Scheme for StandardWebhooks {
    fn name(&self) -> &'static str {
        "standard"
    }

    fn signature_headers(&self) -> &'static [&'static str] {
        &SIGNATURE
    }

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
        context: &VerifyContext,
    ) -> Result<(), Error> {
        // The id is signed as sent; Svix ids are ~30 bytes, 256 leaves room for any real one.
        let (id_buffer, id_len) = match SingleValue::<MAX_ID_LEN>::read(headers, &ID) {
            SingleValue::Value(buffer, len) => (buffer, len),
            SingleValue::Missing => return Err(Error::MissingSignature { header: ID[0] }),
            SingleValue::Conflicting => {
                return Err(Error::MalformedSignature {
                    expected: "one `webhook-id` of at most 256 bytes",
                })
            }
        };
        let id = &id_buffer[..id_len];
        let timestamp = Timestamp::read(headers, &TIMESTAMP)?;

        let mut hmacs = Candidates::<32>::default();
        let mut ed25519 = Candidates::<64>::default();
        let mut seen = false;
        for name in SIGNATURE {
            if seen {
                break; // the svix-* fallback only when no webhook-signature header exists
            }
            headers.for_each_value(name, &mut |value| {
                seen = true;
                for entry in value
                    .split(|b| b.is_ascii_whitespace())
                    .filter(|e| !e.is_empty())
                {
                    match entry
                        .iter()
                        .position(|&b| b == b',')
                        .map(|i| entry.split_at(i))
                    {
                        Some((b"v1", signature)) => {
                            hmacs.offer(decode_base64_exact::<32>(&signature[1..]))
                        }
                        Some((b"v1a", signature)) => {
                            ed25519.offer(decode_base64_exact::<64>(&signature[1..]))
                        }
                        Some(_) => {} // a version this receiver does not know: skipped
                        None => hmacs.offer(None), // not `version,signature`: malformed
                    }
                }
            });
        }
        if !seen {
            return Err(Error::MissingSignature {
                header: SIGNATURE[0],
            });
        }
        if hmacs.as_slice().is_empty() && ed25519.as_slice().is_empty()
            || hmacs.overflowed
            || ed25519.overflowed
        {
            return Err(Error::MalformedSignature { expected: EXPECTED });
        }
        let parts: [&[u8]; 5] = [id, b".", timestamp.text(), b".", body];
        let valid = hmac_matches_any(keys, &parts, hmacs.as_slice())
            || ed25519_matches_any(keys, &parts, ed25519.as_slice());
        if !valid {
            return Err(Error::SignatureMismatch);
        }
        check_timestamp(timestamp.value, context)
    }

    fn sign(&self, key: &Key, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error> {
        let timestamp = sign_timestamp(options)?;
        let id = options.msg_id.clone().unwrap_or_else(new_message_id);
        if id.is_empty() || id.len() > MAX_ID_LEN || id.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::InvalidPayload {
                reason: format!(
                    "a message id is 1 to {MAX_ID_LEN} bytes without control characters"
                ),
            });
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
}

/// A message id unique within this process and very likely across processes: `msg_` followed by
/// the clock in nanoseconds and a counter, in hex. (Not a secret: it only has to be unique.)
fn new_message_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    format!(
        "msg_{nanos:016x}{:08x}",
        COUNTER.fetch_add(1, Ordering::Relaxed) as u32
    )
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
            let key = Key::ed25519_signing(&raw[..32])?;
            let public = Key::ed25519_public(&raw[32..])?;
            let probe: [&[u8]; 1] = [b"hookproof key check"];
            let signature = ed25519_sign(&key, &probe)?;
            if public.ed25519_verify(&probe, &signature) {
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
    key.ed25519_sign(parts).ok_or(Error::InvalidSecret {
        reason: "a `whpk_` public key can verify but not sign; sign with the `whsk_` key",
    })
}

#[cfg(feature = "ed25519")]
fn ed25519_matches_any(keys: &[Key], parts: &[&[u8]], candidates: &[[u8; 64]]) -> bool {
    // Ed25519 verification is public-key: no secret-dependent comparison to keep constant-time.
    keys.iter().any(|key| {
        candidates
            .iter()
            .any(|signature| key.ed25519_verify(parts, signature))
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
