//! `hookproof listen`: a local receiver that verifies every request with the core and says why.
//!
//! It runs on developers' machines, where any web page in their browser can POST to 127.0.0.1,
//! so it treats every request as hostile: the body is verified before anything in it is parsed;
//! everything printed from a request is escaped (no terminal escape sequences, no fake lines);
//! a client gets a bounded time to send its headers and its body; and the number of open
//! connections is capped. Every verdict, status and limit is the core's
//! (`hookproof::receiver::Receiver`).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hookproof::receiver::{Delivery, Receiver};
use hookproof::replay::{MemoryStore, ReplayGuard};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

/// How the local receiver runs.
#[derive(Clone)]
pub struct ListenOptions {
    /// Port on 127.0.0.1 (0 picks a free one).
    pub port: u16,
    /// The signature scheme: a name of `hookproof::scheme::ALL`.
    pub scheme: String,
    /// The secrets to accept (several = rotation).
    pub secrets: Vec<String>,
    /// Pass verified, new requests on to this URL, unchanged, and relay its answer: the handler.
    pub forward: Option<String>,
    /// Replay protection: `memory`, or a `redis://` URL shared with other receivers.
    pub replay: Option<String>,
    /// Print each request's body too (escaped).
    pub verbose: bool,
    /// Print nothing per request (for load runs).
    pub quiet: bool,
    /// Stop after this many requests.
    pub max_requests: Option<u64>,
    /// Stop after this long without a request.
    pub idle_timeout: Option<Duration>,
    /// Refuse bodies larger than this many bytes (413), without reading the rest.
    pub max_body: usize,
    /// A client must send its request headers within this time.
    pub header_timeout: Duration,
    /// A client must send its body within this time after its headers.
    pub body_timeout: Duration,
    /// Open connections at most; more are closed at once.
    pub max_connections: usize,
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
            replay: None,
            verbose: false,
            quiet: false,
            max_requests: None,
            idle_timeout: None,
            max_body: 1 << 20,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            max_connections: 1024,
            color: false,
        }
    }
}

/// What the receiver saw, for the summary line.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ListenSummary {
    /// Requests handled.
    pub requests: u64,
    /// Requests whose signature verified.
    pub verified: u64,
    /// Requests refused.
    pub rejected: u64,
    /// Verified requests that were duplicates (acknowledged, not forwarded).
    pub duplicates: u64,
}

/// Where log lines go (stdout in the CLI, a buffer in tests).
pub type LogSink = Arc<dyn Fn(String) + Send + Sync>;

struct State {
    receiver: Receiver,
    options: ListenOptions,
    forward_client: Option<reqwest::Client>,
    requests: AtomicU64,
    verified: AtomicU64,
    rejected: AtomicU64,
    duplicates: AtomicU64,
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

async fn replay_guard(spec: &str) -> Result<ReplayGuard, String> {
    if spec == "memory" {
        return Ok(ReplayGuard::memory(MemoryStore::default()));
    }
    if spec.starts_with("redis://") || spec.starts_with("rediss://") {
        let store = hookproof::replay::RedisStore::connect(spec)
            .await
            .map_err(|err| format!("--replay: {err}"))?;
        return Ok(ReplayGuard::redis(store));
    }
    Err("--replay must be `memory` or a redis:// URL".into())
}

/// Binds 127.0.0.1:`port` and prepares the verifier. Errors are one line for the user.
pub async fn bind(options: ListenOptions, log: LogSink) -> Result<BoundListener, String> {
    let scheme = crate::scheme_by_name(&options.scheme)?;
    let webhook = hookproof::Webhook::new(scheme, options.secrets.iter().map(String::as_str))
        .map_err(|err| format!("--secret ({}): {err}", err.code()))?;
    let mut receiver =
        Receiver::new(webhook).with_body_limit(u64::try_from(options.max_body).unwrap_or(u64::MAX));
    if let Some(spec) = &options.replay {
        receiver = receiver.with_replay(replay_guard(spec).await?);
    }
    let listener = TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AddrInUse => format!(
                "port {} is already in use on 127.0.0.1: pick another with --port",
                options.port
            ),
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
        receiver,
        options,
        forward_client,
        requests: AtomicU64::new(0),
        verified: AtomicU64::new(0),
        rejected: AtomicU64::new(0),
        duplicates: AtomicU64::new(0),
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
        let connections = Arc::new(Semaphore::new(state.options.max_connections.max(1)));
        let mut idle_check = tokio::time::interval(Duration::from_millis(100));
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    // At the cap, the connection is closed at once (it never holds a slot).
                    let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else { continue };
                    let header_timeout = state.options.header_timeout;
                    let state = Arc::clone(&state);
                    let service = service_fn(move |request| handle(request, Arc::clone(&state)));
                    let mut builder = http1::Builder::new();
                    // A client that has not sent its headers in time is disconnected.
                    builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
                    let connection = builder.serve_connection(TokioIo::new(stream), service);
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        let _ = connection.await;
                        drop(permit);
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
            duplicates: state.duplicates.load(Ordering::Relaxed),
        }
    }
}

/// `text` safe to print on a terminal: control characters (C0, DEL, C1) and the bidirectional
/// overrides become `\u{..}` escapes, so a request cannot move the cursor, clear a line, or fake
/// a verdict.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn json(status: u16, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

/// What a request came to, for its log line.
enum Verdict {
    Verified(u16),
    Duplicate,
    Rejected(&'static str, String),
}

async fn handle(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let receiver = &state.receiver;
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(hyper::header::CONTENT_LENGTH)
        .map(|v| v.as_bytes());
    let read = async {
        receiver.check_declared_length(declared)?;
        match tokio::time::timeout(
            state.options.body_timeout,
            Limited::new(body, state.options.max_body).collect(),
        )
        .await
        {
            Err(_) => Err(hookproof::Error::InvalidPayload {
                reason: format!(
                    "the body did not arrive within {:?}",
                    state.options.body_timeout
                ),
            }),
            Ok(Err(_)) => Err(receiver.too_large()),
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
        }
    };
    let body = match read.await {
        Ok(body) => body,
        Err(error) => {
            let (status, answer) = receiver.rejection(&error);
            finish(
                &state,
                &parts,
                0,
                None,
                Verdict::Rejected(error.code(), error.to_string()),
                None,
            );
            let mut response = json(status, answer);
            response.headers_mut().insert(
                hyper::header::CONNECTION,
                hyper::header::HeaderValue::from_static("close"),
            );
            return Ok(response);
        }
    };
    // Verify first; only a verified body is parsed (for its event name).
    let (response, verdict) = match receiver.accept(&body, &parts.headers).await {
        Ok(Delivery::Duplicate) => {
            let (status, answer) = Receiver::DUPLICATE;
            (json(status, answer.to_string()), Verdict::Duplicate)
        }
        Ok(Delivery::New(claim)) => {
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
                None => {
                    let mut ok = Response::new(Full::new(Bytes::new()));
                    *ok.status_mut() = StatusCode::NO_CONTENT;
                    ok
                }
            };
            let status = response.status().as_u16();
            if let Err(error) = receiver.settle(claim, status).await {
                (state.log)(format!(
                    "could not release the claim of a failed delivery: {error}"
                ));
            }
            (response, Verdict::Verified(status))
        }
        Err(error) => {
            let (status, answer) = receiver.rejection(&error);
            (
                json(status, answer),
                Verdict::Rejected(error.code(), error.to_string()),
            )
        }
    };
    let event = match verdict {
        Verdict::Rejected(..) => None,
        _ => match hookproof::support::parse_event(receiver.webhook().scheme(), &body) {
            Ok(hookproof::support::Constructed::Envelope(envelope)) => Some(envelope.event),
            _ => None,
        },
    };
    finish(
        &state,
        &parts,
        body.len(),
        event.as_deref(),
        verdict,
        Some(&body),
    );
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
    let failed = |message: String| {
        json(
            502,
            serde_json::json!({ "code": "forward_failed", "message": message }).to_string(),
        )
    };
    match relayed.await {
        Ok((status, content_type, bytes)) => {
            let mut builder = Response::builder().status(status.as_u16());
            if let Some(content_type) = content_type {
                builder = builder.header(hyper::header::CONTENT_TYPE, content_type);
            }
            builder
                .body(Full::new(bytes))
                .unwrap_or_else(|_| failed("the app's answer could not be relayed".into()))
        }
        Err(err) => failed(format!("forwarding to {url} failed: {err}")),
    }
}

/// The event header's value, when it disagrees with the signed body's event (the header is not
/// signed: the body is the one to trust).
fn event_header_disagreement(
    state: &State,
    parts: &hyper::http::request::Parts,
    event: Option<&str>,
) -> Option<String> {
    let event = event?;
    let scheme = state.receiver.webhook().scheme();
    scheme.info().event_headers.iter().find_map(|name| {
        let value = parts.headers.get(*name)?.to_str().ok()?;
        (value != event).then(|| value.to_string())
    })
}

fn finish(
    state: &State,
    parts: &hyper::http::request::Parts,
    size: usize,
    event: Option<&str>,
    verdict: Verdict,
    body: Option<&[u8]>,
) {
    let elapsed = u64::try_from(state.started.elapsed().as_millis()).unwrap_or(u64::MAX);
    state.last_request_ms.store(elapsed, Ordering::Relaxed);
    match verdict {
        Verdict::Verified(_) => state.verified.fetch_add(1, Ordering::Relaxed),
        Verdict::Duplicate => {
            state.verified.fetch_add(1, Ordering::Relaxed);
            state.duplicates.fetch_add(1, Ordering::Relaxed)
        }
        Verdict::Rejected(..) => state.rejected.fetch_add(1, Ordering::Relaxed),
    };
    if !state.options.quiet {
        let (green, yellow, red, reset) = if state.options.color {
            ("\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let clock = crate::payload::format_created_at(std::time::SystemTime::now());
        let time = clock.get(11..23).unwrap_or(&clock);
        let disagreement = event_header_disagreement(state, parts, event);
        let verdict = match verdict {
            Verdict::Verified(status) => format!("{green}verified{reset} -> {status}"),
            Verdict::Duplicate => format!("{yellow}duplicate{reset} (not forwarded) -> 200"),
            Verdict::Rejected(code, message) => {
                format!("{red}rejected{reset} {code}: {}", printable(&message))
            }
        };
        let mut line = format!(
            "{time}  {} {}  {}  {size} B  {verdict}",
            parts.method,
            printable(parts.uri.path()),
            event.map_or_else(|| "-".to_string(), printable),
        );
        if let Some(header) = disagreement {
            line.push_str(&format!(
                "\n  the event header says {:?}, the signed body says {:?}: trust the body (the header is not signed)",
                printable(&header),
                event.map(printable).unwrap_or_default()
            ));
        }
        if state.options.verbose {
            if let Some(body) = body {
                line.push('\n');
                line.push_str(&printable(&String::from_utf8_lossy(body)));
            }
        }
        (state.log)(line);
    }
    let handled = state
        .requests
        .fetch_add(1, Ordering::Relaxed)
        .saturating_add(1);
    if state.options.max_requests.is_some_and(|max| handled >= max) {
        state.max_reached.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn terminal_escapes_are_escaped() {
        assert_eq!(
            printable("a\u{1b}[2K\rverified -> 204\n"),
            "a\\u{001b}[2K\\u{000d}verified -> 204\\u{000a}"
        );
        assert_eq!(printable("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(printable("\u{9b}2J"), "\\u{009b}2J");
        assert_eq!(printable("order_status_update"), "order_status_update");
    }
}
