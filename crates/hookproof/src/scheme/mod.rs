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

mod printone;

pub use printone::PrintOne;

/// Print.one's scheme: base64 HMAC-SHA256 of the raw body in `x-webhook-hmac-sha256`.
pub static PRINTONE: &PrintOne = &PrintOne;

/// Every scheme hookproof ships, in the order the docs list them.
pub static ALL: &[&'static dyn Scheme] = &[PRINTONE];

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

    /// Turns a configured secret into a prepared key (decoding it if the provider encodes it).
    fn prepare_key(&self, secret: Secret) -> Result<Key, Error>;

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
        let tag = key.mac(parts);
        for candidate in candidates {
            found |= tag.ct_eq(candidate);
        }
    }
    found.into()
}
