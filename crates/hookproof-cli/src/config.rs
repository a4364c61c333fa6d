//! Webhook configurations, as a provider's dashboard holds them: where to deliver, with which
//! secret, for which events, and with which trigger filters.

use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

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
    /// The signature scheme (the core's default unless set): see `hookproof::scheme::ALL`.
    #[serde(default = "default_scheme")]
    pub scheme: String,
    /// Trigger filters: all of them must match for the webhook to get an event.
    #[serde(default, rename = "filter")]
    pub filters: Vec<Filter>,
}

fn default_scheme() -> String {
    hookproof::scheme::default_scheme().name().to_string()
}

/// A trigger filter, as Print.one's dashboard has them: a property of the event, a matcher and
/// a value. `equals` and `not-equals` take one string, `in` and `not-in` a list of strings.
///
/// A property that is absent matches no value: `equals` and `in` fail, `not-equals` and
/// `not-in` pass. Numbers and booleans compare by their JSON text (`true`, `42`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// A dotted path from the event's root, e.g. `data.status` or `data.recipient.country`.
    pub key: String,
    /// `equals`, `not-equals`, `in` or `not-in`.
    #[serde(rename = "type")]
    pub matcher: Matcher,
    /// The value (a string) or values (a list of strings) to compare with.
    pub value: FilterValue,
    /// The event the filter applies to; absent, every event of the webhook.
    #[serde(default)]
    pub event: Option<String>,
}

/// How a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matcher {
    /// The property is the value.
    Equals,
    /// The property is not the value.
    NotEquals,
    /// The property is one of the values.
    In,
    /// The property is none of the values.
    NotIn,
}

/// A filter's value: one string or a list of strings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum FilterValue {
    /// For `equals` and `not-equals`.
    One(String),
    /// For `in` and `not-in`.
    Many(Vec<String>),
}

impl Filter {
    /// Checks the filter's shape; the error says what to fix.
    fn check(&self) -> Result<(), String> {
        let path_ok = !self.key.is_empty() && self.key.split('.').all(|part| !part.is_empty());
        if !path_ok {
            return Err(format!(
                "filter key {:?} is not a dotted property path such as \"data.status\"",
                self.key
            ));
        }
        match (self.matcher, &self.value) {
            (Matcher::Equals | Matcher::NotEquals, FilterValue::One(_)) => Ok(()),
            (Matcher::In | Matcher::NotIn, FilterValue::Many(values)) if !values.is_empty() => Ok(()),
            (Matcher::In | Matcher::NotIn, FilterValue::Many(_)) => {
                Err(format!("filter on {:?}: `in` and `not-in` need at least one value", self.key))
            }
            (Matcher::Equals | Matcher::NotEquals, FilterValue::Many(_)) => Err(format!(
                "filter on {:?}: `equals` and `not-equals` take one string value, not a list",
                self.key
            )),
            (Matcher::In | Matcher::NotIn, FilterValue::One(_)) => Err(format!(
                "filter on {:?}: `in` and `not-in` take a list of values, e.g. value = [\"a\", \"b\"]",
                self.key
            )),
        }
    }

    /// True if `event` passes this filter (a filter for another event passes).
    pub fn matches(&self, event: &str, envelope: &Value) -> bool {
        if self.event.as_deref().is_some_and(|only| only != event) {
            return true;
        }
        let found = self
            .key
            .split('.')
            .try_fold(envelope, |value, part| value.get(part))
            .and_then(|value| match value {
                Value::String(text) => Some(text.clone()),
                Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
                _ => None,
            });
        let is = |wanted: &str| found.as_deref() == Some(wanted);
        match (&self.matcher, &self.value) {
            (Matcher::Equals, FilterValue::One(value)) => is(value),
            (Matcher::NotEquals, FilterValue::One(value)) => !is(value),
            (Matcher::In, FilterValue::Many(values)) => values.iter().any(|v| is(v)),
            (Matcher::NotIn, FilterValue::Many(values)) => !values.iter().any(|v| is(v)),
            // `check` refuses the other combinations when the config is read.
            _ => false,
        }
    }
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
            .field("filters", &self.filters)
            .finish()
    }
}

impl WebhookConfig {
    /// True if this webhook subscribes to `event` at all (active, and listed).
    pub fn subscribes(&self, event: &str) -> bool {
        self.active && self.events.iter().any(|e| e == event)
    }

    /// True if this webhook gets `event` with `data`: it is active, subscribes to the event, and
    /// every filter matches.
    pub fn receives(&self, event: &str, data: &Value) -> bool {
        if !self.subscribes(event) {
            return false;
        }
        let envelope = serde_json::json!({ "data": data, "event": event });
        self.filters
            .iter()
            .all(|filter| filter.matches(event, &envelope))
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
/// [[webhook.filter]]                  # every filter must match
/// key = "data.status"
/// type = "in"                         # equals, not-equals, in, not-in
/// value = ["order_created", "order_failed"]
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
            for filter in &hook.filters {
                filter
                    .check()
                    .map_err(|err| format!("webhook {}: {err}", hook.url))?;
                if let Some(event) = &filter.event {
                    if !hook.events.contains(event) {
                        return Err(format!(
                            "webhook {}: a filter applies to {event:?}, which it does not subscribe to",
                            hook.url
                        ));
                    }
                }
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
        let data = serde_json::json!({});
        assert!(config.webhooks[0].receives("order_status_update", &data));
        assert!(!config.webhooks[0].receives("coupon_code_used", &data));
        assert!(
            !config.webhooks[1].receives("coupon_code_used", &data),
            "inactive"
        );
        assert_eq!(
            config.webhooks[0].headers,
            vec![("x-tenant".into(), "acme".into())]
        );
        assert!(!format!("{config:?}").contains("s3cr3t"));
    }

    fn filtered(filters: &str) -> Result<WebhookConfig, String> {
        let text = format!(
            "[[webhook]]\nurl='u'\nsecret='s'\nevents=['order_status_update','coupon_code_used']\n{filters}"
        );
        ConfigFile::parse(&text).map(|mut c| c.webhooks.remove(0))
    }

    #[test]
    fn each_matcher_over_dotted_paths_and_missing_properties() {
        let order = |status: &str| serde_json::json!({ "status": status, "recipient": { "country": "NL" }, "n": 3, "ok": true });
        let event = "order_status_update";
        let case = |filter: &str, data: &Value| filtered(filter).unwrap().receives(event, data);
        let equals = "[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue='order_created'";
        assert!(case(equals, &order("order_created")));
        assert!(!case(equals, &order("order_failed")));
        let not_equals =
            "[[webhook.filter]]\nkey='data.status'\ntype='not-equals'\nvalue='order_created'";
        assert!(!case(not_equals, &order("order_created")));
        assert!(case(not_equals, &order("order_failed")));
        let within = "[[webhook.filter]]\nkey='data.status'\ntype='in'\nvalue=['order_failed','order_cancelled']";
        assert!(case(within, &order("order_cancelled")));
        assert!(!case(within, &order("order_created")));
        let not_in = "[[webhook.filter]]\nkey='data.status'\ntype='not-in'\nvalue=['order_failed','order_cancelled']";
        assert!(!case(not_in, &order("order_failed")));
        assert!(case(not_in, &order("order_created")));
        let nested = "[[webhook.filter]]\nkey='data.recipient.country'\ntype='equals'\nvalue='NL'";
        assert!(case(nested, &order("x")));
        let number = "[[webhook.filter]]\nkey='data.n'\ntype='in'\nvalue=['3','4']";
        assert!(case(number, &order("x")));
        let boolean = "[[webhook.filter]]\nkey='data.ok'\ntype='equals'\nvalue='true'";
        assert!(case(boolean, &order("x")));
        // An absent property equals nothing.
        let missing = |matcher: &str, value: &str| {
            let filter = format!(
                "[[webhook.filter]]\nkey='data.nope.deeper'\ntype='{matcher}'\nvalue={value}"
            );
            case(&filter, &order("x"))
        };
        assert!(!missing("equals", "'x'"));
        assert!(missing("not-equals", "'x'"));
        assert!(!missing("in", "['x']"));
        assert!(missing("not-in", "['x']"));
        // All filters must match; a filter for another event does not apply.
        let both = format!("{equals}\n{nested}");
        assert!(case(&both, &order("order_created")));
        assert!(!case(&both, &order("order_failed")));
        let scoped = "[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue='order_created'\nevent='coupon_code_used'";
        assert!(case(scoped, &order("order_failed")));
        assert!(!filtered(scoped)
            .unwrap()
            .receives("coupon_code_used", &order("order_failed")));
    }

    #[test]
    fn malformed_filters_are_refused_with_what_to_fix() {
        for (filter, says) in [
            ("[[webhook.filter]]\nkey='data.status'\ntype='contains'\nvalue='x'", "unknown variant"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='in'\nvalue='x'", "take a list"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue=['x']", "one string"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='in'\nvalue=[]", "at least one"),
            ("[[webhook.filter]]\nkey='data..status'\ntype='equals'\nvalue='x'", "dotted property path"),
            ("[[webhook.filter]]\nkey=''\ntype='equals'\nvalue='x'", "dotted property path"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue=1", "did not match"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue='x'\nevent='batch_status_update'", "does not subscribe"),
            ("[[webhook.filter]]\nkey='data.status'\ntype='equals'\nvalue='x'\nvalu='typo'", "unknown field"),
        ] {
            let err = filtered(filter).unwrap_err();
            assert!(err.contains(says), "{filter}: {err}");
        }
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
