//! What the JSON-reading parts share (feature `json`): the event envelope the bindings receive,
//! error messages that never quote the body, RFC 3339 dates, and the type descriptions the
//! bindings' typed events are generated from.

use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::scheme::EnvelopeShape;
use crate::Error;

/// A scheme's event envelope, as the bindings hand it to their languages: the event name, its
/// data (JSON, in the order the sender wrote it) and when it was created.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The event name, e.g. `order_status_update` (names hookproof does not know are kept).
    pub event: String,
    /// True if `event` is one of the scheme's documented events.
    pub known: bool,
    /// The event's object.
    pub data: serde_json::Value,
    /// When the provider created the event, exactly as sent.
    pub created_at: String,
    /// `created_at` in Unix milliseconds (UTC).
    pub created_at_unix_ms: i64,
}

/// The longest error message taken from the JSON parser: enough for "expected …", never a body.
const MAX_REASON: usize = 160;

/// A JSON error from `serde_json` as an `invalid_payload` error that says where parsing failed
/// and what was expected there, and never what the body said (serde's own messages quote the
/// offending value, which is untrusted input that would end up in responses and logs).
pub(crate) fn json_error(err: &serde_json::Error, shape: &str) -> Error {
    use serde_json::error::Category;
    // Errors raised after the whole value was read (a date that is not RFC 3339) have no place.
    let place = if err.line() == 0 {
        "the end of the value".to_string()
    } else {
        format!("line {}, column {}", err.line(), err.column())
    };
    let reason = match err.classify() {
        Category::Syntax => format!("the body is not valid JSON (syntax error at {place})"),
        Category::Eof => format!("the body is not valid JSON (it ends early, at {place})"),
        Category::Io => format!("the body could not be read as JSON (at {place})"),
        Category::Data => {
            let message = err.to_string();
            // "missing field `x`" names a field of our own type; "…, expected <what> at line"
            // says what our type wanted. Everything before "expected" may quote the body.
            let detail = if let Some(field) = message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                format!("missing field `{field}`")
            } else if let Some((_, wanted)) = message.split_once("expected ") {
                let wanted = wanted.split(" at line ").next().unwrap_or(wanted);
                format!("expected {wanted}")
            } else {
                "a value of the wrong type".to_string()
            };
            format!("the JSON is not {shape}: {} (at {place})", bounded(&detail))
        }
    };
    Error::InvalidPayload { reason }
}

/// `text` cut to [`MAX_REASON`] characters, with control characters replaced.
pub(crate) fn bounded(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(MAX_REASON)
        .collect();
    if text.chars().count() > MAX_REASON {
        out.push('…');
    }
    out
}

/// JSON is UTF-8 (RFC 8259). `serde_json` checks it only in the strings it keeps, so a field it
/// skips could carry invalid bytes; check the whole body first. (Found by fuzzing.)
pub(crate) fn utf8_body(body: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(body).map_err(|err| Error::InvalidPayload {
        reason: format!(
            "the body is not UTF-8 (invalid byte at offset {})",
            err.valid_up_to()
        ),
    })
}

/// Any JSON value, checked and not kept: what every binding's own JSON parser reads the same way.
///
/// Where serde's `IgnoredAny` only skips a value, this reads it as a JSON tree would, allocating
/// nothing: a number must fit an `f64` (`1e400` is refused) and a string must be Unicode (an
/// escaped lone surrogate such as `"\ud800"` is refused). Bodies that pass it parse to the same
/// values in Rust (`serde_json::Value`), Python (`json.loads`) and JavaScript (`JSON.parse`), so a
/// request one language accepts is accepted by all. (`IgnoredAny` let both through: JavaScript
/// accepted them as `Infinity` and a lone surrogate while Python refused them.)
pub(crate) struct Checked;

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_key::<Checked>()?.is_some() {
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

/// An envelope's fields, without its data (which is only checked to be present and JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fields {
    pub event: String,
    pub known: bool,
    pub created_at: String,
    pub created_at_unix_ms: i64,
}

/// The key of an envelope entry, compared with the shape's names without copying it.
enum Key {
    Event,
    CreatedAt,
    Data,
    Other,
}

struct KeySeed<'s>(&'s EnvelopeShape);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(if key == self.0.event_field {
            Key::Event
        } else if key == self.0.created_at_field {
            Key::CreatedAt
        } else if key == self.0.data_field {
            Key::Data
        } else {
            Key::Other
        })
    }
}

struct FieldsSeed<'s>(&'s EnvelopeShape);

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = (String, String);
    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = (String, String);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an object with `{}`, `{}` and `{}`",
            self.0.data_field, self.0.event_field, self.0.created_at_field
        )
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut event, mut created_at, mut data) = (None, None, false);
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            match key {
                Key::Event if event.is_some() => {
                    return Err(de::Error::duplicate_field(self.0.event_field))
                }
                Key::Event => event = Some(map.next_value::<String>()?),
                Key::CreatedAt if created_at.is_some() => {
                    return Err(de::Error::duplicate_field(self.0.created_at_field))
                }
                Key::CreatedAt => created_at = Some(map.next_value::<String>()?),
                Key::Data if data => return Err(de::Error::duplicate_field(self.0.data_field)),
                Key::Data => {
                    map.next_value::<Checked>()?;
                    data = true;
                }
                Key::Other => {
                    map.next_value::<Checked>()?;
                }
            }
        }
        if !data {
            return Err(de::Error::missing_field(self.0.data_field));
        }
        let event = event.ok_or_else(|| de::Error::missing_field(self.0.event_field))?;
        let created_at =
            created_at.ok_or_else(|| de::Error::missing_field(self.0.created_at_field))?;
        Ok((event, created_at))
    }
}

/// Reads an envelope's fields: `invalid_payload` unless the body is a JSON object with the
/// shape's event name (a string), data (any JSON, as [`Checked`] reads it) and creation time (an
/// RFC 3339 date-time), each once. The data is checked, not kept: nothing is allocated for it.
pub(crate) fn envelope_fields(
    shape: &EnvelopeShape,
    body: &[u8],
    title: &str,
) -> Result<Fields, Error> {
    let text = utf8_body(body)?;
    // Named only when there is an error to word (this runs on every accepted event).
    let shape_name = || format!("a {title} event");
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let (event, created_at) = FieldsSeed(shape)
        .deserialize(&mut deserializer)
        .and_then(|fields| deserializer.end().map(|()| fields))
        .map_err(|err| json_error(&err, &shape_name()))?;
    let created_at_unix_ms =
        parse_rfc3339_millis(&created_at).ok_or_else(|| Error::InvalidPayload {
            reason: format!(
                "the JSON is not {}: expected `{}` to be an RFC 3339 date-time",
                shape_name(),
                shape.created_at_field
            ),
        })?;
    Ok(Fields {
        known: shape.events.contains(&event.as_str()),
        event,
        created_at,
        created_at_unix_ms,
    })
}

/// The full envelope, its data as JSON in the sender's order (for bindings that build their
/// values from a JSON tree).
pub(crate) fn envelope(shape: &EnvelopeShape, body: &[u8], title: &str) -> Result<Envelope, Error> {
    let fields = envelope_fields(shape, body, title)?;
    let mut object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(body).map_err(|err| json_error(&err, title))?;
    Ok(Envelope {
        event: fields.event,
        known: fields.known,
        data: object.remove(shape.data_field).unwrap_or_default(),
        created_at: fields.created_at,
        created_at_unix_ms: fields.created_at_unix_ms,
    })
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into Unix milliseconds (fraction truncated).
// The arithmetic is on values of at most four decimal digits each (and indices bounded by the
// text's length), so nothing here can overflow.
#[allow(clippy::arithmetic_side_effects)]
pub fn parse_rfc3339_millis(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let digits = |from: usize, to: usize| -> Option<i64> {
        b.get(from..to)?.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit()
                .then(|| {
                    acc.checked_mul(10)?
                        .checked_add(i64::from(c.wrapping_sub(b'0')))
                })
                .flatten()
        })
    };
    let at = |i: usize| b.get(i).copied();
    if b.len() < 20 || at(4) != Some(b'-') || at(7) != Some(b'-') {
        return None;
    }
    if !matches!(at(10), Some(b'T' | b't' | b' ')) || at(13) != Some(b':') || at(16) != Some(b':') {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 7)?, digits(8, 10)?);
    let (hour, minute, second) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days: [i64; 12] = [
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
    let days_in_month = month_days.get(usize::try_from(month.checked_sub(1)?).ok()?)?;
    if day < 1 || day > *days_in_month || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if at(i) == Some(b'.') {
        let start = i + 1;
        i = start;
        while at(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return None;
        }
        for k in 0..3 {
            let digit = if start + k < i {
                at(start + k).map_or(0, |c| i64::from(c - b'0'))
            } else {
                0
            };
            millis = millis * 10 + digit;
        }
    }
    let offset_secs = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (digits(i + 1, i + 3)?, digits(i + 4, i + 6)?);
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
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm). Every input is at
    // most four digits per field, so none of this can overflow an i64.
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

// ---------------------------------------------------------------------------------------------
// Type descriptions: what the bindings' typed events (TypeScript interfaces, Python TypedDicts,
// the docs' field tables) are generated from, so that they cannot drift from the Rust types.

/// The type of one field, as the generators see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// A JSON string.
    String,
    /// A JSON string holding an RFC 3339 date-time.
    DateTime,
    /// A JSON boolean.
    Bool,
    /// A JSON number.
    Number,
    /// A non-negative whole JSON number.
    Integer,
    /// Any JSON value.
    Json,
    /// A JSON object with any keys.
    Object,
    /// A JSON array of one type.
    Array(Box<TypeRef>),
    /// Another described record or enum, by name.
    Named(&'static str),
    /// `null` or the inner type.
    Nullable(Box<TypeRef>),
}

/// One field of a record: its name on the wire, its type, and whether it may be absent.
#[derive(Debug, Clone)]
pub struct FieldSchema {
    /// The JSON key (`companyId`).
    pub wire: String,
    /// Its type.
    pub ty: TypeRef,
    /// True if the field may be absent (its Rust type is an `Option`).
    pub optional: bool,
    /// What it is.
    pub doc: &'static str,
}

/// A record (a JSON object with known fields; unknown fields are kept).
#[derive(Debug, Clone)]
pub struct RecordSchema {
    /// The type's name in every language (`Order`).
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// Its known fields.
    pub fields: Vec<FieldSchema>,
}

/// An open enum: the documented string values; others are kept as they are.
#[derive(Debug, Clone)]
pub struct EnumSchema {
    /// The type's name in every language (`OrderStatus`).
    pub name: &'static str,
    /// What it is.
    pub doc: &'static str,
    /// The documented values.
    pub values: Vec<&'static str>,
}

/// A scheme's typed events: their records, enums, and which record each event's `data` is.
#[derive(Debug, Clone, Default)]
pub struct EventSchema {
    /// The records.
    pub records: Vec<RecordSchema>,
    /// The enums.
    pub enums: Vec<EnumSchema>,
    /// `(event name, data record name)` for each documented event.
    pub events: Vec<(&'static str, &'static str)>,
}

impl EventSchema {
    /// No typed events.
    pub fn empty() -> EventSchema {
        EventSchema::default()
    }
}

/// A Rust type that the generators can describe.
pub trait Described {
    /// How the type appears in a field.
    fn type_ref() -> TypeRef;
    /// True for `Option<T>`: the field may be absent (or null).
    const OPTIONAL: bool = false;
}

impl Described for String {
    fn type_ref() -> TypeRef {
        TypeRef::String
    }
}

impl Described for bool {
    fn type_ref() -> TypeRef {
        TypeRef::Bool
    }
}

impl Described for f64 {
    fn type_ref() -> TypeRef {
        TypeRef::Number
    }
}

impl Described for u64 {
    fn type_ref() -> TypeRef {
        TypeRef::Integer
    }
}

impl Described for serde_json::Value {
    fn type_ref() -> TypeRef {
        TypeRef::Json
    }
}

impl Described for serde_json::Map<String, serde_json::Value> {
    fn type_ref() -> TypeRef {
        TypeRef::Object
    }
}

impl<T: Described> Described for Vec<T> {
    fn type_ref() -> TypeRef {
        TypeRef::Array(Box::new(T::type_ref()))
    }
}

impl<T: Described> Described for Option<T> {
    fn type_ref() -> TypeRef {
        TypeRef::Nullable(Box::new(T::type_ref()))
    }
    const OPTIONAL: bool = true;
}

/// An RFC 3339 date-time kept as the text the sender wrote (`"2026-11-28T10:00:00.000Z"`).
pub type DateTimeText = String;

/// `companyId` from `company_id`.
#[cfg(feature = "schema")]
pub(crate) fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339_millis as parse;
    use super::*;

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
        assert_eq!(parse("9999-12-31T23:59:59.999Z"), Some(253_402_300_799_999));
    }

    #[test]
    fn rejects_what_is_not_rfc3339() {
        for bad in [
            "",
            "2026-11-28",
            "2026-11-28T10:00:00",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
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

    #[test]
    fn json_errors_say_where_and_never_quote_the_body() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Shape {
            event: String,
        }
        let secret_looking = r#"{"event": 12345678901234567890123456789}"#;
        let err = serde_json::from_str::<Shape>(secret_looking).unwrap_err();
        let message = json_error(&err, "an event").to_string();
        assert!(!message.contains("1234567"), "{message}");
        assert!(message.contains("expected a string"), "{message}");
        let err = serde_json::from_str::<Shape>(r#"{"event": "\u001b[2K tampered"#).unwrap_err();
        let message = json_error(&err, "an event").to_string();
        assert!(
            !message.contains("tampered") && !message.contains('\u{1b}'),
            "{message}"
        );
        let err = serde_json::from_str::<Shape>("{}").unwrap_err();
        assert!(json_error(&err, "an event")
            .to_string()
            .contains("missing field `event`"));
        #[cfg(feature = "schema")]
        assert_eq!(camel_case("address_line2"), "addressLine2");
    }
}
