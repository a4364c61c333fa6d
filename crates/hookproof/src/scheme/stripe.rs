//! Stripe: `stripe-signature: t=<timestamp>,v1=<hex HMAC-SHA256(secret, "{t}.{body}")>[,v1=...]`.
//!
//! Several `v1` entries are how Stripe rotates secrets; any may match. Other schemes (`v0`) are
//! ignored. The secret (`whsec_...`) is used as its UTF-8 bytes, prefix included: Stripe does not
//! decode it. Item keys are case-sensitive, as in Stripe's libraries.

use super::{
    check_timestamp, decode_hex_exact, encode_hex, hmac_for_signing, hmac_matches_any,
    sign_timestamp, Candidates, Provider, Scheme, SchemeInfo, SignOptions, SignedHeaders,
    SingleValue, Timestamp, Window,
};
use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::Key;
use crate::Error;

const HEADER: &str = "stripe-signature";
const EXPECTED: &str = "`t=<timestamp>` and `v1=` with 64 hex digits";
const NO_TIMESTAMP: &str = "no `t=` item in the `stripe-signature` header";

/// Stripe's webhook scheme.
pub static STRIPE: Scheme = Scheme::new(
    SchemeInfo {
        name: "stripe",
        title: "Stripe",
        signature_headers: &[HEADER],
        read_headers: &[HEADER],
        signs_timestamp: true,
        signs_id: false,
        envelope: None,
        event_headers: &[],
        delivery_headers: &[
            ("content-type", "application/json; charset=utf-8"),
            (
                "user-agent",
                "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            ),
        ],
        // Stripe's guide answers a failed signature check with 400.
        rejection_status: 400,
        secret_format: "the endpoint's signing secret (`whsec_...`), used as its UTF-8 bytes",
        replay_key: "the event's `id` from the signed body (Stripe retries an event with the \
                     same id and a new `t=`); a body without one falls back to the signed \
                     content `{t}.{body}`",
        sample_events: &[],
    },
    &StripeScheme,
);

struct StripeScheme;

/// The parsed header: the one `t=` (as text) and the `v1=` signatures.
struct Parsed {
    timestamp: SingleValue<20>,
    candidates: Candidates<32>,
}

fn parse(headers: &dyn Headers) -> Option<Parsed> {
    let mut present = false;
    let mut timestamp = SingleValue::<20>::Missing;
    let mut candidates = Candidates::<32>::new();
    headers.for_each_value(HEADER, &mut |value| {
        present = true;
        for item in value.split(|&b| b == b',') {
            let item = item.trim_ascii();
            if let Some(t) = item.strip_prefix(b"t=") {
                timestamp = match &timestamp {
                    SingleValue::Missing if t.len() <= 20 => {
                        let mut buffer = [0u8; 20];
                        if let Some(prefix) = buffer.get_mut(..t.len()) {
                            prefix.copy_from_slice(t);
                        }
                        SingleValue::Value(buffer, t.len())
                    }
                    SingleValue::Value(buffer, len) if buffer.get(..*len) == Some(t) => {
                        continue;
                    }
                    // Different values, or one too long to be a timestamp.
                    _ => SingleValue::Conflicting,
                };
            } else if let Some(signature) = item.strip_prefix(b"v1=") {
                candidates.offer(decode_hex_exact::<32>(signature));
            }
        }
    });
    present.then_some(Parsed {
        timestamp,
        candidates,
    })
}

impl Provider for StripeScheme {
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        window: &Window,
    ) -> Result<(), Error> {
        let Some(parsed) = parse(headers) else {
            return Err(Error::MissingSignature { header: HEADER });
        };
        let timestamp = Timestamp::parse(parsed.timestamp, NO_TIMESTAMP)?;
        if parsed.candidates.none_seen() {
            return Err(Error::MalformedSignature { expected: EXPECTED });
        }
        let candidates = parsed.candidates.check_usable(HEADER, EXPECTED)?;
        if !hmac_matches_any(keys, &[timestamp.text(), b".", body], candidates) {
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
        let mac = hmac_for_signing(key, &[timestamp.as_bytes(), b".", body])?;
        Ok(vec![(
            HEADER,
            format!("t={timestamp},v1={}", encode_hex(&mac)),
        )])
    }

    fn replay_keys(&self, body: &[u8], headers: &dyn Headers) -> Result<ReplayKeys, Error> {
        if let Some(id) = event_id(body) {
            return Ok(ReplayKeys::one(&STRIPE, "event-id", &[id.as_bytes()]));
        }
        let parsed = parse(headers).ok_or(Error::MissingSignature { header: HEADER })?;
        let timestamp = Timestamp::parse(parsed.timestamp, NO_TIMESTAMP)?;
        Ok(ReplayKeys::one(
            &STRIPE,
            "signed",
            &[timestamp.text(), b".", body],
        ))
    }
}

/// The event's `id` (`evt_...`) from the signed body, if it is a JSON object with one.
#[cfg(feature = "json")]
fn event_id(body: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct WithId {
        id: String,
    }
    serde_json::from_slice::<WithId>(body)
        .ok()
        .map(|event| event.id)
        .filter(|id| !id.is_empty())
}

#[cfg(not(feature = "json"))]
fn event_id(_body: &[u8]) -> Option<String> {
    None
}
