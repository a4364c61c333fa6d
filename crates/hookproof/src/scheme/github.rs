//! GitHub: `x-hub-signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`.

use super::{
    decode_hex_exact, encode_hex, hmac_for_signing, verify_hmac_items, Scheme, SignOptions,
    SignedHeaders, VerifyContext,
};
use crate::headers::Headers;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "x-hub-signature-256";
const EXPECTED: &str = "`sha256=` and 64 hex digits";

/// GitHub's webhook scheme. The secret is used as its UTF-8 bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct GitHub;

impl Scheme for GitHub {
    fn name(&self) -> &'static str {
        "github"
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
        let decode = |item: &[u8]| {
            item.strip_prefix(b"sha256=")
                .and_then(decode_hex_exact::<32>)
        };
        verify_hmac_items(
            keys,
            &[body],
            headers,
            self.signature_headers(),
            decode,
            EXPECTED,
        )
    }

    fn sign(&self, key: &Key, body: &[u8], _: &SignOptions) -> Result<SignedHeaders, Error> {
        Ok(vec![(
            HEADER,
            format!("sha256={}", encode_hex(&hmac_for_signing(key, &[body])?)),
        )])
    }
}
