//! Behaviour of the public API: header shapes, rotation, errors, events, secret hygiene.

use std::collections::{BTreeMap, HashMap};

use hookproof::{Error, EventType, Webhook};

const SECRET: &str = "whk_3f9a1c7e5b2d4a6f";
const BODY: &[u8] = br#"{"data":{"id":"ord_1","status":"order_status_sent"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#;
// HMAC-SHA256(SECRET, BODY) in base64, from Python's hmac module.
const SIGNATURE: &str = "aviGg1qvAXo3iSBkewZOQy/qF9uXMg8lAJeOXO4lG48=";

fn code(result: Result<(), Error>) -> &'static str {
    result.err().map_or("ok", |e| e.code())
}

#[test]
fn the_fixture_matches_an_independent_hmac() {
    assert!(hookproof::verify(BODY, SIGNATURE, SECRET));
}

#[test]
fn every_header_shape_and_case_is_read() {
    let webhook = Webhook::new(SECRET).unwrap();
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
    let webhook = Webhook::new(SECRET).unwrap();
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
    let webhook = Webhook::new(SECRET).unwrap();
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
    let webhook = Webhook::new(SECRET).unwrap();
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
    let webhook = Webhook::new(SECRET).unwrap();
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
    let webhook = Webhook::with_secrets(["new-secret", SECRET]).unwrap();
    assert_eq!(
        code(webhook.verify(BODY, &[("x-webhook-hmac-sha256", SIGNATURE)])),
        "ok"
    );
    let signed = webhook.sign(BODY);
    assert_eq!(signed[0].1, hookproof::sign(BODY, "new-secret").unwrap());
    let only_new = Webhook::new("new-secret").unwrap();
    assert_eq!(
        code(only_new.verify(BODY, &[("x-webhook-hmac-sha256", SIGNATURE)])),
        "signature_mismatch"
    );
}

#[test]
fn unusable_secrets_are_configuration_errors() {
    assert_eq!(Webhook::new("").unwrap_err().code(), "invalid_secret");
    assert_eq!(
        Webhook::with_secrets(["ok", ""]).unwrap_err().code(),
        "invalid_secret"
    );
    assert_eq!(
        Webhook::with_secrets(Vec::<String>::new())
            .unwrap_err()
            .code(),
        "invalid_secret"
    );
    assert_eq!(
        hookproof::sign(BODY, "").unwrap_err().code(),
        "invalid_secret"
    );
    assert!(!hookproof::verify(BODY, SIGNATURE, ""));
    assert!(hookproof::try_verify(BODY, SIGNATURE, "")
        .unwrap_err()
        .is_configuration());
    assert_eq!(hookproof::try_verify(BODY, "junk", SECRET), Ok(false));
}

#[test]
fn construct_event_types_the_four_events_and_keeps_unknown_names() {
    let webhook = Webhook::new(SECRET).unwrap();
    for (name, expected) in [
        ("order_status_update", EventType::OrderStatusUpdate),
        (
            "template_preview_rendered",
            EventType::TemplatePreviewRendered,
        ),
        ("batch_status_update", EventType::BatchStatusUpdate),
        ("coupon_code_used", EventType::CouponCodeUsed),
        (
            "letter_delivered",
            EventType::Other("letter_delivered".into()),
        ),
    ] {
        let body = format!(
            r#"{{"data":{{"id":"x"}},"event":"{name}","created_at":"2026-11-28T10:00:01.250Z"}}"#
        );
        let event = webhook
            .construct_event(body.as_bytes(), &webhook.sign(body.as_bytes()))
            .unwrap();
        assert_eq!(event.event, expected);
        assert_eq!(event.event.as_str(), name);
        assert_eq!(event.data["id"], "x");
        assert_eq!(event.created_at, "2026-11-28T10:00:01.250Z");
        // Python: datetime.fromisoformat("2026-11-28T10:00:01.250+00:00").timestamp() * 1000
        assert_eq!(event.created_at_unix_millis(), 1_795_860_001_250);
    }
}

#[test]
fn construct_event_verifies_before_it_parses() {
    let webhook = Webhook::new(SECRET).unwrap();
    let not_json = b"not json";
    let err = webhook
        .construct_event(not_json, &[("x-webhook-hmac-sha256", SIGNATURE)])
        .unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
    for bad in [
        &b"not json"[..],
        br#"{"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#,
        br#"{"data":{},"event":42,"created_at":"2026-11-28T10:00:01.250Z"}"#,
        br#"{"data":{},"event":"coupon_code_used","created_at":"yesterday"}"#,
        br#"[1,2,3]"#,
        // Invalid UTF-8 in a field the event does not keep (found by the construct_event fuzzer).
        b"{\"data\":{},\"event\":\"x\",\"other\":\"\xe3_\",\"created_at\":\"2026-11-28T10:00:01.250Z\"}",
    ] {
        let err = webhook
            .construct_event(bad, &webhook.sign(bad))
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
fn codes_are_stable_and_messages_say_what_to_check() {
    assert_eq!(Error::CODES.len(), 8);
    let mismatch = Error::SignatureMismatch.to_string();
    assert!(
        mismatch.contains("raw bytes") && mismatch.contains("re-serialized"),
        "{mismatch}"
    );
    let missing = Webhook::new(SECRET)
        .unwrap()
        .verify(BODY, &[("a", "b")])
        .unwrap_err();
    assert!(
        missing.to_string().contains("x-webhook-hmac-sha256"),
        "{missing}"
    );
    let malformed = Webhook::new(SECRET)
        .unwrap()
        .verify(BODY, &[("x-webhook-hmac-sha256", "zz")])
        .unwrap_err();
    assert!(malformed.to_string().contains("base64"), "{malformed}");
}

#[test]
fn no_debug_or_error_output_contains_the_secret() {
    let secret = "s3cr3t-that-must-not-leak";
    let webhook = Webhook::with_secrets([secret, "second-s3cr3t-that-must-not-leak"]).unwrap();
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
        if let Err(e) = webhook.construct_event(body, &headers) {
            printed.push(format!("{e} {e:?}"));
        }
    }
    for text in &printed {
        assert!(!text.contains("s3cr3t"), "leaked in {text:?}");
    }
    assert_eq!(printed[1], "Secret(***)");
}
