//! What a delivery carries: the scheme's event body, from the scheme's sample data or yours.

use std::time::SystemTime;

/// The sample `data` (JSON) the scheme ships for `event`, or `None` for another name.
pub fn sample_data(scheme: &hookproof::Scheme, event: &str) -> Option<serde_json::Value> {
    scheme
        .sample_data(event)
        .and_then(|json| serde_json::from_str(json).ok())
}

/// The names of the scheme's sample events (`--event all`).
pub fn sample_events(scheme: &hookproof::Scheme) -> Vec<&'static str> {
    scheme
        .info()
        .sample_events
        .iter()
        .map(|(name, _)| *name)
        .collect()
}

/// A creation time for a new event: now, but never the same millisecond twice in this process,
/// so that two events built in one millisecond are different events (different bodies), as two
/// events of a provider are.
pub fn fresh_created_at() -> SystemTime {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, UNIX_EPOCH};
    static LAST_MS: AtomicU64 = AtomicU64::new(0);
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let mut last = LAST_MS.load(Ordering::Relaxed);
    loop {
        let next = now.max(last.saturating_add(1));
        match LAST_MS.compare_exchange_weak(last, next, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return UNIX_EPOCH + Duration::from_millis(next),
            Err(seen) => last = seen,
        }
    }
}

/// The body the provider posts for `event` with `data`, created at `created_at`: the scheme's
/// envelope, compact, in the provider's key order.
pub fn event_body(
    scheme: &hookproof::Scheme,
    event: &str,
    data: &serde_json::Value,
    created_at: SystemTime,
) -> Vec<u8> {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    scheme.event_body(event, &data, &format_created_at(created_at))
}

/// `2026-11-28T10:00:01.250Z`.
pub fn format_created_at(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hookproof::scheme::{printone, PRINTONE};
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn body_is_compact_ordered_and_parses_as_an_event() {
        let at = UNIX_EPOCH + Duration::from_millis(1_795_860_001_250);
        let body = event_body(
            &PRINTONE,
            "coupon_code_used",
            &serde_json::json!({"id": "cpc_1", "couponId": "co_1", "code": "X", "used": false, "usedAt": null, "orderId": null}),
            at,
        );
        assert_eq!(
            String::from_utf8(body.clone()).unwrap(),
            r#"{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":false,"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2026-11-28T10:00:01.250Z"}"#
        );
        let event = printone::Event::from_json(&body).unwrap();
        assert_eq!(event.created_at_unix_millis(), 1_795_860_001_250);
    }

    #[test]
    fn every_sample_is_there() {
        assert_eq!(sample_events(&PRINTONE).len(), 4);
        assert!(
            sample_data(&PRINTONE, "order_status_update").unwrap()["recipient"]["name"].is_string()
        );
        assert!(sample_data(&PRINTONE, "unknown").is_none());
    }
}
