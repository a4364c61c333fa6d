//! hookproof-axum on a real axum server over 127.0.0.1: the layer and the extractors, typed
//! events, rejections with the scheme's status, replay with release on failure, and unsigned
//! 100 MiB floods refused with 413 without the process's memory growing by them.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[path = "../../../tests/support/floods.rs"]
mod floods;
use floods::{flood, rss_kib};

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use hookproof::receiver::Receiver;
use hookproof::replay::{MemoryStore, ReplayGuard};
use hookproof::scheme::{self, printone};
use hookproof::Webhook;
use hookproof_axum::{VerifiedBytes, VerifiedEvent, WebhookLayer};
use serde_json::{json, Value};

const SECRET: &str = "whk_axum_test_4b7d";
/// 2026-11-28T10:00:00Z (Python's datetime), the `created_at` of the fresh test events.
const TEST_EVENTS_CREATED: i64 = 1_795_860_000;

#[derive(Clone)]
struct App {
    receiver: Receiver,
    runs: Arc<AtomicUsize>,
}

impl FromRef<App> for Receiver {
    fn from_ref(app: &App) -> Receiver {
        app.receiver.clone()
    }
}

async fn event(
    State(app): State<App>,
    VerifiedEvent(event): VerifiedEvent<printone::Event>,
) -> Json<Value> {
    app.runs.fetch_add(1, Ordering::SeqCst);
    let printone::Data::Order(order) = &event.data else {
        return Json(json!({ "unexpected": true }));
    };
    let id = json!(order.id);
    Json(
        json!({ "event": event.event.as_str(), "id": id, "created_at": event.created_at.to_string() }),
    )
}

async fn failing(State(app): State<App>, VerifiedBytes(_): VerifiedBytes) -> StatusCode {
    app.runs.fetch_add(1, Ordering::SeqCst);
    StatusCode::INTERNAL_SERVER_ERROR
}

async fn raw(VerifiedBytes(bytes): VerifiedBytes) -> String {
    format!("{} bytes", bytes.len())
}

async fn stripe(VerifiedEvent(value): VerifiedEvent<Value>) -> Json<Value> {
    Json(value)
}

struct Server {
    addr: SocketAddr,
    layered_runs: Arc<AtomicUsize>,
    failing_runs: Arc<AtomicUsize>,
}

async fn serve() -> Server {
    let guarded = |limit| {
        Receiver::new(Webhook::new(&scheme::PRINTONE, [SECRET]).unwrap())
            .with_body_limit(limit)
            .with_replay(ReplayGuard::memory(MemoryStore::default()))
    };
    let layered = App {
        receiver: guarded(64 * 1024),
        runs: Arc::default(),
    };
    let failing_app = App {
        receiver: guarded(64 * 1024),
        runs: Arc::default(),
    };
    let plain = App {
        receiver: Receiver::new(
            Webhook::new(&scheme::PRINTONE, [SECRET])
                .unwrap()
                .with_max_age(Duration::from_secs(7 * 86400))
                .unwrap()
                // The test events are created on 2026-11-28: a fixed clock a day later keeps
                // them within the week on any day the test runs.
                .with_clock(hookproof::Clock::Fixed(TEST_EVENTS_CREATED + 86400)),
        ),
        runs: Arc::default(),
    };
    let stripe_app = App {
        receiver: Receiver::new(Webhook::new(&scheme::STRIPE, ["whsec_axum"]).unwrap()),
        runs: Arc::default(),
    };
    let server = Server {
        addr: "127.0.0.1:0".parse().unwrap(),
        layered_runs: layered.runs.clone(),
        failing_runs: failing_app.runs.clone(),
    };
    let app = Router::new()
        .merge(
            Router::new()
                .route("/layer", post(event))
                .layer(WebhookLayer::new(layered.receiver.clone()))
                .with_state(layered),
        )
        .merge(
            Router::new()
                .route("/failing", post(failing))
                .layer(WebhookLayer::new(failing_app.receiver.clone()))
                .with_state(failing_app),
        )
        .merge(
            Router::new()
                .route("/raw", post(raw))
                .route("/typed", post(event))
                .with_state(plain),
        )
        .merge(
            Router::new()
                .route("/stripe", post(stripe))
                .with_state(stripe_app),
        );
    let listener = tokio::net::TcpListener::bind(server.addr).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { addr, ..server }
}

/// A full order event (Print.one's sample order, with this id): the typed event needs every
/// field Print.one documents.
fn body(id: &str, created_at: &str) -> String {
    let mut order: Value = serde_json::from_str(include_str!(
        "../../hookproof/src/scheme/printone/samples/order_status_update.json"
    ))
    .unwrap();
    order["id"] = json!(id);
    json!({ "data": order, "event": "order_status_update", "created_at": created_at }).to_string()
}

async fn post_to(
    addr: SocketAddr,
    path: &str,
    body: &str,
    headers: &[(&str, String)],
) -> (u16, Value) {
    let client = reqwest::Client::new();
    let mut request = client
        .post(format!("http://{addr}{path}"))
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn signed(body: &str) -> Vec<(&'static str, String)> {
    vec![(
        "x-webhook-hmac-sha256",
        hookproof::sign(body.as_bytes(), SECRET).unwrap(),
    )]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_layer_and_extractors_on_a_real_server() {
    let server = serve().await;
    let addr = server.addr;
    let ok = body("ord_1", "2026-11-28T10:00:00.000Z");
    let (status, answer) = post_to(addr, "/layer", &ok, &signed(&ok)).await;
    assert_eq!(
        (status, &answer["event"], &answer["id"]),
        (200, &json!("order_status_update"), &json!("ord_1"))
    );
    assert_eq!(
        post_to(addr, "/layer", &ok, &signed(&ok)).await,
        (200, json!({"duplicate": true}))
    );
    assert_eq!(
        server.layered_runs.load(Ordering::SeqCst),
        1,
        "the duplicate did not run the handler"
    );
    let (status, answer) = post_to(
        addr,
        "/layer",
        &body("ord_2", "2026-11-28T10:00:00.000Z"),
        &signed(&ok),
    )
    .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("signature_mismatch"))
    );
    let (status, answer) = post_to(addr, "/layer", &ok, &[]).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("missing_signature"))
    );
    // A handler answering 500 releases the claim: the sender's retry runs it again.
    assert_eq!(post_to(addr, "/failing", &ok, &signed(&ok)).await.0, 500);
    assert_eq!(post_to(addr, "/failing", &ok, &signed(&ok)).await.0, 500);
    assert_eq!(server.failing_runs.load(Ordering::SeqCst), 2);
    // The extractors alone.
    assert_eq!(
        post_to(addr, "/raw", &ok, &signed(&ok)).await,
        (200, Value::String(format!("{} bytes", ok.len())))
    );
    let not_event = r#"{"hello":"world"}"#;
    let (status, answer) = post_to(addr, "/typed", not_event, &signed(not_event)).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("invalid_payload"))
    );
    // max_age: a month-old event replayed is refused with its code.
    let old = body("ord_old", "2020-01-01T00:00:00.000Z");
    let (status, answer) = post_to(addr, "/typed", &old, &signed(&old)).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("event_too_old"))
    );
    // Another scheme, another status: Stripe's rejections are 400.
    let stripe_body = r#"{"id":"evt_1","type":"x"}"#;
    let stripe_webhook = Webhook::new(&scheme::STRIPE, ["whsec_axum"]).unwrap();
    let headers: Vec<(&str, String)> = stripe_webhook
        .sign(stripe_body.as_bytes(), &Default::default())
        .unwrap()
        .iter()
        .map(|(n, v)| (*n, v.to_string()))
        .collect();
    assert_eq!(
        post_to(addr, "/stripe", stripe_body, &headers).await,
        (200, json!({"id": "evt_1", "type": "x"}))
    );
    let (status, _) = post_to(
        addr,
        "/stripe",
        stripe_body,
        &[("stripe-signature", "t=1,v1=00".into())],
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsigned_floods_are_refused_without_buffering() {
    let server = serve().await;
    let addr = server.addr;
    let before = rss_kib();
    for path in ["/layer", "/raw"] {
        let declared = tokio::task::spawn_blocking(move || flood(addr, path, 100, true))
            .await
            .unwrap();
        assert_eq!(declared, Some(413), "{path}: a declared 100 MiB body");
        let chunked = tokio::task::spawn_blocking(move || flood(addr, path, 100, false))
            .await
            .unwrap();
        assert!(
            matches!(chunked, Some(413) | None),
            "{path}: a chunked 100 MiB body got {chunked:?}"
        );
    }
    let grown = rss_kib().saturating_sub(before);
    assert!(
        grown < 16 * 1024,
        "RSS grew by {grown} KiB over four 100 MiB floods"
    );
    let ok = body("ord_after", "2026-11-28T10:00:00.000Z");
    assert_eq!(
        post_to(addr, "/raw", &ok, &signed(&ok)).await.0,
        200,
        "still answering"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_first_with_background_is_bounded_and_reports_late_failures() {
    use hookproof_axum::{Background, DeliveryClaim, WebhookRejection};
    use std::sync::Mutex;

    #[derive(Clone)]
    struct Later {
        receiver: Receiver,
        background: Background,
        done: Arc<AtomicUsize>,
    }
    impl FromRef<Later> for Receiver {
        fn from_ref(app: &Later) -> Receiver {
            app.receiver.clone()
        }
    }
    async fn later(
        State(app): State<Later>,
        claim: DeliveryClaim,
        VerifiedEvent(event): VerifiedEvent<printone::Event>,
    ) -> Result<Json<Value>, WebhookRejection> {
        let place = app
            .background
            .reserve()
            .map_err(|e| WebhookRejection::new(&app.receiver, e))?;
        let done = app.done.clone();
        let printone::Data::Order(order) = event.data else {
            unreachable!()
        };
        let id = order.id.clone();
        app.background
            .spawn(place, claim.take(), id.clone(), async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                done.fetch_add(1, Ordering::SeqCst);
                if id == "ord_5" {
                    return Err("a late failure".into());
                }
                Ok(())
            });
        Ok(Json(json!({ "received": true })))
    }
    async fn start(app: Later) -> SocketAddr {
        let router = Router::new()
            .route("/later", post(later))
            .layer(WebhookLayer::new(app.receiver.clone()))
            .with_state(app);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        addr
    }
    let failures = Arc::new(Mutex::new(Vec::new()));
    let seen = failures.clone();
    let app = Later {
        receiver: Receiver::new(Webhook::new(&scheme::PRINTONE, [SECRET]).unwrap())
            .with_replay(ReplayGuard::memory(MemoryStore::default())),
        background: Background::new(3, 100)
            .on_error(move |error, what| seen.lock().unwrap().push(format!("{what}: {error}"))),
        done: Arc::default(),
    };
    let addr = start(app.clone()).await;
    let started = std::time::Instant::now();
    let mut answers = Vec::new();
    for i in 0..12 {
        let b = body(&format!("ord_{i}"), "2026-11-28T10:00:00.000Z");
        answers.push(tokio::spawn(async move {
            post_to(addr, "/later", &b, &signed(&b)).await
        }));
    }
    for answer in answers {
        assert_eq!(answer.await.unwrap(), (200, json!({ "received": true })));
    }
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "answered before the 300 ms handlers ran (12 at 3 at once take 1.2 s)"
    );
    for _ in 0..100 {
        if app.done.load(Ordering::SeqCst) == 12 && !failures.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.done.load(Ordering::SeqCst), 12);
    assert!(
        (2..=3).contains(&app.background.peak()),
        "bounded: {}",
        app.background.peak()
    );
    assert_eq!(
        *failures.lock().unwrap(),
        vec!["ord_5: a late failure".to_string()]
    );

    // The late failure released its claim: the redelivery of ord_5 runs again, while a
    // redelivery of ord_1 (whose handler succeeded) is a duplicate.
    let again = body("ord_5", "2026-11-28T10:00:00.000Z");
    assert_eq!(
        post_to(addr, "/later", &again, &signed(&again)).await,
        (200, json!({ "received": true }))
    );
    let duplicate = body("ord_1", "2026-11-28T10:00:00.000Z");
    assert_eq!(
        post_to(addr, "/later", &duplicate, &signed(&duplicate)).await,
        (200, json!({ "duplicate": true }))
    );

    // Full: one running, none waiting. The next delivery is refused with the scheme's 503, so
    // that the sender retries it.
    let full = Later {
        background: Background::new(1, 0),
        receiver: Receiver::new(Webhook::new(&scheme::PRINTONE, [SECRET]).unwrap())
            .with_replay(ReplayGuard::memory(MemoryStore::default())),
        ..app
    };
    let addr = start(full).await;
    let first = body("ord_a", "2026-11-28T10:00:00.000Z");
    assert_eq!(
        post_to(addr, "/later", &first, &signed(&first)).await.0,
        200
    );
    let second = body("ord_b", "2026-11-28T10:00:00.000Z");
    let (status, answer) = post_to(addr, "/later", &second, &signed(&second)).await;
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["code"], "overloaded");
    // The refused delivery's claim was released with the 503: its retry is refused again (the
    // place is still taken), not acknowledged as a duplicate.
    let (status, answer) = post_to(addr, "/later", &second, &signed(&second)).await;
    assert_eq!((status, &answer["code"]), (503, &json!("overloaded")));
}
