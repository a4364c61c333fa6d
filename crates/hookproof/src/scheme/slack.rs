//! Slack: `x-slack-signature: v0=<hex HMAC-SHA256(secret, "v0:{timestamp}:{body}")>` with the
//! timestamp in `x-slack-request-timestamp`, checked against the tolerance window.

use super::{
    check_timestamp, decode_hex_exact, encode_hex, hmac_for_signing, sign_timestamp,
    verify_hmac_items, Provider, Scheme, SchemeInfo, SignOptions, SignedHeaders, Timestamp, Window,
};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::Key;
use crate::Error;

const SIGNATURE: &str = "x-slack-signature";
const TIMESTAMP: &str = "x-slack-request-timestamp";
const EXPECTED: &str = "`v0=` and 64 hex digits";
const NO_TIMESTAMP: &str = "no `x-slack-request-timestamp` header";

/// Slack's request-signing scheme. The signing secret is used as its UTF-8 bytes.
pub static SLACK: Scheme = Scheme::new(
    SchemeInfo {
        name: "slack",
        title: "Slack",
        signature_headers: &[SIGNATURE],
        read_headers: &[SIGNATURE, TIMESTAMP],
        signs_timestamp: true,
        signs_id: false,
        envelope: None,
        event_headers: &[],
        delivery_headers: &[
            ("content-type", "application/json"),
            ("user-agent", "Slackbot 1.0 (+https://api.slack.com/robots)"),
        ],
        rejection_status: 401,
        secret_format: "the app's signing secret, used as its UTF-8 bytes",
        replay_key: "the signed content `v0:{timestamp}:{body}` (what the signature covers): \
                     the same request delivered twice; Slack's retries are signed anew, so \
                     Events API receivers may also deduplicate on the body's `event_id`",
        sample_events: &[],
    },
    &SlackScheme,
);

struct SlackScheme;

impl Provider for SlackScheme {
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        window: &Window,
    ) -> Result<(), Error> {
        // No signature at all is reported as such, whatever else is missing.
        if !super::any_present(headers, &[SIGNATURE]) {
            return Err(Error::MissingSignature { header: SIGNATURE });
        }
        let timestamp = Timestamp::read(headers, &[TIMESTAMP], NO_TIMESTAMP)?;
        let decode = |item: &[u8]| item.strip_prefix(b"v0=").and_then(decode_hex_exact::<32>);
        let parts: [&[u8]; 4] = [b"v0:", timestamp.text(), b":", body];
        verify_hmac_items(keys, &parts, headers, &[SIGNATURE], decode, EXPECTED)?;
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
        let mac = hmac_for_signing(key, &[b"v0:", timestamp.as_bytes(), b":", body])?;
        Ok(vec![
            (TIMESTAMP, timestamp),
            (SIGNATURE, format!("v0={}", encode_hex(&mac))),
        ])
    }

    fn replay_keys(&self, body: &[u8], headers: &dyn Headers) -> Result<ReplayKeys, Error> {
        let timestamp = Timestamp::read(headers, &[TIMESTAMP], NO_TIMESTAMP)?;
        Ok(ReplayKeys::one(
            &SLACK,
            "signed",
            &[b"v0:", timestamp.text(), b":", body],
        ))
    }
}
