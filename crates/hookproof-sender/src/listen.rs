//! `hookproof listen`: a local receiver that verifies every request with the core and says why.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How the local receiver runs.
#[derive(Clone)]
pub struct ListenOptions {
    /// Port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// The signature scheme: a name of `hookproof::scheme::ALL`.
    pub scheme: String,
    /// The secrets to accept (several = rotation).
    pub secrets: Vec<String>,
    /// Pass verified requests on to this URL, unchanged, and relay its answer.
    pub forward: Option<String>,
    /// Print each request's body too.
    pub verbose: bool,
    /// Print nothing per request (for load runs).
    pub quiet: bool,
    /// Stop after this many requests.
    pub max_requests: Option<u64>,
    /// Stop after this long without a request.
    pub idle_timeout: Option<Duration>,
    /// Refuse bodies larger than this many bytes (413).
    pub max_body: usize,
    /// Color the verdicts.
    pub color: bool,
}

impl Default for ListenOptions {
    fn default() -> Self {
        ListenOptions {
            port: 8787,
            scheme: hookproof::scheme::default_scheme().name().to_string(),
            secrets: Vec::new(),
            forward: None,
            verbose: false,
            quiet: false,
            max_requests: None,
            idle_timeout: None,
            max_body: 16 << 20,
            color: false,
        }
    }
}

/// What the receiver saw, for the summary line.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ListenSummary {
    /// Requests handled.
    pub requests: u64,
    /// Requests whose signature verified.
    pub verified: u64,
    /// Requests refused.
    pub rejected: u64,
}

/// Where log lines go (stdout in the CLI, a buffer in tests).
pub type LogSink = Arc<dyn Fn(String) + Send + Sync>;

struct State {
    webhook: hookproof::Webhook,
    options: ListenOptions,
    forward_client: Option<reqwest::Client>,
    requests: AtomicU64,
    verified: AtomicU64,
    rejected: AtomicU64,
    last_request_ms: AtomicU64,
    started: Instant,
    max_reached: Notify,
    log: LogSink,
}

/// A receiver bound to its port, not yet serving.
pub struct BoundListener {
    listener: TcpListener,
    state: Arc<State>,
}

/// Binds 127.0.0.1:`port` and prepares the verifier. Errors are one line for the user.
pub async fn bind(options: ListenOptions, log: LogSink) -> Result<BoundListener, String> {
    let scheme = crate::scheme_by_name(&options.scheme)?;
    let webhook = hookproof::Webhook::new(scheme, options.secrets.iter().map(String::as_str))
        .map_err(|err| format!("--secret ({}): {err}", err.code()))?;
    let listener = TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AddrInUse => {
                format!(
                    "port {} is already in use on 127.0.0.1: pick another with --port",
                    options.port
                )
            }
            _ => format!("cannot listen on 127.0.0.1:{}: {err}", options.port),
        })?;
    let forward_client = match &options.forward {
        Some(url) => {
            reqwest::Url::parse(url).map_err(|err| format!("--forward {url}: {err}"))?;
            Some(
                reqwest::Client::builder()
                    .build()
                    .map_err(|err| format!("cannot start the HTTP client: {err}"))?,
            )
        }
        None => None,
    };
    let state = State {
        webhook,
        options,
        forward_client,
        requests: AtomicU64::new(0),
        verified: AtomicU64::new(0),
        rejected: AtomicU64::new(0),
        last_request_ms: AtomicU64::new(0),
        started: Instant::now(),
        max_reached: Notify::new(),
        log,
    };
    Ok(BoundListener {
        listener,
        state: Arc::new(state),
    })
}

impl BoundListener {
    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `--max-requests`, `--idle-timeout` or Ctrl-C, then lets in-flight requests
    /// finish (at most 5 s) and returns what it saw.
    pub async fn run(self) -> ListenSummary {
        let BoundListener { listener, state } = self;
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut idle_check = tokio::time::interval(Duration::from_millis(100));
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let state = Arc::clone(&state);
                    let service = service_fn(move |request| handle(request, Arc::clone(&state)));
                    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        let _ = connection.await;
                    });
                }
                _ = state.max_reached.notified() => break,
                _ = &mut ctrl_c => break,
                _ = idle_check.tick() => {
                    if let Some(idle) = state.options.idle_timeout {
                        let last = Duration::from_millis(state.last_request_ms.load(Ordering::Relaxed));
                        if state.started.elapsed().saturating_sub(last) > idle {
                            break;
                        }
                    }
                }
            }
        }
        drop(listener);
        let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
        ListenSummary {
            requests: state.requests.load(Ordering::Relaxed),
            verified: state.verified.load(Ordering::Relaxed),
            rejected: state.rejected.load(Ordering::Relaxed),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
}

fn json_response(status: StatusCode, code: &str, message: String) -> Response<Full<Bytes>> {
    let body = serde_json::to_vec(&ErrorBody { code, message }).expect("plain strings serialise");
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("static response parts are valid")
}

async fn handle(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, state.options.max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(err) => {
            let message = format!(
                "body not read: {err} (the limit is {} bytes)",
                state.options.max_body
            );
            let response = json_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                message.clone(),
            );
            finish(
                &state,
                &parts,
                0,
                "-",
                Err(("body_too_large", message)),
                None,
            );
            return Ok(response);
        }
    };
    let event = match hookproof::support::parse_event(state.webhook.scheme(), &body) {
        Ok(hookproof::support::Constructed::Envelope(envelope)) => envelope.event,
        _ => "(not an event)".into(),
    };
    let response = match state.webhook.verify(&body, &parts.headers) {
        Ok(()) => {
            let response = match &state.forward_client {
                Some(client) => {
                    forward(
                        client,
                        state.options.forward.as_deref().unwrap_or_default(),
                        &parts,
                        body.clone(),
                    )
                    .await
                }
                None => Response::builder()
                    .status(StatusCode::NO_CONTENT)
                    .body(Full::new(Bytes::new()))
                    .expect("static response parts are valid"),
            };
            finish(
                &state,
                &parts,
                body.len(),
                &event,
                Ok(response.status()),
                Some(&body),
            );
            response
        }
        Err(err) => {
            finish(
                &state,
                &parts,
                body.len(),
                &event,
                Err((err.code(), err.to_string())),
                Some(&body),
            );
            json_response(StatusCode::UNAUTHORIZED, err.code(), err.to_string())
        }
    };
    Ok(response)
}

/// Passes a verified request on unchanged and relays the app's answer (502 if it cannot).
async fn forward(
    client: &reqwest::Client,
    url: &str,
    parts: &hyper::http::request::Parts,
    body: Bytes,
) -> Response<Full<Bytes>> {
    let mut request = client.request(parts.method.clone(), url).body(body);
    for (name, value) in &parts.headers {
        if name != hyper::header::HOST && name != hyper::header::CONTENT_LENGTH {
            request = request.header(name, value);
        }
    }
    let relayed = async {
        let response = request.send().await?;
        let status = response.status();
        let content_type = response.headers().get(hyper::header::CONTENT_TYPE).cloned();
        let bytes = response.bytes().await?;
        Ok::<_, reqwest::Error>((status, content_type, bytes))
    };
    match relayed.await {
        Ok((status, content_type, bytes)) => {
            let mut builder = Response::builder().status(status.as_u16());
            if let Some(content_type) = content_type {
                builder = builder.header(hyper::header::CONTENT_TYPE, content_type);
            }
            builder.body(Full::new(bytes)).unwrap_or_else(|_| {
                json_response(
                    StatusCode::BAD_GATEWAY,
                    "forward_failed",
                    "the app's answer could not be relayed".into(),
                )
            })
        }
        Err(err) => json_response(
            StatusCode::BAD_GATEWAY,
            "forward_failed",
            format!("forwarding to {url} failed: {err}"),
        ),
    }
}

fn finish(
    state: &State,
    parts: &hyper::http::request::Parts,
    size: usize,
    event: &str,
    verdict: Result<StatusCode, (&str, String)>,
    body: Option<&[u8]>,
) {
    let elapsed = state.started.elapsed().as_millis() as u64;
    state.last_request_ms.store(elapsed, Ordering::Relaxed);
    match verdict {
        Ok(_) => state.verified.fetch_add(1, Ordering::Relaxed),
        Err(_) => state.rejected.fetch_add(1, Ordering::Relaxed),
    };
    if !state.options.quiet {
        let (green, red, reset) = if state.options.color {
            ("\x1b[32m", "\x1b[31m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let clock = crate::payload::format_created_at(std::time::SystemTime::now());
        let time = clock.get(11..23).unwrap_or(&clock);
        let verdict = match verdict {
            Ok(status) => format!("{green}verified{reset} -> {}", status.as_u16()),
            Err((code, message)) => format!("{red}rejected{reset} {code}: {message}"),
        };
        let mut line = format!(
            "{time}  {} {}  {event}  {size} B  {verdict}",
            parts.method,
            parts.uri.path()
        );
        if state.options.verbose {
            if let Some(body) = body {
                line.push('\n');
                line.push_str(&String::from_utf8_lossy(body));
            }
        }
        (state.log)(line);
    }
    let handled = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
    if state.options.max_requests.is_some_and(|max| handled >= max) {
        state.max_reached.notify_one();
    }
}
