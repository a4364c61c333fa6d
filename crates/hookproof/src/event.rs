//! The typed Print.one event returned by [`crate::Webhook::construct_event`].

use core::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::Error;

/// A Print.one webhook event: `{"data": {...}, "event": "<name>", "created_at": "<ISO-8601>"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Which event this is.
    pub event: EventType,
    /// The event's object (an order, a batch, a template preview, a coupon code), as JSON.
    pub data: serde_json::Value,
    /// When Print.one created the event, exactly as sent (RFC 3339, e.g. `2026-11-28T10:00:00.000Z`).
    pub created_at: String,
    #[serde(skip)]
    created_at_ms: i64,
}

impl Event {
    /// Parses an event body. Fails with `invalid_payload` if it is not a JSON object with `event`
    /// (a string), `data` and `created_at` (an RFC 3339 date-time).
    ///
    /// This does not verify anything: use [`crate::Webhook::construct_event`] on requests.
    pub fn from_json(body: &[u8]) -> Result<Event, Error> {
        #[derive(Deserialize)]
        struct Wire {
            event: EventType,
            data: serde_json::Value,
            created_at: String,
        }
        // JSON is UTF-8 (RFC 8259). serde_json checks it only in the strings it keeps, so a field
        // it skips could carry invalid bytes; check the whole body first. (Found by fuzzing.)
        let text = std::str::from_utf8(body).map_err(|err| Error::InvalidPayload {
            reason: format!(
                "the body is not UTF-8 (invalid byte at offset {})",
                err.valid_up_to()
            ),
        })?;
        let wire: Wire = serde_json::from_str(text).map_err(|err| Error::InvalidPayload {
            reason: err.to_string(),
        })?;
        let created_at_ms =
            parse_rfc3339_millis(&wire.created_at).ok_or_else(|| Error::InvalidPayload {
                reason: "`created_at` is not an RFC 3339 date-time".to_string(),
            })?;
        Ok(Event {
            event: wire.event,
            data: wire.data,
            created_at: wire.created_at,
            created_at_ms,
        })
    }

    /// `created_at` as milliseconds since the Unix epoch (UTC).
    ///
    /// ```
    /// let body = br#"{"data":{},"event":"coupon_code_used","created_at":"1970-01-02T00:00:00.250Z"}"#;
    /// let event = hookproof::Event::from_json(body)?;
    /// assert_eq!(event.created_at_unix_millis(), 86_400_250);
    /// # Ok::<(), hookproof::Error>(())
    /// ```
    pub fn created_at_unix_millis(&self) -> i64 {
        self.created_at_ms
    }
}

/// The kind of a Print.one event. Names Print.one adds later arrive as [`EventType::Other`]
/// instead of failing, so a new event never breaks a receiver.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `order_status_update`: an order moved to a new status.
    OrderStatusUpdate,
    /// `template_preview_rendered`: a template preview image is ready.
    TemplatePreviewRendered,
    /// `batch_status_update`: a batch moved to a new status.
    BatchStatusUpdate,
    /// `coupon_code_used`: a coupon code was redeemed.
    CouponCodeUsed,
    /// Any other event name, kept as sent.
    Other(String),
}

impl EventType {
    /// The four event names Print.one documents.
    pub const KNOWN: [EventType; 4] = [
        EventType::OrderStatusUpdate,
        EventType::TemplatePreviewRendered,
        EventType::BatchStatusUpdate,
        EventType::CouponCodeUsed,
    ];

    /// The event's wire name.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::OrderStatusUpdate => "order_status_update",
            EventType::TemplatePreviewRendered => "template_preview_rendered",
            EventType::BatchStatusUpdate => "batch_status_update",
            EventType::CouponCodeUsed => "coupon_code_used",
            EventType::Other(name) => name,
        }
    }

    /// The event type for a wire name (unknown names become [`EventType::Other`]).
    pub fn from_name(name: &str) -> EventType {
        match name {
            "order_status_update" => EventType::OrderStatusUpdate,
            "template_preview_rendered" => EventType::TemplatePreviewRendered,
            "batch_status_update" => EventType::BatchStatusUpdate,
            "coupon_code_used" => EventType::CouponCodeUsed,
            other => EventType::Other(other.to_string()),
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl de::Visitor<'_> for Name {
            type Value = EventType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event name")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<EventType, E> {
                Ok(EventType::from_name(name))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into Unix milliseconds (fraction truncated).
fn parse_rfc3339_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |range: core::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        part.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > month_days[month as usize - 1] {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
        for k in 0..3 {
            millis = millis * 10
                + b.get(start + k)
                    .filter(|_| start + k < i)
                    .map_or(0, |c| i64::from(c - b'0'));
        }
    }
    let offset_secs = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1..i + 3)?, digits(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let magnitude = h * 3600 + m * 60;
            if *sign == b'+' {
                magnitude
            } else {
                -magnitude
            }
        }
        _ => return None,
    };
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_secs;
    Some(secs * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339_millis as parse;

    #[test]
    fn parses_rfc3339_like_python_datetime() {
        // Expected values from Python: int(datetime.fromisoformat(s).timestamp() * 1000).
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2026-11-28T10:00:00.123Z"), Some(1_795_860_000_123));
        assert_eq!(
            parse("2026-11-28T11:00:00.123456+01:00"),
            Some(1_795_860_000_123)
        );
        assert_eq!(
            parse("2024-02-29T00:00:00.5-00:30"),
            Some(1_709_166_600_500)
        );
        assert_eq!(parse("1969-12-31T23:59:59Z"), Some(-1000));
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for bad in [
            "",
            "2026-11-28",
            "2026-11-28T10:00:00",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-28T24:00:00Z",
            "2026-11-28T10:00:00.Z",
            "2026-11-28T10:00:00Zjunk",
            "2026-11-28T10:00:00+1:00",
            "２026-11-28T10:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
