//! The binding-support layer: every policy the Python, Node and WebAssembly bindings share, so
//! that a binding only converts its language's values.
//!
//! Not part of the semver API (hidden from the docs): its callers are the bindings in this
//! repository, which are released with the core. What lives here, and why it is not in a
//! binding:
//!
//! - scheme lookup by name, whose error never echoes the name (a misplaced argument could be a
//!   secret);
//! - seconds and Unix times from a float, one rule for every language: a clear
//!   `invalid_argument`, never a panic, a saturation or a silent zero;
//! - the one-shot verify with an optional signature ("a missing header is `false`, an unusable
//!   secret raises");
//! - verify / construct_event / sign with a clock per call;
//! - the HTTP answer for an error, the body-size limit and its parsing, the replay guard;
//! - header adapters for the shapes bindings pass ([`Slots`]);
//! - the manifest the generated lists are made from ([`manifest_json`]).

use std::time::Duration;

use crate::headers::Headers;
use crate::scheme::{Scheme, SignOptions, SignedHeaders, ALL};
use crate::webhook::Clock;
use crate::{Error, Webhook};

pub use crate::replay;

/// The scheme named `name`, or the default scheme for `None`. An unknown name is
/// `invalid_argument` that says how long it was and lists the known ones, never the name itself.
pub fn scheme(name: Option<&str>) -> Result<&'static Scheme, Error> {
    let Some(name) = name else {
        return Ok(crate::scheme::default_scheme());
    };
    crate::scheme::by_name(name).ok_or_else(|| {
        let known: Vec<&str> = ALL.iter().map(|s| s.name()).collect();
        Error::invalid_argument(
            "scheme",
            format!(
                "unknown scheme (a name of {} characters, not shown in case it is a misplaced \
                 secret); known schemes: {}",
                name.chars().count(),
                known.join(", ")
            ),
        )
    })
}

/// A duration in seconds from a float (a tolerance, a maximum age, a TTL): finite and
/// non-negative, else `invalid_argument`.
pub fn seconds(value: f64, argument: &'static str) -> Result<Duration, Error> {
    if value.is_nan() || value < 0.0 {
        return Err(Error::invalid_argument(
            argument,
            "it must be a non-negative number of seconds",
        ));
    }
    Duration::try_from_secs_f64(value).map_err(|_| {
        Error::invalid_argument(argument, "it must be a finite number of seconds in range")
    })
}

/// Unix seconds from a float (`Date.now() / 1000`, `time.time()`), rounded down: finite and
/// within a 64-bit integer, else `invalid_argument`.
pub fn unix_time(value: f64, argument: &'static str) -> Result<i64, Error> {
    let whole = value.floor();
    // i64::MAX as f64 rounds up to 2^63, which is out of range; i64::MIN as f64 is exact.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if whole.is_finite() && (-LIMIT..LIMIT).contains(&whole) {
        #[allow(clippy::cast_possible_truncation)] // checked to be in range just above
        Ok(whole as i64)
    } else {
        Err(Error::invalid_argument(
            argument,
            "it must be a finite number of Unix seconds within the range of a 64-bit integer",
        ))
    }
}

/// The one-shot Print.one check of the bindings: a missing signature (`None`, the header was
/// absent) is `false`, like a wrong one; an unusable secret is an error either way.
pub fn verify_one_shot(
    body: &[u8],
    signature: Option<&[u8]>,
    secret: &[u8],
) -> Result<bool, Error> {
    match signature {
        Some(signature) => crate::verify(body, signature, secret),
        None => crate::secret::check_hmac_key(secret).map(|()| false),
    }
}

fn clock(webhook: &Webhook, now: Option<i64>) -> Clock {
    now.map_or(webhook.clock(), Clock::Fixed)
}

/// [`Webhook::verify`] with the caller's clock (`None`: the webhook's own).
pub fn verify(
    webhook: &Webhook,
    body: &[u8],
    headers: &dyn Headers,
    now: Option<i64>,
) -> Result<(), Error> {
    webhook.verify_at(body, headers, clock(webhook, now))
}

/// What `construct_event` gives a binding: the scheme's typed envelope, or for a scheme without
/// one, the body parsed as JSON.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq)]
pub enum Constructed {
    /// `{event, data, created_at}` of a scheme with a typed event.
    Envelope(crate::event::Envelope),
    /// The provider's JSON body.
    Json(serde_json::Value),
}

/// Verifies with the caller's clock, then parses the event.
#[cfg(feature = "json")]
pub fn construct_event(
    webhook: &Webhook,
    body: &[u8],
    headers: &dyn Headers,
    now: Option<i64>,
) -> Result<Constructed, Error> {
    verify(webhook, body, headers, now)?;
    parse_event(webhook.scheme(), body)
}

/// What a JavaScript binding needs of a constructed event: the core validates the body and
/// extracts the envelope's fields; the binding then turns the verified JSON into its values with
/// its own JSON parser (`JSON.parse`), which is faster than building them one by one.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// A typed envelope: its `event`, whether it is documented, `created_at` as sent and in
    /// Unix milliseconds. The data is the body's `data`.
    Envelope {
        /// The event name.
        event: String,
        /// One of the scheme's documented events.
        known: bool,
        /// `created_at` as sent.
        created_at: String,
        /// `created_at` in Unix milliseconds.
        created_at_unix_ms: i64,
    },
    /// The body is well-formed JSON (a scheme without a typed event).
    Json,
}

/// Verifies with the caller's clock, then validates the event as [`Summary`].
#[cfg(feature = "json")]
pub fn construct_summary(
    webhook: &Webhook,
    body: &[u8],
    headers: &dyn Headers,
    now: Option<i64>,
) -> Result<Summary, Error> {
    verify(webhook, body, headers, now)?;
    let scheme = webhook.scheme();
    if let Some(shape) = scheme.info().envelope {
        let fields = crate::event::envelope_fields(shape, body, scheme.info().title)?;
        return Ok(Summary::Envelope {
            event: fields.event,
            known: fields.known,
            created_at: fields.created_at,
            created_at_unix_ms: fields.created_at_unix_ms,
        });
    }
    let text = crate::event::utf8_body(body)?;
    let shape = format!("a {} event (JSON)", scheme.info().title);
    serde_json::from_str::<crate::event::Checked>(text)
        .map(|_| Summary::Json)
        .map_err(|err| crate::event::json_error(&err, &shape))
}

/// The error a helper raises itself, by code, with the core's message: `body_too_large`
/// (`number` is the limit), `raw_body_unavailable`, `overloaded` (`number` is the bound) or
/// `store_unavailable` (`reason` is the client's message, cleaned). `None` for another code.
pub fn helper_error(code: &str, number: f64, reason: Option<&str>) -> Option<Error> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a count, clamped
    let count = if number.is_finite() && number >= 0.0 {
        number.min(9.007_199_254_740_992e15) as u64
    } else {
        0
    };
    match code {
        "body_too_large" => Some(Error::BodyTooLarge { limit: count }),
        "raw_body_unavailable" => Some(Error::RawBodyUnavailable),
        "overloaded" => Some(Error::Overloaded { pending: count }),
        "store_unavailable" => Some(replay::store_unavailable(reason.unwrap_or_default())),
        _ => None,
    }
}

/// Parses a verified body as the scheme's event (no verification).
#[cfg(feature = "json")]
pub fn parse_event(scheme: &Scheme, body: &[u8]) -> Result<Constructed, Error> {
    if let Some(shape) = scheme.info().envelope {
        return crate::event::envelope(shape, body, scheme.info().title).map(Constructed::Envelope);
    }
    let text = crate::event::utf8_body(body)?;
    let shape = format!("a {} event (JSON)", scheme.info().title);
    serde_json::from_str(text)
        .map(Constructed::Json)
        .map_err(|err| crate::event::json_error(&err, &shape))
}

/// [`Webhook::sign`] with the caller's clock and options.
pub fn sign(
    webhook: &Webhook,
    body: &[u8],
    timestamp: Option<i64>,
    msg_id: Option<String>,
    now: Option<i64>,
) -> Result<SignedHeaders, Error> {
    let options = SignOptions { timestamp, msg_id };
    webhook.sign_at(body, &options, clock(webhook, now))
}

/// The HTTP status `scheme` answers an error with, by the error's code (for bindings that hold
/// the code of an exception rather than a core error). `None` for an unknown code.
pub fn http_status_for_code(scheme: &Scheme, code: &str) -> Option<u16> {
    sample_errors()
        .iter()
        .find(|e| e.code() == code)
        .map(|e| scheme.http_status(e))
}

/// The JSON body every helper answers an error with: `{"code": ..., "message": ...}`.
pub fn error_json(error: &Error) -> String {
    let mut out = String::from("{\"code\":\"");
    out.push_str(error.code());
    out.push_str("\",\"message\":");
    out.push_str(&json_string(&error.to_string()));
    out.push('}');
    out
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(2));
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The status and JSON body a helper answers a duplicate delivery with: 200 (the sender must
/// stop retrying), `{"duplicate": true}`.
pub const DUPLICATE_STATUS: u16 = 200;
/// See [`DUPLICATE_STATUS`].
pub const DUPLICATE_BODY: &str = "{\"duplicate\":true}";

// ---------------------------------------------------------------------------------------------
// Body size

/// The body-size limit every helper applies unless configured otherwise: 1 MiB. Print.one,
/// Stripe, Standard Webhooks, Shopify and Slack events are far smaller; GitHub caps its payloads
/// at 25 MB, so a GitHub receiver that takes push events with large diffs raises it.
pub const DEFAULT_BODY_LIMIT: u64 = 1024 * 1024;

/// A body limit given as a number of bytes: a whole number of at least 1.
pub fn body_limit_from_number(value: f64) -> Result<u64, Error> {
    if value.is_finite()
        && value >= 1.0
        && value.fract() == 0.0
        && value <= 9.007_199_254_740_992e15
    {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked above
        Ok(value as u64)
    } else {
        Err(Error::invalid_argument(
            "body_limit",
            "a limit in bytes is a whole number of at least 1 (or a size such as \"1mb\")",
        ))
    }
}

/// A body limit given as text: `"1048576"`, `"512kb"`, `"1mb"`, `"1.5 MiB"`, `"2gb"` (units are
/// 1024-based, any case, as in Express's and Fastify's size options).
pub fn body_limit_from_text(text: &str) -> Result<u64, Error> {
    let invalid = || {
        Error::invalid_argument(
            "body_limit",
            "a size is a number of bytes or a number with b, kb, mb or gb (e.g. \"1mb\")",
        )
    };
    let text = text.trim().to_ascii_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let multiplier: u64 = match unit.trim() {
        "" | "b" => 1,
        "kb" | "kib" | "k" => 1 << 10,
        "mb" | "mib" | "m" => 1 << 20,
        "gb" | "gib" | "g" => 1 << 30,
        _ => return Err(invalid()),
    };
    // Whole and fractional digits in integer arithmetic (no float parser in the module).
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let digits = |text: &str| -> Option<u64> {
        text.bytes().try_fold(0u64, |n, b| {
            n.checked_mul(10)?
                .checked_add(u64::from(b.wrapping_sub(b'0')))
        })
    };
    let scale = 10u64.pow(u32::try_from(fraction.len()).unwrap_or(0));
    let bytes = digits(whole)
        .and_then(|w| w.checked_mul(multiplier))
        .and_then(|w| {
            let part = digits(fraction)?
                .checked_mul(multiplier)?
                .checked_div(scale)?;
            w.checked_add(part)
        })
        .ok_or_else(invalid)?;
    if bytes == 0 {
        return Err(invalid());
    }
    Ok(bytes)
}

/// Checks a declared `content-length` against the limit before any byte is read: over it is
/// `body_too_large`. A missing or unparsable value passes (the limit is then enforced while
/// reading).
pub fn check_content_length(value: Option<&[u8]>, limit: u64) -> Result<(), Error> {
    declared_length(value, limit).map(|_| ())
}

/// [`check_content_length`], with the declared length when there is one: a helper whose server
/// frames the body by it (HTTP/1.1 reads exactly that many bytes) need not count while reading.
/// `None`: no usable declaration, so the limit must be enforced while reading.
pub fn declared_length(value: Option<&[u8]>, limit: u64) -> Result<Option<u64>, Error> {
    let Some(digits) = value.map(<[u8]>::trim_ascii) else {
        return Ok(None);
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Ok(None);
    }
    // All digits: a number too long for an i64 is certainly over the limit.
    match crate::scheme::parse_timestamp(digits).map(u64::try_from) {
        Some(Ok(declared)) if declared <= limit => Ok(Some(declared)),
        _ => Err(Error::BodyTooLarge { limit }),
    }
}

// ---------------------------------------------------------------------------------------------
// Headers

/// How many header slots a binding passes at most: every scheme reads at most this many names.
pub const MAX_SLOTS: usize = 6;

/// True if `name` (any case) is one of the headers `scheme` reads: a binding that copies only
/// these out of a request's headers gives the core all it needs.
pub fn is_read_header(scheme: &Scheme, name: &[u8]) -> bool {
    read_header_slot(scheme, name).is_some()
}

/// Which of the headers `scheme` reads `name` is (any case): its index in the scheme's
/// [`read_headers`](crate::SchemeInfo::read_headers), the slot a binding files its values under.
pub fn read_header_slot(scheme: &Scheme, name: &[u8]) -> Option<usize> {
    scheme.info().read_headers.iter().position(|wanted| {
        wanted.len() == name.len()
            && (wanted.as_bytes() == name || wanted.as_bytes().eq_ignore_ascii_case(name))
    })
}

/// True if `name`, asked for by the core, is `wanted` (any case): the core asks with the
/// scheme's own lower-case names, so the same pointer or the same bytes usually answer before
/// a comparison that ignores case.
fn is_slot_name(wanted: &str, name: &str) -> bool {
    wanted.len() == name.len()
        && (std::ptr::eq(wanted.as_ptr(), name.as_ptr())
            || wanted == name
            || wanted.eq_ignore_ascii_case(name))
}

/// Headers as a binding collects them: one slot per name of the scheme's
/// [`read_headers`](crate::SchemeInfo::read_headers), in that order, each with the values of
/// that header (empty when absent).
pub struct Slots<'a, V: AsRef<[u8]>> {
    scheme: &'static Scheme,
    values: &'a [&'a [V]],
}

impl<'a, V: AsRef<[u8]>> Slots<'a, V> {
    /// Slots for `scheme`: `values[i]` holds the values of `read_headers[i]`.
    pub fn new(scheme: &'static Scheme, values: &'a [&'a [V]]) -> Self {
        Slots { scheme, values }
    }
}

impl<V: AsRef<[u8]>> Headers for Slots<'_, V> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        let names = self.scheme.info().read_headers;
        for (wanted, values) in names.iter().zip(self.values) {
            if is_slot_name(wanted, name) {
                for value in values.iter() {
                    visit(value.as_ref());
                }
            }
        }
    }
}

/// Headers as a binding collects them in one pass over its language's header object: each value
/// the scheme reads, with its slot (the index of its name in the scheme's
/// [`read_headers`](crate::SchemeInfo::read_headers), from [`read_header_slot`]), in the order
/// found.
pub struct SlotValues<'a, V: AsRef<[u8]>> {
    scheme: &'static Scheme,
    values: &'a [(usize, V)],
}

impl<'a, V: AsRef<[u8]>> SlotValues<'a, V> {
    /// Slot values for `scheme`.
    pub fn new(scheme: &'static Scheme, values: &'a [(usize, V)]) -> Self {
        SlotValues { scheme, values }
    }
}

impl<V: AsRef<[u8]>> Headers for SlotValues<'_, V> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        let names = self.scheme.info().read_headers;
        for (slot, value) in self.values {
            if names
                .get(*slot)
                .is_some_and(|wanted| is_slot_name(wanted, name))
            {
                visit(value.as_ref());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AWS Lambda

/// A Lambda event decoded for a binding: source name, method, path, header names and values
/// alternating, body, and the answer to an ALB health check.
#[cfg(feature = "json")]
pub type LambdaParts = (String, String, String, Vec<String>, Vec<u8>, Option<String>);

/// [`crate::lambda::HttpEvent::from_json`] with the limit as a binding holds it (a number).
#[cfg(feature = "json")]
pub fn lambda_request(event: &[u8], limit: f64) -> Result<LambdaParts, Error> {
    let limit = body_limit_from_number(limit).unwrap_or(DEFAULT_BODY_LIMIT);
    let request = crate::lambda::HttpEvent::from_json(event, limit)?;
    let health = request.health_check_answer();
    let headers = request
        .headers
        .into_iter()
        .flat_map(|(n, v)| [n, v])
        .collect();
    Ok((
        request.source.name().to_string(),
        request.method,
        request.path,
        headers,
        request.body,
        health,
    ))
}

/// The source name of a Lambda event whose body was refused, to answer in its shape.
#[cfg(feature = "json")]
pub fn lambda_source(event: &[u8]) -> Option<&'static str> {
    crate::lambda::source_of_json(event)
        .ok()
        .map(crate::lambda::EventSource::name)
}

/// The function's answer (JSON text) for a source kept by name; `None` for an unknown source or
/// status.
#[cfg(feature = "json")]
pub fn lambda_response(source: &str, status: u32, body: &str) -> Option<String> {
    let source = crate::lambda::EventSource::from_name(source)?;
    Some(crate::lambda::response(
        source,
        u16::try_from(status).ok()?,
        body,
    ))
}

// ---------------------------------------------------------------------------------------------
// Replay

/// Replay keys for the doc examples of [`crate::replay`].
pub fn replay_keys_for_tests() -> replay::ReplayKeys {
    replay::ReplayKeys::one(crate::scheme::default_scheme(), "body", &[b"{}"])
}

// ---------------------------------------------------------------------------------------------
// The manifest

/// Everything the generated lists of the bindings and the docs are made from, as JSON: the
/// schemes and their metadata, the error codes with their classes and HTTP statuses, the typed
/// events, and the defaults (feature `schema`).
#[cfg(feature = "schema")]
pub fn manifest_json() -> String {
    use serde_json::{json, Value};
    let schemes: Vec<Value> = ALL
        .iter()
        .map(|scheme| {
            let info = scheme.info();
            let statuses: serde_json::Map<String, Value> = sample_errors()
                .iter()
                .map(|e| (e.code().to_string(), json!(scheme.http_status(e))))
                .collect();
            let events = info.envelope.map(event_schema_json);
            json!({
                "name": info.name,
                "title": info.title,
                "signature_headers": info.signature_headers,
                "read_headers": info.read_headers,
                "signs_timestamp": info.signs_timestamp,
                "signs_id": info.signs_id,
                "typed_event": info.envelope.is_some(),
                "envelope": info.envelope.map(|shape| json!({
                    "event_field": shape.event_field,
                    "data_field": shape.data_field,
                    "created_at_field": shape.created_at_field,
                    "events": shape.events,
                })),
                "event_headers": info.event_headers,
                "delivery_headers": info.delivery_headers,
                "rejection_status": info.rejection_status,
                "secret_format": info.secret_format,
                "replay_key": info.replay_key,
                "sample_events": info.sample_events.iter().map(|(name, _)| *name).collect::<Vec<_>>(),
                "statuses": statuses,
                "events": events,
            })
        })
        .collect();
    let errors: Vec<Value> = crate::error::ERROR_KINDS
        .iter()
        .zip(sample_errors())
        .map(|(kind, sample)| {
            json!({
                "code": kind.code,
                "class_name": kind.class_name,
                "summary": kind.summary,
                "configuration": sample.is_configuration(),
                "rejection": sample.is_rejection(),
            })
        })
        .collect();
    let manifest = json!({
        "about": "Generated by `cargo run -p hookproof --example manifest`: the core's schemes, error codes and typed events, from which scripts/generate.py writes every binding's lists.",
        "version": env!("CARGO_PKG_VERSION"),
        "default_scheme": crate::scheme::default_scheme().name(),
        "default_tolerance_secs": crate::DEFAULT_TOLERANCE.as_secs(),
        "default_body_limit": DEFAULT_BODY_LIMIT,
        "default_replay_ttl_secs": replay::DEFAULT_TTL.as_secs(),
        "default_replay_prefix": replay::DEFAULT_PREFIX,
        "default_memory_entries": replay::DEFAULT_MAX_ENTRIES,
        "max_slots": MAX_SLOTS,
        "duplicate_status": DUPLICATE_STATUS,
        "schemes": schemes,
        "errors": errors,
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

#[cfg(feature = "schema")]
fn event_schema_json(shape: &crate::scheme::EnvelopeShape) -> serde_json::Value {
    use crate::event::TypeRef;
    use serde_json::{json, Value};
    fn ty(t: &TypeRef) -> Value {
        match t {
            TypeRef::String => json!("string"),
            TypeRef::DateTime => json!("datetime"),
            TypeRef::Bool => json!("bool"),
            TypeRef::Number => json!("number"),
            TypeRef::Integer => json!("integer"),
            TypeRef::Json => json!("json"),
            TypeRef::Object => json!("object"),
            TypeRef::Array(inner) => json!({ "array": ty(inner) }),
            TypeRef::Named(name) => json!({ "ref": name }),
            TypeRef::Nullable(inner) => json!({ "nullable": ty(inner) }),
        }
    }
    let schema = (shape.schema)();
    json!({
        "records": schema.records.iter().map(|r| json!({
            "name": r.name,
            "doc": r.doc,
            "fields": r.fields.iter().map(|f| json!({
                "wire": f.wire, "type": ty(&f.ty), "optional": f.optional, "doc": f.doc,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "enums": schema.enums.iter().map(|e| json!({
            "name": e.name, "doc": e.doc, "values": e.values,
        })).collect::<Vec<_>>(),
        "events": schema.events.iter().map(|(event, record)| json!({
            "event": event, "data": record,
        })).collect::<Vec<_>>(),
    })
}

/// One error of every kind, in the order of [`crate::error::ERROR_KINDS`].
fn sample_errors() -> [Error; 15] {
    [
        Error::MissingSignature { header: "" },
        Error::MalformedSignature { expected: "" },
        Error::SignatureMismatch,
        Error::MissingTimestamp { what: "" },
        Error::MalformedTimestamp { expected: "" },
        Error::TimestampTooOld,
        Error::TimestampTooNew,
        Error::EventTooOld { max_age_secs: 0 },
        Error::InvalidSecret { reason: "" },
        Error::invalid_argument("", ""),
        Error::InvalidPayload {
            reason: String::new(),
        },
        Error::BodyTooLarge { limit: 0 },
        Error::RawBodyUnavailable,
        Error::StoreUnavailable {
            reason: String::new(),
        },
        Error::Overloaded { pending: 0 },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_schemes_never_echo_the_name() {
        let pasted = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let err = scheme(Some(pasted)).unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        let message = err.to_string();
        for window in pasted.as_bytes().windows(4) {
            assert!(
                !message.contains(std::str::from_utf8(window).unwrap()),
                "{message}"
            );
        }
        assert!(message.contains("printone, standard"), "{message}");
        assert_eq!(scheme(None).unwrap().name(), "printone");
    }

    #[test]
    fn one_rule_for_seconds_and_unix_times() {
        assert_eq!(seconds(1.5, "tolerance"), Ok(Duration::from_millis(1500)));
        for bad in [f64::NAN, -1.0, f64::INFINITY, 1e20] {
            assert_eq!(
                seconds(bad, "tolerance").unwrap_err().code(),
                "invalid_argument"
            );
        }
        assert_eq!(unix_time(1_700_000_000.9, "now"), Ok(1_700_000_000));
        assert_eq!(unix_time(-0.5, "now"), Ok(-1));
        assert_eq!(unix_time(i64::MIN as f64, "now"), Ok(i64::MIN));
        for bad in [f64::NAN, f64::INFINITY, -f64::INFINITY, 9.3e18, 1e300] {
            assert_eq!(
                unix_time(bad, "now").unwrap_err().code(),
                "invalid_argument"
            );
        }
    }

    #[test]
    fn body_limits_in_numbers_and_sizes() {
        assert_eq!(body_limit_from_text("1mb"), Ok(1 << 20));
        assert_eq!(body_limit_from_text(" 512KB "), Ok(512 << 10));
        assert_eq!(body_limit_from_text("1.5 MiB"), Ok(1_572_864));
        assert_eq!(body_limit_from_text("100"), Ok(100));
        assert_eq!(body_limit_from_number(2048.0), Ok(2048));
        for bad in ["", "mb", "1 parsec", "-1mb", "0", "1e3"] {
            assert!(body_limit_from_text(bad).is_err(), "{bad}");
        }
        for bad in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY] {
            assert!(body_limit_from_number(bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_content_length(Some(b"1048577"), 1 << 20)
                .unwrap_err()
                .code(),
            "body_too_large"
        );
        assert_eq!(
            check_content_length(Some(b"99999999999999999999999"), 10)
                .unwrap_err()
                .code(),
            "body_too_large"
        );
        assert_eq!(check_content_length(Some(b"1048576"), 1 << 20), Ok(()));
        assert_eq!(check_content_length(None, 1), Ok(()));
        // The declared length, when it bounds the body; nothing when it cannot.
        assert_eq!(declared_length(Some(b" 700 "), 1 << 20), Ok(Some(700)));
        assert_eq!(declared_length(Some(b"0"), 1), Ok(Some(0)));
        for unusable in [None, Some(&b""[..]), Some(b"12a"), Some(b"-1"), Some(b"+7")] {
            assert_eq!(declared_length(unusable, 1 << 20), Ok(None), "{unusable:?}");
        }
        assert!(declared_length(Some(b"1048577"), 1 << 20).is_err());
    }

    #[test]
    fn slots_fit_every_scheme_and_answer_by_name() {
        for s in ALL {
            assert!(s.info().read_headers.len() <= MAX_SLOTS, "{s:?}");
        }
        let signature = ["abc".to_string()];
        let values: [&[String]; 2] = [&signature, &[]];
        let slots = Slots::new(&crate::scheme::PRINTONE, &values);
        let mut seen = Vec::new();
        slots.for_each_value("X-Webhook-Hmac-Sha256", &mut |v| seen.push(v.to_vec()));
        assert_eq!(seen, [b"abc".to_vec()]);
        assert!(is_read_header(
            &crate::scheme::PRINTONE,
            b"X-PRINTONE-HMAC-SHA256"
        ));
        assert!(!is_read_header(&crate::scheme::PRINTONE, b"content-type"));
    }

    #[test]
    fn error_bodies_are_json() {
        let body = error_json(&Error::MissingTimestamp {
            what: "no \"t=\" item",
        });
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["code"], "missing_timestamp");
        assert!(value["message"].as_str().unwrap().contains("\"t=\""));
    }
}
