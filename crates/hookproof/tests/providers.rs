//! Every scheme against `tests/vectors/providers.json`, whose signatures come from the providers'
//! own libraries (standardwebhooks, stripe, slack-sdk), GitHub's documented example, Python's
//! `hmac` and `cryptography`'s Ed25519, never from hookproof.

mod common;
use common::TestCalls;
use std::time::Duration;

use base64::Engine as _;
use hookproof::{scheme, Webhook};
use serde_json::Value;

struct Vector {
    scheme: String,
    name: String,
    secret: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    now: i64,
    tolerance: u64,
    error: Option<String>,
}

fn load() -> Vec<Vector> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/providers.json"
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| Vector {
            scheme: v["scheme"].as_str().unwrap().into(),
            name: v["name"].as_str().unwrap().into(),
            secret: v["secret"].as_str().unwrap().into(),
            body: base64::engine::general_purpose::STANDARD
                .decode(v["body_base64"].as_str().unwrap())
                .unwrap(),
            headers: v["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into()))
                .collect(),
            now: v["now"].as_i64().unwrap(),
            tolerance: v["tolerance"].as_u64().unwrap(),
            error: v["error"].as_str().map(Into::into),
        })
        .collect()
}

fn webhook(v: &Vector) -> Webhook {
    Webhook::new(scheme::by_name(&v.scheme).unwrap(), [v.secret.as_str()])
        .unwrap()
        .with_tolerance(Duration::from_secs(v.tolerance))
}

#[test]
fn every_provider_vector_gets_its_verdict() {
    let vectors = load();
    for scheme in ["standard", "stripe", "github", "shopify", "slack"] {
        assert!(
            vectors.iter().filter(|v| v.scheme == scheme).count() >= 3,
            "too few {scheme} vectors"
        );
    }
    for v in &vectors {
        let result = webhook(v).verify_at(&v.body, &v.headers, v.now);
        assert_eq!(
            result.err().map(|e| e.code().to_string()),
            v.error,
            "{}/{}",
            v.scheme,
            v.name
        );
    }
}

#[test]
fn signing_reproduces_the_oracles_signatures() {
    for v in load().into_iter().filter(|v| v.error.is_none()) {
        let header = |name: &str| {
            v.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.clone())
        };
        let timestamp = [
            "webhook-timestamp",
            "svix-timestamp",
            "x-slack-request-timestamp",
        ]
        .into_iter()
        .find_map(&header)
        .or_else(|| {
            header("stripe-signature").and_then(|s| {
                s.strip_prefix("t=")
                    .map(|t| t.split(',').next().unwrap().to_string())
            })
        })
        .map(|t| t.parse().unwrap());
        let msg_id = header("webhook-id").or_else(|| header("svix-id"));
        let signer = webhook(&v);
        let signed = match signer.sign(&v.body, &common::sign_options(timestamp, msg_id)) {
            Ok(signed) => signed,
            Err(err) => {
                assert!(v.secret.starts_with("whpk_"), "{}: {err}", v.name); // public keys cannot sign
                continue;
            }
        };
        // Our signature verifies under our verifier...
        signer
            .verify_at(&v.body, &signed, v.now)
            .unwrap_or_else(|e| panic!("{}/{}: {e}", v.scheme, v.name));
        // ...and is exactly one of the signatures the oracle produced.
        let (name, ours) = signed.last().unwrap();
        let theirs = header(name)
            .or_else(|| header(&name.replace("webhook-", "svix-")))
            .unwrap();
        let entry = |s: &str| {
            s.split([' ', ','])
                .map(str::to_ascii_lowercase)
                .collect::<Vec<_>>()
        };
        let ours_last = entry(ours).last().unwrap().clone();
        assert!(
            entry(&theirs).contains(&ours_last),
            "{}/{}: {ours} not in {theirs}",
            v.scheme,
            v.name
        );
    }
}

#[test]
fn timestamps_and_ids_are_signed_and_checked_per_scheme() {
    for name in ["standard", "stripe", "slack"] {
        let secret = if name == "standard" {
            "whsec_c2VjcmV0LWtleQ=="
        } else {
            "secret"
        };
        let webhook = Webhook::new(scheme::by_name(name).unwrap(), [secret]).unwrap();
        let options = common::sign_options(Some(1_000_000), Some("msg_1".into()));
        let headers = webhook.sign(b"{}", &options).unwrap();
        assert_eq!(
            webhook.verify_at(b"{}", &headers, 1_000_300),
            Ok(()),
            "{name}"
        );
        assert_eq!(
            webhook
                .verify_at(b"{}", &headers, 1_000_301)
                .unwrap_err()
                .code(),
            "timestamp_too_old",
            "{name}"
        );
        assert_eq!(
            webhook
                .verify_at(b"{}", &headers, 999_699)
                .unwrap_err()
                .code(),
            "timestamp_too_new",
            "{name}"
        );
        let strict = webhook.clone().with_tolerance(Duration::from_secs(10));
        assert_eq!(
            strict
                .verify_at(b"{}", &headers, 1_000_011)
                .unwrap_err()
                .code(),
            "timestamp_too_old",
            "{name}"
        );
    }
}

#[test]
fn rotation_works_for_every_hmac_scheme() {
    for scheme in scheme::ALL {
        let secret = |s: &str| {
            if scheme.name() == "standard" {
                format!(
                    "whsec_{}",
                    base64::engine::general_purpose::STANDARD.encode(s)
                )
            } else {
                s.to_string()
            }
        };
        let old = Webhook::new(scheme, [secret("old")]).unwrap();
        let both = Webhook::new(scheme, [secret("new"), secret("old")]).unwrap();
        let options = common::sign_options(Some(1_000_000), None);
        let headers = old.sign(b"body", &options).unwrap();
        assert_eq!(
            both.verify_at(b"body", &headers, 1_000_000),
            Ok(()),
            "{}",
            scheme.name()
        );
        let only_new = Webhook::new(scheme, [secret("new")]).unwrap();
        assert_eq!(
            only_new
                .verify_at(b"body", &headers, 1_000_000)
                .unwrap_err()
                .code(),
            "signature_mismatch",
            "{}",
            scheme.name()
        );
    }
}

#[test]
fn standard_secrets_must_decode() {
    let standard = scheme::by_name("standard").unwrap();
    for bad in ["whsec_not base64!", "whpk_AAAA", "whsk_AAAA", "", "whsec_"] {
        assert_eq!(
            Webhook::new(standard, [bad]).unwrap_err().code(),
            "invalid_secret",
            "{bad:?}"
        );
    }
    assert_eq!(
        scheme::ALL.iter().map(|s| s.name()).collect::<Vec<_>>(),
        ["printone", "standard", "stripe", "github", "shopify", "slack"]
    );
}

#[test]
fn signing_refuses_what_no_verifier_would_accept() {
    for name in ["standard", "stripe", "slack"] {
        let secret = if name == "standard" {
            "whsec_c2VjcmV0LWtleQ=="
        } else {
            "secret"
        };
        let webhook = Webhook::new(scheme::by_name(name).unwrap(), [secret]).unwrap();
        let negative = common::sign_options(Some(-1), None);
        assert_eq!(
            webhook.sign(b"{}", &negative).unwrap_err().code(),
            "invalid_argument",
            "{name}"
        );
    }
    let standard = Webhook::new(&scheme::STANDARD, ["whsec_c2VjcmV0LWtleQ=="]).unwrap();
    for id in [String::new(), "m".repeat(257), "msg\n1".into()] {
        let options = common::sign_options(Some(1), Some(id));
        assert_eq!(
            standard.sign(b"{}", &options).unwrap_err().code(),
            "invalid_argument"
        );
    }
    let longest = common::sign_options(Some(1), Some("m".repeat(256)));
    let headers = standard.sign(b"{}", &longest).unwrap();
    assert_eq!(standard.verify_at(b"{}", &headers, 1), Ok(()));
}

#[test]
fn a_request_without_any_signature_header_is_missing_signature_in_every_scheme() {
    for scheme in scheme::ALL {
        let secret = if scheme.name() == "standard" {
            "whsec_c2VjcmV0LWtleQ=="
        } else {
            "secret"
        };
        let webhook = Webhook::new(scheme, [secret]).unwrap();
        let none: [(&str, &str); 1] = [("content-type", "application/json")];
        assert_eq!(
            webhook.verify_at(b"{}", &none, 0).unwrap_err().code(),
            "missing_signature",
            "{}",
            scheme.name()
        );
    }
}
