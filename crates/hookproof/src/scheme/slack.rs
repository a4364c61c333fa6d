//! Slack: `x-slack-signature: v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{body}")>` with the
//! timestamp in `x-slack-request-timestamp`, checked against the tolerance window.

use super::{
    check_timestamp, decode_hex_exact, encode_hex, hmac_for_signing, sign_timestamp,
    verify_hmac_items, Scheme, SignOptions, SignedHeaders, Timestamp, VerifyContext,
};
use crate::headers::Headers;
use crate::secret::Key;
use crate::Error;

const SIGNATURE: &str = "x-slack-signature";
const TIMESTAMP: &str = "x-slack-request-timestamp";
const EXPECTED: &str = "`v0=` and 64 hex digits";

/// Slack's request-signing scheme. The signing secret is used as its UTF-8 bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Slack;

impl Scheme for Slack {
    fn name(&self) -> &'static str {
        "slack"
    }

    fn signature_headers(&self) -> &'static [&'static str] {
        &[SIGNATURE]
    }

    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        context: &VerifyContext,
    ) -> Result<(), Error> {
        // No signature at all is reported as such, whatever else is missing.
        let mut signed = false;
        headers.for_each_value(SIGNATURE, &mut |_| signed = true);
        if !signed {
            return Err(Error::MissingSignature { header: SIGNATURE });
        }
        let timestamp = Timestamp::read(headers, &[TIMESTAMP])?;
        let decode = |item: &[u8]| item.strip_prefix(b"v0=").and_then(decode_hex_exact::<32>);
        let parts: [&[u8]; 4] = [b"v0:", timestamp.text(), b":", body];
        verify_hmac_items(
            keys,
            &parts,
            headers,
            self.signature_headers(),
            decode,
            EXPECTED,
        )?;
        check_timestamp(timestamp.value, context)
    }

    fn sign(&self, key: &Key, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error> {
        let timestamp = sign_timestamp(options)?;
        let mac = hmac_for_signing(key, &[b"v0:", timestamp.as_bytes(), b":", body])?;
        Ok(vec![
            (TIMESTAMP, timestamp),
            (SIGNATURE, format!("v0={}", encode_hex(&mac))),
        ])
    }
}
