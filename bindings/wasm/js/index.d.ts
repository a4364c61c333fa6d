// Hand-written declarations for @hookproof/wasm (the same API as the Node package `hookproof`,
// plus init/initSync for browsers and edge runtimes and verifyRequest for Fetch handlers).

/** The raw request body, exactly as received. Strings are taken as UTF-8. */
export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** A secret as text (used as its UTF-8 bytes) or raw bytes. */
export type Secret = string | Uint8Array;

/**
 * Request headers in any shape: a Fetch `Headers`, a plain object with names in any case
 * (repeated headers as arrays), a `Map`, `[name, value]` pairs or Node's flat `rawHeaders`.
 * Lookup happens in the Rust core, never in JavaScript.
 */
export type HeadersLike =
  | Headers
  | Map<string, string | readonly string[]>
  | ReadonlyArray<readonly [string, string]>
  | readonly string[]
  | Record<string, string | readonly string[] | number | undefined>;

/** What `init` accepts: nothing (the .wasm next to the module), a URL, a Response, bytes or a module. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** Loads the WebAssembly module once (browsers, bundlers, Deno). Node loads it on import. */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;
export function init(input?: InitInput | Promise<InitInput>): Promise<void>;
/** Loads the module synchronously, e.g. a Cloudflare Worker's `import wasm from '…/hookproof_wasm_bg.wasm'`. */
export function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): void;

/** One-shot Print.one check: `true` only for a valid signature; throws `InvalidSecretError` for an empty secret. */
export function verify(body: Body, signature: string | undefined | null, secret: Secret): boolean;

export type SchemeName = 'printone' | 'standard' | 'stripe' | 'github' | 'shopify' | 'slack';

export interface WebhookOptions {
  /** Signature scheme; `"printone"` (default). An unknown name throws a RangeError. */
  scheme?: SchemeName;
  /** Timestamp tolerance in seconds for schemes that sign a timestamp (default 300). */
  tolerance?: number;
}

export type KnownEventName = 'order_status_update' | 'template_preview_rendered' | 'batch_status_update' | 'coupon_code_used';

/** A Print.one event, the same shape as the Node package's. */
export interface PrintOneEvent<E extends string = string, D = Record<string, unknown>> {
  /** The event name. */
  event: E;
  /** true for the four events Print.one documents, false for a name it added later. */
  known: boolean;
  /** The event's object, as Print.one sent it. */
  data: D;
  /** `created_at` as a Date (millisecond precision). */
  createdAt: Date;
  /** `created_at` exactly as sent (RFC 3339). */
  createdAtRaw: string;
}

export interface VerifyOptions {
  /** The receiver's clock in Unix seconds (default `Date.now() / 1000`), for timestamp schemes. */
  now?: number;
}

export interface SignOptions {
  /** Unix seconds to sign (schemes with a timestamp); default: now. */
  timestamp?: number;
  /** Message id to sign (`standard`'s `webhook-id`); default: a fresh unique id. */
  msgId?: string;
}

/** A reusable verifier: keys prepared once; several secrets = rotation (any may match). */
export class Webhook {
  constructor(secret: Secret | readonly Secret[], options?: WebhookOptions);
  readonly scheme: string;
  /** Returns if the request is authentic; throws a `WebhookError` subclass otherwise. */
  verify(body: Body, headers: HeadersLike, options?: VerifyOptions): void;
  /** Verifies, then parses the Print.one event (throws `InvalidPayloadError` if the signed body is not one). */
  constructEvent(body: Body, headers: HeadersLike, options?: VerifyOptions): PrintOneEvent;
  /** The headers a sender attaches to `body`, signed with the first secret. */
  sign(body: Body, options?: SignOptions): Record<string, string>;
  /** Verifies a Fetch Request from a clone (the request stays readable); resolves to the raw body. */
  verifyRequest(request: Request): Promise<Uint8Array>;
}

/**
 * Verifies a Fetch `Request` (Workers, Deno, Vercel Edge, service workers): reads the raw body once
 * from a clone, so `request.json()` still works afterwards. Resolves to the raw body bytes; rejects
 * with a `WebhookError` subclass.
 */
export function verifyRequest(request: Request, secret: Secret | readonly Secret[] | Webhook): Promise<Uint8Array>;

/** Drop-in for Print.one's `isValidWebhook`: constant-time, both header names, any case, bytes accepted. */
export function isValidWebhook(body: Body, headers: HeadersLike, secret: Secret): boolean;
/** Drop-in for Print.one's `validateWebhook`: the event, or a thrown `WebhookError` (unknown events too). */
export function validateWebhook(body: Body, headers: HeadersLike, secret: Secret): PrintOneEvent<KnownEventName>;

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
  constructor(message: string, code: ErrorCode);
  readonly code: ErrorCode;
}
export class MissingSignatureError extends WebhookError { readonly code: 'missing_signature'; constructor(message: string); }
export class MalformedSignatureError extends WebhookError { readonly code: 'malformed_signature'; constructor(message: string); }
export class SignatureMismatchError extends WebhookError { readonly code: 'signature_mismatch'; constructor(message: string); }
export class MissingTimestampError extends WebhookError { readonly code: 'missing_timestamp'; constructor(message: string); }
export class TimestampTooOldError extends WebhookError { readonly code: 'timestamp_too_old'; constructor(message: string); }
export class TimestampTooNewError extends WebhookError { readonly code: 'timestamp_too_new'; constructor(message: string); }
export class InvalidSecretError extends WebhookError { readonly code: 'invalid_secret'; constructor(message: string); }
export class InvalidPayloadError extends WebhookError { readonly code: 'invalid_payload'; constructor(message: string); }

export const ERROR_CLASSES: Readonly<Record<ErrorCode, new (message: string) => WebhookError>>;
export const CODES: readonly ErrorCode[];
export const KNOWN_EVENTS: readonly KnownEventName[];
/** The error codes as the wasm module reports them (equal to CODES). */
export function errorCodes(): ErrorCode[];
