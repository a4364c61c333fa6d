//! The sender and the local receiver over real HTTP on 127.0.0.1.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hookproof::scheme::{printone, PRINTONE};
use hookproof_cli::config::ConfigFile;
use hookproof_cli::listen::{self, ListenOptions};
use hookproof_cli::{payload, Outcome, Sender, SenderOptions, Summary, Target, WebhookConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A raw HTTP server that records each request (head and body) and answers `status`.
async fn capture_server(status: u16) -> (String, Arc<Mutex<Vec<(String, Vec<u8>)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 8192];
                loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
                        continue;
                    };
                    let head = String::from_utf8_lossy(&buffer[..end]).to_string();
                    let length: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if buffer.len() < end + 4 + length {
                        continue;
                    }
                    let body = buffer[end + 4..end + 4 + length].to_vec();
                    buffer.drain(..end + 4 + length);
                    record.lock().unwrap().push((head, body));
                    let response = format!("HTTP/1.1 {status} X\r\ncontent-length: 2\r\ncontent-type: text/plain\r\n\r\nok");
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, seen)
}

fn webhook(url: &str, secret: &str, events: &[&str], active: bool) -> WebhookConfig {
    WebhookConfig {
        url: url.to_string(),
        secret: secret.to_string(),
        events: events.iter().map(|e| e.to_string()).collect(),
        active,
        headers: vec![("X-Tenant".into(), "acme".into())],
        scheme: "printone".into(),
        filters: vec![],
    }
}

fn sample(event: &str) -> serde_json::Value {
    payload::sample_data(&PRINTONE, event).unwrap()
}

fn event_body(event: &str) -> Vec<u8> {
    payload::event_body(
        &PRINTONE,
        event,
        &sample(event),
        std::time::SystemTime::now(),
    )
}

fn sender(timeout: Duration) -> Sender {
    Sender::new(SenderOptions {
        timeout,
        concurrency: 4,
        ..SenderOptions::default()
    })
    .unwrap()
}

#[tokio::test]
async fn deliveries_carry_print_one_headers_a_valid_signature_and_custom_headers() {
    let (url, seen) = capture_server(200).await;
    let target = Target::new(webhook(&url, "whk_s", &["order_status_update"], true)).unwrap();
    let data = sample("order_status_update");
    let deliveries = sender(Duration::from_secs(5))
        .send_event(&[target], "order_status_update", &data)
        .await
        .unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(
        (deliveries[0].outcome, deliveries[0].status),
        (Outcome::Delivered, Some(200))
    );
    let (head, body) = seen.lock().unwrap()[0].clone();
    assert!(head.starts_with("POST /hook HTTP/1.1"), "{head}");
    let header = |name: &str| {
        head.lines().find_map(|line| {
            line.split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
        })
    };
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(
        header("user-agent").as_deref(),
        Some("Print.one Webhook Service")
    );
    assert_eq!(header("x-tenant").as_deref(), Some("acme"));
    assert_eq!(
        hookproof::verify(&body, header("x-webhook-hmac-sha256").unwrap(), "whk_s"),
        Ok(true)
    );
    // The event header, under both of the names Print.one's documentation uses.
    assert_eq!(
        header("x-webhook-event").as_deref(),
        Some("order_status_update")
    );
    assert_eq!(
        header("x-printone-event").as_deref(),
        Some("order_status_update")
    );
    let event = printone::Event::from_json(&body).unwrap();
    assert_eq!(event.event.as_str(), "order_status_update");
    let Ok(hookproof::support::Constructed::Envelope(envelope)) =
        hookproof::support::parse_event(&PRINTONE, &body)
    else {
        panic!("not an envelope")
    };
    assert_eq!(envelope.data, data, "the data as sent, in order");
    assert!(
        event.created_at.ends_with('Z') && event.created_at.len() == 24,
        "{}",
        event.created_at
    );
}

#[tokio::test]
async fn only_active_subscribed_webhooks_receive_an_event() {
    let (active_url, active_seen) = capture_server(204).await;
    let (inactive_url, inactive_seen) = capture_server(204).await;
    let (other_url, other_seen) = capture_server(204).await;
    let targets = vec![
        Target::new(webhook(
            &active_url,
            "a",
            &["batch_status_update", "coupon_code_used"],
            true,
        ))
        .unwrap(),
        Target::new(webhook(&inactive_url, "b", &["batch_status_update"], false)).unwrap(),
        Target::new(webhook(&other_url, "c", &["order_status_update"], true)).unwrap(),
    ];
    let data = sample("batch_status_update");
    let deliveries = sender(Duration::from_secs(5))
        .send_event(&targets, "batch_status_update", &data)
        .await
        .unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].url, active_url);
    assert_eq!(active_seen.lock().unwrap().len(), 1);
    assert_eq!(
        inactive_seen.lock().unwrap().len(),
        0,
        "an inactive webhook received a delivery"
    );
    assert_eq!(
        other_seen.lock().unwrap().len(),
        0,
        "an unsubscribed webhook received a delivery"
    );
}

#[tokio::test]
async fn a_receiver_that_never_answers_fails_after_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let held = Arc::new(Mutex::new(Vec::new()));
    let hold = Arc::clone(&held);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            hold.lock().unwrap().push(stream); // accept, read nothing, answer nothing
        }
    });
    let target = Target::new(webhook(&url, "s", &["coupon_code_used"], true)).unwrap();
    let data = sample("coupon_code_used");
    let started = std::time::Instant::now();
    let deliveries = sender(Duration::from_millis(300))
        .send_event(&[target], "coupon_code_used", &data)
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(deliveries[0].outcome, Outcome::Failed);
    assert_eq!(deliveries[0].status, None);
    assert!(
        deliveries[0]
            .error
            .as_deref()
            .unwrap()
            .contains("no response within 0.3 s"),
        "{:?}",
        deliveries[0].error
    );
}

#[tokio::test]
async fn a_non_2xx_answer_is_a_rejected_delivery() {
    let (url, _) = capture_server(500).await;
    let target = Target::new(webhook(&url, "s", &["coupon_code_used"], true)).unwrap();
    let data = sample("coupon_code_used");
    let deliveries = sender(Duration::from_secs(5))
        .send_event(&[target], "coupon_code_used", &data)
        .await
        .unwrap();
    assert_eq!(
        (deliveries[0].outcome, deliveries[0].status),
        (Outcome::Rejected, Some(500))
    );
    assert_eq!(
        Summary::new(&deliveries, Duration::from_secs(1)).valid_rejected,
        1
    );
}

async fn start_listener(
    options: ListenOptions,
) -> (
    String,
    tokio::task::JoinHandle<listen::ListenSummary>,
    Arc<Mutex<Vec<String>>>,
) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let bound = listen::bind(
        ListenOptions { port: 0, ..options },
        Arc::new(move |line| sink.lock().unwrap().push(line)),
    )
    .await
    .unwrap();
    let url = format!("http://{}/events", bound.local_addr());
    (url, tokio::spawn(bound.run()), lines)
}

#[tokio::test]
async fn listen_verifies_every_event_type_tampered_and_binary_bodies() {
    let (url, server, lines) = start_listener(ListenOptions {
        secrets: vec!["old".into(), "whk_listen".into()],
        max_requests: Some(10),
        ..ListenOptions::default()
    })
    .await;
    let target = Target::new(webhook(&url, "whk_listen", &[], true)).unwrap();
    let mut jobs = Vec::new();
    for event in payload::sample_events(&PRINTONE) {
        let body = event_body(event);
        jobs.push(target.job(Some(event), body.clone(), false).unwrap());
        jobs.push(target.job(Some(event), body, true).unwrap());
    }
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    jobs.push(target.job(None, binary.clone(), false).unwrap());
    jobs.push(target.job(None, binary, true).unwrap());
    let deliveries = sender(Duration::from_secs(5))
        .deliver_all(jobs, |_| {})
        .await;
    for delivery in &deliveries {
        let expected = if delivery.tampered {
            Some(401)
        } else {
            Some(204)
        };
        assert_eq!(delivery.status, expected, "{delivery:?}");
    }
    let summary = tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (summary.requests, summary.verified, summary.rejected),
        (10, 5, 5)
    );
    let lines = lines.lock().unwrap();
    assert_eq!(lines.len(), 10);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("batch_status_update") && l.contains("verified -> 204")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("rejected signature_mismatch")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("  -  70000 B  verified")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn listen_forwards_verified_requests_unchanged_and_relays_the_answer() {
    let (app_url, app_seen) = capture_server(202).await;
    let (url, server, _) = start_listener(ListenOptions {
        secrets: vec!["whk_fwd".into()],
        forward: Some(app_url),
        max_requests: Some(2),
        ..ListenOptions::default()
    })
    .await;
    let target = Target::new(webhook(&url, "whk_fwd", &[], true)).unwrap();
    let body = event_body("coupon_code_used");
    let jobs = vec![
        target
            .job(Some("coupon_code_used"), body.clone(), false)
            .unwrap(),
        target
            .job(Some("coupon_code_used"), body.clone(), true)
            .unwrap(),
    ];
    let mut deliveries = sender(Duration::from_secs(5))
        .deliver_all(jobs, |_| {})
        .await;
    deliveries.sort_by_key(|d| d.tampered);
    assert_eq!(
        deliveries[0].status,
        Some(202),
        "the app's answer is relayed"
    );
    assert_eq!(
        deliveries[1].status,
        Some(401),
        "a tampered request never reaches the app"
    );
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .unwrap()
        .unwrap();
    let seen = app_seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].1, body, "the body reaches the app byte for byte");
    let head = seen[0].0.to_ascii_lowercase();
    assert!(
        head.contains("x-webhook-hmac-sha256: ") && head.contains("x-tenant: acme"),
        "{head}"
    );
}

#[tokio::test]
async fn listen_stops_by_itself_when_idle() {
    let (_, server, _) = start_listener(ListenOptions {
        secrets: vec!["s".into()],
        idle_timeout: Some(Duration::from_millis(300)),
        ..ListenOptions::default()
    })
    .await;
    let summary = tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(summary.requests, 0);
}

#[tokio::test]
async fn sender_and_listener_agree_on_every_scheme() {
    for scheme in hookproof::scheme::ALL {
        let secret = if scheme.name() == "standard" {
            "whsec_c2VjcmV0LWtleQ=="
        } else {
            "whk_scheme"
        };
        let (url, server, _) = start_listener(ListenOptions {
            scheme: scheme.name().into(),
            secrets: vec![secret.into()],
            max_requests: Some(2),
            quiet: true,
            ..ListenOptions::default()
        })
        .await;
        let target = Target::new(WebhookConfig {
            scheme: scheme.name().into(),
            ..webhook(&url, secret, &[], true)
        })
        .unwrap();
        let body = event_body("coupon_code_used");
        let jobs = vec![
            target
                .job(Some("coupon_code_used"), body.clone(), false)
                .unwrap(),
            target.job(Some("coupon_code_used"), body, true).unwrap(),
        ];
        let mut deliveries = sender(Duration::from_secs(5))
            .deliver_all(jobs, |_| {})
            .await;
        deliveries.sort_by_key(|d| d.tampered);
        assert_eq!(
            (deliveries[0].status, deliveries[1].status),
            (Some(204), Some(scheme.info().rejection_status)),
            "{}",
            scheme.name()
        );
        tokio::time::timeout(Duration::from_secs(10), server)
            .await
            .unwrap()
            .unwrap();
    }
}

/// Several webhooks for one event, each with other filters, over real HTTP: each gets exactly
/// the deliveries its filters let through, once each.
#[tokio::test]
async fn trigger_filters_decide_which_webhooks_get_an_event() {
    let mut servers = Vec::new();
    for _ in 0..6 {
        servers.push(capture_server(200).await);
    }
    let url = |i: usize| servers[i].0.clone();
    let config = format!(
        r#"
        [[webhook]]                      # 0: equals
        url = "{}"
        secret = "s0"
        events = ["order_status_update"]
        [[webhook.filter]]
        key = "data.status"
        type = "equals"
        value = "order_created"

        [[webhook]]                      # 1: not-equals
        url = "{}"
        secret = "s1"
        events = ["order_status_update"]
        [[webhook.filter]]
        key = "data.status"
        type = "not-equals"
        value = "order_created"

        [[webhook]]                      # 2: in, and a second filter: both must match
        url = "{}"
        secret = "s2"
        events = ["order_status_update"]
        [[webhook.filter]]
        key = "data.status"
        type = "in"
        value = ["order_failed", "order_cancelled"]
        [[webhook.filter]]
        key = "data.recipient.country"
        type = "equals"
        value = "NL"

        [[webhook]]                      # 3: not-in
        url = "{}"
        secret = "s3"
        events = ["order_status_update"]
        [[webhook.filter]]
        key = "data.status"
        type = "not-in"
        value = ["order_failed", "order_cancelled"]

        [[webhook]]                      # 4: a property no order has: equals never matches
        url = "{}"
        secret = "s4"
        events = ["order_status_update"]
        [[webhook.filter]]
        key = "data.doesNotExist"
        type = "equals"
        value = "x"

        [[webhook]]                      # 5: matches everything, but inactive
        url = "{}"
        secret = "s5"
        events = ["order_status_update"]
        active = false
        "#,
        url(0),
        url(1),
        url(2),
        url(3),
        url(4),
        url(5)
    );
    let targets: Vec<Target> = ConfigFile::parse(&config)
        .unwrap()
        .webhooks
        .into_iter()
        .map(|c| Target::new(c).unwrap())
        .collect();
    let sender = sender(Duration::from_secs(5));
    let mut delivered_to = Vec::new();
    for status in ["order_created", "order_failed", "order_pdf_delivered"] {
        let mut data = sample("order_status_update");
        data["status"] = status.into();
        let deliveries = sender
            .send_event(&targets, "order_status_update", &data)
            .await
            .unwrap();
        assert!(deliveries.iter().all(|d| d.outcome == Outcome::Delivered));
        let mut urls: Vec<usize> = deliveries
            .iter()
            .map(|d| (0..6).find(|&i| d.url == url(i)).unwrap())
            .collect();
        urls.sort_unstable();
        delivered_to.push((status, urls));
    }
    assert_eq!(
        delivered_to,
        [
            ("order_created", vec![0, 3]),
            ("order_failed", vec![1, 2]),
            ("order_pdf_delivered", vec![1, 3]),
        ]
    );
    // What each server saw: one request per delivery, signed with its own webhook's secret.
    for (i, (secret, count)) in [("s0", 1), ("s1", 2), ("s2", 1), ("s3", 2)]
        .iter()
        .enumerate()
    {
        let seen = servers[i].1.lock().unwrap();
        assert_eq!(seen.len(), *count, "webhook {i}");
        for (head, body) in seen.iter() {
            let signature = head
                .lines()
                .find_map(|l| l.strip_prefix("x-webhook-hmac-sha256: "))
                .unwrap();
            assert_eq!(hookproof::verify(body, signature, secret), Ok(true));
        }
    }
    assert!(
        servers[4].1.lock().unwrap().is_empty(),
        "a filter on a missing property"
    );
    assert!(
        servers[5].1.lock().unwrap().is_empty(),
        "an inactive webhook"
    );
}
