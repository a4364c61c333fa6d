// The JavaScript layer of hookproof, written once over two engines: the napi-rs addon
// (engines/native.js) and the WebAssembly module (engines/wasm.js). It converts JavaScript
// values for the Rust core and the core's errors into WebhookError subclasses; every decision
// (which header, what is malformed, how a time is read, which status an error gets, what the
// replay key is) is the core's.
//
// What it does itself, and why that is not a decision: it reads from a header collection the
// values of the names the scheme reads (the core's list, any case), as the core's header lookup
// over JavaScript's header objects; and it turns a verified JSON body into JavaScript values with
// JSON.parse after the core has validated it.

import { CODES, DEFAULTS, ERROR_CLASSES, WebhookError } from './generated.js';
import { EngineError } from './engine-error.js';

export * from './generated.js';
export { EngineError };

let engine = null;
let schemes = null; // name -> { name, title, readHeaders, typedEvent, signsTimestamp, eventHeaders, index, lengths }
// `lengths[n]` is true when a name the scheme reads has n characters: most headers are skipped
// on their length alone (an array index, cheaper than a Set on the per-request path).

/**
 * Installs the engine (the entry modules do, once). Its error codes must be this layer's: the
 * classes are generated from the same core.
 */
export function useEngine(chosen) {
  const codes = chosen.codes();
  if (codes.join(' ') !== CODES.join(' ')) {
    throw new Error(`hookproof: the ${chosen.name} engine has other error codes (${codes.join(', ')}) than this package: reinstall it`);
  }
  engine = chosen;
  schemes = new Map();
  for (const info of chosen.schemes()) {
    const index = new Map(info.readHeaders.map((name, i) => [name, i]));
    const lengths = [];
    for (const name of info.readHeaders) lengths[name.length] = true;
    schemes.set(info.name, { ...info, index, lengths });
  }
}

function current() {
  if (engine === null) throw new Error('hookproof: no engine is loaded (await init() first in a browser)');
  return engine;
}

/** The engine (for the replay guard and the helpers in this package). */
export function engineOf() {
  return current();
}

/** Which engine runs the core: `'native'` (the napi-rs addon) or `'wasm'`. */
export function engineName() {
  return current().name;
}

/** The schemes the core ships ('printone', 'standard', ...), the default first. */
export function schemeNames() {
  current();
  return [...schemes.keys()];
}

// ---------------------------------------------------------------------------------------------
// Errors

/** A core error (`EngineError`) as its WebhookError subclass; anything else as it is. */
export function toError(error) {
  if (!(error instanceof EngineError)) return error;
  const Class = ERROR_CLASSES[error.code];
  const converted = Class ? new Class(error.message) : new WebhookError(error.message, error.code);
  if (Error.captureStackTrace) Error.captureStackTrace(converted, toError);
  return converted;
}

/** Runs `fn`, turning a core error into its WebhookError subclass. */
export function call(fn) {
  try {
    return fn();
  } catch (error) {
    throw toError(error);
  }
}

/** The WebhookError a helper raises itself (body_too_large, raw_body_unavailable, overloaded, store_unavailable). */
export function helperError(code, number = 0, reason = undefined) {
  return toError(current().helperError(code, number, reason));
}

// ---------------------------------------------------------------------------------------------
// Values

export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${(value.constructor && value.constructor.name) || 'Object'})`;
  return `a ${typeof value}`;
}

const toStringTag = Object.prototype.toString;

/** A body as the engines take it: a string, or a Uint8Array view (never a copy). */
export function toBody(body, name = 'body') {
  if (typeof body === 'string' || body instanceof Uint8Array) return body; // Buffer too
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const tag = toStringTag.call(body);
  if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]') return new Uint8Array(body);
  throw new TypeError(
    `\`${name}\` must be the raw request body as a string, Buffer, Uint8Array, ArrayBuffer or DataView, got ${describe(body)} ` +
      '(was it parsed as JSON before verification? verify the bytes exactly as received)',
  );
}

/** A secret as text or bytes (never echoed: it may be a secret of the wrong type). */
export function toSecret(secret, name = 'secret') {
  if (typeof secret === 'string' || secret instanceof Uint8Array) return secret;
  if (ArrayBuffer.isView(secret)) return new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
  if (toStringTag.call(secret) === '[object ArrayBuffer]') return new Uint8Array(secret);
  throw new TypeError(`\`${name}\` must be a string or bytes, got ${describe(secret)}`);
}

function options(value, name, example) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new TypeError(`\`${name}\` must be an object like ${example}, got ${describe(value)}`);
  return value;
}

function seconds(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new TypeError(`\`${name}\` must be a number of seconds, got ${describe(value)}`);
  return value; // the core checks the range
}

// ---------------------------------------------------------------------------------------------
// Headers: the values of the names the scheme reads, from whatever shape a framework hands over.

const HEADERS_EXPECTED =
  'the request headers (IncomingHttpHeaders, a Fetch Headers, a Map, an array of [name, value] pairs, a flat rawHeaders array or a plain object)';

function addValue(slots, index, value, key) {
  if (typeof value === 'string') {
    const held = slots[index];
    slots[index] = held === undefined ? value : Array.isArray(held) ? [...held, value] : [held, value];
  } else if (Array.isArray(value)) {
    for (const item of value) addValue(slots, index, item, key);
  } else if (value !== undefined && value !== null) {
    throw new TypeError(`\`headers\` values must be strings or arrays of strings; header ${JSON.stringify(key)} is ${describe(value)}`);
  }
}

function addByName(slots, scheme, key, value) {
  if (typeof key !== 'string') throw new TypeError('`headers` names must be strings');
  if (scheme.lengths[key.length] !== true) return; // most headers: not one the scheme reads
  let index = scheme.index.get(key);
  if (index === undefined) index = scheme.index.get(key.toLowerCase());
  if (index !== undefined) addValue(slots, index, value, key);
}

/** The index of the one slot holding one value, or -1 (none, or more than one). */
function singleValue(slots) {
  let found = -1;
  for (let i = 0; i < slots.length; i++) {
    const value = slots[i];
    if (value === undefined) continue;
    if (found >= 0 || typeof value !== 'string') return -1;
    found = i;
  }
  return found;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** True for a Fetch `Headers` (or an object shaped like one): read through `get`. */
function isFetchHeaders(headers) {
  return typeof headers.get === 'function' && typeof headers.forEach === 'function' && !(headers instanceof Map);
}

/** The own enumerable properties of `headers`; only names of a length the scheme reads are looked at. */
function addOwnProperties(slots, scheme, headers) {
  const lengths = scheme.lengths;
  for (const key in headers) {
    if (lengths[key.length] === true && hasOwn.call(headers, key)) addByName(slots, scheme, key, headers[key]);
  }
}

/** Fills `slots` (one per name the scheme reads) from `headers`. */
export function collectHeaders(headers, scheme, slots) {
  for (let i = 0; i < slots.length; i++) slots[i] = undefined; // (Array#fill costs ~30 ns more)
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError(`\`headers\` must be ${HEADERS_EXPECTED}, got ${describe(headers)}`);
  }
  const prototype = Object.getPrototypeOf(headers);
  if ((prototype === null || prototype === Object.prototype) && !isFetchHeaders(headers)) {
    // IncomingHttpHeaders (Node's, lower-case names) or any plain object: the usual request,
    // checked first.
    addOwnProperties(slots, scheme, headers);
  } else if (isFetchHeaders(headers)) {
    // Fetch Headers: case-insensitive by specification; repeated values arrive joined (", ").
    const names = scheme.readHeaders;
    for (let i = 0; i < names.length; i++) {
      const value = headers.get(names[i]);
      if (value !== null && value !== undefined) addValue(slots, i, value, names[i]);
    }
  } else if (Array.isArray(headers)) {
    if (headers.length > 0 && typeof headers[0] === 'string') {
      // Node's `request.rawHeaders`: [name, value, name, value, ...].
      if (headers.length % 2 !== 0 || !headers.every((item) => typeof item === 'string')) {
        throw new TypeError('`headers` as a flat array must be [name, value, ...] strings, like rawHeaders');
      }
      for (let i = 0; i < headers.length; i += 2) addByName(slots, scheme, headers[i], headers[i + 1]);
    } else {
      for (const pair of headers) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('`headers` as an array must hold [name, value] pairs');
        addByName(slots, scheme, pair[0], pair[1]);
      }
    }
  } else if (headers instanceof Map) {
    for (const [key, value] of headers) addByName(slots, scheme, key, value);
  } else {
    addOwnProperties(slots, scheme, headers); // any other object, as a plain one
  }
  return slots;
}

// ---------------------------------------------------------------------------------------------
// The API

/**
 * One-shot Print.one check: true only if `signature` (the `x-webhook-hmac-sha256` value) is the
 * base64 HMAC-SHA256 of `body` under `secret`. A missing (`undefined`/`null`), wrong or malformed
 * signature is `false`; an unusable secret throws InvalidSecretError.
 */
export function verify(body, signature, secret) {
  const bytes = toBody(body);
  const key = toSecret(secret);
  if (signature !== undefined && signature !== null && typeof signature !== 'string') {
    throw new TypeError(`\`signature\` must be the signature header value as a string, got ${describe(signature)}`);
  }
  return call(() => current().verifyOneShot(bytes, signature ?? undefined, key));
}

const textDecoder = new TextDecoder();

function parseJson(body) {
  return JSON.parse(typeof body === 'string' ? body : textDecoder.decode(body));
}

function nowFor(scheme, maxAge, value) {
  if (value === undefined || value === null) {
    // The JavaScript clock (std's is unavailable in WebAssembly); only schemes that sign a
    // timestamp, or a maximum age, read it.
    return scheme.signsTimestamp || maxAge !== undefined ? Date.now() / 1000 : undefined;
  }
  if (typeof value !== 'number') {
    throw new TypeError(`\`options.now\` must be Unix seconds as a number (e.g. Date.now() / 1000), got ${describe(value)}`);
  }
  return value; // the core checks the range
}

/** A reusable verifier: keys prepared once, several secrets for rotation, any header shape. */
export class Webhook {
  #handle;
  #scheme;
  #slots;
  #maxAge;

  /**
   * @param secret one secret (string or bytes), or an array of them (rotation: any may match)
   * @param options `{ scheme, tolerance, maxAge }`: a scheme name (default 'printone'),
   *   seconds a signed timestamp may be from the clock (default 300), and the oldest event to
   *   accept in seconds (schemes with a typed event; off by default)
   */
  constructor(secret, opts) {
    const secrets = Array.isArray(secret)
      ? secret.map((s, i) => toSecret(s, `secret[${i}]`))
      : [toSecret(secret)];
    const { scheme, tolerance, maxAge } = options(opts, 'options', `{ scheme: '${DEFAULTS.scheme}' }`);
    if (scheme !== undefined && typeof scheme !== 'string') {
      throw new TypeError(`\`options.scheme\` must be a scheme name (a string), got ${describe(scheme)}`);
    }
    const engine = current();
    this.#maxAge = seconds(maxAge, 'options.maxAge');
    this.#handle = call(() => engine.createWebhook(secrets, scheme, seconds(tolerance, 'options.tolerance'), this.#maxAge));
    this.#scheme = schemes.get(engine.schemeOf(this.#handle));
    this.#slots = new Array(this.#scheme.readHeaders.length);
  }

  /** The scheme's name, e.g. "printone". */
  get scheme() {
    return this.#scheme.name;
  }

  /** True if `constructEvent` gives a typed event (else the parsed JSON). */
  get typedEvent() {
    return this.#scheme.typedEvent;
  }

  /** The timestamp tolerance in seconds. */
  get tolerance() {
    return current().toleranceOf(this.#handle);
  }

  /** The maximum event age in seconds, or undefined. */
  get maxAge() {
    return this.#maxAge;
  }

  /** The unsigned headers naming the event on each delivery (informational). */
  get eventHeaders() {
    return [...this.#scheme.eventHeaders];
  }

  /**
   * What `verify` and `constructEvent` share: collects the headers the scheme reads and asks the
   * engine (`construct`: for the event's summary too). The usual request (bytes, one signature
   * header once) crosses to the engine with one string beside the body.
   */
  #check(bytes, headers, opts, construct) {
    const slots = collectHeaders(headers, this.#scheme, this.#slots);
    const now = nowFor(this.#scheme, this.#maxAge, opts === undefined ? undefined : options(opts, 'options', '{ now: 1700000000 }').now);
    const engine = current();
    const single = singleValue(slots);
    try {
      if (single >= 0 && typeof bytes !== 'string') {
        const value = slots[single];
        return construct
          ? engine.constructOne(this.#handle, bytes, now, single, value)
          : engine.verifyOne(this.#handle, bytes, now, single, value);
      }
      return construct ? engine.constructEvent(this.#handle, bytes, now, slots) : engine.verify(this.#handle, bytes, now, slots);
    } catch (error) {
      throw toError(error);
    }
  }

  /**
   * Returns nothing if the request is authentic; throws a WebhookError subclass otherwise.
   * `options.now`: the receiver's clock in Unix seconds (default: `Date.now() / 1000`).
   */
  verify(body, headers, opts) {
    this.#check(toBody(body), headers, opts, false);
  }

  /**
   * Verifies the request, then returns the event: `{ event, known, data, createdAt: Date,
   * createdAtRaw }` for a scheme with a typed event, the parsed JSON body otherwise.
   */
  constructEvent(body, headers, opts) {
    const bytes = toBody(body);
    const summary = this.#check(bytes, headers, opts, true);
    const parsed = parseJson(bytes); // the core checked it: JSON, and for a typed event its shape
    if (summary === null) return parsed;
    const scheme = this.#scheme;
    return {
      event: parsed[scheme.eventField],
      known: summary.known,
      data: parsed[scheme.dataField],
      createdAt: new Date(summary.createdAtMs),
      createdAtRaw: parsed[scheme.createdAtField],
    };
  }

  /**
   * The headers a sender attaches to `body` (signed with the first secret), as an object of
   * header name -> value. `options.timestamp` (Unix seconds, default now) and `options.msgId`
   * (default: a fresh id) are used by the schemes that sign them.
   */
  sign(body, opts) {
    const bytes = toBody(body);
    const { timestamp, msgId } = options(opts, 'options', "{ timestamp: 1700000000, msgId: 'msg_1' }");
    if (timestamp !== undefined && timestamp !== null && typeof timestamp !== 'number') {
      throw new TypeError(`\`options.timestamp\` must be Unix seconds as a number, got ${describe(timestamp)}`);
    }
    if (msgId !== undefined && msgId !== null && typeof msgId !== 'string') {
      throw new TypeError(`\`options.msgId\` must be a string, got ${describe(msgId)}`);
    }
    const flat = call(() => current().sign(this.#handle, bytes, timestamp ?? Date.now() / 1000, msgId ?? undefined));
    const out = {};
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
    return out;
  }

  /** The replay keys of a verified request (an engine handle; see ReplayGuard). */
  replayKeys(body, headers) {
    const bytes = toBody(body);
    const slots = collectHeaders(headers, this.#scheme, this.#slots);
    return call(() => current().replayKeys(this.#handle, bytes, slots));
  }

  /** The HTTP status for `error` (a WebhookError or its code) in this scheme. */
  httpStatus(error) {
    const code = typeof error === 'string' ? error : error && error.code;
    return current().httpStatus(this.#scheme.name, String(code));
  }

  /** The engine's handle of this verifier (for the engines' tests). */
  get _handle() {
    return this.#handle;
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Webhook { scheme: '${this.scheme}', tolerance: ${this.tolerance} }`;
  }

  toJSON() {
    return { scheme: this.scheme, tolerance: this.tolerance };
  }
}

/** The status the core gives an error code, for a scheme (default: the default scheme). */
export function httpStatus(code, scheme = DEFAULTS.scheme) {
  return current().httpStatus(scheme, String(code));
}

/** The body limit in bytes from a number or a size such as "1mb" (`undefined`: the default, 1 MiB). */
export function bodyLimit(value) {
  if (value !== undefined && typeof value !== 'number' && typeof value !== 'string') {
    throw new TypeError(`\`bodyLimit\` must be a number of bytes or a size such as "1mb", got ${describe(value)}`);
  }
  return call(() => current().bodyLimit(value));
}

// A content-length of plain decimal digits, short enough to be an exact number.
const PLAIN_LENGTH = /^[0-9]{1,15}$/;

/**
 * Throws BodyTooLargeError if a declared content-length is over the limit. The core decides
 * (what a declared length is, when it is over, the error); the one answer taken here without
 * asking it is the usual one, "within the limit", for plain digits it reads the same way: in a
 * server the call into the engine costs microseconds of cold caches on every request.
 */
export function checkContentLength(value, limit) {
  if (typeof value === 'string' && typeof limit === 'number' && PLAIN_LENGTH.test(value) && Number(value) <= limit) return;
  call(() => current().checkContentLength(value === undefined || value === null ? undefined : String(value), limit));
}

// ---------------------------------------------------------------------------------------------
// Drop-ins for Print.one's `printOne.isValidWebhook` / `printOne.validateWebhook`

/** Same arguments and result as Print.one's helper (a boolean), but constant-time, both header names, any case, bytes accepted. */
export function isValidWebhook(body, headers, secret) {
  const webhook = new Webhook(toSecret(secret));
  try {
    webhook.verify(body, headers);
    return true;
  } catch (error) {
    if (error instanceof WebhookError && error.code !== 'invalid_secret') return false;
    throw error;
  } finally {
    current().disposeWebhook(webhook._handle);
  }
}

/**
 * Same arguments as Print.one's helper: returns the event ({ event, data, createdAt: Date }) or
 * throws (a WebhookError subclass, which is an Error). Like Print.one's, an event name it does not
 * know is an error; use `Webhook#constructEvent` to receive those too.
 */
export function validateWebhook(body, headers, secret) {
  const webhook = new Webhook(toSecret(secret));
  let event;
  try {
    event = webhook.constructEvent(body, headers);
  } finally {
    current().disposeWebhook(webhook._handle);
  }
  if (!event.known) {
    throw new ERROR_CLASSES.invalid_payload(`unknown webhook event (a name of ${String(event.event).length} characters)`);
  }
  return event;
}

export { DEFAULTS };
