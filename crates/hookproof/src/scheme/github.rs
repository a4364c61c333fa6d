//! GitHub: `x-hub-signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`.

use super::{
    decode_hex_exact, encode_hex, hmac_for_signing, verify_hmac_items, Provider, Scheme,
    SchemeInfo, SignOptions, SignedHeaders, Window,
};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "x-hub-signature-256";
const EXPECTED: &str = "`sha256=` and 64 hex digits";

/// GitHub's webhook scheme. The secret is used as its UTF-8 bytes.
pub static GITHUB: Scheme = Scheme::new(
    SchemeInfo {
        name: "github",
        title: "GitHub",
        signature_headers: &[HEADER],
        read_headers: &[HEADER],
        signs_timestamp: false,
        signs_id: false,
        envelope: None,
        event_headers: &["x-github-event"],
        delivery_headers: &[
            ("content-type", "application/json"),
            ("user-agent", "GitHub-Hookshot/hookproof"),
        ],
        rejection_status: 401,
        secret_format: "the webhook's secret, used as its UTF-8 bytes",
        replay_key: "SHA-256 of the raw body: GitHub signs only the body (`x-github-delivery` \
                     is not signed, so it cannot be trusted as a key); a redelivery carries the \
                     same bytes",
        sample_events: &[],
    },
    &GitHubScheme,
);

struct GitHubScheme;

impl Provider for GitHubScheme {
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        _: &Window,
    ) -> Result<(), Error> {
        let decode = |item: &[u8]| {
            item.strip_prefix(b"sha256=")
                .and_then(decode_hex_exact::<32>)
        };
        verify_hmac_items(keys, &[body], headers, &[HEADER], decode, EXPECTED)
    }

    fn sign(
        &self,
        key: &Key,
        body: &[u8],
        _: &SignOptions,
        _: i64,
    ) -> Result<SignedHeaders, Error> {
        Ok(vec![(
            HEADER,
            format!("sha256={}", encode_hex(&hmac_for_signing(key, &[body])?)),
        )])
    }

    fn replay_keys(&self, body: &[u8], _: &dyn Headers) -> Result<ReplayKeys, Error> {
        Ok(ReplayKeys::one(&GITHUB, "body", &[body]))
    }
}
