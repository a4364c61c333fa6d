//! `hookproof`: sign, verify, send and receive Print.one webhooks on your machine.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use hookproof_cli::deliver::{is_tampered, Job};
use hookproof_cli::listen::{self, ListenOptions};
use hookproof_cli::{
    explain, payload, ConfigFile, Sender, SenderOptions, Summary, Target, WebhookConfig,
};

/// Exit codes: 0 success, 1 a negative verdict (invalid signature, failed or wrong deliveries),
/// 2 bad usage or unreadable input.
const USAGE: u8 = 2;

/// The core's default scheme (the first it lists).
fn default_scheme() -> String {
    hookproof::scheme::default_scheme().name().to_string()
}

/// `--scheme`'s help, with the names the core ships. (The value is checked by the core, whose
/// error never echoes it: a misplaced argument could be a secret.)
fn scheme_help() -> String {
    format!(
        "The provider's signature scheme: {}",
        hookproof_cli::scheme_names().join(", ")
    )
}

#[derive(Parser)]
#[command(
    name = "hookproof",
    version,
    about = "Sign, verify, send and receive Print.one webhooks locally",
    long_about = "Sign, verify, send and receive Print.one webhooks locally.\n\n\
        The local loop: run `hookproof listen --secret-file secret.txt` in one terminal, then \
        `hookproof send --url http://127.0.0.1:8787/ --secret-file secret.txt --event all` in another \
        (or set HOOKPROOF_SECRET; --secret works too, but a command line shows in `ps`). \
        A --secret-file, or a --config's secrets, win over HOOKPROOF_SECRET. \
        Point `send` at your own app to test its receiver, or run `listen --forward URL` \
        in front of it to see each request's verdict before your app gets it.",
    after_help = "Exit status: 0 success, 1 invalid signature or failed deliveries, 2 bad usage."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the headers a Print.one sender attaches to a body (read from stdin or --file).
    Sign(SignArgs),
    /// Check a signature against a body (stdin or --file); exit 0 if valid, 1 if not.
    Verify(VerifyArgs),
    /// Deliver signed events to a receiver over HTTP(S), like Print.one's Webhook Service.
    Send(SendArgs),
    /// Run a local receiver on 127.0.0.1 that verifies every request and prints its verdict.
    Listen(ListenArgs),
}

#[derive(Args)]
struct SignArgs {
    #[arg(long, default_value_t = default_scheme(), help = scheme_help())]
    scheme: String,
    /// Unix seconds to sign (schemes with timestamps; default: now).
    #[arg(long)]
    timestamp: Option<i64>,
    /// Message id to sign (Standard Webhooks; default: a fresh one).
    #[arg(long)]
    msg_id: Option<String>,
    /// A file holding the webhook secret (its first line). Prefer it, or HOOKPROOF_SECRET, to
    /// --secret: a command line is visible to `ps` and in shell history.
    #[arg(long, value_name = "PATH")]
    secret_file: Option<PathBuf>,
    /// The webhook secret (as shown in Print.one's webhook settings).
    #[arg(
        long,
        env = "HOOKPROOF_SECRET",
        hide_env_values = true,
        required_unless_present = "secret_file",
        default_value = ""
    )]
    secret: String,
    /// The event the body is (printed as the provider's event header).
    #[arg(long)]
    event: Option<String>,
    /// Print only the signature header lines, not the provider's other headers.
    #[arg(long, conflicts_with = "value_only")]
    header_only: bool,
    /// Print only the signature value (for scripts).
    #[arg(long)]
    value_only: bool,
    /// Read the body from this file instead of stdin.
    #[arg(long)]
    file: Option<PathBuf>,
}

#[derive(Args)]
struct VerifyArgs {
    #[arg(long, default_value_t = default_scheme(), help = scheme_help())]
    scheme: String,
    /// A request header, `Name: value` (repeatable): for schemes that need more than one header
    /// (timestamps, ids), or to check exactly what a request carried.
    #[arg(
        long = "header",
        value_name = "NAME:VALUE",
        required_unless_present = "signature"
    )]
    headers: Vec<String>,
    /// The receiver's clock in Unix seconds, for checking an old request (default: now).
    #[arg(long)]
    now: Option<i64>,
    /// A file holding the webhook secret (its first line): not in `ps` or shell history.
    #[arg(long, value_name = "PATH")]
    secret_file: Option<PathBuf>,
    /// The webhook secret.
    #[arg(
        long,
        env = "HOOKPROOF_SECRET",
        hide_env_values = true,
        required_unless_present = "secret_file",
        default_value = ""
    )]
    secret: String,
    /// The value of the scheme's signature header (`x-webhook-hmac-sha256` for Print.one).
    #[arg(long)]
    signature: Option<String>,
    /// On a mismatch, diagnose the usual mistakes (hex instead of base64, a changed trailing
    /// newline, a re-serialized JSON body, whitespace or quotes around the secret, a header name
    /// pasted with the value, a `whsec_` secret used raw). Never turns a mismatch into a pass.
    #[arg(long)]
    explain: bool,
    /// Read the body from this file instead of stdin.
    #[arg(long)]
    file: Option<PathBuf>,
}

#[derive(Args)]
struct SendArgs {
    #[arg(long, default_value_t = default_scheme(), help = scheme_help(), conflicts_with = "config")]
    scheme: String,
    /// The receiver's URL (http:// or https://). Not needed with --config. Repeat it for the
    /// replicas of one receiver: each delivery goes to one of them, in turn (not to all).
    #[arg(long, required_unless_present = "config")]
    url: Vec<String>,
    /// A file holding the secret to sign with (its first line): not in `ps` or shell history.
    #[arg(long, value_name = "PATH", conflicts_with = "config")]
    secret_file: Option<PathBuf>,
    /// The webhook secret to sign with. Not needed with --config or --secret-file.
    #[arg(
        long,
        env = "HOOKPROOF_SECRET",
        hide_env_values = true,
        required_unless_present_any = ["config", "secret_file"]
    )]
    secret: Option<String>,
    /// Event to send: a name the scheme has a sample for (Print.one: order_status_update,
    /// template_preview_rendered, batch_status_update, coupon_code_used), any other name with
    /// --data, or `all` for every sample. Repeatable.
    #[arg(long, required_unless_present = "body")]
    event: Vec<String>,
    /// A JSON file with the event's `data` (default: a realistic sample for the event).
    #[arg(long, conflicts_with = "body")]
    data: Option<PathBuf>,
    /// Post this file's bytes as the body, exactly, instead of an event (any bytes).
    #[arg(long)]
    body: Option<PathBuf>,
    /// An extra header to send, `Name: value`. Repeatable.
    #[arg(long = "header", value_name = "NAME:VALUE")]
    headers: Vec<String>,
    /// How many times to send each event (each time a new event: a new `created_at`).
    #[arg(long, default_value_t = 1)]
    count: u64,
    /// Deliver each event this many times, the same signed request each time (as a provider
    /// redelivers: the receiver must process it once and acknowledge the rest as duplicates).
    #[arg(long, default_value_t = 1)]
    repeat: u64,
    /// Deliveries in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Corrupt this fraction (0 to 1) of signatures on purpose; the receiver must reject them.
    #[arg(long, default_value_t = 0.0)]
    tamper_rate: f64,
    /// Seconds without a response before a delivery has failed (Print.one waits 30).
    #[arg(long, default_value_t = 30.0)]
    timeout: f64,
    /// Try a failed delivery (no answer, 5xx, 429) again this many times, with the same signed
    /// request (body, headers, delivery id), waiting --retry-delay, then twice as long each time.
    #[arg(long, default_value_t = 0)]
    retries: u32,
    /// Seconds before the first retry (doubling, at most 60).
    #[arg(long, default_value_t = 1.0)]
    retry_delay: f64,
    /// A TOML file of webhooks (url, secret, events, active, headers): the event goes to every
    /// active webhook subscribed to it.
    #[arg(long, conflicts_with = "url")]
    config: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// Print no line per delivery, only the summary.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args)]
struct ListenArgs {
    #[arg(long, default_value_t = default_scheme(), help = scheme_help())]
    scheme: String,
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// A file holding the webhook secret, one per line (several lines: rotation). Prefer it,
    /// or HOOKPROOF_SECRET, to --secret: a command line is visible to `ps` and in shell history.
    #[arg(long, value_name = "PATH")]
    secret_file: Option<PathBuf>,
    /// The webhook secret; repeat it to accept several (rotation). Visible in `ps`: prefer
    /// --secret-file or HOOKPROOF_SECRET.
    #[arg(
        long,
        env = "HOOKPROOF_SECRET",
        hide_env_values = true,
        required_unless_present = "secret_file"
    )]
    secret: Vec<String>,
    /// Pass verified, new requests on to your app at this URL, unchanged, and relay its answer
    /// (a duplicate is acknowledged without being forwarded).
    #[arg(long)]
    forward: Option<String>,
    /// Replay protection: `memory`, or a redis:// URL shared with other receivers. A duplicate
    /// is answered 200 and not forwarded; a forward that fails releases its claim.
    #[arg(long, value_name = "memory|redis://...")]
    replay: Option<String>,
    /// Also print each request's body (escaped).
    #[arg(short, long)]
    verbose: bool,
    /// Print only the final summary.
    #[arg(long)]
    quiet: bool,
    /// Stop after this many requests.
    #[arg(long)]
    max_requests: Option<u64>,
    /// Stop after this many seconds without a request.
    #[arg(long)]
    idle_timeout: Option<f64>,
    /// Refuse bodies larger than this many bytes (413, without reading the rest).
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Seconds a client has to send its request headers.
    #[arg(long, default_value_t = 10.0)]
    header_timeout: f64,
    /// Seconds a client has to send its body once its headers arrived.
    #[arg(long, default_value_t = 30.0)]
    body_timeout: f64,
    /// Open connections at most (more are closed at once).
    #[arg(long, default_value_t = 1024)]
    max_connections: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sign(args) => sign(args),
        Command::Verify(args) => verify(args),
        Command::Send(args) => runtime().and_then(|rt| rt.block_on(send(args))),
        Command::Listen(args) => runtime().and_then(|rt| rt.block_on(listen(args))),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("hookproof: {message}");
            ExitCode::from(USAGE)
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the async runtime: {err}"))
}

fn read_body(file: Option<&PathBuf>) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    match file {
        Some(path) => {
            body = std::fs::read(path)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        }
        None => {
            if std::io::stdin().is_terminal() {
                return Err("no body: pipe it on stdin (`< body.json`) or pass --file".into());
            }
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|err| format!("cannot read stdin: {err}"))?;
        }
    }
    Ok(body)
}

fn sign(args: SignArgs) -> Result<u8, String> {
    let body = read_body(args.file.as_ref())?;
    let scheme = hookproof_cli::scheme_by_name(&args.scheme)?;
    let secret = match &args.secret_file {
        Some(path) => first_secret(path)?,
        None => args.secret.clone(),
    };
    let signer = hookproof::Webhook::new(scheme, [secret.as_str()])
        .map_err(|err| format!("--secret ({}): {err}", err.code()))?;
    let mut options = hookproof::SignOptions::new();
    if let Some(timestamp) = args.timestamp {
        options = options.timestamp(timestamp);
    }
    if let Some(id) = args.msg_id {
        options = options.msg_id(id);
    }
    let signed = signer.sign(&body, &options).map_err(|err| {
        let flag = if err.code() == "invalid_secret" {
            "--secret"
        } else {
            "signing"
        };
        format!("{flag} ({}): {err}", err.code())
    })?;
    let mut out = std::io::stdout().lock();
    if args.value_only {
        // The signature header is the last one every scheme emits.
        if let Some((_, value)) = signed.last() {
            writeln!(out, "{value}").ok();
        }
        return Ok(0);
    }
    if !args.header_only {
        for (name, value) in scheme.info().delivery_headers {
            writeln!(out, "{name}: {value}").ok();
        }
        if let Some(event) = &args.event {
            for name in scheme.info().event_headers {
                writeln!(out, "{name}: {event}").ok();
            }
        }
    }
    for (name, value) in &signed {
        writeln!(out, "{name}: {value}").ok();
    }
    Ok(0)
}

fn verify(args: VerifyArgs) -> Result<u8, String> {
    let body = read_body(args.file.as_ref())?;
    let scheme = hookproof_cli::scheme_by_name(&args.scheme)?;
    let mut headers = parse_headers(&args.headers)?;
    if let Some(signature) = &args.signature {
        headers.push((scheme.signature_header().to_string(), signature.clone()));
    }
    let secret = match &args.secret_file {
        Some(path) => first_secret(path)?,
        None => args.secret.clone(),
    };
    let mut verifier = hookproof::Webhook::new(scheme, [secret.as_str()])
        .map_err(|err| format!("--secret ({}): {err}", err.code()))?;
    if let Some(now) = args.now {
        verifier = verifier.with_clock(hookproof::Clock::Fixed(now));
    }
    // The verdict comes from the core alone, on the inputs exactly as given.
    match verifier.verify(&body, &headers) {
        Ok(()) => {
            println!(
                "valid: the signature matches the body ({} bytes)",
                body.len()
            );
            Ok(0)
        }
        Err(err) => {
            println!("invalid ({}): {err}", err.code());
            match (&args.signature, args.explain) {
                (Some(signature), true) if explain::supports(scheme) => {
                    for finding in explain::explain(scheme, &body, signature, &secret) {
                        println!("  likely cause [{}]: {}", finding.cause, finding.advice);
                    }
                }
                (_, true) => println!(
                    "  --explain diagnoses signatures given with --signature, for schemes that \
                     sign only the body"
                ),
                (_, false) => println!("  run again with --explain to diagnose the usual mistakes"),
            }
            Ok(1)
        }
    }
}

/// `Name: value` arguments as header pairs.
fn parse_headers(raw: &[String]) -> Result<Vec<(String, String)>, String> {
    raw.iter()
        .map(|header| {
            header
                .split_once(':')
                .filter(|(name, _)| !name.trim().is_empty())
                .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
                .ok_or_else(|| format!("--header {header:?}: expected `Name: value`"))
        })
        .collect()
}

/// One thing to post: a named event built from its data, or raw bytes exactly as given.
enum Item {
    Event {
        name: String,
        data: serde_json::Value,
    },
    Raw(Vec<u8>),
}

impl Item {
    fn name(&self) -> &str {
        match self {
            Item::Event { name, .. } => name,
            Item::Raw(_) => "raw",
        }
    }

    /// Raw bodies go to every target; events only to active webhooks subscribed to them whose
    /// filters all match.
    fn goes_to(&self, target: &Target) -> bool {
        match self {
            Item::Raw(_) => true,
            Item::Event { name, data } => target.config().receives(name, data),
        }
    }

    /// A fresh body in the target's scheme (events get a new `created_at` per delivery).
    fn body(&self, target: &Target) -> Vec<u8> {
        match self {
            Item::Event { name, data } => {
                payload::event_body(target.scheme(), name, data, payload::fresh_created_at())
            }
            Item::Raw(bytes) => bytes.clone(),
        }
    }

    /// The event name for the provider's event header (none for a raw body).
    fn event(&self) -> Option<&str> {
        match self {
            Item::Event { name, .. } => Some(name),
            Item::Raw(_) => None,
        }
    }
}

/// What one `send` run posts: each item `count` times to each target that takes it.
struct Plan {
    targets: Vec<Target>,
    items: Vec<Item>,
    count: u64,
    repeat: u64,
    tamper_rate: f64,
    /// Replicas of the one receiver (several `--url`): deliveries are spread over them.
    replicas: Vec<String>,
}

impl Plan {
    fn round(&self) -> Vec<(&Target, &Item)> {
        self.items
            .iter()
            .flat_map(|item| {
                self.targets
                    .iter()
                    .filter(move |t| item.goes_to(t))
                    .map(move |t| (t, item))
            })
            .collect()
    }

    /// The deliveries, built lazily so a long run never holds every body at once. (Every
    /// target's key was checked to sign when the plan was made, so a job cannot fail here.)
    fn jobs(&self) -> impl Iterator<Item = Job> + '_ {
        let round = self.round();
        let mut sent = 0usize;
        (0..self.count)
            .flat_map(move |_| round.clone())
            .enumerate()
            .filter_map(move |(index, (target, item))| {
                target
                    .job(
                        item.event(),
                        item.body(target),
                        is_tampered(index as u64, self.tamper_rate),
                    )
                    .ok()
            })
            .flat_map(move |job| {
                let copies: Vec<Job> = (0..self.repeat)
                    .map(|_| {
                        let mut copy = job.clone();
                        if !self.replicas.is_empty() {
                            copy.url = self.replicas[sent % self.replicas.len()].clone();
                            sent += 1;
                        }
                        copy
                    })
                    .collect();
                copies
            })
    }

    fn total(&self) -> u64 {
        self.round().len() as u64 * self.count * self.repeat
    }
}

fn is_positive_seconds(secs: f64) -> bool {
    secs.is_finite() && secs > 0.0
}

/// `--timeout` as a duration: positive and in range (1e20 s is neither a panic nor forever).
fn timeout(secs: f64) -> Result<Duration, String> {
    if !is_positive_seconds(secs) {
        return Err("--timeout must be a positive number of seconds".into());
    }
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| *d <= Duration::from_secs(365 * 24 * 3600))
        .ok_or_else(|| "--timeout must be at most a year (31536000 seconds)".into())
}

fn plan(args: &SendArgs) -> Result<Plan, String> {
    if !(0.0..=1.0).contains(&args.tamper_rate) {
        return Err("--tamper-rate must be between 0 and 1".into());
    }
    timeout(args.timeout)?;
    let samples = hookproof_cli::scheme_by_name(&args.scheme)?;
    let mut events: Vec<String> = Vec::new();
    for event in &args.event {
        if event == "all" {
            events.extend(
                payload::sample_events(samples)
                    .into_iter()
                    .map(String::from),
            );
        } else {
            events.push(event.clone());
        }
    }
    let headers = parse_headers(&args.headers)?;
    let raw = match &args.body {
        Some(path) => Some(
            std::fs::read(path)
                .map_err(|err| format!("cannot read --body {}: {err}", path.display()))?,
        ),
        None => None,
    };
    let data = match &args.data {
        Some(path) => {
            let text = std::fs::read(path)
                .map_err(|err| format!("cannot read --data {}: {err}", path.display()))?;
            Some(
                serde_json::from_slice::<serde_json::Value>(&text)
                    .map_err(|err| format!("--data {} is not JSON: {err}", path.display()))?,
            )
        }
        None => None,
    };
    let items = if let Some(raw) = raw {
        vec![Item::Raw(raw)]
    } else {
        events
            .into_iter()
            .map(|event| {
                let data = data.clone().or_else(|| payload::sample_data(samples, &event)).ok_or_else(|| {
                    format!(
                        "no sample data for event {event:?}: pass --data FILE (the samples cover {})",
                        payload::sample_events(samples).join(", ")
                    )
                })?;
                Ok(Item::Event { name: event, data })
            })
            .collect::<Result<Vec<_>, String>>()?
    };
    let configs = match &args.config {
        Some(path) => ConfigFile::load(path)?.webhooks,
        None => {
            let url = args
                .url
                .first()
                .cloned()
                .ok_or("--url is required without --config")?;
            for replica in &args.url {
                reqwest::Url::parse(replica).map_err(|err| format!("--url {replica}: {err}"))?;
            }
            let secret = match &args.secret_file {
                Some(path) => first_secret(path)?,
                None => args
                    .secret
                    .clone()
                    .ok_or("--secret is required without --config")?,
            };
            reqwest::Url::parse(&url).map_err(|err| format!("--url {url}: {err}"))?;
            let events = items.iter().map(|item| item.name().to_string()).collect();
            vec![WebhookConfig {
                url,
                secret,
                events,
                active: true,
                headers: Vec::new(),
                scheme: args.scheme.clone(),
                filters: Vec::new(),
            }]
        }
    };
    let targets = configs
        .into_iter()
        .map(|mut config| {
            config.headers.extend(headers.iter().cloned());
            let url = config.url.clone();
            Target::new(config).map_err(|err| format!("webhook {url}: {err}"))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if args.repeat == 0 {
        return Err("--repeat must be at least 1".into());
    }
    Ok(Plan {
        targets,
        items,
        count: args.count,
        repeat: args.repeat,
        tamper_rate: args.tamper_rate,
        replicas: if args.url.len() > 1 {
            args.url.clone()
        } else {
            Vec::new()
        },
    })
}

async fn send(args: SendArgs) -> Result<u8, String> {
    let plan = plan(&args)?;
    let total = plan.total();
    if total == 0 {
        println!("nothing to send: no active webhook subscribes to these events");
        return Ok(0);
    }
    if !(args.retry_delay.is_finite() && args.retry_delay >= 0.0 && args.retry_delay <= 60.0) {
        return Err("--retry-delay must be between 0 and 60 seconds".into());
    }
    let sender = Sender::new(SenderOptions {
        timeout: timeout(args.timeout)?,
        concurrency: args.concurrency,
        retries: args.retries,
        retry_delay: Duration::from_secs_f64(args.retry_delay),
    })?;
    let progress = (total > 1 && std::io::stderr().is_terminal() && !args.json)
        .then(|| indicatif::ProgressBar::new(total));
    let per_delivery_lines = !args.quiet && !args.json && total <= 50;
    let started = Instant::now();
    let deliveries = sender
        .deliver_all(plan.jobs(), |delivery| {
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            if per_delivery_lines {
                let status = delivery.status.map_or("---".to_string(), |s| s.to_string());
                let note = delivery.error.as_deref().unwrap_or_default();
                let tampered = if delivery.tampered { " (tampered)" } else { "" };
                println!(
                    "{status} {:>7.1} ms  {}{tampered}  -> {}  {note}",
                    delivery.latency.as_secs_f64() * 1000.0,
                    delivery.event,
                    delivery.url
                );
            }
        })
        .await;
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let summary = Summary::new(&deliveries, started.elapsed());
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&summary).expect("summaries serialise")
        );
    } else {
        print_summary(&summary, &deliveries);
    }
    Ok(if summary.all_as_expected() { 0 } else { 1 })
}

fn print_summary(summary: &Summary, deliveries: &[hookproof_cli::Delivery]) {
    println!(
        "sent {} in {:.2} s ({:.0}/s): {} 2xx, {} rejected, {} failed",
        summary.sent,
        summary.elapsed_s,
        summary.per_second,
        summary.delivered,
        summary.rejected,
        summary.failed
    );
    if summary.tampered > 0 {
        println!(
            "tampered: {} sent, {} accepted by the receiver (must be 0)",
            summary.tampered, summary.tampered_accepted
        );
    }
    println!("valid deliveries rejected: {}", summary.valid_rejected);
    if summary.duplicates > 0 {
        println!("acknowledged as duplicates: {}", summary.duplicates);
    }
    if summary.retried > 0 {
        println!(
            "retried: {} tries beyond the first ({} answered 503)",
            summary.retried, summary.unavailable
        );
    }
    println!(
        "latency: p50 {:.1} ms, p99 {:.1} ms",
        summary.p50_ms, summary.p99_ms
    );
    if let Some(failure) = deliveries.iter().find_map(|d| d.error.as_ref()) {
        println!("first failure: {failure}");
    }
}

async fn listen(args: ListenArgs) -> Result<u8, String> {
    let idle_timeout = match args.idle_timeout {
        Some(secs) if !is_positive_seconds(secs) => {
            return Err("--idle-timeout must be positive".into())
        }
        other => other.map(Duration::from_secs_f64),
    };
    for (name, secs) in [
        ("--header-timeout", args.header_timeout),
        ("--body-timeout", args.body_timeout),
    ] {
        if !is_positive_seconds(secs) {
            return Err(format!("{name} must be a positive number of seconds"));
        }
    }
    let secrets = match &args.secret_file {
        Some(path) => secrets_from_file(path)?,
        None => args.secret,
    };
    let options = ListenOptions {
        port: args.port,
        scheme: args.scheme,
        secrets,
        forward: args.forward,
        replay: args.replay,
        verbose: args.verbose,
        quiet: args.quiet,
        max_requests: args.max_requests,
        idle_timeout,
        max_body: args.max_body,
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        body_timeout: Duration::from_secs_f64(args.body_timeout),
        max_connections: args.max_connections,
        color: std::io::stdout().is_terminal(),
    };
    let log: listen::LogSink = Arc::new(|line| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    });
    let bound = listen::bind(options, log).await?;
    println!(
        "listening on http://{} (Ctrl-C to stop)",
        bound.local_addr()
    );
    let summary = bound.run().await;
    println!(
        "received {} requests: {} verified ({} duplicates), {} rejected",
        summary.requests, summary.verified, summary.duplicates, summary.rejected
    );
    Ok(0)
}

/// The first secret in a file (see `secrets_from_file`).
fn first_secret(path: &std::path::Path) -> Result<String, String> {
    Ok(secrets_from_file(path)?.swap_remove(0))
}

/// The secrets in a file: one per line, surrounding whitespace (a trailing newline) removed,
/// blank lines skipped. Never echoes the file's content.
fn secrets_from_file(path: &std::path::Path) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("--secret-file {}: {err}", path.display()))?;
    let secrets: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if secrets.is_empty() {
        return Err(format!(
            "--secret-file {}: the file holds no secret",
            path.display()
        ));
    }
    Ok(secrets)
}
