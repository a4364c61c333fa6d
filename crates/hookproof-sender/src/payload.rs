//! What a Print.one delivery carries: the event body and its sample data.

use std::time::SystemTime;

use serde_json::Value;

/// The four events Print.one sends, with realistic sample `data` for each (shapes as Print.one
/// documents them: orders with recipient, status and friendlyStatus; batches with order counts;
/// template previews with imageUrl; coupon codes).
pub const SAMPLE_EVENTS: [(&str, &str); 4] = [
    (
        "order_status_update",
        include_str!("../samples/order_status_update.json"),
    ),
    (
        "template_preview_rendered",
        include_str!("../samples/template_preview_rendered.json"),
    ),
    (
        "batch_status_update",
        include_str!("../samples/batch_status_update.json"),
    ),
    (
        "coupon_code_used",
        include_str!("../samples/coupon_code_used.json"),
    ),
];

/// The sample `data` for one of the four events, or `None` for another name.
pub fn sample_data(event: &str) -> Option<Value> {
    SAMPLE_EVENTS
        .iter()
        .find(|(name, _)| *name == event)
        .map(|(_, json)| serde_json::from_str(json).expect("shipped samples are valid JSON"))
}

/// The body Print.one posts: compact JSON `{"data": ..., "event": ..., "created_at": ...}` in
/// that key order, `created_at` in RFC 3339 with milliseconds and `Z`.
pub fn event_body(event: &str, data: &Value, created_at: SystemTime) -> Vec<u8> {
    let mut body = Vec::with_capacity(256);
    body.extend_from_slice(b"{\"data\":");
    serde_json::to_writer(&mut body, data).expect("JSON values always serialise");
    body.extend_from_slice(b",\"event\":");
    serde_json::to_writer(&mut body, event).expect("strings always serialise");
    body.extend_from_slice(b",\"created_at\":\"");
    body.extend_from_slice(format_created_at(created_at).as_bytes());
    body.extend_from_slice(b"\"}");
    body
}

/// `2026-11-28T10:00:01.250Z`.
pub fn format_created_at(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn body_is_compact_ordered_and_parses_as_an_event() {
        let at = UNIX_EPOCH + Duration::from_millis(1_795_860_001_250);
        let body = event_body(
            "coupon_code_used",
            &serde_json::json!({"b": 1, "a": [true]}),
            at,
        );
        assert_eq!(
            String::from_utf8(body.clone()).unwrap(),
            r#"{"data":{"b":1,"a":[true]},"event":"coupon_code_used","created_at":"2026-11-28T10:00:01.250Z"}"#
        );
        let event = hookproof::Event::from_json(&body).unwrap();
        assert_eq!(event.created_at_unix_millis(), 1_795_860_001_250);
    }

    #[test]
    fn every_sample_has_the_documented_shape() {
        let order = sample_data("order_status_update").unwrap();
        assert!(order["recipient"]["name"].is_string() && order["friendlyStatus"].is_string());
        assert!(order["status"].is_string());
        let batch = sample_data("batch_status_update").unwrap();
        assert!(batch["orders"]["success"].is_u64());
        assert!(sample_data("template_preview_rendered").unwrap()["imageUrl"].is_string());
        assert!(sample_data("coupon_code_used").unwrap()["code"].is_string());
        assert!(sample_data("unknown").is_none());
    }
}
