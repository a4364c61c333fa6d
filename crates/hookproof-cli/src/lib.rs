//! # hookproof-cli
//!
//! A reference webhook sender that behaves like Print.one's Webhook Service, and the local
//! receiver behind `hookproof listen`. It drives hookproof's round-trip tests, and lets you test a
//! receiver on your machine without tunnels or third-party sites.
//!
//! ```no_run
//! use hookproof_cli::{payload, Sender, SenderOptions, Target, WebhookConfig};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let target = Target::new(WebhookConfig {
//!     url: "http://127.0.0.1:8787/events".into(),
//!     secret: "whk_local_demo".into(),
//!     events: vec!["order_status_update".into()],
//!     active: true,
//!     headers: vec![],
//!     scheme: "printone".into(),
//!     filters: vec![],
//! })?;
//! let sender = Sender::new(SenderOptions::default())?;
//! let data = payload::sample_data(target.scheme(), "order_status_update").unwrap();
//! for delivery in sender.send_event(&[target], "order_status_update", &data).await? {
//!     println!("{} {:?} {:?}", delivery.url, delivery.outcome, delivery.status);
//! }
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod deliver;
pub mod explain;
pub mod listen;
pub mod payload;

pub use config::{ConfigFile, WebhookConfig};

/// Looks a scheme up by name, with the core's one-line error (which lists the known schemes and
/// never echoes the name: a misplaced argument could be a secret).
pub fn scheme_by_name(name: &str) -> Result<&'static hookproof::Scheme, String> {
    hookproof::support::scheme(Some(name)).map_err(|err| err.to_string())
}

/// The scheme names, for the CLI's value parser and help (from the core).
pub fn scheme_names() -> Vec<&'static str> {
    hookproof::scheme::ALL.iter().map(|s| s.name()).collect()
}
pub use deliver::{Delivery, Job, Outcome, Sender, SenderOptions, Summary, Target};
