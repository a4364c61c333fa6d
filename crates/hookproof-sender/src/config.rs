//! Webhook configurations, as Print.one's dashboard holds them.

use std::path::Path;

use serde::Deserialize;

/// One configured webhook: where to deliver, with which secret, for which events.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// The receiver's URL (`http://` or `https://`).
    pub url: String,
    /// The shared secret the signature is computed with.
    pub secret: String,
    /// The events this webhook subscribes to; a webhook subscribes to one or more.
    pub events: Vec<String>,
    /// An inactive webhook receives nothing.
    #[serde(default = "active_by_default")]
    pub active: bool,
    /// Extra headers the webhook's owner configured, sent with every delivery.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The signature scheme (`printone` unless set): see `hookproof::scheme::ALL`.
    #[serde(default = "printone")]
    pub scheme: String,
}

fn printone() -> String {
    "printone".to_string()
}

fn active_by_default() -> bool {
    true
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("url", &self.url)
            .field("secret", &"***")
            .field("events", &self.events)
            .field("active", &self.active)
            .field("headers", &self.headers)
            .field("scheme", &self.scheme)
            .finish()
    }
}

impl WebhookConfig {
    /// True if this webhook gets `event`: it is active and subscribes to it.
    pub fn receives(&self, event: &str) -> bool {
        self.active && self.events.iter().any(|e| e == event)
    }
}

/// A `--config` file: several webhooks.
///
/// ```toml
/// [[webhook]]
/// url = "http://127.0.0.1:8787/events"
/// secret = "whk_local_demo"
/// events = ["order_status_update", "batch_status_update"]
/// headers = [["x-tenant", "acme"]]
///
/// [[webhook]]
/// url = "http://127.0.0.1:9999/old"
/// secret = "whk_old"
/// events = ["order_status_update"]
/// active = false
/// ```
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The configured webhooks.
    #[serde(rename = "webhook", default)]
    pub webhooks: Vec<WebhookConfig>,
}

impl ConfigFile {
    /// Reads and checks a config file; errors are one line that names the file.
    pub fn load(path: &Path) -> Result<ConfigFile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read config {}: {err}", path.display()))?;
        ConfigFile::parse(&text).map_err(|err| format!("config {}: {err}", path.display()))
    }

    /// Parses a config from TOML text.
    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        let config: ConfigFile = toml::from_str(text).map_err(|err| err.message().to_string())?;
        if config.webhooks.is_empty() {
            return Err("no [[webhook]] entries".to_string());
        }
        for hook in &config.webhooks {
            if hook.secret.is_empty() {
                return Err(format!("webhook {} has an empty secret", hook.url));
            }
            if hook.events.is_empty() {
                return Err(format!("webhook {} subscribes to no events", hook.url));
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_several_webhooks_and_keeps_secrets_out_of_debug() {
        let config = ConfigFile::parse(
            r#"
            [[webhook]]
            url = "http://127.0.0.1:1/a"
            secret = "s3cr3t"
            events = ["order_status_update"]
            headers = [["x-tenant", "acme"]]

            [[webhook]]
            url = "http://127.0.0.1:1/b"
            secret = "other"
            events = ["order_status_update", "coupon_code_used"]
            active = false
            "#,
        )
        .unwrap();
        assert_eq!(config.webhooks.len(), 2);
        assert!(config.webhooks[0].receives("order_status_update"));
        assert!(!config.webhooks[0].receives("coupon_code_used"));
        assert!(!config.webhooks[1].receives("coupon_code_used"), "inactive");
        assert_eq!(
            config.webhooks[0].headers,
            vec![("x-tenant".into(), "acme".into())]
        );
        assert!(!format!("{config:?}").contains("s3cr3t"));
    }

    #[test]
    fn rejects_empty_and_unknown_fields() {
        assert!(ConfigFile::parse("").is_err());
        assert!(ConfigFile::parse("[[webhook]]\nurl='u'\nsecret=''\nevents=['x']").is_err());
        assert!(ConfigFile::parse("[[webhook]]\nurl='u'\nsecret='s'\nevents=[]").is_err());
        assert!(
            ConfigFile::parse("[[webhook]]\nurl='u'\nsecret='s'\nevents=['x']\nsecert='typo'")
                .is_err()
        );
    }
}
