//! The bad-input matrix (`tests/matrix/bad_inputs.json`): every hostile or malformed input gets
//! its expected error, never a panic and never an accept. Python, Node and wasm run the same rows.

mod common;
use common::TestCalls;
use std::time::Duration;

use base64::Engine as _;
use hookproof::Webhook;
use serde_json::Value;

fn bytes(spec: &Value) -> Vec<u8> {
    match spec {
        Value::String(text) => text.as_bytes().to_vec(),
        Value::Object(o) if o.contains_key("base64") => base64::engine::general_purpose::STANDARD
            .decode(o["base64"].as_str().unwrap())
            .unwrap(),
        Value::Object(o) => o["repeat"]
            .as_str()
            .unwrap()
            .repeat(o["count"].as_u64().unwrap() as usize)
            .into_bytes(),
        other => panic!("not a value spec: {other}"),
    }
}

#[test]
fn every_row_gets_its_expected_outcome() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/matrix/bad_inputs.json"
    );
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let now = table["now"].as_i64().unwrap();
    let tolerance = Duration::from_secs(table["tolerance"].as_u64().unwrap());
    let rows = table["rows"].as_array().unwrap();
    assert!(rows.len() >= 40, "the matrix must keep at least 40 rows");
    let (mut checked, mut type_rows) = (0, 0);
    for row in rows {
        let name = row["name"].as_str().unwrap();
        let expect = row["expect"].as_str().unwrap();
        if row.get("wrong_type").is_some() {
            // Rust's types rule these out at compile time; the bindings check them at run time.
            type_rows += 1;
            continue;
        }
        let secret = bytes(&row["secret"]);
        let body = bytes(&row["body"]);
        let outcome = std::panic::catch_unwind(|| -> String {
            let scheme = match hookproof::support::scheme(Some(row["scheme"].as_str().unwrap())) {
                Ok(scheme) => scheme,
                Err(e) => return e.code().into(),
            };
            if row["call"] == "verify" {
                let signature = bytes(&row["signature"]);
                return match hookproof::verify(&body, &signature, &secret) {
                    Ok(true) => "valid".into(),
                    Ok(false) => "false".into(),
                    Err(e) => e.code().into(),
                };
            }
            let headers: Vec<(Vec<u8>, Vec<u8>)> = row["headers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| (bytes(&h[0]), bytes(&h[1])))
                .collect();
            let webhook = match Webhook::new(scheme, [secret.as_slice()]) {
                Err(e) => return e.code().into(),
                Ok(webhook) => webhook.with_tolerance(tolerance),
            };
            let outcome = if row["call"] == "construct" {
                // What every binding's construct_event runs first, and the full parse a Rust
                // caller gets: both refuse the row alike.
                let summary =
                    hookproof::support::construct_summary(&webhook, &body, &headers, Some(now));
                let parsed =
                    hookproof::support::construct_event(&webhook, &body, &headers, Some(now));
                assert_eq!(
                    summary.as_ref().err().map(|e| e.code()),
                    parsed.as_ref().err().map(|e| e.code()),
                    "{name}: the summary and the full parse disagree"
                );
                summary.map(drop)
            } else {
                webhook.verify_at(&body, &headers, now)
            };
            match outcome {
                Ok(()) => "valid".into(),
                Err(e) => e.code().into(),
            }
        });
        let outcome = outcome.unwrap_or_else(|_| panic!("{name}: panicked"));
        assert_ne!(outcome, "valid", "{name}: a hostile input was accepted");
        assert_eq!(outcome, expect, "{name}");
        checked += 1;
    }
    assert!(
        checked >= 40 && type_rows > 0,
        "{checked} rows checked, {type_rows} type rows"
    );
}
