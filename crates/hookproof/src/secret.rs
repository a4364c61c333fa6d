//! Secrets and the keys prepared from them.

use core::fmt;

use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use crate::Error;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// A shared webhook secret: bytes that are wiped from memory on drop and never printed.
///
/// ```
/// let secret = hookproof::Secret::from("my-webhook-secret");
/// assert_eq!(format!("{secret:?}"), "Secret(***)");
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// The secret's bytes (for a scheme that must decode them, e.g. `whsec_` + base64).
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// True if the secret has no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<Vec<u8>> for Secret {
    fn from(bytes: Vec<u8>) -> Self {
        Secret(Zeroizing::new(bytes))
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Self {
        Secret::from(text.into_bytes())
    }
}

impl From<&[u8]> for Secret {
    fn from(bytes: &[u8]) -> Self {
        Secret::from(bytes.to_vec())
    }
}

impl<const N: usize> From<&[u8; N]> for Secret {
    fn from(bytes: &[u8; N]) -> Self {
        Secret::from(&bytes[..])
    }
}

impl From<&str> for Secret {
    fn from(text: &str) -> Self {
        Secret::from(text.as_bytes())
    }
}

impl From<&String> for Secret {
    fn from(text: &String) -> Self {
        Secret::from(text.as_str())
    }
}

impl From<&Secret> for Secret {
    fn from(secret: &Secret) -> Self {
        secret.clone()
    }
}

/// HMAC-SHA256 over `parts` with a key used once, without copying it to the heap (the one-shot
/// path). An empty key is refused, as in [`Key::hmac_sha256`].
pub(crate) fn hmac_sha256_once(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], Error> {
    if key.is_empty() {
        return Err(EMPTY_SECRET);
    }
    let mut mac = HmacSha256::new_from_slice(key).map_err(|_| Error::InvalidSecret {
        reason: "HMAC rejected the key length",
    })?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

const EMPTY_SECRET: Error = Error::InvalidSecret {
    reason: "the secret is empty, and an empty HMAC key lets anyone forge signatures",
};

/// A secret made ready for one scheme: its HMAC-SHA256 inner and outer states are computed once,
/// so each verification only hashes the message. Wiped on drop, never printed.
#[derive(Clone)]
pub struct Key {
    secret: Secret,
    hmac: HmacSha256,
}

impl Key {
    /// Prepares `key_bytes` (already decoded by the scheme) as an HMAC-SHA256 key.
    ///
    /// An empty key is refused: HMAC accepts it, but anyone can then forge every signature.
    pub fn hmac_sha256(key_bytes: Secret) -> Result<Key, Error> {
        if key_bytes.is_empty() {
            return Err(EMPTY_SECRET);
        }
        // HMAC accepts keys of any length, so this cannot fail; map it anyway rather than unwrap.
        let hmac =
            HmacSha256::new_from_slice(key_bytes.expose()).map_err(|_| Error::InvalidSecret {
                reason: "HMAC rejected the key length",
            })?;
        Ok(Key {
            secret: key_bytes,
            hmac,
        })
    }

    /// HMAC-SHA256 over the concatenation of `parts`, from the prepared state. Allocates nothing.
    pub fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut mac = self.hmac.clone();
        for part in parts {
            mac.update(part);
        }
        mac.finalize().into_bytes().into()
    }

    /// The key bytes the scheme prepared (for signers that need them again).
    pub fn secret(&self) -> &Secret {
        &self.secret
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(***)")
    }
}
