//! Print.one's typed events: the envelope, the four documented payloads, and their enums.
//!
//! The fields follow Print.one's API documentation (its OpenAPI description) and the model
//! interfaces of its JavaScript library. Every record keeps the fields it does not know in
//! `extra`, in the order they were sent, and every enum keeps unknown values as `Other`, so
//! that a field or status Print.one adds later never breaks a receiver. An event name that is
//! not one of the four is still accepted, with its data untyped ([`Data::Other`]).
//!
//! The TypeScript interfaces, Python `TypedDict`s and the docs' field tables are generated from
//! these types ([`schema`]), so they cannot drift apart.

use core::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

#[cfg(feature = "schema")]
use crate::event::{camel_case, EnumSchema, EventSchema, FieldSchema, RecordSchema};
use crate::event::{json_error, parse_rfc3339_millis, utf8_body, Described, TypeRef};
use crate::Error;

/// A record: a struct with camelCase wire names, unknown fields kept in `extra`, and a
/// description for the generators.
macro_rules! record {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $fdoc:literal])* $field:ident : $ty:ty,)* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $($(#[doc = $fdoc])* pub $field: $ty,)*
            /// Fields hookproof does not know, kept as sent (in order).
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        #[cfg(feature = "schema")]
        impl $name {
            fn describe() -> RecordSchema {
                RecordSchema {
                    name: stringify!($name),
                    doc: concat!($($doc),*).trim_ascii(),
                    fields: vec![$(FieldSchema {
                        wire: camel_case(stringify!($field)),
                        ty: <$ty as Described>::type_ref(),
                        optional: <$ty as Described>::OPTIONAL,
                        doc: concat!($($fdoc),*).trim_ascii(),
                    },)*],
                }
            }
        }

        impl Described for $name {
            fn type_ref() -> TypeRef {
                TypeRef::Named(stringify!($name))
            }
        }
    };
}

/// An open enum: the documented values, and `Other` for any value Print.one adds later.
macro_rules! open_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal,)* }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[doc = $vdoc])* $variant,)*
            /// A value hookproof does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The documented values, in Print.one's order.
            pub const KNOWN: &'static [&'static str] = &[$($wire),*];

            /// The value as sent.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Other(other) => other,
                }
            }

            /// The variant for a wire value (unknown values become `Other`).
            pub fn from_name(name: &str) -> $name {
                match name {
                    $($wire => $name::$variant,)*
                    other => $name::Other(other.to_string()),
                }
            }

            #[cfg(feature = "schema")]
            fn describe() -> EnumSchema {
                EnumSchema {
                    name: stringify!($name),
                    doc: concat!($($doc),*).trim_ascii(),
                    values: Self::KNOWN.to_vec(),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Name;
                impl de::Visitor<'_> for Name {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a string (", stringify!($name), ")"))
                    }
                    fn visit_str<E: de::Error>(self, name: &str) -> Result<$name, E> {
                        Ok($name::from_name(name))
                    }
                }
                deserializer.deserialize_str(Name)
            }
        }

        impl Described for $name {
            fn type_ref() -> TypeRef {
                TypeRef::Named(stringify!($name))
            }
        }
    };
}

open_enum! {
    /// The kind of a Print.one event.
    EventType {
        /// An order moved to a new status.
        OrderStatusUpdate = "order_status_update",
        /// A template preview image is ready.
        TemplatePreviewRendered = "template_preview_rendered",
        /// A batch moved to a new status.
        BatchStatusUpdate = "batch_status_update",
        /// A coupon code was redeemed.
        CouponCodeUsed = "coupon_code_used",
    }
}

open_enum! {
    /// Where an order is in Print.one's pipeline.
    OrderStatus {
        /// The order was created.
        OrderCreated = "order_created",
        /// Its print PDF was created.
        OrderPdfCreated = "order_pdf_created",
        /// Its print PDF is queued for the printer.
        OrderPdfQueued = "order_pdf_queued",
        /// It is scheduled for its send date.
        OrderScheduled = "order_scheduled",
        /// Its print PDF was delivered to the printer.
        OrderPdfDelivered = "order_pdf_delivered",
        /// It was cancelled.
        OrderCancelled = "order_cancelled",
        /// It failed (see `errors`).
        OrderFailed = "order_failed",
    }
}

open_enum! {
    /// The order status as Print.one's dashboard shows it.
    FriendlyStatus {
        /// Being processed.
        Processing = "Processing",
        /// Processed successfully.
        Success = "Success",
        /// Sent.
        Sent = "Sent",
        /// Scheduled.
        Scheduled = "Scheduled",
        /// Cancelled.
        Cancelled = "Cancelled",
        /// Failed.
        Failed = "Failed",
    }
}

open_enum! {
    /// Where a batch is in Print.one's pipeline.
    BatchStatus {
        /// Created.
        BatchCreated = "batch_created",
        /// Waiting for approval.
        BatchNeedsApproval = "batch_needs_approval",
        /// Approved by the user.
        BatchUserReady = "batch_user_ready",
        /// Ready to be scheduled.
        BatchReadyToSchedule = "batch_ready_to_schedule",
        /// Being scheduled.
        BatchScheduling = "batch_scheduling",
        /// Scheduled.
        BatchScheduled = "batch_scheduled",
        /// Being printed.
        BatchPrinting = "batch_printing",
        /// Printed.
        BatchPrinted = "batch_printed",
        /// Sent.
        BatchSent = "batch_sent",
        /// Cancelled.
        BatchCancelled = "batch_cancelled",
    }
}

open_enum! {
    /// A product format.
    Format {
        /// Postcard, A5.
        PostcardA5 = "POSTCARD_A5",
        /// Postcard, A6.
        PostcardA6 = "POSTCARD_A6",
        /// Square postcard, 15 cm.
        PostcardSq15 = "POSTCARD_SQ15",
        /// Maxi postcard.
        PostcardMaxi = "POSTCARD_MAXI",
        /// DIN long postcard.
        PostcardDinLong = "POSTCARD_DIN_LONG",
        /// Square greeting card, 14 cm.
        GreetingcardSq14 = "GREETINGCARD_SQ14",
        /// Letter, A4.
        LetterA4 = "LETTER_A4",
        /// Maxi self-mailer.
        SelfmailerMaxi = "SELFMAILER_MAXI",
    }
}

open_enum! {
    /// A print finish.
    Finish {
        /// Glossy.
        Glossy = "GLOSSY",
        /// Matte.
        Matte = "MATTE",
    }
}

open_enum! {
    /// How fast an order is delivered.
    DeliverySpeed {
        /// Fast (first class).
        Fast = "FAST",
        /// Slow (economy).
        Slow = "SLOW",
    }
}

record! {
    /// A postal address: an order's recipient, or the sender of an order or batch.
    Address {
        /// The addressee.
        name: String,
        /// Street and number.
        address: String,
        /// A second address line.
        address_line2: Option<String>,
        /// The postal code.
        postal_code: String,
        /// The city.
        city: String,
        /// The country (ISO 3166-1 alpha-2, e.g. `NL`).
        country: String,
    }
}

record! {
    /// An order: the data of `order_status_update`.
    Order {
        /// The order id (`ord_…`).
        id: String,
        /// The company the order belongs to.
        company_id: String,
        /// The template it was printed from (`tmpl_…`).
        template_id: String,
        /// The print finish.
        finish: Finish,
        /// The product format (null for an order that failed without a valid design).
        format: Option<Format>,
        /// The merge variables the order was created with.
        merge_variables: Map<String, Value>,
        /// The sender's address.
        sender: Option<Address>,
        /// The recipient's address.
        recipient: Address,
        /// The country the order is sent to.
        definitive_country_id: Option<String>,
        /// The postal region, e.g. `NETHERLANDS`.
        region: Option<String>,
        /// How fast it is delivered.
        delivery_speed: Option<DeliverySpeed>,
        /// The billing account.
        billing_id: Option<String>,
        /// True for orders made with a live API key.
        is_billable: bool,
        /// Where the order is in Print.one's pipeline.
        status: OrderStatus,
        /// The status as the dashboard shows it.
        friendly_status: FriendlyStatus,
        /// Why the order failed, if it did.
        errors: Vec<String>,
        /// Warnings about the order.
        warnings: Option<Vec<String>>,
        /// Metadata set by Print.one.
        metadata: Option<Map<String, Value>>,
        /// When the order is (or was) sent.
        send_date: String,
        /// When the order was created.
        created_at: String,
        /// When the order last changed.
        updated_at: String,
        /// When the recipient's data was anonymized.
        anonymized_at: Option<String>,
        /// The CSV upload the order came from.
        csv_order_id: Option<String>,
        /// The batch the order belongs to.
        batch_id: Option<String>,
        /// The stamp used (early access).
        stamp_id: Option<String>,
    }
}

record! {
    /// A rendered template preview: the data of `template_preview_rendered`.
    TemplatePreview {
        /// The preview id (`prev_…`, with a page suffix).
        id: String,
        /// The template the preview shows.
        template_id: String,
        /// Where the preview image is.
        image_url: String,
        /// Rendering problems (e.g. an image that could not be fetched).
        errors: Vec<String>,
    }
}

record! {
    /// How many of a batch's orders are in each state.
    BatchOrders {
        /// Still processing.
        processing: u64,
        /// Processed successfully.
        success: u64,
        /// Failed.
        failed: u64,
        /// Cancelled.
        cancelled: u64,
    }
}

record! {
    /// A batch of orders: the data of `batch_status_update`.
    Batch {
        /// The batch id (`batch_…`).
        id: String,
        /// The company the batch belongs to.
        company_id: String,
        /// The batch's name.
        name: String,
        /// The billing account.
        billing_id: Option<String>,
        /// The print finish.
        finish: Finish,
        /// The product format.
        format: Option<Format>,
        /// True for batches made with a live API key.
        is_billable: bool,
        /// The template its orders are printed from.
        template_id: String,
        /// The estimated price.
        estimated_price: Option<f64>,
        /// The estimated tax.
        estimated_tax: Option<f64>,
        /// The sender's address.
        sender: Option<Address>,
        /// When the batch is sent (null: a manual action is required).
        send_date: Option<String>,
        /// Where the batch is in Print.one's pipeline.
        status: BatchStatus,
        /// Its orders by state.
        orders: BatchOrders,
        /// When the batch was created.
        created_at: String,
        /// When the batch last changed.
        updated_at: String,
        /// When the batch was archived.
        archived_at: Option<String>,
        /// The country the batch is sent to.
        country_id: Option<String>,
        /// How many orders the batch needs.
        required_count: Option<u64>,
        /// The expected delivery window (two dates).
        expected_delivery_timeframe: Option<Vec<String>>,
    }
}

record! {
    /// A coupon code: the data of `coupon_code_used`.
    CouponCode {
        /// The coupon code's id (`cpc_…`).
        id: String,
        /// The coupon it belongs to (`co_…`).
        coupon_id: String,
        /// The code itself.
        code: String,
        /// True once redeemed.
        used: bool,
        /// When it was redeemed.
        used_at: Option<String>,
        /// The order it was redeemed on.
        order_id: Option<String>,
    }
}

/// An event's data, typed by the event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Data {
    /// `order_status_update`.
    Order(Box<Order>),
    /// `template_preview_rendered`.
    TemplatePreview(TemplatePreview),
    /// `batch_status_update`.
    Batch(Box<Batch>),
    /// `coupon_code_used`.
    CouponCode(CouponCode),
    /// Any other event: its data as sent.
    Other(Value),
}

impl Serialize for Data {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Data::Order(order) => order.serialize(serializer),
            Data::TemplatePreview(preview) => preview.serialize(serializer),
            Data::Batch(batch) => batch.serialize(serializer),
            Data::CouponCode(code) => code.serialize(serializer),
            Data::Other(value) => value.serialize(serializer),
        }
    }
}

/// A Print.one event, typed: `{"data": {...}, "event": "<name>", "created_at": "<RFC 3339>"}`.
///
/// ```
/// use hookproof::scheme::printone::{Data, Event, EventType};
///
/// let body = br#"{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":true,"usedAt":null,"orderId":null},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00.000Z"}"#;
/// let event: Event = serde_json::from_slice(body)?;
/// assert_eq!(event.event, EventType::CouponCodeUsed);
/// assert!(matches!(&event.data, Data::CouponCode(code) if code.code == "X"));
/// assert_eq!(event.created_at_unix_millis(), 1_795_860_000_000);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The event's data, typed by `event`.
    pub data: Data,
    /// Which event this is.
    pub event: EventType,
    /// When Print.one created the event, exactly as sent.
    pub created_at: String,
    #[serde(skip)]
    created_at_ms: i64,
}

impl Event {
    /// Parses an event body (without verifying it: use [`crate::Webhook::construct_event`] on
    /// requests). `invalid_payload` if it is not a Print.one event.
    pub fn from_json(body: &[u8]) -> Result<Event, Error> {
        let text = utf8_body(body)?;
        serde_json::from_str(text).map_err(|err| json_error(&err, SHAPE))
    }

    /// `created_at` as milliseconds since the Unix epoch (UTC).
    pub fn created_at_unix_millis(&self) -> i64 {
        self.created_at_ms
    }
}

#[derive(Deserialize)]
struct Wire {
    data: Value,
    event: String,
    created_at: String,
}

fn created_at_millis<E: de::Error>(created_at: &str) -> Result<i64, E> {
    parse_rfc3339_millis(created_at)
        .ok_or_else(|| E::custom("expected `created_at` to be an RFC 3339 date-time"))
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        let created_at_ms = created_at_millis(&wire.created_at)?;
        let event = EventType::from_name(&wire.event);
        let data = typed_data(&event, &wire.data)
            .map_err(|reason| <D::Error as de::Error>::custom(format!("expected {reason}")))?;
        Ok(Event {
            data: data.unwrap_or(Data::Other(wire.data)),
            event,
            created_at: wire.created_at,
            created_at_ms,
        })
    }
}

/// The typed data of a known event (`None` for an unknown event), or what it should have been.
fn typed_data(event: &EventType, data: &Value) -> Result<Option<Data>, String> {
    let typed = |what: &'static str| {
        move |err: serde_json::Error| {
            let detail = err.to_string();
            let field = detail
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .map_or_else(String::new, |f| format!(" (missing field `{f}`)"));
            format!("`data` to be {what}{field}")
        }
    };
    Ok(Some(match event {
        EventType::OrderStatusUpdate => Data::Order(Box::new(
            Order::deserialize(data).map_err(typed("an order"))?,
        )),
        EventType::TemplatePreviewRendered => Data::TemplatePreview(
            TemplatePreview::deserialize(data).map_err(typed("a template preview"))?,
        ),
        EventType::BatchStatusUpdate => Data::Batch(Box::new(
            Batch::deserialize(data).map_err(typed("a batch"))?,
        )),
        EventType::CouponCodeUsed => {
            Data::CouponCode(CouponCode::deserialize(data).map_err(typed("a coupon code"))?)
        }
        EventType::Other(_) => return Ok(None),
    }))
}

const SHAPE: &str = "a Print.one event";

/// The description of every typed event, for the generated TypeScript, Python and docs
/// (feature `schema`).
#[cfg(feature = "schema")]
pub fn schema() -> EventSchema {
    EventSchema {
        records: vec![
            Address::describe(),
            Order::describe(),
            TemplatePreview::describe(),
            BatchOrders::describe(),
            Batch::describe(),
            CouponCode::describe(),
        ],
        enums: vec![
            EventType::describe(),
            OrderStatus::describe(),
            FriendlyStatus::describe(),
            BatchStatus::describe(),
            Format::describe(),
            Finish::describe(),
            DeliverySpeed::describe(),
        ],
        events: vec![
            ("order_status_update", "Order"),
            ("template_preview_rendered", "TemplatePreview"),
            ("batch_status_update", "Batch"),
            ("coupon_code_used", "CouponCode"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Print.one's own test payload (print-one-js, `test/PrintOne.spec.ts`), byte for byte.
    const PRINTONE_ORDER: &str = r#"{"data":{"id":"ord_QXitaPr7MumnHo2BYXuW9","companyId":"2bd4c679-3d59-4a6f-a815-a60424746f8d","templateId":"tmpl_AyDg3PxvP5ydyGq3kSFfj","finish":"GLOSSY","format":"POSTCARD_A5","mergeVariables":{},"recipient":{"name":"Your Name","address":"Street 1","postalCode":"1234 AB","city":"Amsterdam","country":"NL"},"definitiveCountryId":"NL","region":"NETHERLANDS","deliverySpeed":"FAST","isBillable":true,"status":"order_created","friendlyStatus":"Processing","errors":[],"metadata":{},"sendDate":"2024-01-01T00:00:00.000Z","createdAt":"2024-01-01T00:00:00.000Z","updatedAt":"2024-01-01T00:00:00.000Z","anonymizedAt":null,"csvOrderId":null},"created_at":"2024-06-03T13:14:46.501Z","event":"order_status_update"}"#;
    const PRINTONE_BATCH: &str = r#"{"data":{"id":"batch_1","companyId":"2bd4c679-3d59-4a6f-a815-a60424746f8d","name":"Test batch","finish":"GLOSSY","templateId":"tmpl_AyDg3PxvP5ydyGq3kSFfj","status":"batch_created","createdAt":"2024-06-03T13:14:46.501Z","updatedAt":"2024-06-03T13:14:46.501Z","sendDate":null,"isBillable":true,"estimatedPrice":0,"orders":{"processing":0,"success":0,"failed":0,"cancelled":0}},"event":"batch_status_update","created_at":"2024-06-03T13:14:46.501Z"}"#;

    #[test]
    fn printones_own_payloads_are_typed_with_a_real_date() {
        let order = Event::from_json(PRINTONE_ORDER.as_bytes()).unwrap();
        let Data::Order(data) = &order.data else {
            panic!("{order:?}")
        };
        assert_eq!(data.status, OrderStatus::OrderCreated);
        assert_eq!(data.recipient.city, "Amsterdam");
        assert_eq!(data.format, Some(Format::PostcardA5));
        // 2024-06-03T13:14:46.501Z, from Python's datetime.
        assert_eq!(order.created_at_unix_millis(), 1_717_420_486_501);
        let batch = Event::from_json(PRINTONE_BATCH.as_bytes()).unwrap();
        let Data::Batch(data) = &batch.data else {
            panic!("{batch:?}")
        };
        assert_eq!(data.send_date, None);
        assert_eq!(data.orders.success, 0);
    }

    #[test]
    fn unknown_fields_values_and_events_are_kept() {
        let body = br#"{"data":{"id":"cpc_1","couponId":"co_1","code":"X","used":false,"usedAt":null,"orderId":null,"zNew":1,"aNew":[2]},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00Z"}"#;
        let event = Event::from_json(body).unwrap();
        let Data::CouponCode(code) = &event.data else {
            panic!()
        };
        assert_eq!(code.extra.keys().collect::<Vec<_>>(), ["zNew", "aNew"]);
        let body = br#"{"data":{"id":"ord_1","status":"order_teleported"},"event":"qr_code_scanned","created_at":"2026-11-28T10:00:00Z"}"#;
        let event = Event::from_json(body).unwrap();
        assert_eq!(event.event, EventType::Other("qr_code_scanned".into()));
        assert!(matches!(event.data, Data::Other(_)));
        assert_eq!(
            OrderStatus::from_name("order_teleported").as_str(),
            "order_teleported"
        );
    }

    #[test]
    fn a_known_event_whose_data_does_not_fit_is_invalid_payload() {
        let body = br#"{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}"#;
        let err = Event::from_json(body).unwrap_err();
        assert_eq!(err.code(), "invalid_payload");
        assert!(err.to_string().contains("an order"), "{err}");
        let body = br#"{"data":{},"event":"x","created_at":"yesterday"}"#;
        assert!(Event::from_json(body)
            .unwrap_err()
            .to_string()
            .contains("RFC 3339"));
    }

    #[test]
    fn the_envelope_keeps_the_senders_key_order() {
        let shape = crate::scheme::PRINTONE.info().envelope.unwrap();
        let envelope =
            crate::event::envelope(shape, PRINTONE_ORDER.as_bytes(), "Print.one").unwrap();
        let keys: Vec<&String> = envelope.data.as_object().unwrap().keys().collect();
        assert_eq!(keys[..3], ["id", "companyId", "templateId"]);
        assert!(envelope.known);
        assert_eq!(envelope.created_at_unix_ms, 1_717_420_486_501);
    }

    #[test]
    fn the_generic_envelope_reader_agrees_with_the_typed_event() {
        let shape = crate::scheme::PRINTONE.info().envelope.unwrap();
        let read = |body: &[u8]| {
            crate::event::envelope_fields(shape, body, "Print.one").map_err(|e| e.code())
        };
        assert!(read(PRINTONE_BATCH.as_bytes()).unwrap().known);
        for bad in [
            &br#"{"event":"x","created_at":"2026-11-28T10:00:00Z"}"#[..],
            br#"{"data":1,"data":2,"event":"x","created_at":"2026-11-28T10:00:00Z"}"#,
            br#"{"data":1,"event":"x","event":"y","created_at":"2026-11-28T10:00:00Z"}"#,
            br#"{"data":1,"event":5,"created_at":"2026-11-28T10:00:00Z"}"#,
            br#"{"data":1,"event":"x","created_at":"soon"}"#,
            br#"{"data":1,"event":"x","created_at":"2026-11-28T10:00:00Z"} trailing"#,
            br#"[1]"#,
        ] {
            assert_eq!(
                read(bad),
                Err("invalid_payload"),
                "{}",
                String::from_utf8_lossy(bad)
            );
            assert!(Event::from_json(bad).is_err());
        }
    }

    #[test]
    #[cfg(feature = "schema")]
    fn every_sample_fits_its_type_and_every_field_is_described() {
        for (event, data) in crate::scheme::PRINTONE.info().sample_events {
            let body = crate::scheme::PRINTONE.event_body(event, data, "2026-11-28T10:00:00.000Z");
            let parsed = Event::from_json(&body).unwrap();
            assert!(!matches!(parsed.data, Data::Other(_)), "{event}");
            // The samples use every documented field that the type knows, and no unknown one.
            let value: Value = serde_json::from_str(data).unwrap();
            let record = schema()
                .events
                .iter()
                .find(|(name, _)| name == event)
                .map(|(_, record)| *record)
                .unwrap();
            let described: Vec<String> = schema()
                .records
                .into_iter()
                .find(|r| r.name == record)
                .unwrap()
                .fields
                .into_iter()
                .map(|f| f.wire)
                .collect();
            for key in value.as_object().unwrap().keys() {
                assert!(described.contains(key), "{event}: {key} is not described");
            }
        }
    }
}
