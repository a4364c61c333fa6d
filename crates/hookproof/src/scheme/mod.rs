//! Signature schemes: which headers carry the signature, what bytes are signed, and how.
//!
//! A scheme is a value implementing [`Scheme`]. Adding a provider means adding one file in this
//! folder with a unit struct that implements the trait, and naming it in [`ALL`] so that
//! [`by_name`] (and with it every binding's `scheme="..."`) finds it. The helpers below give every
//! scheme the same strict decoding and the same constant-time comparison.

use base64::Engine as _;
use subtle::{Choice, ConstantTimeEq};

use crate::headers::Headers;
use crate::secret::{Key, Secret};
use crate::Error;

mod github;
mod printone;
mod shopify;
mod slack;
mod standard;
mod stripe;

pub use github::GitHub;
pub use printone::PrintOne;
pub use shopify::Shopify;
pub use slack::Slack;
pub use standard::StandardWebhooks;
pub use stripe::Stripe;

/// Print.one's scheme: base64 HMAC-SHA256 of the raw body in `x-webhook-hmac-sha256`.
pub static PRINTONE: &PrintOne = &PrintOne;

/// Every scheme hookproof ships, in the order the docs list them.
pub static ALL: &[&'static dyn Scheme] = &[
    PRINTONE,
    &StandardWebhooks,
    &Stripe,
    &GitHub,
    &Shopify,
    &Slack,
];

/// Finds a shipped scheme by its name (`"printone"`), as the bindings' `scheme=` argument does.
///
/// ```
/// assert_eq!(hookproof::scheme::by_name("printone").unwrap().name(), "printone");
/// assert!(hookproof::scheme::by_name("nope").is_none());
/// ```
pub fn by_name(name: &str) -> Option<&'static dyn Scheme> {
    ALL.iter().copied().find(|scheme| scheme.name() == name)
}

/// The headers a sender attaches to a request, as `(lower-case name, value)` pairs.
pub type SignedHeaders = Vec<(&'static str, String)>;

/// When verification happens, for schemes that sign a timestamp.
#[derive(Debug, Clone, Copy)]
pub struct VerifyContext {
    /// The receiver's clock in Unix seconds, or `None` to read the system clock when needed.
    /// (Read lazily: schemes without timestamps never touch the clock, which matters on
    /// `wasm32-unknown-unknown`, where `SystemTime::now` is unavailable.)
    pub now: Option<i64>,
    /// How far a signed timestamp may be from `now`, in seconds, in either direction.
    pub tolerance_secs: u64,
}

impl VerifyContext {
    /// The receiver's current time in Unix seconds.
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        })
    }
}

/// Extra inputs a signer may need (schemes without timestamps or ids ignore them).
#[derive(Debug, Clone, Default)]
pub struct SignOptions {
    /// Unix seconds to sign; `None` means now.
    pub timestamp: Option<i64>,
    /// Message id to sign; `None` lets the scheme pick one.
    pub msg_id: Option<String>,
}

/// A provider's signature scheme.
pub trait Scheme: Send + Sync + 'static {
    /// The scheme's name in every binding, e.g. `"printone"`.
    fn name(&self) -> &'static str;

    /// The header names the scheme reads its signature from, preferred first.
    fn signature_headers(&self) -> &'static [&'static str];

    /// Turns a configured secret into a prepared key. The default, right for most providers, uses
    /// the secret's bytes as the HMAC-SHA256 key; a provider that encodes its secrets (Standard
    /// Webhooks' `whsec_`) decodes them here.
    fn prepare_key(&self, secret: Secret) -> Result<Key, Error> {
        Key::hmac_sha256(secret)
    }

    /// Checks `body` and `headers` against the prepared keys; any key may match (rotation).
    /// Must not allocate and must compare in constant time.
    fn verify(
        &self,
        keys: &[Key],
        body: &[u8],
        headers: &dyn Headers,
        context: &VerifyContext,
    ) -> Result<(), Error>;

    /// The headers a sender attaches when it signs `body` with `key`.
    fn sign(&self, key: &Key, body: &[u8], options: &SignOptions) -> Result<SignedHeaders, Error>;
}

impl core::fmt::Debug for dyn Scheme {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Scheme({})", self.name())
    }
}

/// How many signature values one request may carry before it is refused as malformed: enough for
/// any real rotation, few enough that a request cannot make the receiver compare without bound.
pub const MAX_CANDIDATES: usize = 16;

/// A fixed-capacity, stack-allocated list of decoded signatures found on a request.
pub struct Candidates<const LEN: usize> {
    items: [[u8; LEN]; MAX_CANDIDATES],
    len: usize,
    /// How many values were seen at all, well-formed or not.
    pub seen: usize,
    /// True if more than [`MAX_CANDIDATES`] well-formed values were offered.
    pub overflowed: bool,
}

impl<const LEN: usize> Default for Candidates<LEN> {
    fn default() -> Self {
        Candidates {
            items: [[0; LEN]; MAX_CANDIDATES],
            len: 0,
            seen: 0,
            overflowed: false,
        }
    }
}

impl<const LEN: usize> Candidates<LEN> {
    /// Records one header value: `decoded` is `Some` if it had the scheme's exact encoding.
    pub fn offer(&mut self, decoded: Option<[u8; LEN]>) {
        self.seen += 1;
        if let Some(bytes) = decoded {
            if self.len == MAX_CANDIDATES {
                self.overflowed = true;
            } else {
                self.items[self.len] = bytes;
                self.len += 1;
            }
        }
    }

    /// The well-formed signatures.
    pub fn as_slice(&self) -> &[[u8; LEN]] {
        &self.items[..self.len]
    }

    /// Turns "nothing usable" into the right error: missing if no value was seen, malformed if
    /// none decoded (or too many did).
    pub fn check_usable(
        &self,
        header: &'static str,
        expected: &'static str,
    ) -> Result<&[[u8; LEN]], Error> {
        if self.seen == 0 {
            Err(Error::MissingSignature { header })
        } else if self.len == 0 || self.overflowed {
            Err(Error::MalformedSignature { expected })
        } else {
            Ok(self.as_slice())
        }
    }
}

/// Strictly decodes padded standard base64 of exactly `LEN` bytes; anything else is `None`
/// (URL-safe alphabet, missing or extra padding, non-zero trailing bits, junk, other lengths).
pub fn decode_base64_exact<const LEN: usize>(text: &[u8]) -> Option<[u8; LEN]> {
    if text.len() != LEN.div_ceil(3) * 4 {
        return None;
    }
    // `decode_slice` wants room for its length estimate, which can exceed LEN by up to two bytes.
    let mut buffer = [[0u8; LEN], [0u8; LEN]];
    let out = buffer.as_flattened_mut();
    match base64::engine::general_purpose::STANDARD.decode_slice(text, out) {
        Ok(n) if n == LEN => {
            let mut bytes = [0u8; LEN];
            bytes.copy_from_slice(&out[..LEN]);
            Some(bytes)
        }
        _ => None,
    }
}

/// Standard, padded base64 of `bytes`.
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// True if any key's HMAC-SHA256 over `parts` equals any candidate, compared in constant time.
/// Every key is tried against every candidate, so timing reveals neither which nor whether.
pub fn hmac_matches_any(keys: &[Key], parts: &[&[u8]], candidates: &[[u8; 32]]) -> bool {
    let mut found = Choice::from(0);
    for key in keys {
        let Some(tag) = key.mac(parts) else { continue };
        for candidate in candidates {
            found |= tag.ct_eq(candidate);
        }
    }
    found.into()
}

/// Strictly decodes exactly `2 * LEN` hex digits (either case); anything else is `None`.
pub fn decode_hex_exact<const LEN: usize>(text: &[u8]) -> Option<[u8; LEN]> {
    if text.len() != 2 * LEN {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    let mut bytes = [0u8; LEN];
    for (i, pair) in text.chunks_exact(2).enumerate() {
        bytes[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(bytes)
}

/// Lower-case hex of `bytes`.
pub fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                DIGITS[usize::from(b >> 4)] as char,
                DIGITS[usize::from(b & 15)] as char,
            ]
        })
        .collect()
}

/// Parses a Unix timestamp that is a plain decimal integer: digits only (no sign, no spaces, no
/// fraction, no trailing junk) that fit in an `i64`. Anything else is `None`.
pub fn parse_timestamp(text: &[u8]) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    text.iter().try_fold(0i64, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(i64::from(c - b'0'))
        } else {
            None
        }
    })
}

/// Checks a signed timestamp against the receiver's clock, in both directions.
pub fn check_timestamp(timestamp: i64, context: &VerifyContext) -> Result<(), Error> {
    let now = context.now();
    let tolerance = i64::try_from(context.tolerance_secs).unwrap_or(i64::MAX);
    if now.saturating_sub(timestamp) > tolerance {
        Err(Error::TimestampTooOld)
    } else if timestamp.saturating_sub(now) > tolerance {
        Err(Error::TimestampTooNew)
    } else {
        Ok(())
    }
}

/// The Unix time to sign, as text: the caller's, or the system clock's. A negative time is
/// refused: no verifier would accept what it signs.
pub(crate) fn sign_timestamp(options: &SignOptions) -> Result<String, Error> {
    let timestamp = options.timestamp.unwrap_or_else(|| {
        VerifyContext {
            now: None,
            tolerance_secs: 0,
        }
        .now()
    });
    if timestamp < 0 {
        return Err(Error::InvalidPayload {
            reason: "the timestamp to sign is negative".into(),
        });
    }
    Ok(timestamp.to_string())
}

/// A single-valued header (a timestamp, a message id) copied to the stack: the first of `names`
/// that is present wins; the same value repeated is fine; different values, or a value longer
/// than `CAP` bytes, make it [`SingleValue::Conflicting`].
pub enum SingleValue<const CAP: usize> {
    /// No such header.
    Missing,
    /// One value (possibly repeated identically).
    Value([u8; CAP], usize),
    /// Several different values, or one too long to be real.
    Conflicting,
}

impl<const CAP: usize> SingleValue<CAP> {
    /// Reads the first of `names` present in `headers`.
    pub fn read(headers: &dyn Headers, names: &[&str]) -> SingleValue<CAP> {
        for name in names {
            let mut found = SingleValue::Missing;
            headers.for_each_value(name, &mut |value| {
                let value = value.trim_ascii();
                found = match &found {
                    SingleValue::Missing if value.len() <= CAP => {
                        let mut buffer = [0u8; CAP];
                        buffer[..value.len()].copy_from_slice(value);
                        SingleValue::Value(buffer, value.len())
                    }
                    SingleValue::Value(buffer, len) if &buffer[..*len] == value => return,
                    _ => SingleValue::Conflicting,
                };
            });
            if !matches!(found, SingleValue::Missing) {
                return found;
            }
        }
        SingleValue::Missing
    }
}

/// A signed timestamp read from a header: its exact text (which is what gets signed) and value.
pub struct Timestamp {
    text: [u8; 20],
    len: usize,
    /// Unix seconds.
    pub value: i64,
}

impl Timestamp {
    /// Reads the first of `names` present: missing, conflicting or not a plain decimal integer
    /// are errors (`missing_timestamp`, `malformed_signature`).
    pub fn read(headers: &dyn Headers, names: &[&'static str]) -> Result<Timestamp, Error> {
        const EXPECTED: &str = "one plain decimal Unix timestamp in the timestamp header";
        match SingleValue::<20>::read(headers, names) {
            SingleValue::Missing => Err(Error::MissingTimestamp { header: names[0] }),
            SingleValue::Conflicting => Err(Error::MalformedSignature { expected: EXPECTED }),
            SingleValue::Value(text, len) => match parse_timestamp(&text[..len]) {
                Some(value) => Ok(Timestamp { text, len, value }),
                None => Err(Error::MalformedSignature { expected: EXPECTED }),
            },
        }
    }

    /// The timestamp exactly as sent.
    pub fn text(&self) -> &[u8] {
        &self.text[..self.len]
    }
}

/// The shape most providers use: one HMAC-SHA256 over `parts`, in the comma-separated items of
/// the `names` headers, each item decoded by `decode`. Any key matching any item passes.
pub(crate) fn verify_hmac_items(
    keys: &[Key],
    parts: &[&[u8]],
    headers: &dyn Headers,
    names: &[&'static str],
    decode: impl Fn(&[u8]) -> Option<[u8; 32]>,
    expected: &'static str,
) -> Result<(), Error> {
    let mut candidates = Candidates::<32>::default();
    for name in names {
        crate::headers::for_each_item(headers, name, &mut |item| candidates.offer(decode(item)));
    }
    let candidates = candidates.check_usable(names[0], expected)?;
    if hmac_matches_any(keys, parts, candidates) {
        Ok(())
    } else {
        Err(Error::SignatureMismatch)
    }
}

/// The HMAC of `parts` under `key`, or `invalid_secret` if the key is not an HMAC key.
pub(crate) fn hmac_for_signing(key: &Key, parts: &[&[u8]]) -> Result<[u8; 32], Error> {
    key.mac(parts).ok_or(Error::InvalidSecret {
        reason: "this scheme signs with an HMAC secret, and this key is not one",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_plain_decimal_integers() {
        assert_eq!(parse_timestamp(b"1614265330"), Some(1_614_265_330));
        assert_eq!(parse_timestamp(b"0"), Some(0));
        assert_eq!(parse_timestamp(b"9223372036854775807"), Some(i64::MAX));
        for bad in [
            &b""[..],
            b"1614265330abc",
            b"-1",
            b"+1",
            b" 1",
            b"1.5",
            b"9223372036854775808",
            b"1e9",
            b"\xd9\xa1",
        ] {
            assert_eq!(
                parse_timestamp(bad),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn hex_is_exactly_64_digits_of_either_case() {
        let lower = "00ff".repeat(16);
        assert_eq!(decode_hex_exact::<32>(lower.as_bytes()).unwrap()[1], 0xff);
        assert!(decode_hex_exact::<32>(lower.to_uppercase().as_bytes()).is_some());
        assert!(decode_hex_exact::<32>(&lower.as_bytes()[..62]).is_none());
        assert!(decode_hex_exact::<32>(format!("{lower}00").as_bytes()).is_none());
        assert!(decode_hex_exact::<32>(lower.replace("ff", "fg").as_bytes()).is_none());
        assert_eq!(encode_hex(&[0x00, 0xab, 0x10]), "00ab10");
    }

    #[test]
    fn the_window_holds_in_both_directions() {
        let at = |now| VerifyContext {
            now: Some(now),
            tolerance_secs: 300,
        };
        assert_eq!(check_timestamp(1000, &at(1300)), Ok(()));
        assert_eq!(
            check_timestamp(1000, &at(1301)),
            Err(Error::TimestampTooOld)
        );
        assert_eq!(check_timestamp(1000, &at(700)), Ok(()));
        assert_eq!(check_timestamp(1000, &at(699)), Err(Error::TimestampTooNew));
        assert_eq!(
            check_timestamp(i64::MAX, &at(0)),
            Err(Error::TimestampTooNew)
        );
    }
}
