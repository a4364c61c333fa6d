// The declarations of `hookproof` and `@hookproof/wasm` (the same API on both engines). The
// names, error classes and typed events generated from the core are in generated.d.ts. Checked
// by `tsc` against test/types/*.ts, which use the API as users do.

import type { PrintOneEvent, SchemeName, ErrorCode } from './generated.js';

export * from './generated.js';

/** The raw request body, exactly as received. Strings are taken as UTF-8. */
export type Body = string | Uint8Array | ArrayBuffer | DataView;

/** A secret as text (used as its UTF-8 bytes) or raw bytes. */
export type Secret = string | Uint8Array;

/** Node's `IncomingHttpHeaders`, structurally (no dependency on @types/node). */
export interface IncomingHeaders {
  [name: string]: string | string[] | number | undefined;
}

/** A Fetch `Headers`, structurally. */
export interface FetchHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

/**
 * Request headers in any shape a framework hands over; names in any case, repeated headers as
 * arrays or joined. Only the headers the scheme reads are looked at.
 */
export type HeadersLike =
  | IncomingHeaders
  | FetchHeaders
  | Map<string, string | readonly string[]>
  | ReadonlyArray<readonly [string, string | readonly string[]]>
  | readonly string[]
  | Record<string, string | readonly string[] | number | undefined>;

/** One-shot Print.one check: `true` only for a valid signature; throws `InvalidSecretError` for an unusable secret. */
export function verify(body: Body, signature: string | undefined | null, secret: Secret): boolean;

export interface WebhookOptions {
  /** Signature scheme (default `'printone'`). An unknown name throws `InvalidArgumentError`. */
  scheme?: SchemeName;
  /** Seconds a signed timestamp may be from the receiver's clock, either way (default 300). */
  tolerance?: number;
  /** The oldest event to accept, in seconds, by its signed creation time (schemes with a typed event; off by default). */
  maxAge?: number;
}

export interface VerifyOptions {
  /** The receiver's clock in Unix seconds (fractions round down). Default: `Date.now() / 1000`. */
  now?: number;
}

export interface SignOptions {
  /** Unix seconds to sign (schemes with a timestamp); default: now. */
  timestamp?: number;
  /** Message id to sign (`standard`'s `webhook-id`); default: a fresh unique id. */
  msgId?: string;
}

/** What `constructEvent` returns: the typed event for Print.one, the parsed JSON for the others. */
export type ConstructedEvent<S extends SchemeName> = S extends 'printone' ? PrintOneEvent : unknown;

/** A reusable verifier: keys prepared once, several secrets for rotation, any header shape. */
export class Webhook<S extends SchemeName = 'printone'> {
  constructor(secret: Secret | readonly Secret[], options?: WebhookOptions & { scheme?: S });
  /** The scheme's name. */
  readonly scheme: S;
  /** True if `constructEvent` gives a typed event (else the parsed JSON). */
  readonly typedEvent: boolean;
  /** The timestamp tolerance in seconds. */
  readonly tolerance: number;
  /** The maximum event age in seconds, if set. */
  readonly maxAge: number | undefined;
  /** The unsigned headers naming the event on each delivery. */
  readonly eventHeaders: string[];
  /** Returns nothing for an authentic request; throws a `WebhookError` subclass otherwise. */
  verify(body: Body, headers: HeadersLike, options?: VerifyOptions): void;
  /** Verifies, then parses: the typed event (Print.one) or the parsed JSON (other schemes). */
  constructEvent(body: Body, headers: HeadersLike, options?: VerifyOptions): ConstructedEvent<S>;
  /** The headers a sender attaches to `body`, signed with the first secret. */
  sign(body: Body, options?: SignOptions): Record<string, string>;
  /** The replay keys of a verified request (see `ReplayGuard`). */
  replayKeys(body: Body, headers: HeadersLike): string;
  /** The HTTP status for an error (or its code) in this scheme. */
  httpStatus(error: { code: string } | ErrorCode): number;
}

/** Drop-in for Print.one's `isValidWebhook`: a boolean, constant-time, both header names, any case. */
export function isValidWebhook(body: Body, headers: HeadersLike, secret: Secret): boolean;

/** Drop-in for Print.one's `validateWebhook`: the event, or throws (an unknown event name too). */
export function validateWebhook(body: Body, headers: HeadersLike, secret: Secret): PrintOneEvent;

/** Which engine runs the core. */
export function engineName(): 'native' | 'wasm';

/** The schemes the core ships, the default first. */
export function schemeNames(): SchemeName[];

/** The status the core gives an error code, for a scheme (default: 'printone'). */
export function httpStatus(code: ErrorCode, scheme?: SchemeName): number;

/** A body limit in bytes from a number or a size such as "1mb" (undefined: the default, 1 MiB). */
export function bodyLimit(value?: number | string): number;

/** The core's defaults. */
export const DEFAULTS: Readonly<{
  scheme: SchemeName;
  tolerance: number;
  bodyLimit: number;
  replayTtl: number;
  replayPrefix: string;
  memoryEntries: number;
  duplicateStatus: number;
}>;

/** Replay claims in this process's memory, bounded, with TTLs. */
export class MemoryStore {
  constructor(maxEntries?: number);
  /** Live claims. */
  readonly entries: number;
}

/** A Redis client hookproof can send raw commands with: ioredis (`call`) or node-redis (`sendCommand`). */
export type RedisClient = { call(...args: string[]): Promise<unknown> } | { sendCommand(args: string[]): Promise<unknown> };

export interface ReplayOptions {
  /** Seconds a claim lives (default one day). */
  ttl?: number;
  /** The Redis key prefix (default 'hookproof:replay:'). */
  prefix?: string;
  /** Milliseconds to wait for Redis before answering 503 (default 2000). */
  timeout?: number;
}

/** A claimed request: release it if its handler failed, so that the sender's retry is processed. */
export class Claim {
  release(): Promise<void>;
}

/** Claims verified requests before their handler runs: a duplicate gets `null`. */
export class ReplayGuard {
  constructor(store?: MemoryStore | RedisClient, options?: ReplayOptions);
  claim(webhook: Webhook<SchemeName>, body: Body, headers: HeadersLike): Promise<Claim | null>;
}

export interface BackgroundOptions {
  /** Handlers running at once (default 8). */
  maxConcurrent?: number;
  /** Handlers waiting beyond those (default 1000); more answers 503 `overloaded`. */
  maxPending?: number;
  /** Where a handler's failure goes (default: console.error). */
  onError?: (error: unknown, event: unknown) => void | Promise<void>;
  /** The runtime's `waitUntil` (Workers, Vercel, Next.js `after`) to keep the work alive. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** Answer first, process after: the bound and the error hook of the helpers' `background` option. */
export class Background {
  constructor(options?: BackgroundOptions);
  readonly maxConcurrent: number;
  readonly maxPending: number;
  /** The most handlers that ran at once. */
  readonly peak: number;
}

/** What every framework helper takes besides the secret. */
export interface HelperOptions extends WebhookOptions {
  /** Hand over the typed event (default for a scheme with one) or the verified raw bytes. */
  parseEvent?: boolean;
  /** The body limit: bytes or a size such as "1mb" (default 1 MiB). */
  bodyLimit?: number | string;
  /** Replay protection: `true` (in memory), a ReplayGuard, a MemoryStore or a Redis client. */
  replay?: boolean | ReplayGuard | MemoryStore | RedisClient;
  /** Answer first, run the handler afterwards: `true`, options or a Background. */
  background?: boolean | BackgroundOptions | Background;
}

/** Browsers and edge runtimes (`@hookproof/wasm`): load the module once before anything else. */
export function init(input?: unknown): Promise<void>;
/** Loads the module synchronously from bytes or a compiled `WebAssembly.Module` (Workers). */
export function initSync(module: unknown): void;
/** `init`, as wasm-bindgen modules are loaded: `import init from '@hookproof/wasm'; await init();`. */
export default init;
