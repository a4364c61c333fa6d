//! Property tests: any body and secret round-trip through sign and verify; any single-bit change
//! to the body, the signature or the secret is rejected.

mod common;
use base64::Engine as _;
use common::TestCalls;
use proptest::prelude::*;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Not a key that signs like the empty one (zeros) or a blank one: those are refused.
fn usable(secret: &[u8]) -> bool {
    secret.iter().any(|&b| b != 0) && !secret.iter().all(u8::is_ascii_whitespace)
}

proptest! {
    #[test]
    fn sign_then_verify_round_trips(body in proptest::collection::vec(any::<u8>(), 0..2048),
                                    secret in proptest::collection::vec(any::<u8>(), 1..100)) {
        prop_assume!(usable(&secret));
        let signature = hookproof::sign(&body, &secret).unwrap();
        prop_assert_eq!(hookproof::verify(&body, &signature, &secret), Ok(true));
        let webhook = hookproof::Webhook::new(&hookproof::scheme::PRINTONE, [secret.as_slice()]).unwrap();
        prop_assert_eq!(webhook.verify(&body, &webhook.signed(&body)), Ok(()));
    }

    #[test]
    fn flipping_a_body_bit_fails(body in proptest::collection::vec(any::<u8>(), 1..2048),
                                 secret in "[!-~][ -~]{0,39}", bit in any::<usize>()) {
        let signature = hookproof::sign(&body, &secret).unwrap();
        let mut tampered = body.clone();
        let bit = bit % (body.len() * 8);
        tampered[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(hookproof::verify(&tampered, &signature, &secret), Ok(false));
    }

    #[test]
    fn flipping_a_signature_bit_fails(body in proptest::collection::vec(any::<u8>(), 0..512),
                                      secret in "[!-~][ -~]{0,39}", bit in 0usize..256) {
        let signature = hookproof::sign(&body, &secret).unwrap();
        let mut mac = base64::engine::general_purpose::STANDARD.decode(&signature).unwrap();
        mac[bit / 8] ^= 1 << (bit % 8);
        let webhook = hookproof::Webhook::new(&hookproof::scheme::PRINTONE, [secret.as_str()]).unwrap();
        prop_assert_eq!(
            webhook.verify(&body, &[("x-webhook-hmac-sha256", b64(&mac))]).unwrap_err().code(),
            "signature_mismatch"
        );
    }

    #[test]
    fn flipping_a_bit_of_the_header_text_never_verifies(body in proptest::collection::vec(any::<u8>(), 0..512),
                                                        secret in "[!-~][ -~]{0,39}", bit in 0usize..(44 * 8)) {
        let signature = hookproof::sign(&body, &secret).unwrap();
        let mut text = signature.into_bytes();
        text[bit / 8] ^= 1 << (bit % 8);
        prop_assert_eq!(hookproof::verify(&body, &text, &secret), Ok(false));
    }

    #[test]
    fn flipping_a_secret_bit_fails(body in proptest::collection::vec(any::<u8>(), 0..512),
                                   secret in proptest::collection::vec(any::<u8>(), 1..100), bit in any::<usize>()) {
        prop_assume!(usable(&secret));
        let signature = hookproof::sign(&body, &secret).unwrap();
        let mut other = secret.clone();
        let bit = bit % (secret.len() * 8);
        other[bit / 8] ^= 1 << (bit % 8);
        // HMAC pads keys with zeros, so a key that differs only by trailing zero bytes is the same
        // key; a single flipped bit never produces that.
        prop_assume!(usable(&other));
        prop_assert_eq!(hookproof::verify(&body, &signature, &other), Ok(false));
    }

    #[test]
    fn arbitrary_header_values_never_panic_and_never_verify(value in proptest::collection::vec(any::<u8>(), 0..200)) {
        let webhook = hookproof::Webhook::new(&hookproof::scheme::PRINTONE, ["secret"]).unwrap();
        let headers: [(&[u8], &[u8]); 1] = [(b"x-webhook-hmac-sha256", &value)];
        prop_assert!(webhook.verify(b"body", &headers).is_err());
    }
}
