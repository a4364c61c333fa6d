//! Delivering signed events over HTTP, as Print.one's Webhook Service does.

use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use crate::config::WebhookConfig;

/// How the sender behaves on the wire.
#[derive(Debug, Clone)]
pub struct SenderOptions {
    /// A delivery without a response within this time has failed (Print.one: 30 s).
    pub timeout: Duration,
    /// How many deliveries may be in flight at once.
    pub concurrency: usize,
    /// How many times a failed delivery is tried again: no answer, a 5xx or a 429 (a 4xx
    /// rejection is final). The same signed request each time: the same body, the same headers
    /// (and so the same delivery id where the scheme has one), as providers retry.
    pub retries: u32,
    /// The wait before the first retry; it doubles with each one (at most a minute).
    pub retry_delay: Duration,
}

impl Default for SenderOptions {
    fn default() -> Self {
        SenderOptions {
            timeout: Duration::from_secs(30),
            concurrency: 8,
            retries: 0,
            retry_delay: Duration::from_secs(1),
        }
    }
}

/// One request ready to go: the body and every header, already signed.
#[derive(Debug, Clone)]
pub struct Job {
    /// Where it goes.
    pub url: String,
    /// The event name (for reports), or `"raw"` for a raw body.
    pub event: String,
    /// The exact bytes to post.
    pub body: Bytes,
    /// Every header, the signature included.
    pub headers: Vec<(String, String)>,
    /// True if the signature was corrupted on purpose: the receiver must reject it.
    pub tampered: bool,
}

/// A webhook with its signer prepared once.
pub struct Target {
    config: WebhookConfig,
    scheme: &'static hookproof::Scheme,
    signer: hookproof::Webhook,
    /// Signs with a key the receiver does not have: how `--tamper-rate` forges a signature that
    /// is well-formed for the scheme but must be rejected.
    forger: hookproof::Webhook,
}

/// The key tampered deliveries are signed with (for `standard`, a valid `whsec_` encoding).
const FORGER_SECRET: &str = "whsec_aG9va3Byb29mLXRhbXBlci1rZXk=";

impl Target {
    /// Prepares a webhook's signer. Fails on an unknown scheme, an unusable secret, or a key
    /// that cannot sign (a Standard Webhooks `whpk_` public key).
    pub fn new(config: WebhookConfig) -> Result<Target, String> {
        let scheme = crate::scheme_by_name(&config.scheme)?;
        let signer = hookproof::Webhook::new(scheme, [config.secret.as_str()])
            .map_err(|err| format!("secret ({}): {err}", err.code()))?;
        let forger = hookproof::Webhook::new(scheme, [FORGER_SECRET])
            .map_err(|err| format!("the tamper key ({}): {err}", err.code()))?;
        // Refuse a key that cannot sign now, with the core's reason, rather than on every job.
        signer
            .sign(b"", &hookproof::SignOptions::new())
            .map_err(|err| format!("secret ({}): {err}", err.code()))?;
        Ok(Target {
            config,
            scheme,
            signer,
            forger,
        })
    }

    /// The webhook's scheme.
    pub fn scheme(&self) -> &'static hookproof::Scheme {
        self.scheme
    }

    /// The webhook's configuration.
    pub fn config(&self) -> &WebhookConfig {
        &self.config
    }

    /// Signs `body` and builds the request the provider would send: its delivery headers
    /// (`content-type`, `user-agent`), the event header(s) naming `event` (for a raw body, none),
    /// the signature, then the webhook's own headers. `tamper` signs it with a key the receiver
    /// does not have instead.
    pub fn job(&self, event: Option<&str>, body: Vec<u8>, tamper: bool) -> Result<Job, String> {
        let info = self.scheme.info();
        let mut headers: Vec<(String, String)> = info
            .delivery_headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        if let Some(event) = event {
            for name in info.event_headers {
                headers.push((name.to_string(), event.to_string()));
            }
        }
        let signer = if tamper { &self.forger } else { &self.signer };
        let signed = signer
            .sign(&body, &hookproof::SignOptions::new())
            .map_err(|err| format!("cannot sign ({}): {err}", err.code()))?;
        headers.extend(
            signed
                .into_iter()
                .map(|(name, value)| (name.to_string(), value)),
        );
        headers.extend(self.config.headers.iter().cloned());
        Ok(Job {
            url: self.config.url.clone(),
            event: event.unwrap_or("raw").to_string(),
            body: body.into(),
            headers,
            tampered: tamper,
        })
    }
}

/// Whether delivery number `index` (0-based) is tampered at `rate`: exactly
/// `floor(n * rate)` of the first `n` deliveries are, spread evenly, with no randomness.
pub fn is_tampered(index: u64, rate: f64) -> bool {
    rate > 0.0 && ((index + 1) as f64 * rate).floor() > (index as f64 * rate).floor()
}

/// How a delivery ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The receiver answered 2xx.
    Delivered,
    /// The receiver answered, with a non-2xx status.
    Rejected,
    /// No response: timeout, refused connection, TLS or protocol error.
    Failed,
}

/// The report on one delivery.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Where it went.
    pub url: String,
    /// The event name, or `"raw"`.
    pub event: String,
    /// True if its signature was corrupted on purpose.
    pub tampered: bool,
    /// How it ended.
    pub outcome: Outcome,
    /// The receiver's status code, if it answered.
    pub status: Option<u16>,
    /// Why it failed, if it did not get an answer.
    pub error: Option<String>,
    /// From sending the request to the end of the response (or the failure), of the last try.
    #[serde(serialize_with = "millis")]
    pub latency: Duration,
    /// How many times it was sent (1 without retries).
    pub attempts: u32,
    /// How many tries were answered 503 (the receiver could not take it: its replay store was
    /// down, or too many handlers waited).
    pub unavailable: u32,
    /// The receiver acknowledged it as a duplicate (`200 {"duplicate":true}`, hookproof's answer).
    pub duplicate: bool,
}

impl Delivery {
    /// Whether a provider would try this delivery again: no answer, a 5xx, or 429.
    pub fn should_retry(&self) -> bool {
        match self.outcome {
            Outcome::Failed => true,
            Outcome::Rejected => self.status.is_some_and(|s| s >= 500 || s == 429),
            Outcome::Delivered => false,
        }
    }
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64() * 1000.0)
}

/// Posts jobs over HTTP(S) with bounded concurrency and a per-delivery timeout.
pub struct Sender {
    client: reqwest::Client,
    options: SenderOptions,
}

impl Sender {
    /// A sender with its own connection pool. Fails only if the TLS stack cannot start.
    pub fn new(options: SenderOptions) -> Result<Sender, String> {
        let client = reqwest::Client::builder()
            .timeout(options.timeout)
            .build()
            .map_err(|err| format!("cannot start the HTTP client: {err}"))?;
        Ok(Sender {
            client,
            options: SenderOptions {
                concurrency: options.concurrency.max(1),
                ..options
            },
        })
    }

    /// Delivers one job (with the retries of [`SenderOptions::retries`]) and reports how it
    /// went. Never panics and never returns an error: a failure is a [`Delivery`] with
    /// [`Outcome::Failed`].
    pub async fn deliver(&self, job: Job) -> Delivery {
        let mut attempt = 1u32;
        let mut unavailable = 0u32;
        loop {
            let mut delivery = self.deliver_once(job.clone()).await;
            if delivery.status == Some(503) {
                unavailable += 1;
            }
            delivery.attempts = attempt;
            delivery.unavailable = unavailable;
            if attempt > self.options.retries || !delivery.should_retry() {
                return delivery;
            }
            let backoff = self
                .options
                .retry_delay
                .saturating_mul(1u32 << (attempt - 1).min(16))
                .min(Duration::from_secs(60));
            tokio::time::sleep(backoff).await;
            attempt += 1;
        }
    }

    async fn deliver_once(&self, job: Job) -> Delivery {
        let mut request = self.client.post(&job.url).body(job.body);
        for (name, value) in &job.headers {
            request = request.header(name, value);
        }
        let started = Instant::now();
        let result = async {
            let response = request.send().await?;
            let status = response.status();
            // Read the whole response, so the connection returns to the pool and the latency
            // covers the receiver's full answer.
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, body))
        }
        .await;
        let latency = started.elapsed();
        let mut duplicate = false;
        let (outcome, status, error) = match result {
            Ok((status, body)) if status.is_success() => {
                // hookproof's answer to a duplicate, `{"duplicate": true}` in any JSON spacing.
                duplicate = serde_json::from_slice::<serde_json::Value>(&body)
                    .is_ok_and(|v| v.get("duplicate") == Some(&serde_json::Value::Bool(true)));
                (Outcome::Delivered, Some(status.as_u16()), None)
            }
            Ok((status, _)) => (Outcome::Rejected, Some(status.as_u16()), None),
            Err(err) => (
                Outcome::Failed,
                err.status().map(|s| s.as_u16()),
                Some(describe(&err, self.options.timeout)),
            ),
        };
        Delivery {
            url: job.url,
            event: job.event,
            tampered: job.tampered,
            outcome,
            status,
            error,
            latency,
            attempts: 1,
            unavailable: 0,
            duplicate,
        }
    }

    /// Delivers every job, at most `concurrency` at a time, calling `on_done` after each one.
    pub async fn deliver_all(
        &self,
        jobs: impl IntoIterator<Item = Job>,
        mut on_done: impl FnMut(&Delivery),
    ) -> Vec<Delivery> {
        let mut deliveries = Vec::new();
        let mut in_flight = stream::iter(jobs)
            .map(|job| self.deliver(job))
            .buffer_unordered(self.options.concurrency);
        while let Some(delivery) = in_flight.next().await {
            on_done(&delivery);
            deliveries.push(delivery);
        }
        deliveries
    }

    /// Delivers `event` with `data` to every active webhook subscribed to it whose filters all
    /// match, as Print.one does. Fails only if a webhook's key cannot sign.
    pub async fn send_event(
        &self,
        targets: &[Target],
        event: &str,
        data: &serde_json::Value,
    ) -> Result<Vec<Delivery>, String> {
        let jobs = targets
            .iter()
            .filter(|target| target.config().receives(event, data))
            .map(|target| {
                let body = crate::payload::event_body(
                    target.scheme(),
                    event,
                    data,
                    crate::payload::fresh_created_at(),
                );
                target.job(Some(event), body, false)
            })
            .collect::<Result<Vec<Job>, String>>()?;
        Ok(self.deliver_all(jobs, |_| {}).await)
    }
}

fn describe(err: &reqwest::Error, timeout: Duration) -> String {
    if err.is_timeout() {
        format!("no response within {:.1} s", timeout.as_secs_f64())
    } else if err.is_connect() {
        let mut cause: &dyn std::error::Error = err;
        while let Some(next) = cause.source() {
            cause = next;
        }
        format!("cannot connect: {cause}")
    } else if err.is_builder() {
        format!("invalid request: {err}")
    } else {
        format!("transport error: {err}")
    }
}

/// What a run of deliveries amounts to.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Deliveries attempted.
    pub sent: usize,
    /// Answered 2xx.
    pub delivered: usize,
    /// Answered with another status.
    pub rejected: usize,
    /// Got no answer.
    pub failed: usize,
    /// Deliveries whose signature was corrupted on purpose.
    pub tampered: usize,
    /// Tampered deliveries the receiver answered 2xx: a receiver that accepts forgeries.
    pub tampered_accepted: usize,
    /// Untampered deliveries that did not get a 2xx.
    pub valid_rejected: usize,
    /// Tries beyond the first, over all deliveries (`--retries`).
    pub retried: u64,
    /// Tries answered 503 (the receiver could not take them then).
    pub unavailable: u64,
    /// Deliveries the receiver acknowledged as duplicates.
    pub duplicates: usize,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub p99_ms: f64,
    /// Wall time of the whole run in seconds.
    pub elapsed_s: f64,
    /// Deliveries per second over the run.
    pub per_second: f64,
}

impl Summary {
    /// Summarises `deliveries` that took `elapsed` in all.
    pub fn new(deliveries: &[Delivery], elapsed: Duration) -> Summary {
        let count = |f: &dyn Fn(&Delivery) -> bool| deliveries.iter().filter(|d| f(d)).count();
        let mut latencies: Vec<f64> = deliveries
            .iter()
            .map(|d| d.latency.as_secs_f64() * 1000.0)
            .collect();
        latencies.sort_by(f64::total_cmp);
        let percentile = |p: f64| {
            if latencies.is_empty() {
                0.0
            } else {
                latencies
                    [((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1]
            }
        };
        let elapsed_s = elapsed.as_secs_f64();
        Summary {
            sent: deliveries.len(),
            delivered: count(&|d| d.outcome == Outcome::Delivered),
            rejected: count(&|d| d.outcome == Outcome::Rejected),
            failed: count(&|d| d.outcome == Outcome::Failed),
            tampered: count(&|d| d.tampered),
            tampered_accepted: count(&|d| d.tampered && d.outcome == Outcome::Delivered),
            valid_rejected: count(&|d| !d.tampered && d.outcome != Outcome::Delivered),
            retried: deliveries
                .iter()
                .map(|d| u64::from(d.attempts.saturating_sub(1)))
                .sum(),
            unavailable: deliveries.iter().map(|d| u64::from(d.unavailable)).sum(),
            duplicates: count(&|d| d.duplicate),
            p50_ms: percentile(0.50),
            p99_ms: percentile(0.99),
            elapsed_s,
            per_second: if elapsed_s > 0.0 {
                deliveries.len() as f64 / elapsed_s
            } else {
                0.0
            },
        }
    }

    /// True if every valid delivery was accepted and every tampered one refused.
    pub fn all_as_expected(&self) -> bool {
        self.tampered_accepted == 0 && self.valid_rejected == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tamper_rate_is_exact_and_spread() {
        let tampered: Vec<u64> = (0..200).filter(|&i| is_tampered(i, 0.01)).collect();
        assert_eq!(tampered, vec![99, 199]);
        assert_eq!((0..10_000).filter(|&i| is_tampered(i, 0.01)).count(), 100);
        assert_eq!((0..7).filter(|&i| is_tampered(i, 1.0)).count(), 7);
        assert_eq!((0..7).filter(|&i| is_tampered(i, 0.0)).count(), 0);
    }

    #[test]
    fn tampered_jobs_are_well_formed_but_never_verify_in_any_scheme() {
        for scheme in hookproof::scheme::ALL {
            let secret = if scheme.name() == "standard" {
                "whsec_c2VjcmV0LWtleQ=="
            } else {
                "whk_3f9a1c7e"
            };
            let config = WebhookConfig {
                url: "http://127.0.0.1:1/".into(),
                secret: secret.into(),
                events: vec![],
                active: true,
                headers: vec![],
                scheme: scheme.name().into(),
                filters: vec![],
            };
            let target = Target::new(config).unwrap();
            let receiver = hookproof::Webhook::new(scheme, [secret]).unwrap();
            for body in [&b""[..], b"{\"a\":1}", &[0xff; 100]] {
                let valid = target.job(Some("e"), body.to_vec(), false).unwrap();
                assert_eq!(
                    receiver.verify(body, &valid.headers),
                    Ok(()),
                    "{}",
                    scheme.name()
                );
                let tampered = target.job(Some("e"), body.to_vec(), true).unwrap();
                let code = receiver.verify(body, &tampered.headers).unwrap_err().code();
                assert_eq!(code, "signature_mismatch", "{}", scheme.name());
            }
        }
    }

    #[test]
    fn unknown_schemes_are_refused_by_name() {
        let config = WebhookConfig {
            url: "u".into(),
            secret: "s".into(),
            events: vec![],
            active: true,
            headers: vec![],
            scheme: "paypal".into(),
            filters: vec![],
        };
        let err = Target::new(config).err().unwrap();
        assert!(
            err.contains("unknown scheme")
                && !err.contains("paypal")
                && err.contains("printone, standard"),
            "{err}"
        );
    }

    #[test]
    fn summary_counts_verdicts_and_percentiles() {
        let delivery = |tampered, outcome, ms| Delivery {
            url: "u".into(),
            event: "e".into(),
            tampered,
            outcome,
            status: None,
            error: None,
            latency: Duration::from_millis(ms),
            attempts: 1,
            unavailable: 0,
            duplicate: false,
        };
        let deliveries: Vec<Delivery> = (1..=100)
            .map(|ms| delivery(false, Outcome::Delivered, ms))
            .chain([
                delivery(true, Outcome::Rejected, 1),
                delivery(true, Outcome::Delivered, 1),
            ])
            .chain([delivery(false, Outcome::Failed, 1)])
            .collect();
        let summary = Summary::new(&deliveries, Duration::from_secs(1));
        assert_eq!(
            (
                summary.sent,
                summary.delivered,
                summary.rejected,
                summary.failed
            ),
            (103, 101, 1, 1)
        );
        assert_eq!(
            (
                summary.tampered,
                summary.tampered_accepted,
                summary.valid_rejected
            ),
            (2, 1, 1)
        );
        assert!(!summary.all_as_expected());
        assert_eq!(summary.p99_ms, 99.0);
    }
}
