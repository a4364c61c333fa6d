//! Print.one: `x-webhook-hmac-sha256: base64(HMAC-SHA256(secret, raw body))`.
//!
//! The secret is used as its UTF-8 bytes, the body exactly as received. Print.one renamed the
//! header from `x-printone-hmac-sha256`; both are read, the new one first.

use super::{
    decode_base64_exact, encode_base64, hmac_for_signing, verify_hmac_items, Scheme, SignOptions,
    SignedHeaders, VerifyContext,
};
use subtle::ConstantTimeEq;

use crate::headers::Headers;
use crate::secret::Key;
use crate::Error;

/// The header Print.one sends today.
pub const SIGNATURE_HEADER: &str = "x-webhook-hmac-sha256";
/// The header older Print.one deliveries (and its old helper) used.
pub const LEGACY_SIGNATURE_HEADER: &str = "x-printone-hmac-sha256";

const EXPECTED: &str = "44 characters of padded standard base64 (HMAC-SHA256)";

/// Print.one's scheme; see the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintOne;

impl PrintOne {
    /// Compares one signature value against an already computed tag (the one-shot path).
    pub(crate) fn check_value(tag: &[u8; 32], signature: &[u8]) -> Result<(), Error> {
        let Some(candidate) = decode_base64_exact::<32>(signature.trim_ascii()) else {
            return Err(Error::MalformedSignature { expected: EXPECTED });
        };
        if bool::from(tag.ct_eq(&candidate)) {
            Ok(())
        } else {
            Err(Error::SignatureMismatch)
        }
    }
}

impl Scheme for PrintOne {
    fn name(&self) -> &'static str {
        "printone"
    }

    fn signature_headers(&self) -> &'static [&'static str] {
        &[SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER]
    }

    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        _context: &VerifyContext,
    ) -> Result<(), Error> {
        verify_hmac_items(
            keys,
            &[body],
            headers,
            self.signature_headers(),
            decode_base64_exact::<32>,
            EXPECTED,
        )
    }

    fn sign(&self, key: &Key, body: &[u8], _options: &SignOptions) -> Result<SignedHeaders, Error> {
        Ok(vec![(
            SIGNATURE_HEADER,
            encode_base64(&hmac_for_signing(key, &[body])?),
        )])
    }
}
