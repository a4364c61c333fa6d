//! Stripe: `stripe-signature: t=<timestamp>,v1=<hex HMAC-SHA256(secret, "{t}.{body}")>[,v1=...]`.
//!
//! Several `v1` entries are how Stripe rotates secrets; any may match. Other schemes (`v0`) are
//! ignored. The secret (`whsec_...`) is used as its UTF-8 bytes, prefix included: Stripe does not
//! decode it.

use super::{
    check_timestamp, decode_hex_exact, encode_hex, hmac_for_signing, hmac_matches_any,
    parse_timestamp, sign_timestamp, Candidates, Scheme, SignOptions, SignedHeaders, VerifyContext,
};
use crate::headers::Headers;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "stripe-signature";
const EXPECTED: &str = "`t=<timestamp>` and `v1=` with 64 hex digits";

/// Stripe's webhook scheme.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stripe;

impl Scheme for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    fn signature_headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        context: &VerifyContext,
    ) -> Result<(), Error> {
        let mut candidates = Candidates::<32>::default();
        let mut timestamp: Option<([u8; 20], usize)> = None;
        let mut conflicting_timestamps = false;
        let mut present = false;
        headers.for_each_value(HEADER, &mut |value| {
            present = true;
            for item in value.split(|&b| b == b',') {
                let item = item.trim_ascii();
                if let Some(t) = item.strip_prefix(b"t=") {
                    match &timestamp {
                        None if t.len() <= 20 => {
                            let mut buffer = [0u8; 20];
                            buffer[..t.len()].copy_from_slice(t);
                            timestamp = Some((buffer, t.len()));
                        }
                        Some((buffer, len)) if &buffer[..*len] == t => {}
                        _ => conflicting_timestamps = true,
                    }
                } else if let Some(signature) = item.strip_prefix(b"v1=") {
                    candidates.offer(decode_hex_exact::<32>(signature));
                }
            }
        });
        if !present {
            return Err(Error::MissingSignature { header: HEADER });
        }
        let Some((raw, len)) = timestamp else {
            return Err(Error::MissingTimestamp { header: HEADER });
        };
        let parsed = parse_timestamp(&raw[..len]).filter(|_| !conflicting_timestamps);
        let Some(parsed) = parsed else {
            return Err(Error::MalformedSignature {
                expected: "one `t=` with a decimal Unix timestamp",
            });
        };
        if candidates.seen == 0 {
            return Err(Error::MalformedSignature { expected: EXPECTED });
        }
        let candidates = candidates.check_usable(HEADER, EXPECTED)?;
        if !hmac_matches_any(keys, &[&raw[..len], b".", body], candidates) {
            return Err(Error::SignatureMismatch);
        }
        check_timestamp(parsed, context)
    }

    fn sign(&self, key: &Key, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error> {
        let timestamp = sign_timestamp(options)?;
        let mac = hmac_for_signing(key, &[timestamp.as_bytes(), b".", body])?;
        Ok(vec![(
            HEADER,
            format!("t={timestamp},v1={}", encode_hex(&mac)),
        )])
    }
}
