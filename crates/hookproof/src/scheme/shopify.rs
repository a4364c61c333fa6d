//! Shopify: `x-shopify-hmac-sha256: <base64 HMAC-SHA256(secret, raw body)>`.

use super::{
    decode_base64_exact, encode_base64, hmac_for_signing, verify_hmac_items, Provider, Scheme,
    SchemeInfo, SignOptions, SignedHeaders, Window,
};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "x-shopify-hmac-sha256";
const EXPECTED: &str = "44 characters of padded standard base64 (HMAC-SHA256)";

/// Shopify's webhook scheme. The secret (the app's client secret) is used as its UTF-8 bytes.
pub static SHOPIFY: Scheme = Scheme::new(
    SchemeInfo {
        name: "shopify",
        title: "Shopify",
        signature_headers: &[HEADER],
        read_headers: &[HEADER],
        signs_timestamp: false,
        signs_id: false,
        envelope: None,
        event_headers: &["x-shopify-topic"],
        delivery_headers: &[
            ("content-type", "application/json"),
            ("user-agent", "Shopify-Captain-Hook"),
        ],
        rejection_status: 401,
        secret_format: "the app's client secret, used as its UTF-8 bytes",
        replay_key: "SHA-256 of the raw body: Shopify signs only the body \
                     (`x-shopify-webhook-id` is not signed)",
        sample_events: &[],
    },
    &ShopifyScheme,
);

struct ShopifyScheme;

impl Provider for ShopifyScheme {
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        _: &Window,
    ) -> Result<(), Error> {
        verify_hmac_items(
            keys,
            &[body],
            headers,
            &[HEADER],
            decode_base64_exact::<32>,
            EXPECTED,
        )
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
            encode_base64(&hmac_for_signing(key, &[body])?),
        )])
    }

    fn replay_keys(&self, body: &[u8], _: &dyn Headers) -> Result<ReplayKeys, Error> {
        Ok(ReplayKeys::one(&SHOPIFY, "body", &[body]))
    }
}
