#![doc = include_str!("../README.md")]
//!
//! Every decision (the limit, the verdict, the status of each error, the replay key, when a claim
//! is released) is `hookproof::receiver::Receiver`'s; this crate reads the request axum's way
//! and answers axum's way.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Answer first, run the handler afterwards, bounded (re-exported from the core).
pub use hookproof::background::{Background, Place};

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use hookproof::receiver::{Delivery, Receiver};
use hookproof::replay::ClaimedDelivery;
use hookproof::Error;
use http::{header, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;

/// The verified raw body.
#[derive(Debug, Clone)]
pub struct VerifiedBytes(pub Bytes);

/// The verified body as `T`: `hookproof::scheme::printone::Event` for Print.one's typed events
/// (with `created_at` a real time), or any `T: Deserialize` (Stripe's, GitHub's JSON, ...).
#[derive(Debug, Clone)]
pub struct VerifiedEvent<T>(pub T);

/// The replay claim of the delivery behind [`WebhookLayer`], for a handler that answers first:
/// take it with [`DeliveryClaim::take`] once [`Background::reserve`] gave a place, and hand it to
/// [`Background::spawn`] (which releases it if the late handler fails). A claim not taken is the
/// layer's, settled by the answer's status (so a refused `overloaded` delivery is released).
#[derive(Clone, Debug, Default)]
pub struct DeliveryClaim(ClaimSlot);

impl DeliveryClaim {
    /// The claim; `None` without a replay guard, without the layer, or when taken before.
    pub fn take(&self) -> Option<ClaimedDelivery> {
        self.0.take()
    }
}

/// Where the layer keeps the claim while the handler runs.
#[derive(Clone, Debug, Default)]
struct ClaimSlot(Arc<Mutex<Option<ClaimedDelivery>>>);

impl ClaimSlot {
    fn take(&self) -> Option<ClaimedDelivery> {
        // A poisoned lock still holds the claim: take it anyway.
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for DeliveryClaim {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(DeliveryClaim(
            parts
                .extensions
                .get::<ClaimSlot>()
                .cloned()
                .unwrap_or_default(),
        ))
    }
}

/// Why a request was not handed to the handler: the answer it gets.
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
    /// A duplicate delivery: `200 {"duplicate":true}`, the handler does not run.
    Duplicate,
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

fn json(status: StatusCode, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            WebhookRejection::Rejected {
                status,
                error,
                body,
            } => {
                let mut response = json(status, body);
                if error.code() == "body_too_large" {
                    // The rest of the body was not read: do not keep the connection.
                    response
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                response
            }
            WebhookRejection::Duplicate => {
                let (status, body) = Receiver::DUPLICATE;
                json(
                    StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                    body.to_string(),
                )
            }
        }
    }
}

/// What the layer verified, for the extractors behind it.
#[derive(Clone)]
struct LayerVerified(Bytes);

/// Reads the body within the receiver's limit (the declared length first).
async fn read_body(
    receiver: &Receiver,
    request: Request,
) -> Result<(http::request::Parts, Bytes), WebhookRejection> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .map(HeaderValue::as_bytes);
    receiver
        .check_declared_length(declared)
        .map_err(|e| WebhookRejection::new(receiver, e))?;
    let (parts, body) = request.into_parts();
    let limit = usize::try_from(receiver.body_limit()).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| WebhookRejection::new(receiver, receiver.too_large()))?;
    Ok((parts, bytes))
}

/// The verified bytes and headers: from the layer, or read and accepted here.
async fn verified(
    receiver: &Receiver,
    request: Request,
) -> Result<(http::request::Parts, Bytes), WebhookRejection> {
    if let Some(LayerVerified(bytes)) = request.extensions().get::<LayerVerified>().cloned() {
        let (parts, _) = request.into_parts();
        return Ok((parts, bytes));
    }
    let (parts, bytes) = read_body(receiver, request).await?;
    match receiver.accept(&bytes, &parts.headers).await {
        Ok(Delivery::New(_claim)) => Ok((parts, bytes)), // no layer: the claim lives its TTL
        Ok(Delivery::Duplicate) => Err(WebhookRejection::Duplicate),
        Err(error) => Err(WebhookRejection::new(receiver, error)),
    }
}

impl<S> FromRequest<S> for VerifiedBytes
where
    Receiver: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = Receiver::from_ref(state);
        let (_, bytes) = verified(&receiver, request).await?;
        Ok(VerifiedBytes(bytes))
    }
}

impl<S, T> FromRequest<S> for VerifiedEvent<T>
where
    Receiver: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let receiver = Receiver::from_ref(state);
        let (parts, bytes) = verified(&receiver, request).await?;
        // construct_event parses with the core's checks (a verified body that is not the event
        // is `invalid_payload`, 400); verifying again costs one HMAC.
        receiver
            .webhook()
            .construct_event::<T, _>(&bytes, &parts.headers)
            .map(VerifiedEvent)
            .map_err(|e| WebhookRejection::new(&receiver, e))
    }
}

/// A tower layer that verifies every request of the routes it wraps before their handler runs,
/// answers duplicates without running it, and releases the claim of a delivery the handler did
/// not answer 2xx (so the sender's retry is processed).
#[derive(Clone, Debug)]
pub struct WebhookLayer {
    receiver: Receiver,
}

impl WebhookLayer {
    /// The layer over `receiver`.
    pub fn new(receiver: Receiver) -> WebhookLayer {
        WebhookLayer { receiver }
    }
}

impl<S> tower_layer::Layer<S> for WebhookLayer {
    type Service = WebhookService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        WebhookService {
            inner,
            receiver: self.receiver.clone(),
        }
    }
}

/// The service of [`WebhookLayer`].
#[derive(Clone, Debug)]
pub struct WebhookService<S> {
    inner: S,
    receiver: Receiver,
}

impl<S> tower_service::Service<Request> for WebhookService<S>
where
    S: tower_service::Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // The clone that was polled ready serves this request (tower's usual dance).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let receiver = self.receiver.clone();
        Box::pin(async move {
            let (parts, bytes) = match read_body(&receiver, request).await {
                Ok(read) => read,
                Err(rejection) => return Ok(rejection.into_response()),
            };
            let claim = match receiver.accept(&bytes, &parts.headers).await {
                Ok(Delivery::New(claim)) => claim,
                Ok(Delivery::Duplicate) => return Ok(WebhookRejection::Duplicate.into_response()),
                Err(error) => return Ok(WebhookRejection::new(&receiver, error).into_response()),
            };
            let slot = ClaimSlot(Arc::new(Mutex::new(claim)));
            let mut request = Request::from_parts(parts, Body::from(bytes.clone()));
            request.extensions_mut().insert(LayerVerified(bytes));
            request.extensions_mut().insert(slot.clone());
            let response = inner.call(request).await;
            let status = response.as_ref().map_or(500, |r| r.status().as_u16());
            // A handler that took the claim (`DeliveryClaim`) settles it itself.
            if let Err(error) = receiver.settle(slot.take(), status).await {
                // The claim then lives its TTL; the answer is the handler's either way.
                eprintln!("hookproof-axum: could not release a failed delivery's claim: {error}");
            }
            response
        })
    }
}
