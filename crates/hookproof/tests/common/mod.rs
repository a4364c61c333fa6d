//! What the integration tests share: a clock per call and default signing options, as the
//! binding-support layer gives the bindings.
#![allow(dead_code)]

use hookproof::{Clock, Error, Headers, SignOptions, SignedHeaders, Webhook};

pub trait TestCalls {
    /// Verifies with the receiver's clock at `now` (Unix seconds).
    fn verify_at<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<(), Error>;
    /// Signs with the default options (the webhook's clock, a fresh id).
    fn signed(&self, body: &[u8]) -> SignedHeaders;
}

impl TestCalls for Webhook {
    fn verify_at<H: Headers + ?Sized>(
        &self,
        body: &[u8],
        headers: &H,
        now: i64,
    ) -> Result<(), Error> {
        self.clone()
            .with_clock(Clock::Fixed(now))
            .verify(body, headers)
    }

    fn signed(&self, body: &[u8]) -> SignedHeaders {
        self.sign(body, &SignOptions::new()).unwrap()
    }
}

/// Signing options from optional parts (the struct is `#[non_exhaustive]`).
pub fn sign_options(timestamp: Option<i64>, msg_id: Option<String>) -> SignOptions {
    let mut options = SignOptions::new();
    if let Some(timestamp) = timestamp {
        options = options.timestamp(timestamp);
    }
    if let Some(id) = msg_id {
        options = options.msg_id(id);
    }
    options
}
