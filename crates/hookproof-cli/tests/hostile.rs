//! `hookproof listen` against hostile clients, and `hookproof send --retries`, over real HTTP on
//! 127.0.0.1: terminal escapes printed escaped, a body verified before anything in it is read,
//! 500 clients trickling their headers unable to stop a valid delivery (and disconnected after
//! the header timeout), a stalled body cut off, the connection cap, replay, the event header
//! checked against the signed body, and retries that resend the same signed request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hookproof_cli::listen::{self, ListenOptions};
use hookproof_cli::{Job, Outcome, Sender, SenderOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SECRET: &str = "whk_hostile_7a1c";

async fn start(options: ListenOptions) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let bound = listen::bind(
        ListenOptions {
            port: 0,
            secrets: vec![SECRET.into()],
            ..options
        },
        Arc::new(move |line| sink.lock().unwrap().push(line)),
    )
    .await
    .unwrap();
    let addr = bound.local_addr();
    tokio::spawn(bound.run());
    (addr, lines)
}

async fn post(
    addr: std::net::SocketAddr,
    body: &[u8],
    headers: &[(&str, String)],
) -> (u16, String) {
    let client = reqwest::Client::new();
    let mut request = client
        .post(format!("http://{addr}/events"))
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn signed(body: &[u8]) -> Vec<(&'static str, String)> {
    vec![(
        "x-webhook-hmac-sha256",
        hookproof::sign(body, SECRET).unwrap(),
    )]
}

#[tokio::test]
async fn terminal_escapes_from_a_request_are_printed_escaped() {
    let (addr, lines) = start(ListenOptions {
        verbose: true,
        ..ListenOptions::default()
    })
    .await;
    let evil = "\u{1b}[2K\rverified -> 204\n12:00:00.000  POST /events  order_status_update  1 B  verified -> 204";
    let body =
        serde_json::json!({ "data": {}, "event": evil, "created_at": "2026-11-28T10:00:00Z" })
            .to_string();
    // Unsigned: rejected, and nothing in the body is parsed or shown as the event.
    assert_eq!(post(addr, body.as_bytes(), &[]).await.0, 401);
    // Signed (a sender with the secret can still be buggy or hostile): shown, escaped.
    assert_eq!(
        post(addr, body.as_bytes(), &signed(body.as_bytes()))
            .await
            .0,
        204
    );
    let lines = lines.lock().unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in lines.iter() {
        assert!(
            !line.contains('\u{1b}') && !line.contains('\r'),
            "a raw control character in {line:?}"
        );
        // One request, one line (the verbose body after it is escaped too: no fake second verdict).
        let head = line.lines().next().unwrap();
        assert_eq!(line.lines().count(), 2, "{line:?}");
        assert!(head.contains("POST /events"), "{head:?}");
    }
    assert!(
        lines[0].contains("  -  ") && lines[0].contains("rejected missing_signature"),
        "{:?}",
        lines[0]
    );
    assert!(
        lines[1].contains("\\u{001b}[2K\\u{000d}verified -> 204\\u{000a}"),
        "{:?}",
        lines[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_slow_clients_do_not_stop_a_valid_delivery() {
    let (addr, _) = start(ListenOptions {
        header_timeout: Duration::from_secs(1),
        quiet: true,
        ..ListenOptions::default()
    })
    .await;
    // 500 clients that start a request and trickle its headers, a byte at a time.
    let mut slow = Vec::new();
    for _ in 0..500 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(stream);
    }
    let trickle = tokio::spawn(async move {
        for _ in 0..30 {
            for stream in slow.iter_mut() {
                let _ = stream.write_all(b"a").await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        slow
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}"#;
    let started = Instant::now();
    assert_eq!(post(addr, body, &signed(body)).await.0, 204);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(1),
        "a valid delivery waited {took:?} behind 500 slow clients"
    );
    // After the header timeout, every slow client has been disconnected (its read sees EOF).
    let mut slow = trickle.await.unwrap();
    let mut closed = 0;
    for stream in slow.iter_mut() {
        let mut buffer = [0u8; 256];
        match tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => closed += 1,
            Ok(Ok(_)) => {
                // An answer (408) before the close also counts: the server gave up on it.
                closed += 1
            }
            Err(_) => {}
        }
    }
    assert_eq!(
        closed, 500,
        "every slow client was disconnected after the header timeout"
    );
}

#[tokio::test]
async fn a_stalled_body_is_cut_off_and_the_connection_cap_holds() {
    let (addr, _) = start(ListenOptions {
        body_timeout: Duration::from_millis(500),
        max_connections: 4,
        quiet: true,
        ..ListenOptions::default()
    })
    .await;
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled
        .write_all(b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"partial\":")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), stalled.read_to_end(&mut answer))
        .await
        .unwrap()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    // Four idle connections take every slot: a fifth is closed at once.
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut fifth = TcpStream::connect(addr).await.unwrap();
    let mut buffer = [0u8; 16];
    let read = tokio::time::timeout(Duration::from_secs(2), fifth.read(&mut buffer))
        .await
        .unwrap();
    assert!(matches!(read, Ok(0) | Err(_)), "over the cap: closed");
    drop(held);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let body = br#"{"data":{},"event":"x","created_at":"2026-11-28T10:00:00Z"}"#;
    assert_eq!(
        post(addr, body, &signed(body)).await.0,
        204,
        "slots free again"
    );
}

#[tokio::test]
async fn replay_memory_acknowledges_duplicates_and_the_event_header_is_checked() {
    let (addr, lines) = start(ListenOptions {
        replay: Some("memory".into()),
        ..ListenOptions::default()
    })
    .await;
    let body = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}"#;
    let mut headers = signed(body);
    headers.push(("x-webhook-event", "coupon_code_used".into()));
    assert_eq!(post(addr, body, &headers).await.0, 204);
    assert_eq!(
        post(addr, body, &headers).await,
        (200, r#"{"duplicate":true}"#.to_string())
    );
    let lines = lines.lock().unwrap();
    assert!(lines[0].contains("the event header says \"coupon_code_used\", the signed body says \"order_status_update\""), "{:?}", lines[0]);
    assert!(
        lines[1].contains("duplicate (not forwarded) -> 200"),
        "{:?}",
        lines[1]
    );
}

#[tokio::test]
async fn an_unsigned_body_over_the_limit_is_413_before_it_is_read() {
    let (addr, _) = start(ListenOptions {
        max_body: 1024,
        quiet: true,
        ..ListenOptions::default()
    })
    .await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n")
        .await
        .unwrap();
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut answer))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(
        text.starts_with("HTTP/1.1 413") && text.contains("body_too_large"),
        "{text}"
    );
}

/// A receiver that answers 503 to the first `failures` requests, then 204, recording each body
/// and signature.
async fn flaky_receiver(failures: usize) -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let count = Arc::new(AtomicUsize::new(0));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (record, count) = (Arc::clone(&record), Arc::clone(&count));
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 65536];
                let mut used = 0;
                loop {
                    let Ok(n) = stream.read(&mut buffer[used..]).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    used += n;
                    let text = String::from_utf8_lossy(&buffer[..used]).to_string();
                    let Some((head, body)) = text.split_once("\r\n\r\n") else {
                        continue;
                    };
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    if body.len() < length {
                        continue;
                    }
                    let signature = head
                        .lines()
                        .find_map(|l| l.strip_prefix("x-webhook-hmac-sha256: "))
                        .unwrap_or("")
                        .to_string();
                    record.lock().unwrap().push((body.to_string(), signature));
                    let status = if count.fetch_add(1, Ordering::SeqCst) < failures {
                        "503 Service Unavailable"
                    } else {
                        "204 No Content"
                    };
                    let _ = stream.write_all(format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").as_bytes()).await;
                    return;
                }
            });
        }
    });
    (url, seen)
}

fn job(url: &str) -> Job {
    let body = br#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}"#
        .to_vec();
    Job {
        url: url.into(),
        event: "order_status_update".into(),
        headers: vec![(
            "x-webhook-hmac-sha256".into(),
            hookproof::sign(&body, SECRET).unwrap(),
        )],
        body: body.into(),
        tampered: false,
    }
}

#[tokio::test]
async fn retries_resend_the_same_signed_request_with_backoff() {
    let (url, seen) = flaky_receiver(2).await;
    let sender = Sender::new(SenderOptions {
        retries: 3,
        retry_delay: Duration::from_millis(50),
        ..SenderOptions::default()
    })
    .unwrap();
    let started = Instant::now();
    let delivery = sender.deliver(job(&url)).await;
    assert_eq!(
        (delivery.outcome, delivery.status, delivery.attempts),
        (Outcome::Delivered, Some(204), 3)
    );
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "waited 50 ms, then 100 ms"
    );
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 3);
        assert!(
            seen.windows(2).all(|w| w[0] == w[1]),
            "the same body and signature each time"
        );
    }
    // Without retries, the first 503 is final; a 4xx is never retried.
    let (url, _) = flaky_receiver(1).await;
    let once = Sender::new(SenderOptions::default())
        .unwrap()
        .deliver(job(&url))
        .await;
    assert_eq!((once.status, once.attempts), (Some(503), 1));
}
