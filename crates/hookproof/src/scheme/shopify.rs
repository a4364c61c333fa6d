//! Shopify: `x-shopify-hmac-sha256: <base64 HMAC-SHA256(secret, raw body)>`.

use super::{
    decode_base64_exact, encode_base64, hmac_for_signing, verify_hmac_items, Scheme, SignOptions,
    SignedHeaders, VerifyContext,
};
use crate::headers::Headers;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "x-shopify-hmac-sha256";
const EXPECTED: &str = "44 characters of padded standard base64 (HMAC-SHA256)";

/// Shopify's webhook scheme. The secret (the app's client secret) is used as its UTF-8 bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shopify;

impl Scheme for Shopify {
    fn name(&self) -> &'static str {
        "shopify"
    }

    fn signature_headers(&self) -> &'static [&'static str] {
        &[HEADER]
    }

    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        _: &VerifyContext,
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

    fn sign(&self, key: &Key, body: &[u8], _: &SignOptions) -> Result<SignedHeaders, Error> {
        Ok(vec![(
            HEADER,
            encode_base64(&hmac_for_signing(key, &[body])?),
        )])
    }
}
