//! Behaviour of the public API: header shapes, rotation, errors, events, secret hygiene.

use std::collections::{BTreeMap, HashMap};

use hookproof::scheme::{self, printone};
use hookproof::{Error, SignOptions, Webhook};

const SECRET: &str = "whk_3f9a1c7e5b2d4a6f";
const BODY: &[u8] = br#"{"data":{"id":"ord_1","status":"order_status_sent"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#;
// HMAC-SHA256(SECRET, BODY) in base64, from Python's hmac module.
const SIGNATURE: &str = "aviGg1qvAXo3iSBkewZOQy/qF9uXMg8lAJeOXO4lG48=";

fn printone_webhook<const N: usize>(secrets: [&str; N]) -> Webhook {
    Webhook::new(&scheme::PRINTONE, secrets).unwrap()
}

fn code(result: Result<(), Error>) -> &'static str {
    result.err().map_or("ok", |e| e.code())
}

#[test]
fn the_fixture_matches_an_independent_hmac() {
    assert_eq!(hookproof::verify(BODY, SIGNATURE, SECRET), Ok(true));
}

#[test]
fn every_header_shape_and_case_is_read() {
    let webhook = printone_webhook([SECRET]);
    let pairs = [("X-WEBHOOK-HMAC-SHA256", SIGNATURE)];
    let owned: Vec<(String, String)> = vec![
        ("content-type".into(), "application/json".into()),
        ("x-Webhook-Hmac-Sha256".into(), SIGNATURE.into()),
    ];
    let bytes: Vec<(&[u8], &[u8])> = vec![(b"x-webhook-hmac-sha256", SIGNATURE.as_bytes())];
    let hash: HashMap<String, String> = owned.iter().cloned().collect();
    let btree: BTreeMap<&str, &str> = [("X-Webhook-HMAC-SHA256", SIGNATURE)].into();
    let mut header_map = http::HeaderMap::new();
    header_map.insert("X-Webhook-Hmac-Sha256", SIGNATURE.parse().unwrap());
    assert_eq!(code(webhook.verify(BODY, &pairs)), "ok");
    assert_eq!(code(webhook.verify(BODY, &pairs[..])), "ok");
    assert_eq!(code(webhook.verify(BODY, &owned)), "ok");
    assert_eq!(code(webhook.verify(BODY, &bytes)), "ok");
    assert_eq!(code(webhook.verify(BODY, &hash)), "ok");
    assert_eq!(code(webhook.verify(BODY, &btree)), "ok");
    assert_eq!(code(webhook.verify(BODY, &header_map)), "ok");
}

#[test]
fn legacy_header_is_read_and_either_header_may_carry_the_valid_signature() {
    let webhook = printone_webhook([SECRET]);
    assert_eq!(
        code(webhook.verify(BODY, &[("X-Printone-Hmac-Sha256", SIGNATURE)])),
        "ok"
    );
    let bad = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    let both = [
        ("x-webhook-hmac-sha256", bad),
        ("x-printone-hmac-sha256", SIGNATURE),
    ];
    assert_eq!(code(webhook.verify(BODY, &both)), "ok");
}

#[test]
fn repeated_and_joined_headers_try_each_value() {
    let webhook = printone_webhook([SECRET]);
    let other = hookproof::sign(BODY, "another secret").unwrap();
    let repeated = [
        ("x-webhook-hmac-sha256", other.as_str()),
        ("x-webhook-hmac-sha256", SIGNATURE),
    ];
    assert_eq!(code(webhook.verify(BODY, &repeated)), "ok");
    let joined = [("x-webhook-hmac-sha256", format!("{other}, {SIGNATURE}"))];
    assert_eq!(code(webhook.verify(BODY, &joined)), "ok");
    let malformed_and_wrong = [("x-webhook-hmac-sha256", format!("junk,{other}"))];
    assert_eq!(
        code(webhook.verify(BODY, &malformed_and_wrong)),
        "signature_mismatch"
    );
}

#[test]
fn too_many_signature_values_are_malformed_even_if_one_is_valid() {
    let webhook = printone_webhook([SECRET]);
    let mut values =
        vec!["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; hookproof::scheme::MAX_CANDIDATES];
    values.push(SIGNATURE);
    let header = [("x-webhook-hmac-sha256", values.join(","))];
    assert_eq!(code(webhook.verify(BODY, &header)), "malformed_signature");
    values.remove(0);
    let header = [("x-webhook-hmac-sha256", values.join(","))];
    assert_eq!(code(webhook.verify(BODY, &header)), "ok");
}

#[test]
fn missing_empty_and_malformed_headers_have_distinct_codes() {
    let webhook = printone_webhook([SECRET]);
    let none: [(&str, &str); 0] = [];
    assert_eq!(code(webhook.verify(BODY, &none)), "missing_signature");
    assert_eq!(
        code(webhook.verify(BODY, &[("x-webhook-hmac-sha1", SIGNATURE)])),
        "missing_signature"
    );
    assert_eq!(
        code(webhook.verify(BODY, &[("x-webhook-hmac-sha256", "")])),
        "malformed_signature"
    );
    assert_eq!(
        code(webhook.verify(BODY, &[("x-webhook-hmac-sha256", " , ")])),
        "malformed_signature"
    );
    let non_utf8: [(&[u8], &[u8]); 1] = [(b"x-webhook-hmac-sha256", b"\xff\xfe\x00")];
    assert_eq!(code(webhook.verify(BODY, &non_utf8)), "malformed_signature");
    assert_eq!(
        code(webhook.verify(b"{}", &[("x-webhook-hmac-sha256", SIGNATURE)])),
        "signature_mismatch"
    );
}

#[test]
fn rotation_accepts_any_configured_secret_and_signs_with_the_first() {
    let webhook = printone_webhook(["new-secret", SECRET]);
    assert_eq!(
        code(webhook.verify(BODY, &[("x-webhook-hmac-sha256", SIGNATURE)])),
        "ok"
    );
    let signed = webhook.sign(BODY, &SignOptions::new()).unwrap();
    assert_eq!(signed[0].1, hookproof::sign(BODY, "new-secret").unwrap());
    let only_new = printone_webhook(["new-secret"]);
    assert_eq!(
        code(only_new.verify(BODY, &[("x-webhook-hmac-sha256", SIGNATURE)])),
        "signature_mismatch"
    );
}

#[test]
fn unusable_secrets_are_configuration_errors() {
    let printone = |secrets: &[&[u8]]| {
        Webhook::new(&scheme::PRINTONE, secrets.iter().copied())
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(printone(&[b""]), Err("invalid_secret"));
    assert_eq!(printone(&[b"ok", b""]), Err("invalid_secret"));
    assert_eq!(printone(&[]), Err("invalid_secret"));
    assert_eq!(
        hookproof::sign(BODY, "").unwrap_err().code(),
        "invalid_secret"
    );
    assert!(hookproof::verify(BODY, SIGNATURE, "")
        .unwrap_err()
        .is_configuration());
    assert_eq!(hookproof::verify(BODY, "junk", SECRET), Ok(false));
}

#[test]
fn keys_that_sign_like_the_empty_key_are_refused_in_every_scheme() {
    // HMAC pads short keys with zeros: 1 to 64 zero bytes sign exactly like the empty key.
    for len in [1usize, 32, 64] {
        let zeros = vec![0u8; len];
        for s in scheme::ALL {
            let secret: Vec<u8> = if s.name() == "standard" {
                format!("whsec_{}", base64_of(&zeros)).into_bytes()
            } else {
                zeros.clone()
            };
            let err = Webhook::new(s, [secret.as_slice()]).unwrap_err();
            assert_eq!(err.code(), "invalid_secret", "{s:?} {len}");
        }
        assert_eq!(
            hookproof::verify(BODY, SIGNATURE, &zeros)
                .unwrap_err()
                .code(),
            "invalid_secret"
        );
        assert_eq!(
            hookproof::sign(BODY, &zeros).unwrap_err().code(),
            "invalid_secret"
        );
    }
    // 65 zero bytes are hashed first and are an ordinary (if silly) key.
    assert!(Webhook::new(&scheme::PRINTONE, [vec![0u8; 65]]).is_ok());
    for blank in [" ", "\n", " \t \r\n"] {
        assert_eq!(
            Webhook::new(&scheme::PRINTONE, [blank]).unwrap_err().code(),
            "invalid_secret",
            "{blank:?}"
        );
    }
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn a_public_key_cannot_sign_and_says_so_instead_of_panicking() {
    // A valid Ed25519 public key (RFC 8032 test 1).
    let public = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    let webhook = Webhook::new(&scheme::STANDARD, [public]).unwrap();
    let err = webhook.sign(BODY, &SignOptions::new()).unwrap_err();
    assert_eq!(err.code(), "invalid_secret");
    assert!(err.to_string().contains("whsk_"), "{err}");
}

#[test]
fn bad_signing_arguments_are_invalid_argument_not_invalid_payload() {
    let standard = Webhook::new(&scheme::STANDARD, ["whsec_c2VjcmV0LWtleQ=="]).unwrap();
    for options in [
        SignOptions::new().timestamp(-1),
        SignOptions::new().msg_id(""),
        SignOptions::new().msg_id("a\nb"),
        SignOptions::new().msg_id("x".repeat(257)),
    ] {
        let err = standard.sign(BODY, &options).unwrap_err();
        assert_eq!(err.code(), "invalid_argument", "{options:?}");
    }
}

#[test]
fn whsec_secrets_decode_like_the_official_libraries() {
    // Unpadded, and with stray low bits in the last character: the official libraries accept
    // both (they decode leniently); hookproof did not.
    let clean = Webhook::new(&scheme::STANDARD, ["whsec_c2VjcmV0LWtleQ=="]).unwrap();
    let signed = clean
        .sign(
            BODY,
            &SignOptions::new().timestamp(1_795_860_000).msg_id("msg_1"),
        )
        .unwrap();
    for variant in [
        "whsec_c2VjcmV0LWtleQ",
        "whsec_c2VjcmV0LWtleR",
        "c2VjcmV0LWtleQ==",
    ] {
        let webhook = Webhook::new(&scheme::STANDARD, [variant])
            .unwrap()
            .with_clock(hookproof::Clock::Fixed(1_795_860_000));
        assert_eq!(code(webhook.verify(BODY, &signed)), "ok", "{variant}");
    }
}

#[test]
fn a_joined_webhook_signature_header_is_read_entry_by_entry() {
    let secret = "whsec_c2VjcmV0LWtleQ==";
    let webhook = Webhook::new(&scheme::STANDARD, [secret])
        .unwrap()
        .with_clock(hookproof::Clock::Fixed(1_795_860_000));
    let signed = webhook
        .sign(
            BODY,
            &SignOptions::new().timestamp(1_795_860_000).msg_id("msg_1"),
        )
        .unwrap();
    let valid = signed[2].1.clone();
    let other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    for joined in [
        format!("{valid}, {other}"), // Node and Fetch join repeated headers with ", "
        format!("{other}, {valid}"),
        format!("{valid},{other}"), // WSGI joins with ","
        format!("{other},{valid}"),
        format!("{other} {valid}"), // the spec's own separator
        // A repeated header that holds no signature at all, joined after a valid one: the valid
        // entry still authenticates the request (as a valid entry beside an unknown version does).
        format!("{valid},\u{d1}junk"),
        format!("{valid}, junk"),
    ] {
        let headers = [
            ("webhook-id", signed[0].1.as_str()),
            ("webhook-timestamp", signed[1].1.as_str()),
            ("webhook-signature", joined.as_str()),
        ];
        assert_eq!(code(webhook.verify(BODY, &headers)), "ok", "{joined}");
    }
    // Nothing else got looser: a version without its comma, or a bare version, still fails.
    let sig = valid.strip_prefix("v1,").unwrap();
    for bad in [format!("v1 {sig}"), "v1,".to_string(), format!("v1,{sig}x")] {
        let headers = [
            ("webhook-id", signed[0].1.as_str()),
            ("webhook-timestamp", signed[1].1.as_str()),
            ("webhook-signature", bad.as_str()),
        ];
        assert_eq!(
            code(webhook.verify(BODY, &headers)),
            "malformed_signature",
            "{bad}"
        );
    }
}

#[test]
fn stripe_timestamps_say_what_is_wrong() {
    let webhook = Webhook::new(&scheme::STRIPE, ["whsec_test"]).unwrap();
    let missing = webhook
        .verify(
            BODY,
            &[("stripe-signature", format!("v1={}", "ab".repeat(32)))],
        )
        .unwrap_err();
    assert_eq!(missing.code(), "missing_timestamp");
    assert!(
        missing
            .to_string()
            .contains("no `t=` item in the `stripe-signature` header"),
        "{missing}"
    );
    let long = webhook
        .verify(
            BODY,
            &[(
                "stripe-signature",
                format!("t={},v1={}", "1".repeat(21), "ab".repeat(32)),
            )],
        )
        .unwrap_err();
    assert_eq!(long.code(), "malformed_timestamp");
}

#[test]
fn construct_event_types_print_one_events_and_keeps_unknown_names() {
    let webhook = printone_webhook([SECRET]);
    for (name, expected) in [
        ("coupon_code_used", printone::EventType::CouponCodeUsed),
        (
            "letter_delivered",
            printone::EventType::Other("letter_delivered".into()),
        ),
    ] {
        let body = format!(
            r#"{{"data":{{"id":"x","couponId":"co_1","code":"C","used":true,"usedAt":null,"orderId":null}},"event":"{name}","created_at":"2026-11-28T10:00:01.250Z"}}"#
        );
        let headers = webhook.sign(body.as_bytes(), &SignOptions::new()).unwrap();
        let event: printone::Event = webhook.construct_event(body.as_bytes(), &headers).unwrap();
        assert_eq!(event.event, expected);
        assert_eq!(event.event.as_str(), name);
        assert_eq!(event.created_at, "2026-11-28T10:00:01.250Z");
        // Python: datetime.fromisoformat("2026-11-28T10:00:01.250+00:00").timestamp() * 1000
        assert_eq!(event.created_at_unix_millis(), 1_795_860_001_250);
    }
}

#[test]
fn construct_event_verifies_before_it_parses() {
    let webhook = printone_webhook([SECRET]);
    let not_json = b"not json";
    let err = webhook
        .construct_event::<printone::Event, _>(not_json, &[("x-webhook-hmac-sha256", SIGNATURE)])
        .unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
    for bad in [
        &b"not json"[..],
        br#"{"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#,
        br#"{"data":{},"event":42,"created_at":"2026-11-28T10:00:01.250Z"}"#,
        br#"{"data":{},"event":"coupon_code_used","created_at":"yesterday"}"#,
        br#"{"data":{"id":"only an id"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#,
        br#"[1,2,3]"#,
        // Invalid UTF-8 in a field the event does not keep (found by the construct_event fuzzer).
        b"{\"data\":{},\"event\":\"x\",\"other\":\"\xe3_\",\"created_at\":\"2026-11-28T10:00:01.250Z\"}",
    ] {
        let headers = webhook.sign(bad, &SignOptions::new()).unwrap();
        let err = webhook
            .construct_event::<printone::Event, _>(bad, &headers)
            .unwrap_err();
        assert_eq!(
            err.code(),
            "invalid_payload",
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn invalid_payload_messages_never_quote_the_body() {
    let webhook = printone_webhook([SECRET]);
    for body in [
        &br#"{"data":{},"event":"\u001b[2K\rverified -> 204 sk_live_123","created_at":5}"#[..],
        br#"{"data":{},"event":["sk_live_123"],"created_at":"2026-11-28T10:00:00Z"}"#,
        br#"{"data":{},"event":"x","created_at":"sk_live_123"}"#,
        br#"{"data":{}, "sk_live_123"#,
    ] {
        let headers = webhook.sign(body, &SignOptions::new()).unwrap();
        let err = webhook
            .construct_event::<printone::Event, _>(body, &headers)
            .unwrap_err();
        let message = err.to_string();
        assert_eq!(err.code(), "invalid_payload");
        assert!(
            !message.contains("sk_live") && !message.contains('\u{1b}'),
            "{message}"
        );
        assert!(
            message.contains("line 1") || message.contains("RFC 3339"),
            "{message}"
        );
        assert!(message.len() < 400, "{message}");
    }
}

#[test]
fn max_age_refuses_a_month_old_print_one_event() {
    let body = br#"{"data":{},"event":"x","created_at":"2026-11-01T10:00:00.000Z"}"#;
    let created = 1_793_527_200; // 2026-11-01T10:00:00Z, from Python's datetime
    let webhook = printone_webhook([SECRET]);
    let headers = webhook.sign(body, &SignOptions::new()).unwrap();
    let aged = |now| {
        webhook
            .clone()
            .with_max_age(std::time::Duration::from_secs(3600))
            .unwrap()
            .with_clock(hookproof::Clock::Fixed(now))
            .verify(body, &headers)
    };
    assert_eq!(aged(created + 3600), Ok(()));
    assert_eq!(
        aged(created + 30 * 86_400).unwrap_err().code(),
        "event_too_old"
    );
    assert_eq!(webhook.verify(body, &headers), Ok(()), "off by default");
    assert_eq!(
        Webhook::new(&scheme::STRIPE, ["s"])
            .unwrap()
            .with_max_age(std::time::Duration::from_secs(1))
            .unwrap_err()
            .code(),
        "invalid_argument"
    );
}

#[test]
fn statuses_come_from_the_scheme() {
    assert_eq!(scheme::PRINTONE.http_status(&Error::SignatureMismatch), 401);
    assert_eq!(scheme::STRIPE.http_status(&Error::TimestampTooOld), 400);
    for s in scheme::ALL {
        assert_eq!(
            s.http_status(&Error::InvalidPayload {
                reason: String::new()
            }),
            400
        );
        assert_eq!(s.http_status(&Error::BodyTooLarge { limit: 1 }), 413);
        assert_eq!(
            s.http_status(&Error::StoreUnavailable {
                reason: String::new()
            }),
            503
        );
        assert_eq!(s.http_status(&Error::InvalidSecret { reason: "" }), 500);
    }
}

#[test]
fn replay_keys_come_from_signed_data() {
    let webhook = printone_webhook([SECRET]);
    let headers = [("x-webhook-hmac-sha256", SIGNATURE)];
    let a = webhook.replay_keys(BODY, &headers).unwrap();
    // An unsigned header (an id a proxy added) changes nothing.
    let b = webhook
        .replay_keys(
            BODY,
            &[("x-webhook-hmac-sha256", SIGNATURE), ("x-request-id", "1")],
        )
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_slice().len(), 1);
}

#[test]
fn standard_replay_keys_survive_the_id_re_split() {
    // `{id}.{ts}.{body}` with id "evt.1795860000" and ts "1795860001" has the same MAC as id
    // "evt", ts "1795860000" and body "1795860001.{body}": the second is a replay of the first.
    let secret = "whsec_c2VjcmV0LWtleQ==";
    let webhook = Webhook::new(&scheme::STANDARD, [secret])
        .unwrap()
        .with_clock(hookproof::Clock::Fixed(1_795_860_000));
    let signed = webhook
        .sign(
            b"{}",
            &SignOptions::new()
                .timestamp(1_795_860_001)
                .msg_id("evt.1795860000"),
        )
        .unwrap();
    let resplit_body = b"1795860001.{}";
    let resplit = [
        ("webhook-id", "evt"),
        ("webhook-timestamp", "1795860000"),
        ("webhook-signature", signed[2].1.as_str()),
    ];
    assert_eq!(
        code(webhook.verify(resplit_body, &resplit)),
        "ok",
        "the MAC is the same"
    );
    let original = webhook.replay_keys(b"{}", &signed).unwrap();
    let replayed = webhook.replay_keys(resplit_body, &resplit).unwrap();
    assert!(
        original
            .as_slice()
            .iter()
            .any(|k| replayed.as_slice().contains(k)),
        "the re-split request shares a key with the original"
    );
    // A retry with the same id and a new timestamp shares the id key.
    let retry = webhook
        .sign(
            b"{}",
            &SignOptions::new()
                .timestamp(1_795_860_100)
                .msg_id("evt.1795860000"),
        )
        .unwrap();
    let retried = webhook.replay_keys(b"{}", &retry).unwrap();
    assert_eq!(original.as_slice()[0], retried.as_slice()[0]);
}

#[test]
fn an_empty_standard_webhook_id_is_missing() {
    // As the official libraries treat it; as a key it would make every such delivery the
    // duplicate of every other. (The matrix has the same rows with a signature valid for the
    // empty id, computed by Python's hmac, in every language.)
    let webhook = Webhook::new(&scheme::STANDARD, ["whsec_c2VjcmV0LWtleQ=="])
        .unwrap()
        .with_clock(hookproof::Clock::Fixed(1_795_860_000));
    for id in ["", " \t "] {
        let headers = [
            ("webhook-id", id),
            ("webhook-timestamp", "1795860000"),
            (
                "webhook-signature",
                "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            ),
        ];
        assert_eq!(
            code(webhook.verify(b"{}", &headers)),
            "missing_signature",
            "{id:?}"
        );
        assert_eq!(
            webhook.replay_keys(b"{}", &headers).unwrap_err().code(),
            "missing_signature",
            "{id:?}"
        );
    }
}

#[test]
fn codes_are_stable_and_messages_say_what_to_check() {
    assert_eq!(hookproof::ERROR_KINDS.len(), 15);
    let mismatch = Error::SignatureMismatch.to_string();
    assert!(
        mismatch.contains("raw bytes") && mismatch.contains("re-serialized"),
        "{mismatch}"
    );
    let missing = printone_webhook([SECRET])
        .verify(BODY, &[("a", "b")])
        .unwrap_err();
    assert!(
        missing.to_string().contains("x-webhook-hmac-sha256"),
        "{missing}"
    );
    let malformed = printone_webhook([SECRET])
        .verify(BODY, &[("x-webhook-hmac-sha256", "zz")])
        .unwrap_err();
    assert!(malformed.to_string().contains("base64"), "{malformed}");
}

#[test]
fn no_debug_or_error_output_contains_the_secret() {
    let secret = "s3cr3t-that-must-not-leak";
    let webhook = printone_webhook([secret, "second-s3cr3t-that-must-not-leak"]);
    let mut printed = vec![
        format!("{webhook:?}"),
        format!("{:?}", hookproof::Secret::from(secret)),
        format!("{:?}", webhook.scheme()),
    ];
    let headers = [(
        "x-webhook-hmac-sha256",
        hookproof::sign(b"x", secret).unwrap(),
    )];
    for body in [&b"x"[..], b"y", b"not json"] {
        if let Err(e) = webhook.construct_event::<printone::Event, _>(body, &headers) {
            printed.push(format!("{e} {e:?}"));
        }
    }
    for text in &printed {
        assert!(!text.contains("s3cr3t"), "leaked in {text:?}");
    }
    assert_eq!(printed[1], "Secret(***)");
}

#[test]
fn the_typed_event_refuses_json_that_the_bindings_would_read_differently() {
    // A field the typed event skips could carry a number beyond a double or an escaped lone
    // surrogate: Python and JavaScript would refuse it or read it otherwise, so every language
    // (the bindings' envelope included) refuses it alike.
    let sample = include_str!("../src/scheme/printone/samples/order_status_update.json");
    let webhook = printone_webhook([SECRET]);
    let good = format!(
        r#"{{"data":{sample},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}}"#
    );
    let headers = webhook.sign(good.as_bytes(), &SignOptions::new()).unwrap();
    let typed: Result<hookproof::scheme::printone::Event, _> =
        webhook.construct_event(good.as_bytes(), &headers);
    assert!(typed.is_ok(), "{typed:?}");
    for extra in [
        r#""unknown":1e400"#,
        r#""unknown":"\ud800""#,
        r#""\udc00":1"#,
    ] {
        let body = good.replacen(r#"{"data":{"#, &format!(r#"{{"data":{{{extra},"#), 1);
        let headers = webhook.sign(body.as_bytes(), &SignOptions::new()).unwrap();
        let typed: Result<hookproof::scheme::printone::Event, _> =
            webhook.construct_event(body.as_bytes(), &headers);
        assert_eq!(typed.unwrap_err().code(), "invalid_payload", "{extra}");
        let generic =
            hookproof::support::construct_summary(&webhook, body.as_bytes(), &headers, None);
        assert_eq!(generic.unwrap_err().code(), "invalid_payload", "{extra}");
    }
}
