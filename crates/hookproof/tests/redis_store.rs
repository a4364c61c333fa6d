//! `replay::RedisStore` (feature `redis`) against a real redis-server started on a loopback
//! port: one claim per delivery, the TTL, release, and failing closed while Redis is down, then
//! working again once it is back (the connection manager reconnects).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hookproof::replay::{RedisStore, ReplayGuard};
use hookproof::{scheme, Webhook};

struct Server {
    port: u16,
    child: Option<Child>,
}

impl Server {
    fn start(port: u16, dir: std::path::PathBuf) -> Server {
        let child = Command::new("redis-server")
            .args([
                "--bind",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server (apt-get install redis-server; ./dev test installs it)");
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        Server {
            port,
            child: Some(child),
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_once_releases_and_fails_closed_while_down() {
    let dir = std::env::temp_dir().join(format!("hookproof-redis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = Server::start(free_port(), dir.clone());
    let url = format!("redis://127.0.0.1:{}/0", server.port);
    let store = RedisStore::connect(&url)
        .await
        .unwrap()
        .with_prefix("rust-test:")
        .with_timeout(Duration::from_millis(500));
    let guard = ReplayGuard::redis(store).with_ttl(Duration::from_secs(300));
    let webhook = Webhook::new(&scheme::PRINTONE, ["secret"]).unwrap();
    let body = br#"{"data":{},"event":"x","created_at":"2026-11-28T10:00:00Z"}"#;
    let headers = [(
        "x-webhook-hmac-sha256",
        hookproof::sign(body, "secret").unwrap(),
    )];

    let claimed = guard
        .claim(&webhook, body, &headers)
        .await
        .unwrap()
        .expect("new");
    assert!(
        guard
            .claim(&webhook, body, &headers)
            .await
            .unwrap()
            .is_none(),
        "a duplicate"
    );
    claimed.release().await.unwrap();
    let again = guard.claim(&webhook, body, &headers).await.unwrap();
    assert!(again.is_some(), "released: the retry is processed");

    server.stop();
    let other = br#"{"data":{},"event":"y","created_at":"2026-11-28T10:00:00Z"}"#;
    let other_headers = [(
        "x-webhook-hmac-sha256",
        hookproof::sign(other, "secret").unwrap(),
    )];
    let err = guard
        .claim(&webhook, other, &other_headers)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "store_unavailable");
    assert_eq!(webhook.scheme().http_status(&err), 503);

    let _server = Server::start(server.port, dir.clone());
    let mut back = None;
    for _ in 0..50 {
        match guard.claim(&webhook, other, &other_headers).await {
            Ok(claim) => {
                back = Some(claim);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    assert!(back.expect("Redis is back").is_some());
    let _ = std::fs::remove_dir_all(dir);
}
