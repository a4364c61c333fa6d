//! The Lambda decoder on tests/vectors/lambda.json: Print.one deliveries in each documented AWS
//! event shape, signed by Python's hmac. Decoding must give back the signed bytes, and verifying
//! them the expected verdict.

use base64::Engine as _;
use hookproof::lambda::HttpEvent;
use hookproof::{scheme, Webhook};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/vectors/lambda.json"
    ))
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

#[test]
fn every_shape_decodes_to_the_signed_bytes_and_verdict() {
    let cases = cases();
    assert!(cases.len() >= 40);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let event = serde_json::to_vec(&case["event"]).unwrap();
        let request =
            HttpEvent::from_json(&event, 1 << 20).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            request.source.name(),
            case["source"].as_str().unwrap(),
            "{name}"
        );
        let signed = base64::engine::general_purpose::STANDARD
            .decode(case["body_base64"].as_str().unwrap())
            .unwrap();
        assert_eq!(request.body, signed, "{name}: the decoded body");
        assert_eq!(
            request.is_health_check(),
            case["health_check"].as_bool().unwrap_or(false),
            "{name}"
        );
        let webhook = Webhook::new(&scheme::PRINTONE, [case["secret"].as_str().unwrap()]).unwrap();
        let verdict = webhook
            .verify(&request.body, &request.headers)
            .map_err(|e| e.code().to_string());
        match case["error"].as_str() {
            None => assert_eq!(verdict, Ok(()), "{name}"),
            Some(code) => assert_eq!(verdict, Err(code.to_string()), "{name}"),
        }
        let answer: Value =
            serde_json::from_str(&request.response(401, "{\"code\":\"x\"}")).unwrap();
        assert_eq!(answer["statusCode"], 401, "{name}");
        let multi = case["source"] == "alb_multi_value";
        assert_eq!(
            answer.get("multiValueHeaders").is_some(),
            multi,
            "{name}: the answer's header shape"
        );
    }
}

#[test]
fn a_body_over_the_limit_is_refused_in_every_shape() {
    for case in cases()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().ends_with("/binary_base64"))
    {
        let event = serde_json::to_vec(&case["event"]).unwrap();
        let err = HttpEvent::from_json(&event, 100).unwrap_err();
        assert_eq!(err.code(), "body_too_large", "{}", case["name"]);
    }
}
