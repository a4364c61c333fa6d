//! [actix-web](https://docs.rs/actix-web) extractors over hookproof: the raw body verified
//! (constant time, exact bytes, any header case), typed Print.one events, a body cap answered 413
//! before buffering more, rejections with the scheme's status and `{"code", "message"}`, and
//! replay protection that releases a delivery whose handler failed.
//!
//! ```no_run
//! use actix_web::{middleware::from_fn, post, web, App, HttpServer, Responder};
//! use hookproof::receiver::Receiver;
//! use hookproof::replay::{MemoryStore, ReplayGuard};
//! use hookproof::scheme::{self, printone};
//! use hookproof::Webhook;
//! use hookproof_actix::{release_failed_claims, VerifiedEvent};
//!
//! #[post("/webhooks/printone")]
//! async fn receive(VerifiedEvent(event): VerifiedEvent<printone::Event>) -> impl Responder {
//!     format!("{:?}", event.event)
//! }
//!
//! #[actix_web::main]
//! async fn main() -> std::io::Result<()> {
//!     let secret = std::env::var("PRINTONE_WEBHOOK_SECRET").expect("the secret");
//!     let receiver = Receiver::new(Webhook::new(&scheme::PRINTONE, [secret]).expect("a usable secret"))
//!         .with_replay(ReplayGuard::memory(MemoryStore::default()));
//!     HttpServer::new(move || {
//!         App::new()
//!             .app_data(web::Data::new(receiver.clone()))
//!             .wrap(from_fn(release_failed_claims))
//!             .service(receive)
//!     })
//!     .bind(("127.0.0.1", 3000))?
//!     .run()
//!     .await
//! }
//! ```
//!
//! The extractors take the `Receiver` from `web::Data<Receiver>`. With a replay guard they claim
//! each verified request (a duplicate is answered `200 {"duplicate":true}` without running the
//! handler); `release_failed_claims` (middleware, `.wrap(from_fn(...))`) releases the claim of a
//! delivery that was not answered 2xx, so the sender's retry is processed. To answer first, run
//! the handler on [`Background`]: `reserve()` a place (refused: answer
//! `WebhookRejection::new(&receiver, error)`, 503 `overloaded`), then hand [`take_claim`]'s claim
//! to `spawn`, which releases it if the late handler fails. Every decision is the `Receiver`'s;
//! this crate reads and answers actix's way.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Answer first, run the handler afterwards, bounded (re-exported from the core).
pub use hookproof::background::{Background, Place};

use std::fmt;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut, Data};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt;
use hookproof::receiver::{Delivery, Receiver};
use hookproof::replay::ClaimedDelivery;
use hookproof::Error;
use serde::de::DeserializeOwned;

/// The verified raw body.
#[derive(Debug, Clone)]
pub struct VerifiedBytes(pub Bytes);

/// The verified body as `T`: `hookproof::scheme::printone::Event` for Print.one's typed events,
/// or any `T: Deserialize`.
#[derive(Debug, Clone)]
pub struct VerifiedEvent<T>(pub T);

/// Why the handler did not run: the answer the request gets.
#[derive(Debug)]
pub enum WebhookRejection {
    /// Rejected: the scheme's status for the error, `{"code": ..., "message": ...}`.
    Rejected {
        /// The HTTP status.
        status: StatusCode,
        /// The error.
        error: Error,
        /// The JSON body.
        body: String,
    },
    /// A duplicate delivery: `200 {"duplicate":true}`.
    Duplicate,
    /// No `web::Data<Receiver>` in the app: a setup error (500).
    NoReceiver,
}

impl WebhookRejection {
    /// The answer for `error` as the receiver's scheme gives it (status and JSON body), for
    /// handlers that fail with a hookproof error themselves, such as `Background::reserve`'s
    /// `overloaded` (503).
    pub fn new(receiver: &Receiver, error: Error) -> WebhookRejection {
        let (status, body) = receiver.rejection(&error);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        WebhookRejection::Rejected {
            status,
            error,
            body,
        }
    }
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookRejection::Rejected { error, .. } => write!(f, "{error}"),
            WebhookRejection::Duplicate => f.write_str("a duplicate delivery"),
            WebhookRejection::NoReceiver => f.write_str(
                "hookproof-actix: no web::Data<Receiver> in the app: add .app_data(web::Data::new(receiver))",
            ),
        }
    }
}

impl ResponseError for WebhookRejection {
    fn status_code(&self) -> StatusCode {
        match self {
            WebhookRejection::Rejected { status, .. } => *status,
            WebhookRejection::Duplicate => {
                StatusCode::from_u16(Receiver::DUPLICATE.0).unwrap_or(StatusCode::OK)
            }
            WebhookRejection::NoReceiver => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ));
        match self {
            WebhookRejection::Rejected { error, body, .. } => {
                if error.code() == "body_too_large" {
                    // The rest of the body was not read: do not keep the connection.
                    response.insert_header((header::CONNECTION, HeaderValue::from_static("close")));
                }
                response.body(body.clone())
            }
            WebhookRejection::Duplicate => response.body(Receiver::DUPLICATE.1),
            WebhookRejection::NoReceiver => response.body(
                r#"{"code":"invalid_argument","message":"the webhook receiver is not configured"}"#,
            ),
        }
    }
}

/// actix's header map as the core's `Headers` (names are stored lower-case and looked up
/// case-insensitively; every value of a repeated header is visited).
struct ActixHeaders<'a>(&'a actix_web::http::header::HeaderMap);

impl hookproof::Headers for ActixHeaders<'_> {
    fn for_each_value(&self, name: &str, visit: &mut dyn FnMut(&[u8])) {
        for value in self.0.get_all(name) {
            visit(value.as_bytes());
        }
    }
}

/// A claim made while extracting, settled by [`release_failed_claims`] once the answer is known.
struct PendingClaim(Receiver, ClaimedDelivery);

fn receiver_of(request: &HttpRequest) -> Result<Receiver, WebhookRejection> {
    request
        .app_data::<Data<Receiver>>()
        .map(|data| data.get_ref().clone())
        .ok_or(WebhookRejection::NoReceiver)
}

/// Reads the payload within the limit (the declared length first), verifies and claims it.
async fn verified(
    request: HttpRequest,
    mut payload: Payload,
) -> Result<(Receiver, Bytes), WebhookRejection> {
    let receiver = receiver_of(&request)?;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .map(HeaderValue::as_bytes);
    receiver
        .check_declared_length(declared)
        .map_err(|e| WebhookRejection::new(&receiver, e))?;
    let limit = usize::try_from(receiver.body_limit()).unwrap_or(usize::MAX);
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| WebhookRejection::new(&receiver, Error::RawBodyUnavailable))?;
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(WebhookRejection::new(&receiver, receiver.too_large()));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    match receiver
        .accept(&body, &ActixHeaders(request.headers()))
        .await
    {
        Ok(Delivery::New(claim)) => {
            if let Some(claim) = claim {
                request
                    .extensions_mut()
                    .insert(PendingClaim(receiver.clone(), claim));
            }
            Ok((receiver, body))
        }
        Ok(Delivery::Duplicate) => Err(WebhookRejection::Duplicate),
        Err(error) => Err(WebhookRejection::new(&receiver, error)),
    }
}

impl FromRequest for VerifiedBytes {
    type Error = WebhookRejection;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (request, payload) = (request.clone(), payload.take());
        Box::pin(async move {
            verified(request, payload)
                .await
                .map(|(_, body)| VerifiedBytes(body))
        })
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for VerifiedEvent<T> {
    type Error = WebhookRejection;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (request, payload) = (request.clone(), payload.take());
        Box::pin(async move {
            let (receiver, body) = verified(request.clone(), payload).await?;
            // construct_event parses with the core's checks (a verified body that is not the
            // event is `invalid_payload`, 400); verifying again costs one HMAC.
            receiver
                .webhook()
                .construct_event::<T, _>(&body, &ActixHeaders(request.headers()))
                .map(VerifiedEvent)
                .map_err(|e| WebhookRejection::new(&receiver, e))
        })
    }
}

/// Takes the replay claim of the delivery the extractors verified, for a handler that answers
/// first and hands it to [`Background::spawn`] (which releases it if the late handler fails);
/// once taken, `release_failed_claims` leaves it alone. Call it in the handler's body (with an
/// `HttpRequest` argument), not from an extractor: actix starts every extractor at once, before
/// the body is verified. `None` without a replay guard.
pub fn take_claim(request: &HttpRequest) -> Option<ClaimedDelivery> {
    request
        .extensions_mut()
        .remove::<PendingClaim>()
        .map(|PendingClaim(_, claim)| claim)
}

/// Middleware (`App::new().wrap(from_fn(release_failed_claims))`): releases the replay claim of
/// a delivery that was not answered 2xx (the handler failed), so that the sender's retry is
/// processed.
pub async fn release_failed_claims(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // (The request must not be cloned before routing: actix mutates it in place.)
    let response = next.call(request).await?;
    let pending = response.request().extensions_mut().remove::<PendingClaim>();
    if let Some(PendingClaim(receiver, claim)) = pending {
        if let Err(error) = receiver
            .settle(Some(claim), response.status().as_u16())
            .await
        {
            eprintln!("hookproof-actix: could not release a failed delivery's claim: {error}");
        }
    }
    Ok(response)
}
