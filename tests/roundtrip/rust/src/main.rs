//! The Rust receivers of the round-trip harness: `--framework axum|actix`, the harness's contract
//! (tests/roundtrip/receivers.json) over hookproof-axum and hookproof-actix:
//!
//! - `POST /events`: the typed Print.one event (the replay guard with `--replay`); the handler
//!   appends `handled <sha256>` to `--count-file`, and with `--flaky` fails (500) the first time
//!   it sees one body in ten;
//! - `POST /raw`: verified bytes, 204;
//! - `POST /later`: answers 200 at once and runs the slow handler (`--slow-ms`) afterwards, at most
//!   `--max-concurrent` at once; events with `"fail": true` fail there (counted as errors);
//! - `GET /stats`: `{"peak", "done", "errors"}`.
//!
//! Exits by itself after `--idle-timeout` seconds without a request.

use std::collections::HashSet;
use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hookproof::receiver::Receiver;
use hookproof::replay::{MemoryStore, RedisStore, ReplayGuard};
use hookproof::scheme::{self, printone};
use hookproof::Webhook;
use sha2::{Digest, Sha256};

struct Options {
    framework: String,
    port: u16,
    secret: String,
    replay: Option<String>,
    count_file: Option<String>,
    flaky: bool,
    slow: Duration,
    max_concurrent: usize,
    body_limit: u64,
    idle: Duration,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        framework: String::new(),
        port: 0,
        secret: String::new(),
        replay: None,
        count_file: None,
        flaky: false,
        slow: Duration::from_millis(1500),
        max_concurrent: 3,
        body_limit: 1 << 20,
        idle: Duration::from_secs(60),
    };
    while let Some(flag) = args.next() {
        if flag == "--flaky" {
            o.flaky = true;
            continue;
        }
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--framework" => o.framework = value,
            "--port" => o.port = value.parse().map_err(|_| "--port")?,
            "--secret" => o.secret = value,
            "--secret-file" => {
                o.secret = std::fs::read_to_string(&value)
                    .map_err(|e| format!("{value}: {e}"))?
                    .trim()
                    .to_string()
            }
            "--replay" => o.replay = Some(value),
            "--count-file" => o.count_file = Some(value),
            "--slow-ms" => o.slow = Duration::from_millis(value.parse().map_err(|_| "--slow-ms")?),
            "--max-concurrent" => {
                o.max_concurrent = value.parse().map_err(|_| "--max-concurrent")?
            }
            "--body-limit" => {
                o.body_limit =
                    hookproof::support::body_limit_from_text(&value).map_err(|e| e.to_string())?
            }
            "--idle-timeout" => {
                o.idle = Duration::from_secs_f64(value.parse().map_err(|_| "--idle-timeout")?)
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(o)
}

/// What the handlers do, the same in both frameworks.
struct Work {
    count_file: Option<Mutex<std::fs::File>>,
    flaky: bool,
    failed: Mutex<HashSet<String>>,
    slow: Duration,
    background: hookproof::background::Background,
    done: Arc<AtomicUsize>,
    errors: Arc<AtomicUsize>,
    last_ms: AtomicU64,
    started: Instant,
}

impl Work {
    fn touch(&self) {
        self.last_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    /// The /events handler: `Err` for the flaky first failure.
    fn handle(&self, event: &printone::Event, body: &[u8]) -> Result<serde_json::Value, ()> {
        let digest: String = Sha256::digest(body)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if self.flaky
            && digest.as_str() < "1a"
            && self.failed.lock().unwrap().insert(digest.clone())
        {
            return Err(());
        }
        if let Some(file) = &self.count_file {
            // One write(2) of the whole line: the receivers of the shared-Redis run append to
            // one file from three processes, and `writeln!` on a File writes piece by piece.
            let line = format!("handled {digest}\n");
            let _ = file.lock().unwrap().write_all(line.as_bytes());
        }
        Ok(serde_json::json!({ "received": event.event.as_str(), "digest": digest }))
    }

    /// The /later handler, run after the answer by hookproof's `Background` (bounded; a
    /// failure for `"fail": true` goes to its error hook, which counts it).
    fn later(self: &Arc<Self>, event: printone::Event) -> Result<(), hookproof::Error> {
        let place = self.background.reserve()?;
        let (slow, done) = (self.slow, Arc::clone(&self.done));
        let fail = match &event.data {
            printone::Data::Order(order) => order
                .extra
                .get("fail")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            printone::Data::Other(value) => {
                value.get("fail").and_then(|v| v.as_bool()).unwrap_or(false)
            }
            _ => false,
        };
        self.background
            .spawn(place, None, "a /later event", async move {
                tokio::time::sleep(slow).await;
                if fail {
                    return Err("a late failure (after the answer)".into());
                }
                done.fetch_add(1, Ordering::SeqCst);
                Ok(())
            });
        Ok(())
    }

    fn stats(&self) -> serde_json::Value {
        serde_json::json!({
            "peak": self.background.peak(),
            "done": self.done.load(Ordering::SeqCst),
            "errors": self.errors.load(Ordering::SeqCst),
        })
    }
}

async fn receivers(o: &Options) -> Result<(Receiver, Receiver, Receiver), String> {
    let webhook =
        || Webhook::new(&scheme::PRINTONE, [o.secret.as_str()]).map_err(|e| e.to_string());
    let mut events = Receiver::new(webhook()?).with_body_limit(o.body_limit);
    match o.replay.as_deref() {
        None => {}
        Some("memory") => events = events.with_replay(ReplayGuard::memory(MemoryStore::default())),
        Some(url) => {
            let store = RedisStore::connect(url).await.map_err(|e| e.to_string())?;
            events = events.with_replay(ReplayGuard::redis(store));
        }
    }
    Ok((
        events,
        Receiver::new(webhook()?).with_body_limit(o.body_limit),
        Receiver::new(webhook()?).with_body_limit(o.body_limit),
    ))
}

mod on_axum {
    use super::*;
    use axum::extract::{FromRef, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};
    use axum::{Json, Router};
    use hookproof_axum::{VerifiedBytes, VerifiedEvent, WebhookLayer, WebhookRejection};

    #[derive(Clone)]
    struct App {
        receiver: Receiver,
        work: Arc<Work>,
    }

    impl FromRef<App> for Receiver {
        fn from_ref(app: &App) -> Receiver {
            app.receiver.clone()
        }
    }

    async fn events(State(app): State<App>, VerifiedBytes(body): VerifiedBytes) -> Response {
        let Ok(event) = printone::Event::from_json(&body) else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        match app.work.handle(&event, &body) {
            Ok(answer) => Json(answer).into_response(),
            Err(()) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }

    async fn raw(VerifiedBytes(_): VerifiedBytes) -> StatusCode {
        StatusCode::NO_CONTENT
    }

    async fn later(
        State(app): State<App>,
        VerifiedEvent(event): VerifiedEvent<printone::Event>,
    ) -> Result<Json<serde_json::Value>, WebhookRejection> {
        app.work
            .later(event)
            .map_err(|error| WebhookRejection::new(&app.receiver, error))?;
        Ok(Json(serde_json::json!({ "received": true })))
    }

    pub async fn serve(o: Options, work: Arc<Work>) -> Result<(), String> {
        let (events_receiver, raw_receiver, later_receiver) = receivers(&o).await?;
        let app = |receiver: Receiver| App {
            receiver,
            work: Arc::clone(&work),
        };
        let touch = {
            let work = Arc::clone(&work);
            axum::middleware::from_fn(
                move |request: axum::extract::Request, next: axum::middleware::Next| {
                    work.touch();
                    next.run(request)
                },
            )
        };
        let stats_work = Arc::clone(&work);
        let router = Router::new()
            .merge(
                Router::new()
                    .route("/events", post(events))
                    .layer(WebhookLayer::new(events_receiver.clone()))
                    .with_state(app(events_receiver)),
            )
            .merge(
                Router::new()
                    .route("/raw", post(raw))
                    .with_state(app(raw_receiver)),
            )
            .merge(
                Router::new()
                    .route("/later", post(later))
                    .with_state(app(later_receiver)),
            )
            .route(
                "/stats",
                get(move || async move { Json(stats_work.stats()) }),
            )
            .layer(touch);
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", o.port))
            .await
            .map_err(|e| e.to_string())?;
        axum::serve(listener, router)
            .await
            .map_err(|e| e.to_string())
    }
}

mod on_actix {
    use super::*;
    use actix_web::middleware::from_fn;
    use actix_web::ResponseError;
    use actix_web::{web, App, HttpResponse, HttpServer};
    use hookproof_actix::{release_failed_claims, VerifiedBytes, VerifiedEvent, WebhookRejection};

    pub async fn serve(o: Options, work: Arc<Work>) -> Result<(), String> {
        let (events_receiver, raw_receiver, later_receiver) = receivers(&o).await?;
        let server = HttpServer::new(move || {
            let (w1, w2, w3, w4) = (
                Arc::clone(&work),
                Arc::clone(&work),
                Arc::clone(&work),
                Arc::clone(&work),
            );
            App::new()
                .wrap(from_fn(
                    move |request, next: actix_web::middleware::Next<_>| {
                        w4.touch();
                        next.call(request)
                    },
                ))
                .wrap(from_fn(release_failed_claims))
                .service(
                    web::scope("/events")
                        .app_data(web::Data::new(events_receiver.clone()))
                        .route(
                            "",
                            web::post().to(move |VerifiedBytes(body): VerifiedBytes| {
                                let work = Arc::clone(&w1);
                                async move {
                                    let Ok(event) = printone::Event::from_json(&body) else {
                                        return HttpResponse::BadRequest().finish();
                                    };
                                    match work.handle(&event, &body) {
                                        Ok(answer) => HttpResponse::Ok().json(answer),
                                        Err(()) => HttpResponse::InternalServerError().finish(),
                                    }
                                }
                            }),
                        ),
                )
                .service(
                    web::scope("/raw")
                        .app_data(web::Data::new(raw_receiver.clone()))
                        .route(
                            "",
                            web::post().to(|VerifiedBytes(_): VerifiedBytes| async {
                                HttpResponse::NoContent().finish()
                            }),
                        ),
                )
                .service(
                    web::scope("/later")
                        .app_data(web::Data::new(later_receiver.clone()))
                        .route(
                            "",
                            web::post().to(
                                move |VerifiedEvent(event): VerifiedEvent<printone::Event>,
                                      receiver: web::Data<Receiver>| {
                                    let work = Arc::clone(&w2);
                                    async move {
                                        match work.later(event) {
                                            Ok(()) => HttpResponse::Ok()
                                                .json(serde_json::json!({ "received": true })),
                                            Err(error) => {
                                                WebhookRejection::new(&receiver, error).error_response()
                                            }
                                        }
                                    }
                                },
                            ),
                        ),
                )
                .route(
                    "/stats",
                    web::get().to(move || {
                        let work = Arc::clone(&w3);
                        async move { HttpResponse::Ok().json(work.stats()) }
                    }),
                )
        })
        .workers(2)
        .bind(("127.0.0.1", o.port))
        .map_err(|e| e.to_string())?;
        server.run().await.map_err(|e| e.to_string())
    }
}

fn main() {
    let o = match options() {
        Ok(o) if !o.secret.is_empty() && !o.framework.is_empty() => o,
        Ok(_) => {
            eprintln!("usage: hookproof-roundtrip-receiver --framework axum|actix --port P --secret-file F [options]");
            std::process::exit(2);
        }
        Err(message) => {
            eprintln!("hookproof-roundtrip-receiver: {message}");
            std::process::exit(2);
        }
    };
    let errors = Arc::new(AtomicUsize::new(0));
    let work = Arc::new(Work {
        count_file: o.count_file.as_ref().map(|path| {
            Mutex::new(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .expect("the count file"),
            )
        }),
        flaky: o.flaky,
        failed: Mutex::default(),
        slow: o.slow,
        background: {
            let errors = Arc::clone(&errors);
            hookproof::background::Background::new(o.max_concurrent, 1000).on_error(move |_, _| {
                errors.fetch_add(1, Ordering::SeqCst);
            })
        },
        done: Arc::default(),
        errors,
        last_ms: AtomicU64::new(0),
        started: Instant::now(),
    });
    let idle = o.idle;
    let watchdog = Arc::clone(&work);
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(200));
        let last = Duration::from_millis(watchdog.last_ms.load(Ordering::Relaxed));
        if watchdog.started.elapsed().saturating_sub(last) > idle {
            println!("rust receiver idle: exiting");
            std::process::exit(0);
        }
    });
    println!(
        "rust {} receiver on http://127.0.0.1:{}",
        o.framework, o.port
    );
    let result = if o.framework == "actix" {
        actix_web::rt::System::new().block_on(on_actix::serve(o, work))
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(on_axum::serve(o, work))
    };
    if let Err(message) = result {
        eprintln!("hookproof-roundtrip-receiver: {message}");
        std::process::exit(1);
    }
}
