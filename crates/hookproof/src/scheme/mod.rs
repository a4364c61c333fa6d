//! Signature schemes: which headers carry the signature, what bytes are signed, and how.
//!
//! A [`Scheme`] is a value: its metadata ([`SchemeInfo`]: names, headers, what it signs, the
//! HTTP status for a rejection) and a private implementation. The shipped schemes are statics
//! ([`PRINTONE`], [`STANDARD`], [`STRIPE`], [`GITHUB`], [`SHOPIFY`], [`SLACK`]) and
//! [`by_name`] finds them the way every binding's `scheme="..."` does.
//!
//! `Scheme` cannot be implemented outside this crate: a scheme's strict decoding and
//! constant-time comparison are what hookproof promises, so each one lives here with its
//! vectors. Adding a provider is one file in this folder (a `Provider` implementation and its
//! `pub static`), one line in [`ALL`], its vectors and its docs; see `docs/architecture.md`.

use base64::Engine as _;
use subtle::{Choice, ConstantTimeEq};

use crate::headers::Headers;
use crate::replay::ReplayKeys;
use crate::secret::{Key, Secret};
use crate::Error;

pub mod github;
pub mod printone;
pub mod shopify;
pub mod slack;
pub mod standard;
pub mod stripe;

pub use github::GITHUB;
pub use printone::PRINTONE;
pub use shopify::SHOPIFY;
pub use slack::SLACK;
pub use standard::STANDARD;
pub use stripe::STRIPE;

/// Every scheme hookproof ships, in the order the docs list them. The first is the default of
/// the bindings' `Webhook(secret)` (the contract's `scheme="printone"`).
pub static ALL: &[&Scheme] = &[&PRINTONE, &STANDARD, &STRIPE, &GITHUB, &SHOPIFY, &SLACK];

/// Finds a shipped scheme by its name, as the bindings' `scheme=` argument does.
///
/// ```
/// assert_eq!(hookproof::scheme::by_name("stripe").unwrap().name(), "stripe");
/// assert!(hookproof::scheme::by_name("nope").is_none());
/// ```
pub fn by_name(name: &str) -> Option<&'static Scheme> {
    ALL.iter().copied().find(|scheme| scheme.info.name == name)
}

/// The default scheme of the bindings (the first of [`ALL`]).
pub fn default_scheme() -> &'static Scheme {
    // ALL is a non-empty static; `first` keeps the no-panic lints honest.
    ALL.first().copied().unwrap_or(&PRINTONE)
}

/// The headers a sender attaches to a request, as `(lower-case name, value)` pairs.
pub type SignedHeaders = Vec<(&'static str, String)>;

/// What a scheme is, for the bindings, the helpers, the CLI and the docs: everything they need
/// to know about a provider without naming it.
#[derive(Debug)]
#[non_exhaustive]
pub struct SchemeInfo {
    /// The name every binding takes (`scheme="stripe"`).
    pub name: &'static str,
    /// The provider's name for people, e.g. "Print.one".
    pub title: &'static str,
    /// The header names the signature is read from, preferred first.
    pub signature_headers: &'static [&'static str],
    /// Every header verification reads, in no particular order: a binding that copies only
    /// these out of a large header collection gives the core all it needs.
    pub read_headers: &'static [&'static str],
    /// True if the scheme signs a timestamp, checked against the tolerance.
    pub signs_timestamp: bool,
    /// True if the scheme signs a message id.
    pub signs_id: bool,
    /// The scheme's typed event, if it has one: `construct_event` then yields `{event, data,
    /// created_at}` (and [`crate::Webhook::with_max_age`] applies to its signed creation time).
    pub envelope: Option<&'static EnvelopeShape>,
    /// Unsigned headers naming the event type on each delivery (informational: the signed body
    /// is the one to trust).
    pub event_headers: &'static [&'static str],
    /// What the provider's own sender puts on every delivery besides the signature and the
    /// event header (`content-type`, `user-agent`).
    pub delivery_headers: &'static [(&'static str, &'static str)],
    /// The HTTP status a receiver answers for a rejected request, as the provider documents it.
    pub rejection_status: u16,
    /// How the provider hands out secrets and how hookproof reads them (for docs and errors).
    pub secret_format: &'static str,
    /// What the replay key is made of, and why that part is signed (for docs).
    pub replay_key: &'static str,
    /// Sample `(event name, data JSON)` pairs the reference sender can deliver.
    pub sample_events: &'static [(&'static str, &'static str)],
}

/// How a scheme's typed event is laid out: a JSON object with the event's name, its data and
/// when it was created (RFC 3339). One generic parser reads every such envelope.
#[derive(Debug)]
#[non_exhaustive]
pub struct EnvelopeShape {
    /// The key of the event's name (`"event"`).
    pub event_field: &'static str,
    /// The key of the event's data (`"data"`).
    pub data_field: &'static str,
    /// The key of the creation time (`"created_at"`).
    pub created_at_field: &'static str,
    /// The event names the provider documents (others are accepted, untyped).
    pub events: &'static [&'static str],
    /// The description of the typed data, for the bindings' generated types.
    #[cfg(feature = "schema")]
    pub schema: fn() -> crate::event::EventSchema,
}

/// A provider's signature scheme: its metadata and its implementation. See the module docs.
pub struct Scheme {
    info: SchemeInfo,
    provider: &'static dyn Provider,
}

impl Scheme {
    pub(crate) const fn new(info: SchemeInfo, provider: &'static dyn Provider) -> Scheme {
        Scheme { info, provider }
    }

    /// The scheme's name in every binding, e.g. `"printone"`.
    pub fn name(&self) -> &'static str {
        self.info.name
    }

    /// Everything else about the scheme.
    pub fn info(&self) -> &SchemeInfo {
        &self.info
    }

    /// The header the signature is read from first.
    pub fn signature_header(&self) -> &'static str {
        self.info.signature_headers.first().copied().unwrap_or("")
    }

    /// The HTTP status a receiver answers with for `error`: the scheme's rejection status for a
    /// verdict (401 for most providers, 400 where the provider asks for it), 400 for
    /// `invalid_payload`, 413 for `body_too_large`, 503 for `store_unavailable` and `overloaded`
    /// (so that the sender retries) and 500 for the receiver's own configuration errors.
    ///
    /// ```
    /// use hookproof::{scheme, Error};
    /// assert_eq!(scheme::PRINTONE.http_status(&Error::SignatureMismatch), 401);
    /// assert_eq!(scheme::STRIPE.http_status(&Error::SignatureMismatch), 400);
    /// assert_eq!(scheme::PRINTONE.http_status(&Error::BodyTooLarge { limit: 1 }), 413);
    /// ```
    pub fn http_status(&self, error: &Error) -> u16 {
        match error {
            e if e.is_rejection() => self.info.rejection_status,
            Error::InvalidPayload { .. } => 400,
            Error::BodyTooLarge { .. } => 413,
            Error::StoreUnavailable { .. } | Error::Overloaded { .. } => 503,
            _ => 500,
        }
    }

    /// True if the scheme has a typed event (see [`SchemeInfo::envelope`]).
    pub fn typed_event(&self) -> bool {
        self.info.envelope.is_some()
    }

    /// The body the reference sender posts for `event` with `data_json` (the event's data as
    /// JSON) created at `created_at` (RFC 3339): the scheme's envelope, compact, data first (as
    /// Print.one writes it); `{"data", "event", "created_at"}` for a scheme without one.
    pub fn event_body(&self, event: &str, data_json: &str, created_at: &str) -> Vec<u8> {
        envelope_body(
            self.info.envelope.unwrap_or(&DEFAULT_ENVELOPE),
            event,
            data_json,
            created_at,
        )
    }

    /// `body` as the provider's own sender would have written it (compact, in its key order), if
    /// it is the scheme's envelope at all; for diagnosing a re-serialized body.
    #[cfg(feature = "json")]
    pub fn canonical_body(&self, body: &[u8]) -> Option<Vec<u8>> {
        let shape = self.info.envelope?;
        let mut object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(body).ok()?;
        let event = object.remove(shape.event_field)?;
        let created_at = object.remove(shape.created_at_field)?;
        let data = serde_json::to_string(&object.remove(shape.data_field)?).ok()?;
        Some(envelope_body(
            shape,
            event.as_str()?,
            &data,
            created_at.as_str()?,
        ))
    }

    /// The sample data (JSON) the reference sender delivers for `event`, if the scheme has one.
    pub fn sample_data(&self, event: &str) -> Option<&'static str> {
        self.info
            .sample_events
            .iter()
            .find(|(name, _)| *name == event)
            .map(|(_, data)| *data)
    }

    pub(crate) fn provider(&self) -> &'static dyn Provider {
        self.provider
    }
}

impl PartialEq for Scheme {
    fn eq(&self, other: &Scheme) -> bool {
        self.info.name == other.info.name
    }
}

impl Eq for Scheme {}

impl core::fmt::Debug for Scheme {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Scheme({})", self.info.name)
    }
}

/// When a request is verified, and how far a signed timestamp may be from then.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    /// The receiver's clock in Unix seconds, or `None` to read the system clock when needed
    /// (lazily: schemes without timestamps never touch it, which matters on
    /// `wasm32-unknown-unknown`, where `SystemTime::now` is unavailable).
    pub now: Option<i64>,
    /// How far a signed timestamp may be from `now`, in seconds, in either direction.
    pub tolerance_secs: u64,
}

impl Window {
    pub fn now(&self) -> i64 {
        self.now.unwrap_or_else(system_now)
    }
}

/// The system clock in Unix seconds (0 before 1970, which no real clock reads).
pub(crate) fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Extra inputs a signer may need (schemes without timestamps or ids ignore them).
///
/// ```
/// let options = hookproof::SignOptions::new().timestamp(1_795_860_000).msg_id("msg_1");
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct SignOptions {
    /// Unix seconds to sign; `None` means the webhook's clock.
    pub timestamp: Option<i64>,
    /// Message id to sign; `None` lets the scheme pick a fresh one.
    pub msg_id: Option<String>,
}

impl SignOptions {
    /// No timestamp or id: the webhook's clock and a fresh id.
    pub fn new() -> SignOptions {
        SignOptions::default()
    }

    /// Signs this Unix time (negative times are refused with `invalid_argument`).
    pub fn timestamp(mut self, unix_secs: i64) -> SignOptions {
        self.timestamp = Some(unix_secs);
        self
    }

    /// Signs this message id (Standard Webhooks).
    pub fn msg_id(mut self, id: impl Into<String>) -> SignOptions {
        self.msg_id = Some(id.into());
        self
    }
}

/// What each provider implements. Private: see the module docs.
pub(crate) trait Provider: Send + Sync + 'static {
    /// Turns a configured secret into a prepared key. The default uses the secret's bytes as the
    /// HMAC-SHA256 key; a provider that encodes its secrets decodes them here.
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
        window: &Window,
    ) -> Result<(), Error>;

    /// The headers a sender attaches when it signs `body` with `key` at `now`.
    fn sign(
        &self,
        key: &Key,
        body: &[u8],
        options: &SignOptions,
        now: i64,
    ) -> Result<SignedHeaders, Error>;

    /// The replay keys of a request that verified: taken from signed data only.
    fn replay_keys(&self, body: &[u8], headers: &dyn Headers) -> Result<ReplayKeys, Error>;
}

/// The envelope the reference sender uses for a scheme without one of its own.
const DEFAULT_ENVELOPE: EnvelopeShape = EnvelopeShape {
    event_field: "event",
    data_field: "data",
    created_at_field: "created_at",
    events: &[],
    #[cfg(feature = "schema")]
    schema: crate::event::EventSchema::empty,
};

/// `{"<data>":<data>,"<event>":"<event>","<created_at>":"<created_at>"}`, compact, in that order.
pub(crate) fn envelope_body(
    shape: &EnvelopeShape,
    event: &str,
    data_json: &str,
    created_at: &str,
) -> Vec<u8> {
    let mut body = Vec::with_capacity(
        data_json
            .len()
            .saturating_add(event.len())
            .saturating_add(64),
    );
    body.push(b'{');
    push_json_string(&mut body, shape.data_field);
    body.push(b':');
    body.extend_from_slice(data_json.trim().as_bytes());
    body.push(b',');
    push_json_string(&mut body, shape.event_field);
    body.push(b':');
    push_json_string(&mut body, event);
    body.push(b',');
    push_json_string(&mut body, shape.created_at_field);
    body.push(b':');
    push_json_string(&mut body, created_at);
    body.push(b'}');
    body
}

/// Appends `text` as a JSON string literal.
fn push_json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes());
            }
            c => {
                let mut buffer = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    out.push(b'"');
}

// ---------------------------------------------------------------------------------------------
// The toolkit every scheme uses: strict decoding, bounded candidates, constant-time comparison.

/// How many signature values one request may carry before it is refused as malformed: enough for
/// any real rotation, few enough that a request cannot make the receiver compare without bound.
pub const MAX_CANDIDATES: usize = 16;

/// A fixed-capacity, stack-allocated list of decoded signatures found on a request.
pub(crate) struct Candidates<const LEN: usize> {
    items: [[u8; LEN]; MAX_CANDIDATES],
    len: usize,
    /// How many values were seen at all, well-formed or not.
    seen: usize,
    /// True if more than [`MAX_CANDIDATES`] well-formed values were offered.
    overflowed: bool,
}

impl<const LEN: usize> Candidates<LEN> {
    pub fn new() -> Self {
        Candidates {
            items: [[0; LEN]; MAX_CANDIDATES],
            len: 0,
            seen: 0,
            overflowed: false,
        }
    }

    /// Records one header value: `decoded` is `Some` if it had the scheme's exact encoding.
    pub fn offer(&mut self, decoded: Option<[u8; LEN]>) {
        self.seen = self.seen.saturating_add(1);
        if let Some(bytes) = decoded {
            match self.items.get_mut(self.len) {
                Some(slot) => {
                    *slot = bytes;
                    self.len = self.len.saturating_add(1);
                }
                None => self.overflowed = true,
            }
        }
    }

    /// The well-formed signatures.
    pub fn as_slice(&self) -> &[[u8; LEN]] {
        self.items.get(..self.len).unwrap_or(&[])
    }

    /// True if no value at all was offered.
    pub fn none_seen(&self) -> bool {
        self.seen == 0
    }

    /// True if more well-formed values than [`MAX_CANDIDATES`] were offered.
    pub fn overflowed(&self) -> bool {
        self.overflowed
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
pub(crate) fn decode_base64_exact<const LEN: usize>(text: &[u8]) -> Option<[u8; LEN]> {
    if text.len() != LEN.div_ceil(3).checked_mul(4)? {
        return None;
    }
    // `decode_slice` wants room for its length estimate, which can exceed LEN by up to two bytes.
    let mut buffer = [[0u8; LEN], [0u8; LEN]];
    let out = buffer.as_flattened_mut();
    match base64::engine::general_purpose::STANDARD.decode_slice(text, out) {
        Ok(n) if n == LEN => out.get(..LEN)?.try_into().ok(),
        _ => None,
    }
}

/// Standard, padded base64 of `bytes`.
pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// True if any key's HMAC-SHA256 over `parts` equals any candidate, compared in constant time.
/// Every key is tried against every candidate, so timing reveals neither which nor whether.
pub(crate) fn hmac_matches_any(keys: &[Key], parts: &[&[u8]], candidates: &[[u8; 32]]) -> bool {
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
pub(crate) fn decode_hex_exact<const LEN: usize>(text: &[u8]) -> Option<[u8; LEN]> {
    if text.len() != LEN.checked_mul(2)? {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c.wrapping_sub(b'0')),
        b'a'..=b'f' => Some(c.wrapping_sub(b'a').wrapping_add(10)),
        b'A'..=b'F' => Some(c.wrapping_sub(b'A').wrapping_add(10)),
        _ => None,
    };
    let mut bytes = [0u8; LEN];
    for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
        let [high, low] = pair else { return None };
        *byte = (nibble(*high)? << 4) | nibble(*low)?;
    }
    Some(bytes)
}

/// Lower-case hex of `bytes`.
pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digit = |n: u8| char::from(DIGITS.get(usize::from(n & 15)).copied().unwrap_or(b'0'));
    bytes
        .iter()
        .flat_map(|b| [digit(b >> 4), digit(*b)])
        .collect()
}

/// Parses a Unix timestamp that is a plain decimal integer: digits only (no sign, no spaces, no
/// fraction, no trailing junk) that fit in an `i64`. Anything else is `None`.
pub(crate) fn parse_timestamp(text: &[u8]) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    text.iter().try_fold(0i64, |acc, &c| {
        if c.is_ascii_digit() {
            acc.checked_mul(10)?
                .checked_add(i64::from(c.wrapping_sub(b'0')))
        } else {
            None
        }
    })
}

/// Checks a signed timestamp against the receiver's clock, in both directions.
pub(crate) fn check_timestamp(timestamp: i64, window: &Window) -> Result<(), Error> {
    let now = i128::from(window.now());
    let timestamp = i128::from(timestamp);
    let tolerance = i128::from(window.tolerance_secs);
    if now.saturating_sub(timestamp) > tolerance {
        Err(Error::TimestampTooOld)
    } else if timestamp.saturating_sub(now) > tolerance {
        Err(Error::TimestampTooNew)
    } else {
        Ok(())
    }
}

/// The Unix time to sign, as text: the caller's, or the clock's. A negative time is refused: no
/// verifier would accept what it signs.
pub(crate) fn sign_timestamp(options: &SignOptions, now: i64) -> Result<String, Error> {
    let timestamp = options.timestamp.unwrap_or(now);
    if timestamp < 0 {
        return Err(Error::invalid_argument(
            "timestamp",
            "the Unix time to sign is negative, and no verifier accepts it",
        ));
    }
    Ok(timestamp.to_string())
}

/// A single-valued header (a timestamp, a message id) copied to the stack: the first of `names`
/// that is present wins; the same value repeated is fine; different values, or a value longer
/// than `CAP` bytes, make it [`SingleValue::Conflicting`].
pub(crate) enum SingleValue<const CAP: usize> {
    /// No such header.
    Missing,
    /// One value (possibly repeated identically).
    Value([u8; CAP], usize),
    /// Several different values, or one too long to be real.
    Conflicting,
}

impl<const CAP: usize> SingleValue<CAP> {
    /// Reads the first of `names` present in `headers`. With `split_commas`, the comma-separated
    /// items of a value count as repeated values (a framework joined a repeated header); use it
    /// only for values that cannot contain a comma (timestamps).
    pub fn read(headers: &dyn Headers, names: &[&str], split_commas: bool) -> SingleValue<CAP> {
        for name in names {
            let mut found = SingleValue::Missing;
            let mut take = |value: &[u8]| {
                let value = value.trim_ascii();
                found = match &found {
                    SingleValue::Missing if value.len() <= CAP => {
                        let mut buffer = [0u8; CAP];
                        if let Some(prefix) = buffer.get_mut(..value.len()) {
                            prefix.copy_from_slice(value);
                        }
                        SingleValue::Value(buffer, value.len())
                    }
                    SingleValue::Value(buffer, len) if buffer.get(..*len) == Some(value) => {
                        return;
                    }
                    _ => SingleValue::Conflicting,
                };
            };
            headers.for_each_value(name, &mut |value| {
                if split_commas {
                    value.split(|&b| b == b',').for_each(&mut take);
                } else {
                    take(value);
                }
            });
            if !matches!(found, SingleValue::Missing) {
                return found;
            }
        }
        SingleValue::Missing
    }
}

/// A signed timestamp read from a header: its exact text (which is what gets signed) and value.
pub(crate) struct Timestamp {
    text: [u8; 20],
    len: usize,
    /// Unix seconds.
    pub value: i64,
}

impl Timestamp {
    /// Reads the first of `names` present: missing, conflicting or not a plain decimal integer
    /// are errors (`missing_timestamp`, `malformed_timestamp`). `missing` says where it should
    /// have been.
    pub fn read(
        headers: &dyn Headers,
        names: &[&'static str],
        missing: &'static str,
    ) -> Result<Timestamp, Error> {
        Timestamp::parse(SingleValue::<20>::read(headers, names, true), missing)
    }

    /// A timestamp from an already read value.
    pub fn parse(value: SingleValue<20>, missing: &'static str) -> Result<Timestamp, Error> {
        const EXPECTED: &str = "one plain decimal Unix timestamp";
        match value {
            SingleValue::Missing => Err(Error::MissingTimestamp { what: missing }),
            SingleValue::Conflicting => Err(Error::MalformedTimestamp { expected: EXPECTED }),
            SingleValue::Value(text, len) => match text.get(..len).and_then(parse_timestamp) {
                Some(value) => Ok(Timestamp { text, len, value }),
                None => Err(Error::MalformedTimestamp { expected: EXPECTED }),
            },
        }
    }

    /// The timestamp exactly as sent.
    pub fn text(&self) -> &[u8] {
        self.text.get(..self.len).unwrap_or(&[])
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
    let mut candidates = Candidates::<32>::new();
    for name in names {
        crate::headers::for_each_item(headers, name, &mut |item| candidates.offer(decode(item)));
    }
    let first = names.first().copied().unwrap_or("");
    let candidates = candidates.check_usable(first, expected)?;
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

/// True if any header of `names` is present at all (even empty).
pub(crate) fn any_present(headers: &dyn Headers, names: &[&str]) -> bool {
    let mut present = false;
    for name in names {
        headers.for_each_value(name, &mut |_| present = true);
    }
    present
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
    fn the_window_holds_in_both_directions_and_never_overflows() {
        let at = |now, tolerance_secs| Window {
            now: Some(now),
            tolerance_secs,
        };
        assert_eq!(check_timestamp(1000, &at(1300, 300)), Ok(()));
        assert_eq!(
            check_timestamp(1000, &at(1301, 300)),
            Err(Error::TimestampTooOld)
        );
        assert_eq!(check_timestamp(1000, &at(700, 300)), Ok(()));
        assert_eq!(
            check_timestamp(1000, &at(699, 300)),
            Err(Error::TimestampTooNew)
        );
        assert_eq!(
            check_timestamp(i64::MAX, &at(i64::MIN, 300)),
            Err(Error::TimestampTooNew)
        );
        assert_eq!(check_timestamp(i64::MAX, &at(i64::MIN, u64::MAX)), Ok(()));
    }

    #[test]
    fn envelope_bodies_are_compact_and_escaped() {
        let body = envelope_body(
            &DEFAULT_ENVELOPE,
            "a\"b",
            " {\"x\":1} ",
            "2026-11-28T10:00:00.000Z",
        );
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"data":{"x":1},"event":"a\"b","created_at":"2026-11-28T10:00:00.000Z"}"#
        );
    }

    #[test]
    fn every_scheme_has_a_unique_name_and_reads_its_signature_header() {
        let mut names: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        for scheme in ALL {
            for header in scheme.info().signature_headers {
                assert!(scheme.info().read_headers.contains(header), "{scheme:?}");
                assert_eq!(*header, header.to_ascii_lowercase());
            }
            for header in scheme.info().read_headers {
                assert_eq!(*header, header.to_ascii_lowercase());
            }
        }
        assert_eq!(default_scheme().name(), ALL[0].name());
    }
}
