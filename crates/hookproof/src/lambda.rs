//! AWS Lambda's HTTP events, sans-I/O: the exact bytes and headers of a webhook delivered through
//! API Gateway (REST, payload 1.0; HTTP API, payload 2.0), a Lambda function URL or an
//! Application Load Balancer, and the answer each of them expects.
//!
//! The failure this prevents: API Gateway and the ALB hand the body over base64-encoded whenever
//! they consider its content type binary (a form post, a missing `Content-Type`, or every body
//! once a REST API lists `*/*` as binary), and verifying the encoded text instead of the bytes it
//! encodes always fails. [`HttpEvent::from_json`] decodes `isBase64Encoded` bodies, reads the
//! headers from where each shape keeps them (`multiValueHeaders`, when present, holds every value
//! of a repeated header; payload 2.0 joins them with commas, which the schemes split), and
//! [`HttpEvent::response`] writes the answer in the shape the event came in (an ALB with
//! multi-value headers on must be answered with `multiValueHeaders`).
//!
//! ```
//! use hookproof::lambda::HttpEvent;
//! use hookproof::{scheme, Webhook};
//!
//! let body = r#"{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}"#;
//! let signature = hookproof::sign(body.as_bytes(), "secret")?;
//! // What a function URL hands the function for that POST (trimmed): the body base64-encoded.
//! let event = serde_json::json!({
//!     "version": "2.0",
//!     "rawPath": "/webhooks",
//!     "headers": { "content-type": "application/octet-stream", "x-webhook-hmac-sha256": signature },
//!     "requestContext": { "http": { "method": "POST", "path": "/webhooks" } },
//!     "body": base64_of(body),
//!     "isBase64Encoded": true,
//! });
//! let request = HttpEvent::from_json(event.to_string().as_bytes(), 1 << 20)?;
//! let webhook = Webhook::new(&scheme::PRINTONE, ["secret"])?;
//! webhook.verify(&request.body, &request.headers)?;
//! let answer = request.response(204, "");
//! assert!(answer.starts_with(r#"{"statusCode":204"#));
//! # fn base64_of(text: &str) -> String {
//! #     use base64::Engine as _;
//! #     base64::engine::general_purpose::STANDARD.encode(text)
//! # }
//! # Ok::<(), hookproof::Error>(())
//! ```

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::Error;

/// Which integration delivered the event; it decides the answer's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSource {
    /// API Gateway REST API, or an HTTP API with payload format 1.0.
    RestApi,
    /// API Gateway HTTP API with payload format 2.0, or a Lambda function URL (the same format).
    HttpApi,
    /// An Application Load Balancer target, single-value headers (the default).
    Alb,
    /// An Application Load Balancer target with `lambda.multi_value_headers.enabled`.
    AlbMultiValue,
}

impl EventSource {
    /// A short stable name (`rest_api`, `http_api`, `alb`, `alb_multi_value`), for bindings that
    /// keep the source while the handler runs and pass it back to [`response`].
    pub fn name(self) -> &'static str {
        match self {
            EventSource::RestApi => "rest_api",
            EventSource::HttpApi => "http_api",
            EventSource::Alb => "alb",
            EventSource::AlbMultiValue => "alb_multi_value",
        }
    }

    /// The source named by [`EventSource::name`].
    pub fn from_name(name: &str) -> Option<EventSource> {
        [
            EventSource::RestApi,
            EventSource::HttpApi,
            EventSource::Alb,
            EventSource::AlbMultiValue,
        ]
        .into_iter()
        .find(|source| source.name() == name)
    }
}

/// An HTTP request as a Lambda function received it, decoded to what the sender sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpEvent {
    /// The integration that delivered it.
    pub source: EventSource,
    /// The HTTP method (`POST`).
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// Every header value, in the event's order, names as the event spelled them.
    pub headers: Vec<(String, String)>,
    /// The body's exact bytes (base64-decoded if the event says it was encoded).
    pub body: Vec<u8>,
}

fn not_http(reason: &str) -> Error {
    Error::InvalidArgument {
        argument: "event",
        reason: format!(
            "{reason}: expected an HTTP event from API Gateway (REST or HTTP API), a Lambda function URL or an Application Load Balancer"
        ),
    }
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

fn source_of(event: &Map<String, Value>) -> Result<EventSource, Error> {
    let context = event.get("requestContext").and_then(Value::as_object);
    if context.is_some_and(|c| c.contains_key("elb")) {
        // Multi-value mode is on exactly when the event carries the multi-value map.
        return Ok(if event.contains_key("multiValueHeaders") {
            EventSource::AlbMultiValue
        } else {
            EventSource::Alb
        });
    }
    if text(event, "version") == Some("2.0") {
        return Ok(EventSource::HttpApi);
    }
    if event.contains_key("httpMethod") && context.is_some() {
        return Ok(EventSource::RestApi);
    }
    Err(not_http(
        "the event has neither requestContext.elb, version 2.0, nor httpMethod",
    ))
}

fn headers_of(event: &Map<String, Value>) -> Result<Vec<(String, String)>, Error> {
    let mut headers = Vec::new();
    // `multiValueHeaders` holds every value of a repeated header; `headers` only the last.
    if let Some(multi) = event.get("multiValueHeaders").filter(|v| !v.is_null()) {
        let multi = multi
            .as_object()
            .ok_or_else(|| not_http("multiValueHeaders is not an object"))?;
        for (name, values) in multi {
            let values = values
                .as_array()
                .ok_or_else(|| not_http("a multiValueHeaders entry is not a list"))?;
            for value in values {
                let value = value
                    .as_str()
                    .ok_or_else(|| not_http("a header value is not a string"))?;
                headers.push((name.clone(), value.to_string()));
            }
        }
        return Ok(headers);
    }
    if let Some(single) = event.get("headers").filter(|v| !v.is_null()) {
        let single = single
            .as_object()
            .ok_or_else(|| not_http("headers is not an object"))?;
        for (name, value) in single {
            let value = value
                .as_str()
                .ok_or_else(|| not_http("a header value is not a string"))?;
            headers.push((name.clone(), value.to_string()));
        }
    }
    Ok(headers)
}

fn body_of(event: &Map<String, Value>, limit: u64) -> Result<Vec<u8>, Error> {
    let body = match event.get("body") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(body)) => body,
        Some(_) => return Err(not_http("body is not a string")),
    };
    let encoded = event
        .get("isBase64Encoded")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let too_large = Error::BodyTooLarge { limit };
    if !encoded {
        if u64::try_from(body.len()).map_or(true, |len| len > limit) {
            return Err(too_large);
        }
        return Ok(body.as_bytes().to_vec());
    }
    // Refuse by the encoded length before decoding: 4 characters carry 3 bytes.
    let decoded_at_least = (body.len() / 4).saturating_mul(3).saturating_sub(2);
    if u64::try_from(decoded_at_least).map_or(true, |len| len > limit) {
        return Err(too_large);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| Error::InvalidPayload {
            reason:
                "the event says its body is base64-encoded, but it is not standard padded base64"
                    .to_string(),
        })?;
    if u64::try_from(bytes.len()).map_or(true, |len| len > limit) {
        return Err(too_large);
    }
    Ok(bytes)
}

/// The integration that delivered a Lambda event (its JSON text), for answering in its shape when
/// [`HttpEvent::from_json`] refused the event's body; `invalid_argument` if it is not an HTTP event.
pub fn source_of_json(event: &[u8]) -> Result<EventSource, Error> {
    let value: Value =
        serde_json::from_slice(event).map_err(|_| not_http("the event is not a JSON object"))?;
    source_of(
        value
            .as_object()
            .ok_or_else(|| not_http("the event is not a JSON object"))?,
    )
}

impl HttpEvent {
    /// Reads a Lambda event (the JSON the function was invoked with). A body larger than
    /// `body_limit` bytes is `body_too_large`; an event that is not an HTTP event is
    /// `invalid_argument` (the function is wired to the wrong trigger); a body marked base64 that
    /// is not is `invalid_payload`.
    pub fn from_json(event: &[u8], body_limit: u64) -> Result<HttpEvent, Error> {
        let value: Value = serde_json::from_slice(event)
            .map_err(|_| not_http("the event is not a JSON object"))?;
        let event = value
            .as_object()
            .ok_or_else(|| not_http("the event is not a JSON object"))?;
        let source = source_of(event)?;
        let http = event
            .get("requestContext")
            .and_then(|c| c.get("http"))
            .and_then(Value::as_object);
        let (method, path) = match source {
            EventSource::HttpApi => (
                http.and_then(|h| text(h, "method")),
                text(event, "rawPath").or_else(|| http.and_then(|h| text(h, "path"))),
            ),
            _ => (text(event, "httpMethod"), text(event, "path")),
        };
        Ok(HttpEvent {
            source,
            method: method.unwrap_or("POST").to_string(),
            path: path.unwrap_or("/").to_string(),
            headers: headers_of(event)?,
            body: body_of(event, body_limit)?,
        })
    }

    /// True for an Application Load Balancer's health check (`GET` from `ELB-HealthChecker`),
    /// which carries no signature: answer it 200 without verifying, or the target is marked
    /// unhealthy.
    pub fn is_health_check(&self) -> bool {
        matches!(self.source, EventSource::Alb | EventSource::AlbMultiValue)
            && self.method.eq_ignore_ascii_case("GET")
            && self.headers.iter().any(|(name, value)| {
                name.eq_ignore_ascii_case("user-agent") && value.starts_with("ELB-HealthChecker")
            })
    }

    /// The answer to an ALB health check (200, `{"healthy":true}`), or `None` for any other
    /// request (see [`HttpEvent::is_health_check`]).
    pub fn health_check_answer(&self) -> Option<String> {
        self.is_health_check()
            .then(|| self.response(200, HEALTH_CHECK_BODY))
    }

    /// The answer to return from the function: `status` with `body` as `application/json` (an
    /// empty body has no content type), in the event's shape.
    pub fn response(&self, status: u16, body: &str) -> String {
        response(self.source, status, body)
    }
}

/// The body of the answer to an ALB health check.
pub const HEALTH_CHECK_BODY: &str = "{\"healthy\":true}";

/// [`HttpEvent::response`] for a source kept by name.
pub fn response(source: EventSource, status: u16, body: &str) -> String {
    let mut answer = Map::new();
    answer.insert("statusCode".into(), Value::from(status));
    if matches!(source, EventSource::Alb | EventSource::AlbMultiValue) {
        answer.insert(
            "statusDescription".into(),
            Value::from(format!("{status} {}", reason_phrase(status))),
        );
    }
    let content_type = (!body.is_empty()).then_some("application/json");
    let mut headers = Map::new();
    if let Some(content_type) = content_type {
        let value = if source == EventSource::AlbMultiValue {
            Value::from(vec![content_type])
        } else {
            Value::from(content_type)
        };
        headers.insert("content-type".into(), value);
    }
    let key = if source == EventSource::AlbMultiValue {
        "multiValueHeaders"
    } else {
        "headers"
    };
    answer.insert(key.into(), Value::Object(headers));
    answer.insert("body".into(), Value::from(body));
    answer.insert("isBase64Encoded".into(), Value::from(false));
    Value::Object(answer).to_string()
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(event: Value) -> Result<HttpEvent, Error> {
        HttpEvent::from_json(event.to_string().as_bytes(), 1024)
    }

    #[test]
    fn each_shape_is_recognised() {
        let rest = json_event(
            r#"{"httpMethod":"POST","path":"/w","requestContext":{},"headers":{"A":"1"},"body":"x"}"#,
        );
        assert_eq!(rest.source, EventSource::RestApi);
        assert_eq!((rest.method.as_str(), rest.path.as_str()), ("POST", "/w"));
        let v2 = json_event(
            r#"{"version":"2.0","rawPath":"/w","requestContext":{"http":{"method":"POST"}},"headers":{"a":"1,2"}}"#,
        );
        assert_eq!(v2.source, EventSource::HttpApi);
        assert_eq!(v2.headers, vec![("a".to_string(), "1,2".to_string())]);
        assert!(v2.body.is_empty());
        let alb = json_event(
            r#"{"httpMethod":"POST","path":"/","requestContext":{"elb":{}},"headers":{},"body":""}"#,
        );
        assert_eq!(alb.source, EventSource::Alb);
        let multi = json_event(
            r#"{"httpMethod":"POST","path":"/","requestContext":{"elb":{}},"multiValueHeaders":{"a":["1","2"]},"body":""}"#,
        );
        assert_eq!(multi.source, EventSource::AlbMultiValue);
        assert_eq!(multi.headers.len(), 2);
    }

    fn json_event(text: &str) -> HttpEvent {
        HttpEvent::from_json(text.as_bytes(), 1024).unwrap()
    }

    #[test]
    fn multi_value_headers_win_over_the_last_value() {
        let event = parse(serde_json::json!({
            "httpMethod": "POST", "requestContext": {},
            "headers": {"X-Sig": "b"}, "multiValueHeaders": {"X-Sig": ["a", "b"]},
        }))
        .unwrap();
        assert_eq!(
            event.headers,
            vec![("X-Sig".into(), "a".into()), ("X-Sig".into(), "b".into())]
        );
    }

    #[test]
    fn bodies_are_decoded_and_capped() {
        let event = |body: &str, encoded: bool| serde_json::json!({"version": "2.0", "requestContext": {}, "body": body, "isBase64Encoded": encoded});
        assert_eq!(
            parse(event("AAEC/w==", true)).unwrap().body,
            vec![0, 1, 2, 255]
        );
        assert_eq!(
            parse(event("héllo", false)).unwrap().body,
            "héllo".as_bytes()
        );
        assert_eq!(
            parse(event("not base64!", true)).unwrap_err().code(),
            "invalid_payload"
        );
        let big = "A".repeat(2000);
        assert_eq!(
            parse(event(&big, true)).unwrap_err(),
            Error::BodyTooLarge { limit: 1024 }
        );
        assert_eq!(
            parse(event(&big, false)).unwrap_err(),
            Error::BodyTooLarge { limit: 1024 }
        );
        // Exactly at the limit is fine, in both encodings.
        let exact = "a".repeat(1024);
        assert_eq!(parse(event(&exact, false)).unwrap().body.len(), 1024);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&exact);
        assert_eq!(parse(event(&encoded, true)).unwrap().body.len(), 1024);
    }

    #[test]
    fn other_events_are_a_setup_error() {
        for text in [
            r#"{"Records":[]}"#,
            "[]",
            "not json",
            r#"{"version":"1.0"}"#,
        ] {
            let err = HttpEvent::from_json(text.as_bytes(), 10).unwrap_err();
            assert_eq!(err.code(), "invalid_argument", "{text}");
            assert!(!err.to_string().contains("Records"));
        }
        let bad = r#"{"version":"2.0","headers":{"a":1}}"#;
        assert_eq!(
            HttpEvent::from_json(bad.as_bytes(), 10).unwrap_err().code(),
            "invalid_argument"
        );
    }

    #[test]
    fn answers_match_the_source() {
        let v: Value = serde_json::from_str(&response(EventSource::HttpApi, 401, "{}")).unwrap();
        assert_eq!(v["statusCode"], 401);
        assert_eq!(v["headers"]["content-type"], "application/json");
        assert!(v.get("statusDescription").is_none());
        let v: Value =
            serde_json::from_str(&response(EventSource::AlbMultiValue, 413, "{}")).unwrap();
        assert_eq!(v["statusDescription"], "413 Payload Too Large");
        assert_eq!(
            v["multiValueHeaders"]["content-type"][0],
            "application/json"
        );
        let v: Value = serde_json::from_str(&response(EventSource::RestApi, 204, "")).unwrap();
        assert_eq!(v["headers"], serde_json::json!({}));
        assert_eq!(v["body"], "");
        for source in ["rest_api", "http_api", "alb", "alb_multi_value"] {
            assert_eq!(
                EventSource::from_name(source).map(EventSource::name),
                Some(source)
            );
        }
    }

    #[test]
    fn health_checks_are_only_the_albs() {
        let check = serde_json::json!({"httpMethod": "GET", "path": "/", "requestContext": {"elb": {}},
            "headers": {"user-agent": "ELB-HealthChecker/2.0"}, "body": ""});
        assert!(parse(check).unwrap().is_health_check());
        let rest = serde_json::json!({"httpMethod": "GET", "requestContext": {},
            "headers": {"user-agent": "ELB-HealthChecker/2.0"}});
        assert!(!parse(rest).unwrap().is_health_check());
    }

    #[test]
    fn the_source_is_known_when_the_body_is_refused() {
        let event =
            serde_json::json!({"version": "2.0", "requestContext": {}, "body": "x".repeat(100)});
        let text = event.to_string();
        assert_eq!(
            HttpEvent::from_json(text.as_bytes(), 10)
                .unwrap_err()
                .code(),
            "body_too_large"
        );
        assert_eq!(source_of_json(text.as_bytes()), Ok(EventSource::HttpApi));
        assert_eq!(
            source_of_json(b"{}").unwrap_err().code(),
            "invalid_argument"
        );
    }
}
