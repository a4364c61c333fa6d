'use strict';
// The JavaScript half of `hookproof`: it only converts JS values into what the native core takes
// (bodies -> Uint8Array views or strings, header collections -> flat [name, value, ...] arrays)
// and core errors into WebhookError subclasses. It never looks at a header name, never parses a
// signature and never computes a MAC: the Rust core does all of that, in constant time.

const path = require('node:path');
const { inspect } = require('node:util');

const native = require(path.join(__dirname, '..', 'hookproof.node'));

// ---------------------------------------------------------------------------------------------
// Errors

/** Base class of every verification error; `.code` is one of the core's stable codes. */
class WebhookError extends Error {
  constructor(message, code) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

const CLASS_NAMES = {
  missing_signature: 'MissingSignatureError',
  malformed_signature: 'MalformedSignatureError',
  signature_mismatch: 'SignatureMismatchError',
  missing_timestamp: 'MissingTimestampError',
  timestamp_too_old: 'TimestampTooOldError',
  timestamp_too_new: 'TimestampTooNewError',
  invalid_secret: 'InvalidSecretError',
  invalid_payload: 'InvalidPayloadError',
};

/** code -> subclass, derived from the core's own list so that the two cannot drift apart. */
const ERROR_CLASSES = Object.create(null);
const CODES = Object.freeze(native.errorCodes());
/** The schemes the core ships ('printone', 'standard', ...), from the core itself. */
const SCHEMES = Object.freeze(native.schemeNames());
for (const code of CODES) {
  const name = CLASS_NAMES[code];
  if (name === undefined) {
    throw new Error(`hookproof: the native core has an error code this package does not know: ${code}`);
  }
  // A named class per code, so `instanceof SignatureMismatchError` and stack traces read well.
  const cls = { [name]: class extends WebhookError {
    constructor(message, c = code) { super(message, c); }
  } }[name];
  ERROR_CLASSES[code] = cls;
}

function toError(nativeError) {
  const cls = ERROR_CLASSES[nativeError.code] || WebhookError;
  const err = new cls(nativeError.message, nativeError.code);
  // Drop the glue's frames: the stack should point at the caller.
  if (Error.captureStackTrace) Error.captureStackTrace(err, toError);
  return err;
}

// Native values that carry a verdict are either the expected value or a { code, message } object.
function isNativeError(value) {
  return value !== null && typeof value === 'object' && typeof value.code === 'string' && typeof value.message === 'string' && !('event' in value);
}

// ---------------------------------------------------------------------------------------------
// Argument conversion

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${(value.constructor && value.constructor.name) || 'Object'})`;
  return `a ${typeof value}`;
}

/** string | Buffer | Uint8Array | ArrayBuffer | DataView | other ArrayBufferView -> string or Uint8Array (a view, never a copy). */
function toBody(body, name = 'body') {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body; // Buffer too
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && body instanceof SharedArrayBuffer)) {
    return new Uint8Array(body);
  }
  throw new TypeError(`\`${name}\` must be the raw request body as a string, Buffer, Uint8Array, ArrayBuffer or DataView, got ${describe(body)}`);
}

function pushValue(out, key, value, name) {
  if (typeof value === 'string') {
    out.names.push(key);
    out.values.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) pushValue(out, key, item, name);
  } else if (typeof value === 'number') {
    out.names.push(key);
    out.values.push(String(value));
  } else if (value !== undefined && value !== null) {
    throw new TypeError(`\`${name}\` values must be strings or arrays of strings; header ${JSON.stringify(key)} is ${describe(value)}`);
  }
}

/**
 * Any header collection -> { names: [...], values: [...] } (same order, names exactly as given;
 * repeated headers repeat the name). The native side gets the names joined by NUL, one string.
 * Accepted: Fetch `Headers` (or anything with `entries()`/`forEach` like it), `Map`, an array of
 * [name, value] pairs, Node's `IncomingHttpHeaders` / any plain object (values string | string[]).
 */
function toHeaderList(headers, name = 'headers') {
  const out = { names: [], values: [] };
  if (headers === null || typeof headers !== 'object') {
    throw new TypeError(`\`${name}\` must be the request headers (IncomingHttpHeaders, a Fetch Headers, a Map, an array of [name, value] pairs or a plain object), got ${describe(headers)}`);
  }
  if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw new TypeError(`\`${name}\` as an array must hold [name, value] pairs`);
      }
      pushValue(out, pair[0], pair[1], name);
    }
  } else if (headers instanceof Map || (typeof Headers !== 'undefined' && headers instanceof Headers)) {
    for (const [key, value] of headers) {
      if (typeof key !== 'string') throw new TypeError(`\`${name}\` keys must be strings`);
      pushValue(out, key, value, name);
    }
  } else {
    for (const key of Object.keys(headers)) pushValue(out, key, headers[key], name);
  }
  return out;
}

function checkSecret(secret, name) {
  if (typeof secret === 'string' || secret instanceof Uint8Array) return secret;
  if (ArrayBuffer.isView(secret) || secret instanceof ArrayBuffer) return new Uint8Array(toBody(secret, name));
  // Never print the value: it may be a secret of the wrong type.
  throw new TypeError(`\`${name}\` must be a string or bytes, got ${describe(secret)}`);
}

// ---------------------------------------------------------------------------------------------
// The API

/**
 * One-shot Print.one check: true only if `signature` (the `x-webhook-hmac-sha256` value) is the
 * base64 HMAC-SHA256 of `body` under `secret`. Throws InvalidSecretError for an empty secret.
 */
function verify(body, signature, secret) {
  const b = toBody(body);
  const key = checkSecret(secret, 'secret');
  if (typeof signature !== 'string') {
    // A missing header (`req.headers[...]` is undefined) is a `false` verdict, not a type error.
    if (signature === undefined || signature === null) return verifyEmptySecretOnly(key);
    throw new TypeError(`\`signature\` must be the signature header value as a string, got ${describe(signature)}`);
  }
  const result = native.verify(b, signature, key);
  if (result === true || result === false) return result;
  throw toError(result);
}

// A missing header (undefined) is a `false` verdict, but an unusable secret must still throw.
function verifyEmptySecretOnly(secret) {
  const result = native.verify('', '', secret);
  if (isNativeError(result) && result.code === 'invalid_secret') throw toError(result);
  return false;
}

const kNative = Symbol('hookproof.native');

/** `value` as Unix seconds for the core: undefined (absent) or a finite number. */
function unixSeconds(value, name) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') {
    throw new TypeError(`\`${name}\` must be Unix seconds as a number (e.g. Date.now() / 1000), got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`\`${name}\` must be a finite number of Unix seconds`);
  return value;
}

function checkOptions(options, name, example) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError(`\`${name}\` must be an object like ${example}, got ${describe(options)}`);
  return options;
}

// The native layer reports a bad argument it alone can see as InvalidArg.
function callNative(fn) {
  try {
    return fn();
  } catch (err) {
    if (err && err.code === 'InvalidArg') throw new TypeError(err.message);
    throw err;
  }
}

/**
 * Calls `fn(joinedNames)`: the header names travel to the native side as one NUL-joined string.
 * HTTP forbids NUL in a header name, so a name holding one is never a header a scheme reads; but
 * it would break that framing, and the native side reports the disagreeing counts as InvalidArg.
 * Then retry with each NUL replaced by U+FFFD, which keeps the name matching nothing: the verdict
 * is the core's (e.g. missing_signature), as in every hookproof language, and not a TypeError.
 * The common path pays nothing for this.
 */
function callWithHeaders(names, fn) {
  try {
    return fn(names.join('\0'));
  } catch (err) {
    if (err && err.code === 'InvalidArg' && names.some((name) => name.includes('\0'))) {
      return callNative(() => fn(names.map((name) => name.replaceAll('\0', '\uFFFD')).join('\0')));
    }
    if (err && err.code === 'InvalidArg') throw new TypeError(err.message);
    throw err;
  }
}

function makeEvent(raw) {
  return {
    event: raw.event,
    known: KNOWN_EVENTS.includes(raw.event),
    data: raw.data,
    createdAt: new Date(raw.createdAtMs),
    createdAtRaw: raw.createdAtRaw,
  };
}

/** A reusable verifier: keys prepared once, several secrets for rotation, any header shape. */
class Webhook {
  /**
   * @param {string | Uint8Array | Array<string | Uint8Array>} secret one secret, or several (rotation: any may match)
   * @param {{ scheme?: string, tolerance?: number }} [options] scheme: one of SCHEMES (default
   *   'printone'); tolerance: seconds a signed timestamp may be from the clock (default 300)
   */
  constructor(secret, options = {}) {
    const secrets = Array.isArray(secret) ? secret : [secret];
    const checked = secrets.map((s, i) => checkSecret(s, Array.isArray(secret) ? `secret[${i}]` : 'secret'));
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`\`options\` must be an object like { scheme: 'printone' }, got ${describe(options)}`);
    }
    const scheme = options.scheme === undefined ? 'printone' : options.scheme;
    if (typeof scheme !== 'string') throw new TypeError(`\`options.scheme\` must be a string, got ${describe(scheme)}`);
    const tolerance = options.tolerance;
    if (tolerance !== undefined && (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0)) {
      throw new RangeError('`options.tolerance` must be a finite, non-negative number of seconds');
    }
    let created;
    try {
      created = native.createWebhook(checked, scheme, tolerance);
    } catch (err) {
      if (err && err.code === 'InvalidArg') throw new RangeError(err.message);
      throw err;
    }
    if (isNativeError(created)) throw toError(created);
    Object.defineProperty(this, kNative, { value: created, enumerable: false });
  }

  /** The scheme's name, e.g. "printone". */
  get scheme() {
    return this[kNative].scheme;
  }

  /** The timestamp tolerance in seconds. */
  get tolerance() {
    return this[kNative].tolerance;
  }

  /**
   * Returns nothing if the request is authentic; throws a WebhookError subclass otherwise.
   * `options.now`: the receiver's clock in Unix seconds (default: the system clock, read by the core).
   */
  verify(body, headers, options) {
    const b = toBody(body);
    const { names, values } = toHeaderList(headers);
    const now = unixSeconds(checkOptions(options, 'options', '{ now: 1700000000 }').now, 'options.now');
    const err = callWithHeaders(names, (joined) => this[kNative].verify(b, joined, values, now));
    if (err) throw toError(err);
  }

  /** Verifies the request (`options.now` as in `verify`), then returns the parsed Print.one event. */
  constructEvent(body, headers, options) {
    const b = toBody(body);
    const { names, values } = toHeaderList(headers);
    const now = unixSeconds(checkOptions(options, 'options', '{ now: 1700000000 }').now, 'options.now');
    const result = callWithHeaders(names, (joined) => this[kNative].constructEvent(b, joined, values, now));
    if (isNativeError(result)) throw toError(result);
    return makeEvent(result);
  }

  /**
   * The headers a sender attaches to `body` (signed with the first secret), as a plain object of
   * header name -> value. `options.timestamp` (Unix seconds, default now) and `options.msgId`
   * (default: a fresh id) are used by the schemes that sign them.
   */
  sign(body, options) {
    const b = toBody(body);
    const opts = checkOptions(options, 'options', "{ timestamp: 1700000000, msgId: 'msg_1' }");
    const timestamp = unixSeconds(opts.timestamp, 'options.timestamp');
    if (timestamp !== undefined && timestamp < 0) throw new RangeError('`options.timestamp` must not be negative');
    const msgId = opts.msgId === null ? undefined : opts.msgId;
    if (msgId !== undefined && typeof msgId !== 'string') {
      throw new TypeError(`\`options.msgId\` must be a string, got ${describe(msgId)}`);
    }
    const result = callNative(() => this[kNative].sign(b, timestamp, msgId));
    if (isNativeError(result)) throw toError(result);
    const out = {};
    for (const [name, value] of result) out[name] = value;
    return out;
  }

  [inspect.custom]() {
    return `Webhook { scheme: '${this.scheme}', tolerance: ${this.tolerance} }`;
  }

  toJSON() {
    return { scheme: this.scheme, tolerance: this.tolerance };
  }
}

// ---------------------------------------------------------------------------------------------
// Drop-ins for Print.one's `printOne.isValidWebhook` / `printOne.validateWebhook`

/** Same arguments and result as Print.one's helper (a boolean), but constant-time, both header names, any case, bytes accepted. */
function isValidWebhook(body, headers, secret) {
  const webhook = new Webhook(checkSecret(secret, 'secret'));
  try {
    webhook.verify(body, headers);
    return true;
  } catch (err) {
    if (err instanceof WebhookError && err.code !== 'invalid_secret') return false;
    throw err;
  }
}

/**
 * Same arguments as Print.one's helper: returns the event ({ event, data, createdAt: Date }) or
 * throws (a WebhookError subclass, which is an Error). Like Print.one's, an event name it does not
 * know is an error; use `Webhook#constructEvent` to receive those too.
 */
function validateWebhook(body, headers, secret) {
  const event = new Webhook(checkSecret(secret, 'secret')).constructEvent(body, headers);
  if (!event.known) {
    throw new ERROR_CLASSES.invalid_payload(`unknown webhook event: ${event.event}`);
  }
  return event;
}

const KNOWN_EVENTS = Object.freeze([
  'order_status_update',
  'template_preview_rendered',
  'batch_status_update',
  'coupon_code_used',
]);

module.exports = {
  verify,
  Webhook,
  WebhookError,
  isValidWebhook,
  validateWebhook,
  CODES,
  SCHEMES,
  KNOWN_EVENTS,
  ERROR_CLASSES,
  ...Object.fromEntries(Object.values(ERROR_CLASSES).map((cls) => [cls.name, cls])),
  // For the middleware in this package; not part of the documented API.
  _internal: { toBody, toHeaderList, native },
};
