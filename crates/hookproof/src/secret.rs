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
/// path). A key that signs like the empty key is refused, as in [`Key::hmac_sha256`].
pub(crate) fn hmac_sha256_once(key: &[u8], parts: &[&[u8]]) -> Result<[u8; 32], Error> {
    check_hmac_key(key)?;
    let mut mac = HmacSha256::new_from_slice(key).map_err(|_| Error::InvalidSecret {
        reason: "HMAC rejected the key length",
    })?;
    for part in parts {
        mac.update(part);
    }
    Ok(mac.finalize().into_bytes().into())
}

/// HMAC's block size: shorter keys are padded with zero bytes to it.
const HMAC_BLOCK: usize = 64;

/// Refuses the keys with which anyone can sign.
///
/// HMAC pads a key shorter than its 64-byte block with zero bytes, so every key of 1 to 64 zero
/// bytes (`Buffer.alloc(32)`, or `whsec_` + base64 of 32 zero bytes, a plausible placeholder)
/// signs exactly like the empty key. A longer key is hashed first, and no known key hashes to
/// zeros. A secret of only whitespace is a configuration mistake (an unset variable, a stray
/// newline) that nobody means.
pub(crate) fn check_hmac_key(key: &[u8]) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::InvalidSecret {
            reason: "the secret is empty, and an empty HMAC key lets anyone forge signatures",
        });
    }
    if key.len() <= HMAC_BLOCK && key.iter().all(|&b| b == 0) {
        return Err(Error::InvalidSecret {
            reason: "the secret is all zero bytes, which HMAC treats exactly like an empty key: \
                     anyone could forge signatures",
        });
    }
    if key.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::InvalidSecret {
            reason: "the secret is only whitespace (an unset variable or a stray newline?)",
        });
    }
    Ok(())
}

/// A secret made ready for one scheme. Wiped on drop, never printed. Internal: the public API
/// takes [`Secret`]s and prepares them in [`crate::Webhook::new`].
///
/// An HMAC key has its inner and outer SHA-256 states computed once, so each verification only
/// hashes the message. With the `ed25519` feature a key can instead be an Ed25519 public key
/// (verifies only) or signing key (signs, and verifies with its public half).
#[derive(Clone)]
pub(crate) struct Key {
    kind: KeyKind,
}

#[derive(Clone)]
enum KeyKind {
    Hmac(HmacSha256),
    #[cfg(feature = "ed25519")]
    Ed25519Public(ed25519_dalek::VerifyingKey),
    #[cfg(feature = "ed25519")]
    Ed25519Signing(ed25519_dalek::SigningKey),
}

impl Key {
    /// Prepares `key_bytes` (already decoded by the scheme) as an HMAC-SHA256 key.
    ///
    /// Keys that sign like the empty key are refused ([`check_hmac_key`]).
    pub fn hmac_sha256(key_bytes: Secret) -> Result<Key, Error> {
        check_hmac_key(key_bytes.expose())?;
        // HMAC accepts keys of any length, so this cannot fail; map it anyway rather than unwrap.
        let hmac =
            HmacSha256::new_from_slice(key_bytes.expose()).map_err(|_| Error::InvalidSecret {
                reason: "HMAC rejected the key length",
            })?;
        Ok(Key {
            kind: KeyKind::Hmac(hmac),
        })
    }

    /// An Ed25519 public key (32 bytes), for verifying only. Refuses points that are not on the
    /// curve and weak (small-order) keys.
    #[cfg(feature = "ed25519")]
    pub fn ed25519_public(bytes: &[u8]) -> Result<Key, Error> {
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| Error::InvalidSecret {
            reason: "an Ed25519 public key is 32 bytes",
        })?;
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(&bytes).map_err(|_| Error::InvalidSecret {
                reason: "not a valid Ed25519 public key",
            })?;
        if key.is_weak() {
            return Err(Error::InvalidSecret {
                reason: "a weak (small-order) Ed25519 public key",
            });
        }
        Ok(Key {
            kind: KeyKind::Ed25519Public(key),
        })
    }

    /// An Ed25519 signing key (its 32-byte seed), for signing and verifying.
    #[cfg(feature = "ed25519")]
    pub fn ed25519_signing(seed: &[u8]) -> Result<Key, Error> {
        let mut seed_bytes: [u8; 32] = seed.try_into().map_err(|_| Error::InvalidSecret {
            reason: "an Ed25519 signing key is a 32-byte seed",
        })?;
        let key = ed25519_dalek::SigningKey::from_bytes(&seed_bytes);
        zeroize::Zeroize::zeroize(&mut seed_bytes);
        Ok(Key {
            kind: KeyKind::Ed25519Signing(key),
        })
    }

    /// HMAC-SHA256 over the concatenation of `parts`, from the prepared state; `None` for a key
    /// that is not an HMAC key. Allocates nothing.
    pub fn mac(&self, parts: &[&[u8]]) -> Option<[u8; 32]> {
        match &self.kind {
            KeyKind::Hmac(hmac) => {
                let mut mac = hmac.clone();
                for part in parts {
                    mac.update(part);
                }
                Some(mac.finalize().into_bytes().into())
            }
            #[cfg(feature = "ed25519")]
            _ => None,
        }
    }

    /// True if `signature` is a valid Ed25519 signature (strict verification: canonical `S`, no
    /// small-order `R` or key) of `message`; false for an HMAC key.
    #[cfg(feature = "ed25519")]
    pub fn ed25519_verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let public = match &self.kind {
            KeyKind::Ed25519Public(key) => *key,
            KeyKind::Ed25519Signing(key) => key.verifying_key(),
            KeyKind::Hmac(_) => return false,
        };
        public
            .verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature))
            .is_ok()
    }

    /// An Ed25519 signature of `message`, if this is a signing key.
    #[cfg(feature = "ed25519")]
    pub fn ed25519_sign(&self, message: &[u8]) -> Option<[u8; 64]> {
        match &self.kind {
            KeyKind::Ed25519Signing(key) => {
                use ed25519_dalek::Signer;
                Some(key.sign(message).to_bytes())
            }
            _ => None,
        }
    }

    /// True for an Ed25519 key (public or signing).
    pub fn is_ed25519(&self) -> bool {
        !matches!(self.kind, KeyKind::Hmac(_))
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(***)")
    }
}
