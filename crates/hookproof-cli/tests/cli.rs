//! The `hookproof` binary: exit codes, `--explain` diagnoses, and one-line errors on bad input.
//! Signatures below come from Python's `hmac`/`base64`, not from hookproof.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const SECRET: &str = "whk_cli_test";
const BODY: &str = r#"{"data":{"id":"ord_1","status":"order_status_sent"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}"#;
const SIG: &str = "N6QMVrJls4bfabzokq0JHT1b6XUO2jRjdctM7lHG08A=";
const HEX: &str = "37a40c56b265b386df69bce892ad091d3d5be9750eda346375cb4cee51c6d3c0";
const SIG_WITH_NEWLINE: &str = "UZvYDPzPHuGYtOILGAkO2b0DZ53Jw5IPm523oLTkBLM=";

fn hookproof(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hookproof"))
        .args(args)
        .env_remove("HOOKPROOF_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn verify_explain(body: &str, signature: &str, secret: &str) -> (i32, String) {
    let out = hookproof(
        &[
            "verify",
            "--secret",
            secret,
            "--signature",
            signature,
            "--explain",
        ],
        body.as_bytes(),
    );
    (out.status.code().unwrap(), text(&out))
}

#[test]
fn sign_prints_the_headers_print_one_sends() {
    let out = hookproof(&["sign", "--secret", SECRET], BODY.as_bytes());
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("content-type: application/json\nuser-agent: Print.one Webhook Service\nx-webhook-hmac-sha256: {SIG}\n")
    );
    let out = hookproof(
        &["sign", "--secret", SECRET, "--header-only"],
        BODY.as_bytes(),
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("x-webhook-hmac-sha256: {SIG}\n")
    );
    let out = hookproof(
        &["sign", "--secret", SECRET, "--value-only"],
        BODY.as_bytes(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{SIG}\n"));
}

#[test]
fn verify_exits_0_valid_1_invalid_2_usage() {
    assert_eq!(
        hookproof(
            &["verify", "--secret", SECRET, "--signature", SIG],
            BODY.as_bytes()
        )
        .status
        .code(),
        Some(0)
    );
    let out = hookproof(
        &["verify", "--secret", "other", "--signature", SIG],
        BODY.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("signature_mismatch"), "{}", text(&out));
    assert_eq!(
        hookproof(
            &["verify", "--secret", SECRET, "--signature", "zz"],
            BODY.as_bytes()
        )
        .status
        .code(),
        Some(1)
    );
    assert_eq!(
        hookproof(&["verify", "--secret", SECRET], BODY.as_bytes())
            .status
            .code(),
        Some(2)
    );
    let empty = hookproof(
        &["verify", "--secret", "", "--signature", SIG],
        BODY.as_bytes(),
    );
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        text(&empty).contains("invalid_secret") && text(&empty).lines().count() == 1,
        "{}",
        text(&empty)
    );
}

fn assert_diagnosed(body: &str, signature: &str, secret: &str, cause: &str) {
    let (code, output) = verify_explain(body, signature, secret);
    assert_eq!(code, 1, "a diagnosis never accepts: {output}");
    assert!(output.starts_with("invalid"), "{output}");
    assert!(
        output.contains(&format!("[{cause}]")),
        "expected {cause}: {output}"
    );
}

#[test]
fn explain_diagnoses_a_hex_signature() {
    assert_diagnosed(BODY, HEX, SECRET, "hex_signature");
}

#[test]
fn explain_diagnoses_unpadded_base64() {
    assert_diagnosed(
        BODY,
        SIG.trim_end_matches('='),
        SECRET,
        "non_canonical_base64",
    );
}

#[test]
fn explain_diagnoses_an_extra_trailing_newline() {
    assert_diagnosed(&format!("{BODY}\n"), SIG, SECRET, "extra_trailing_newline");
}

#[test]
fn explain_diagnoses_a_missing_trailing_newline() {
    assert_diagnosed(BODY, SIG_WITH_NEWLINE, SECRET, "missing_trailing_newline");
}

#[test]
fn explain_diagnoses_a_pretty_printed_body() {
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(BODY).unwrap())
            .unwrap();
    assert_diagnosed(&pretty, SIG, SECRET, "reserialized_body");
}

#[test]
fn explain_diagnoses_reordered_keys() {
    let reordered = r#"{"created_at":"2026-11-28T10:00:01.250Z","data":{"id":"ord_1","status":"order_status_sent"},"event":"order_status_update"}"#;
    assert_diagnosed(reordered, SIG, SECRET, "reserialized_body");
}

#[test]
fn explain_diagnoses_whitespace_and_quotes_around_the_secret() {
    assert_diagnosed(BODY, SIG, &format!("{SECRET}\n"), "secret_whitespace");
    assert_diagnosed(BODY, SIG, &format!("\"{SECRET}\""), "secret_quotes");
    assert_diagnosed(BODY, SIG, &format!("'{SECRET}'"), "secret_quotes");
}

#[test]
fn explain_diagnoses_a_pasted_header_line_and_the_legacy_name() {
    assert_diagnosed(
        BODY,
        &format!("x-webhook-hmac-sha256: {SIG}"),
        SECRET,
        "header_name_included",
    );
    assert_diagnosed(
        BODY,
        &format!("X-Printone-Hmac-Sha256: {SIG}"),
        SECRET,
        "legacy_header_name",
    );
}

#[test]
fn explain_diagnoses_a_whsec_secret_used_raw() {
    // Python: base64 of HMAC-SHA256(key=b"\x01\x02\x03secret-key-bytes", BODY).
    assert_diagnosed(
        BODY,
        "zA1MEXTcp1YMVQ0L9ZZuZa7oOYGsYvprDJ6M/vDN9uM=",
        "whsec_AQIDc2VjcmV0LWtleS1ieXRlcw==",
        "encoded_secret_used_raw",
    );
}

#[test]
fn explain_says_when_no_known_cause_fits() {
    assert_diagnosed(BODY, SIG, "a-different-secret", "no_known_cause");
}

#[test]
fn bad_input_is_one_line_and_exit_2_never_a_panic() {
    let missing = std::env::temp_dir().join("hookproof-no-such-file.json");
    let missing = missing.to_str().unwrap();
    let not_json =
        std::env::temp_dir().join(format!("hookproof-not-json-{}.json", std::process::id()));
    std::fs::write(&not_json, "{not json").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["send", "--secret", "s", "--event", "all"],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
            "--event",
            "order_status_update",
            "--data",
            missing,
        ],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
            "--event",
            "order_status_update",
            "--data",
            not_json.to_str().unwrap(),
        ],
        vec![
            "send",
            "--url",
            "not a url",
            "--secret",
            "s",
            "--event",
            "all",
        ],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
            "--event",
            "custom_event",
        ],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
            "--event",
            "all",
            "--tamper-rate",
            "2",
        ],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "",
            "--event",
            "all",
        ],
        vec!["send", "--config", missing, "--event", "all"],
        vec!["sign", "--secret", "s", "--file", missing],
        vec!["listen", "--port", "0"],
        vec!["frobnicate"],
    ];
    for args in cases {
        let out = hookproof(&args, b"");
        let output = text(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {output}");
        assert!(
            !output.contains("panicked") && !output.contains("RUST_BACKTRACE"),
            "{args:?}: {output}"
        );
        let first = output.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("hookproof: ") || first.starts_with("error: "),
            "{args:?}: {output}"
        );
    }
    std::fs::remove_file(not_json).unwrap();
}

#[test]
fn unreachable_url_fails_the_delivery_with_a_reason_and_exit_1() {
    let out = hookproof(
        &[
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--secret",
            "s",
            "--event",
            "order_status_update",
            "--timeout",
            "2",
        ],
        b"",
    );
    let output = text(&out);
    assert_eq!(out.status.code(), Some(1), "{output}");
    assert!(
        output.contains("1 failed") && output.contains("cannot connect"),
        "{output}"
    );
}

#[test]
fn port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = hookproof(&["listen", "--port", &port, "--secret", "s"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out).trim(),
        format!("hookproof: port {port} is already in use on 127.0.0.1: pick another with --port")
    );
}

#[test]
fn sign_and_verify_work_for_every_scheme_with_timestamps_checked() {
    for scheme in [
        "printone", "standard", "stripe", "github", "shopify", "slack",
    ] {
        let secret = if scheme == "standard" {
            "whsec_c2VjcmV0LWtleQ=="
        } else {
            SECRET
        };
        let signed = hookproof(
            &[
                "sign",
                "--scheme",
                scheme,
                "--secret",
                secret,
                "--header-only",
                "--timestamp",
                "1000000",
                "--msg-id",
                "msg_1",
            ],
            BODY.as_bytes(),
        );
        assert!(signed.status.success(), "{scheme}: {}", text(&signed));
        let lines: Vec<String> = String::from_utf8(signed.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        let mut args = vec![
            "verify", "--scheme", scheme, "--secret", secret, "--now", "1000000",
        ];
        for line in &lines {
            args.extend(["--header", line.as_str()]);
        }
        let out = hookproof(&args, BODY.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{scheme}: {}", text(&out));
        args[6] = "2000000";
        let late = hookproof(&args, BODY.as_bytes());
        if ["standard", "stripe", "slack"].contains(&scheme) {
            assert_eq!(late.status.code(), Some(1), "{scheme}");
            assert!(
                text(&late).contains("timestamp_too_old"),
                "{scheme}: {}",
                text(&late)
            );
        } else {
            assert_eq!(late.status.code(), Some(0), "{scheme} has no timestamp");
        }
    }
}

#[test]
fn github_signature_matches_githubs_documented_example() {
    let out = hookproof(
        &[
            "sign",
            "--scheme",
            "github",
            "--secret",
            "It's a Secret to Everybody",
            "--value-only",
        ],
        b"Hello, World!",
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n"
    );
}

#[test]
fn an_unknown_scheme_is_a_usage_error() {
    let out = hookproof(
        &["sign", "--scheme", "paypal", "--secret", "s"],
        BODY.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).starts_with("hookproof: `scheme` cannot be used: unknown scheme")
            && text(&out).contains("printone, standard")
            && !text(&out).contains("paypal"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_secret_file_wins_over_hookproof_secret_and_is_never_echoed() {
    let dir = std::env::temp_dir().join(format!("hookproof-cli-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret.txt");
    std::fs::write(&file, "whk_from_the_file\n").unwrap();
    let run = |args: &[&str], env: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hookproof"));
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match env {
            Some(value) => command.env("HOOKPROOF_SECRET", value),
            None => command.env_remove("HOOKPROOF_SECRET"),
        };
        let mut child = command.spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"body").unwrap();
        child.wait_with_output().unwrap()
    };
    let expected = hookproof::sign(b"body", "whk_from_the_file").unwrap();
    let path = file.to_str().unwrap();
    let out = run(
        &["sign", "--secret-file", path, "--value-only"],
        Some("whk_from_the_environment"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), expected);
    let verified = run(
        &["verify", "--secret-file", path, "--signature", &expected],
        Some("whk_from_the_environment"),
    );
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    // An empty file is an error that names the file, not its content.
    std::fs::write(&file, "\n\n").unwrap();
    let empty = run(&["sign", "--secret-file", path], None);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("holds no secret"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn out_of_range_timeouts_and_public_keys_are_one_line_errors_not_panics() {
    for timeout in ["1e20", "inf", "NaN", "0", "-1"] {
        let flag = format!("--timeout={timeout}"); // (`=`: clap would take "-1" for a flag)
        let out = hookproof(
            &[
                "send",
                "--url",
                "http://127.0.0.1:9/",
                "--secret",
                "s",
                "--event",
                "order_status_update",
                &flag,
            ],
            b"",
        );
        let output = text(&out);
        assert_eq!(out.status.code(), Some(2), "--timeout {timeout}: {output}");
        assert!(
            output.contains("--timeout must be"),
            "--timeout {timeout}: {output}"
        );
        assert!(
            !output.contains("panicked"),
            "--timeout {timeout}: {output}"
        );
    }
    // A Standard Webhooks public key verifies but cannot sign: an error, not a panic.
    let public = "whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    for command in [
        vec!["sign", "--scheme", "standard", "--secret", public],
        vec![
            "send",
            "--url",
            "http://127.0.0.1:9/",
            "--scheme",
            "standard",
            "--secret",
            public,
            "--event",
            "order_status_update",
        ],
    ] {
        let out = hookproof(&command, b"{}");
        let output = text(&out);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {output}");
        assert!(!output.contains("panicked"), "{command:?}: {output}");
        assert!(output.trim().lines().count() == 1, "one line: {output}");
    }
}
