//! hookproof-actix on a real actix-web server over 127.0.0.1: typed events and raw bytes,
//! rejections with the scheme's status, replay (a duplicate answered without the handler; a
//! handler answering 500 releases its claim), and unsigned 100 MiB floods refused with 413
//! without the process's memory growing by them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[path = "../../../tests/support/floods.rs"]
mod floods;
use floods::{flood, rss_kib};

use actix_web::middleware::from_fn;
use actix_web::ResponseError;
use actix_web::{web, App, HttpResponse, HttpServer};
use hookproof::receiver::Receiver;
use hookproof::replay::{MemoryStore, ReplayGuard};
use hookproof::scheme::{self, printone};
use hookproof::Webhook;
use hookproof_actix::{
    release_failed_claims, take_claim, Background, VerifiedBytes, VerifiedEvent, WebhookRejection,
};
use serde_json::{json, Value};

const SECRET: &str = "whk_actix_test_2c8f";

fn body(id: &str) -> String {
    let mut order: Value = serde_json::from_str(include_str!(
        "../../hookproof/src/scheme/printone/samples/order_status_update.json"
    ))
    .unwrap();
    order["id"] = json!(id);
    json!({ "data": order, "event": "order_status_update", "created_at": "2026-11-28T10:00:00.000Z" }).to_string()
}

fn signed(body: &str) -> String {
    hookproof::sign(body.as_bytes(), SECRET).unwrap()
}

#[actix_web::test]
async fn extractors_replay_and_floods_on_a_real_server() {
    let event_runs = Arc::new(AtomicUsize::new(0));
    let failing_runs = Arc::new(AtomicUsize::new(0));
    let receiver = Receiver::new(Webhook::new(&scheme::PRINTONE, [SECRET]).unwrap())
        .with_body_limit(64 * 1024)
        .with_replay(ReplayGuard::memory(MemoryStore::default()));
    // Answer first: one handler at a time, none waiting; ord_late fails after its answer.
    let late_failures = Arc::new(AtomicUsize::new(0));
    let background = {
        let late_failures = late_failures.clone();
        Background::new(1, 0).on_error(move |_, _| {
            late_failures.fetch_add(1, Ordering::SeqCst);
        })
    };
    let (runs, fails) = (event_runs.clone(), failing_runs.clone());
    let server = HttpServer::new(move || {
        let (runs, fails, background) = (runs.clone(), fails.clone(), background.clone());
        App::new()
            .route(
                "/later",
                web::post().to(
                    move |VerifiedEvent(event): VerifiedEvent<printone::Event>,
                          request: actix_web::HttpRequest,
                          receiver: web::Data<Receiver>| {
                        let background = background.clone();
                        async move {
                            // A place first: refused, the claim stays for the middleware to
                            // release with the 503.
                            let place = match background.reserve() {
                                Ok(place) => place,
                                Err(error) => {
                                    return WebhookRejection::new(&receiver, error).error_response()
                                }
                            };
                            let claim = take_claim(&request);
                            let printone::Data::Order(order) = event.data else {
                                return HttpResponse::BadRequest().finish();
                            };
                            background.spawn(place, claim, order.id.clone(), async move {
                                actix_web::rt::time::sleep(Duration::from_millis(300)).await;
                                if order.id == "ord_late" {
                                    return Err("a late failure".into());
                                }
                                Ok(())
                            });
                            HttpResponse::Ok().json(json!({ "received": true }))
                        }
                    },
                ),
            )
            .app_data(web::Data::new(receiver.clone()))
            .wrap(from_fn(release_failed_claims))
            .route(
                "/event",
                web::post().to(
                    move |VerifiedEvent(event): VerifiedEvent<printone::Event>| {
                        let runs = runs.clone();
                        async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            let printone::Data::Order(order) = &event.data else {
                                return HttpResponse::BadRequest().finish();
                            };
                            HttpResponse::Ok()
                                .json(json!({ "event": event.event.as_str(), "id": order.id }))
                        }
                    },
                ),
            )
            .route(
                "/failing",
                web::post().to(move |VerifiedBytes(_): VerifiedBytes| {
                    let fails = fails.clone();
                    async move {
                        fails.fetch_add(1, Ordering::SeqCst);
                        HttpResponse::InternalServerError().finish()
                    }
                }),
            )
            .route(
                "/raw",
                web::post().to(|VerifiedBytes(bytes): VerifiedBytes| async move {
                    format!("{} bytes", bytes.len())
                }),
            )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let addr = server.addrs()[0];
    let handle = server.run();
    let stop = handle.handle();
    actix_web::rt::spawn(handle);

    let client = reqwest::Client::new();
    let post = |path: &'static str, body: String, signature: Option<String>| {
        let mut request = client.post(format!("http://{addr}{path}")).body(body);
        if let Some(signature) = signature {
            request = request.header("X-Webhook-Hmac-Sha256", signature);
        }
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
            )
        }
    };
    let ok = body("ord_1");
    assert_eq!(
        post("/event", ok.clone(), Some(signed(&ok))).await,
        (200, json!({"event": "order_status_update", "id": "ord_1"}))
    );
    assert_eq!(
        post("/event", ok.clone(), Some(signed(&ok))).await,
        (200, json!({"duplicate": true}))
    );
    assert_eq!(event_runs.load(Ordering::SeqCst), 1);
    let (status, answer) = post("/event", body("ord_2"), Some(signed(&ok))).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("signature_mismatch"))
    );
    let (status, answer) = post("/event", ok.clone(), None).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (401, Some("missing_signature"))
    );
    let not_event = r#"{"x":1}"#.to_string();
    let (status, answer) = post("/event", not_event.clone(), Some(signed(&not_event))).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("invalid_payload"))
    );
    let fails = body("ord_fail"); // (one store for the app: another delivery than /event's)
    assert_eq!(
        post("/failing", fails.clone(), Some(signed(&fails)))
            .await
            .0,
        500
    );
    assert_eq!(
        post("/failing", fails.clone(), Some(signed(&fails)))
            .await
            .0,
        500
    );
    assert_eq!(
        failing_runs.load(Ordering::SeqCst),
        2,
        "a 500 released the claim: the retry ran"
    );
    // Answered at once; a second delivery while the first handler runs is refused 503
    // `overloaded` (no place left); the late failure released its claim, so the redelivery runs.
    let late = body("ord_late");
    assert_eq!(
        post("/later", late.clone(), Some(signed(&late))).await,
        (200, json!({ "received": true }))
    );
    let busy = body("ord_busy");
    let (status, answer) = post("/later", busy.clone(), Some(signed(&busy))).await;
    assert_eq!((status, answer["code"].as_str()), (503, Some("overloaded")));
    for _ in 0..40 {
        if late_failures.load(Ordering::SeqCst) == 1 {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        late_failures.load(Ordering::SeqCst),
        1,
        "the error hook saw it"
    );
    actix_web::rt::time::sleep(Duration::from_millis(50)).await; // the place is given back
    assert_eq!(
        post("/later", late.clone(), Some(signed(&late))).await,
        (200, json!({ "received": true })),
        "the claim was released: not a duplicate"
    );
    assert_eq!(
        post("/later", busy.clone(), Some(signed(&busy))).await.1["code"],
        "overloaded",
        "the refused delivery was released too, and the place is taken again"
    );

    let big = format!(r#"{{"pad":"{}"}}"#, "x".repeat(80 * 1024));
    let (status, answer) = post("/raw", big.clone(), Some(signed(&big))).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (413, Some("body_too_large"))
    );

    let before = rss_kib();
    let declared = web::block(move || flood(addr, "/event", 100, true))
        .await
        .unwrap();
    assert_eq!(declared, Some(413));
    let chunked = web::block(move || flood(addr, "/event", 100, false))
        .await
        .unwrap();
    assert!(
        matches!(chunked, Some(413) | None),
        "a chunked flood got {chunked:?}"
    );
    let grown = rss_kib().saturating_sub(before);
    assert!(
        grown < 16 * 1024,
        "RSS grew by {grown} KiB over two 100 MiB floods"
    );
    let after = body("ord_after");
    assert_eq!(
        post("/event", after.clone(), Some(signed(&after))).await.0,
        200,
        "still answering"
    );
    stop.stop(true).await;
}
