// Hand-written declarations for `hookproof` (checked by `tsc --noEmit` in test.sh against test/types.ts).

/// <reference types="node" />
import type { IncomingHttpHeaders } from 'node:http';

/** The raw request body, exactly as received. Strings are taken as UTF-8. */
export type Body = string | Uint8Array | ArrayBuffer | DataView;

/** A secret as text (used as its UTF-8 bytes) or raw bytes. */
export type Secret = string | Uint8Array;

/**
 * Request headers in any shape a framework hands over; names in any case, repeated headers as
 * arrays. Lookup is done by the Rust core, never in JavaScript.
 */
export type HeadersLike =
  | IncomingHttpHeaders
  | Headers
  | Map<string, string | readonly string[]>
  | ReadonlyArray<readonly [string, string]>
  | Record<string, string | readonly string[] | number | undefined>;

/** One-shot Print.one check: `true` only for a valid signature; throws `InvalidSecretError` for an empty secret. */
export function verify(body: Body, signature: string | undefined | null, secret: Secret): boolean;

/**
 * The providers hookproof verifies: `printone` (Print.one), `standard` (Standard Webhooks / Svix,
 * v1 HMAC and v1a Ed25519), `stripe`, `github`, `shopify`, `slack`.
 */
export type SchemeName = 'printone' | 'standard' | 'stripe' | 'github' | 'shopify' | 'slack';

export interface WebhookOptions {
  /** Signature scheme; `"printone"` (default). An unknown name throws a RangeError. */
  scheme?: SchemeName;
  /**
   * How far a signed timestamp may be from the receiver's clock, in seconds, in either direction
   * (default 300). Used by `standard`, `stripe` and `slack`; the others sign no timestamp.
   */
  tolerance?: number;
}

export interface VerifyOptions {
  /**
   * The receiver's clock in Unix seconds (fractions round down), e.g. for tests. Default: the
   * system clock, read by the core only for schemes that sign a timestamp.
   */
  now?: number;
}

export interface SignOptions {
  /** Unix seconds to sign (schemes with a timestamp); default: now. */
  timestamp?: number;
  /** Message id to sign (`standard`'s `webhook-id`); default: a fresh unique id. */
  msgId?: string;
}

/** A Print.one postal address. */
export interface Address {
  name: string;
  address: string;
  addressLine2?: string;
  postalCode: string;
  city: string;
  country: string;
}

/** `data` of `order_status_update`: the order. */
export interface Order {
  id: string;
  companyId: string;
  templateId: string;
  finish: string;
  format: string;
  mergeVariables: Record<string, unknown>;
  sender?: Address;
  recipient: Address;
  definitiveCountryId: string;
  deliverySpeed: string;
  billingId?: string;
  isBillable: boolean;
  status: string;
  friendlyStatus: string;
  errors: string[];
  sendDate: string;
  createdAt: string;
  updatedAt: string;
  anonymizedAt: string | null;
  csvOrderId: string | null;
  batchId?: string;
  [key: string]: unknown;
}

/** `data` of `template_preview_rendered`: the preview. */
export interface PreviewDetails {
  id: string;
  errors: string[];
  imageUrl: string;
  templateId: string;
  [key: string]: unknown;
}

/** `data` of `batch_status_update`: the batch. */
export interface Batch {
  id: string;
  companyId: string;
  name: string;
  billingId: string;
  finish: string;
  isBillable: boolean;
  templateId: string;
  estimatedPrice: number;
  sendDate: string | null;
  status: string;
  orders: { processing: number; success: number; failed: number; cancelled: number };
  createdAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

/** `data` of `coupon_code_used`: the coupon code. */
export interface CouponCode {
  id: string;
  couponId: string;
  code: string;
  used: boolean;
  usedAt: string | null;
  orderId: string | null;
  [key: string]: unknown;
}

interface EventBase<E extends string, D, K extends boolean> {
  /** The event name: switch on it, after checking `known`, to narrow `data`. */
  event: E;
  /** true for the four events Print.one documents, false for a name it added later. */
  known: K;
  /** The event's object, as Print.one sent it. */
  data: D;
  /** `created_at` as a Date (millisecond precision). */
  createdAt: Date;
  /** `created_at` exactly as sent (RFC 3339). */
  createdAtRaw: string;
}

export type OrderStatusUpdateEvent = EventBase<'order_status_update', Order, true>;
export type TemplatePreviewRenderedEvent = EventBase<'template_preview_rendered', PreviewDetails, true>;
export type BatchStatusUpdateEvent = EventBase<'batch_status_update', Batch, true>;
export type CouponCodeUsedEvent = EventBase<'coupon_code_used', CouponCode, true>;
/** The four event names Print.one documents. */
export type KnownEventName = 'order_status_update' | 'template_preview_rendered' | 'batch_status_update' | 'coupon_code_used';
/** An event Print.one adds later: received instead of rejected (`known: false`). */
export type UnknownEvent = EventBase<string, unknown, false>;

/**
 * What `constructEvent` returns. Narrow with `if (event.known) switch (event.event) { ... }`:
 * `known` separates the four typed events from an unknown one (whose name is any string).
 */
export type PrintOneEvent =
  | OrderStatusUpdateEvent
  | TemplatePreviewRenderedEvent
  | BatchStatusUpdateEvent
  | CouponCodeUsedEvent
  | UnknownEvent;

/** The four known events only (what `validateWebhook` returns). */
export type KnownPrintOneEvent =
  | OrderStatusUpdateEvent
  | TemplatePreviewRenderedEvent
  | BatchStatusUpdateEvent
  | CouponCodeUsedEvent;

/** A reusable verifier: keys prepared once; several secrets = rotation (any may match). */
export class Webhook {
  /**
   * `secret`: the provider's secret as it shows it (Standard Webhooks: `whsec_...`, or a `whpk_`
   * public key to verify `v1a`, a `whsk_` key to sign it). Several = rotation.
   */
  constructor(secret: Secret | readonly Secret[], options?: WebhookOptions);
  readonly scheme: SchemeName;
  /** The timestamp tolerance in seconds. */
  readonly tolerance: number;
  /** Returns if the request is authentic; throws a `WebhookError` subclass otherwise. */
  verify(body: Body, headers: HeadersLike, options?: VerifyOptions): void;
  /**
   * Verifies, then parses the body as a Print.one event (throws `InvalidPayloadError` if the
   * signed body is not one; for other providers use `verify` and parse the body yourself).
   */
  constructEvent(body: Body, headers: HeadersLike, options?: VerifyOptions): PrintOneEvent;
  /**
   * The headers a sender attaches to `body`, signed with the first secret: header name -> value,
   * e.g. `{ 'stripe-signature': 't=...,v1=...' }`. Throws `InvalidSecretError` for a key that
   * cannot sign (a `whpk_` public key).
   */
  sign(body: Body, options?: SignOptions): Record<string, string>;
}

/** Drop-in for Print.one's `isValidWebhook`: constant-time, both header names, any case, bytes accepted. */
export function isValidWebhook(body: Body, headers: HeadersLike, secret: Secret): boolean;
/** Drop-in for Print.one's `validateWebhook`: the event, or a thrown `WebhookError`. */
export function validateWebhook(body: Body, headers: HeadersLike, secret: Secret): KnownPrintOneEvent;

export type ErrorCode =
  | 'missing_signature'
  | 'malformed_signature'
  | 'signature_mismatch'
  | 'missing_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'invalid_secret'
  | 'invalid_payload';

/** Every verification failure. `code` is stable across hookproof's languages. Never contains a secret. */
export class WebhookError extends Error {
  readonly code: ErrorCode;
}
/** No signature header on the request (Print.one: `x-webhook-hmac-sha256` or `x-printone-hmac-sha256`; `standard`: also no `webhook-id`). */
export class MissingSignatureError extends WebhookError { readonly code: 'missing_signature'; }
/** The signature (or its timestamp) is not in the scheme's exact format, e.g. for Print.one not 44 characters of padded standard base64. */
export class MalformedSignatureError extends WebhookError { readonly code: 'malformed_signature'; }
/** Well-formed, but not the HMAC of these bytes under any configured secret. */
export class SignatureMismatchError extends WebhookError { readonly code: 'signature_mismatch'; }
/** The scheme signs a timestamp and its header is missing (`standard`, `stripe`, `slack`). */
export class MissingTimestampError extends WebhookError { readonly code: 'missing_timestamp'; }
/** The signed timestamp is older than the tolerance allows (replay or a slow queue). */
export class TimestampTooOldError extends WebhookError { readonly code: 'timestamp_too_old'; }
/** The signed timestamp is further in the future than the tolerance allows (check the clocks). */
export class TimestampTooNewError extends WebhookError { readonly code: 'timestamp_too_new'; }
/** The secret cannot be used (empty, not the scheme's encoding, or a public key asked to sign): a configuration error, thrown by constructors, `verify` and `sign`. */
export class InvalidSecretError extends WebhookError { readonly code: 'invalid_secret'; }
/** The signature is valid but the body is not a Print.one event (`constructEvent`). */
export class InvalidPayloadError extends WebhookError { readonly code: 'invalid_payload'; }

export const CODES: readonly ErrorCode[];
/** Every scheme name, from the core: `['printone', 'standard', 'stripe', 'github', 'shopify', 'slack']`. */
export const SCHEMES: readonly SchemeName[];
export const KNOWN_EVENTS: readonly KnownEventName[];
