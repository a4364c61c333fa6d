// The WebAssembly engine: the wasm-bindgen module (bindings/wasm/src/lib.rs), adapted to the
// engine interface (../engine-error.js).
//
// Traps. A call that ends in anything other than a return or the core's own error (a Rust panic
// is a trap, `WebAssembly.RuntimeError: unreachable`, because the module is built with
// panic=immediate-abort; also out of memory, or a JavaScript stack overflow inside wasm) has left
// its instance half-way: its allocations are never freed and the object it was using stays
// borrowed. That instance is never called again: the glue's `__wbg_reset_state()` replaces it at
// once with a fresh instance of the same compiled module, and the error is rethrown unchanged
// (never turned into a verdict). Objects made in the trapped instance are gone with it: a Webhook
// made before the trap throws a clear error and must be made again (this layer keeps no copy of
// a secret to do it by itself), and in-memory replay claims start over.

import { EngineError } from '../engine-error.js';

const encoder = new TextEncoder();

function bytesOf(body) {
  return typeof body === 'string' ? encoder.encode(body) : body;
}

/** The secrets as one buffer (a private copy, wiped after the call) and their lengths. */
function joinSecrets(secrets) {
  const parts = secrets.map((s) => (typeof s === 'string' ? encoder.encode(s) : s));
  const lengths = new Uint32Array(parts.map((p) => p.length));
  const joined = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    joined.set(parts[i], offset);
    offset += parts[i].length;
    if (typeof secrets[i] === 'string') parts[i].fill(0); // our own encoding of the text
  }
  return { joined, lengths };
}

/** Slots as the module takes them: the values, flat, and the slot of each. */
function flatSlots(slots) {
  const values = [];
  const owners = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    if (slot === undefined) continue;
    if (typeof slot === 'string') {
      values.push(slot);
      owners.push(i);
    } else {
      for (const value of slot) {
        values.push(value);
        owners.push(i);
      }
    }
  }
  return [values, Uint8Array.from(owners)];
}

const nowSecs = () => Date.now() / 1000;

const words = (text) => (text === '' ? [] : text.split(' '));

/** The slots of a request with one header value, in slot `index` (the module takes all six). */
function oneSlot(index, value) {
  const slots = [undefined, undefined, undefined, undefined, undefined, undefined];
  slots[index] = value;
  return slots;
}

/** One line of the module's scheme list (see `schemes` in bindings/wasm/src/lib.rs). */
function parseScheme(line) {
  const [name, title, readHeaders, typedEvent, dataField, signsTimestamp, eventHeaders, eventField, createdAtField] =
    line.split('\t');
  const field = (key) => (key === '-' ? null : key);
  return {
    name,
    title,
    readHeaders: words(readHeaders),
    typedEvent: typedEvent === '1',
    eventField: field(eventField),
    dataField: field(dataField),
    createdAtField: field(createdAtField),
    signsTimestamp: signsTimestamp === '1',
    eventHeaders: words(eventHeaders),
  };
}

/**
 * The engine over the wasm-bindgen glue module `raw` (already initialised with `initSync` or
 * `init`).
 */
export function wasmEngine(raw) {
  let generation = 0;
  let stopped = null; // the error that stopped the current instance, while none could replace it

  function replaceInstance(interruption) {
    stopped = interruption;
    try {
      raw.__wbg_reset_state();
    } catch (failure) {
      return failure;
    }
    stopped = null;
    generation += 1;
    return null;
  }

  function usable() {
    if (stopped === null) return;
    const failure = replaceInstance(stopped);
    if (failure === null) return;
    throw new Error(
      'hookproof: a call into the WebAssembly module was interrupted (' + String(stopped) +
        ') and no fresh instance could be created (' + String(failure) + '). Nothing was ' +
        'verified; every call fails like this until a fresh instance can be created.',
      { cause: failure },
    );
  }

  // Every call into wasm goes through here: a CoreError becomes an EngineError (and is freed);
  // anything else means the call was interrupted: the instance is replaced, the error rethrown.
  function run(fn) {
    usable();
    try {
      return fn();
    } catch (error) {
      if (error instanceof raw.CoreError) {
        const converted = new EngineError(error.code, error.message);
        error.free();
        throw converted;
      }
      replaceInstance(error);
      throw error;
    }
  }

  // A handle made in the current instance, or a clear error for one the last trap took away.
  function live(handle) {
    if (handle.generation !== generation) {
      throw new Error(
        'hookproof: this object was made in a WebAssembly instance that trapped and was replaced; ' +
          'make it again (for a Webhook: new Webhook(secret, options))',
      );
    }
    return handle.inner;
  }

  const made = (inner, extra) => ({ inner, generation, ...extra });

  return {
    name: 'wasm',
    codes: () => run(() => raw.codes()).split(' '),
    schemes: () => run(() => raw.schemes()).split('\n').map(parseScheme),
    verifyOneShot(body, signature, secret) {
      // The module takes the secret by value and wipes its copy; wipe our encoding of a text one.
      const key = typeof secret === 'string' ? encoder.encode(secret) : secret;
      try {
        return run(() => raw.verifyOneShot(bytesOf(body), signature, key));
      } finally {
        if (key !== secret) key.fill(0);
      }
    },
    createWebhook(secrets, scheme, tolerance, maxAge) {
      const { joined, lengths } = joinSecrets(secrets);
      try {
        const inner = run(() => new raw.Webhook(joined, lengths, scheme, tolerance, maxAge));
        return made(inner, { scheme: inner.scheme, tolerance: inner.tolerance });
      } finally {
        joined.fill(0);
      }
    },
    schemeOf: (handle) => handle.scheme,
    toleranceOf: (handle) => handle.tolerance,
    verify(handle, body, now, slots) {
      const [values, owners] = flatSlots(slots);
      const inner = live(handle);
      run(() => inner.verify(bytesOf(body), values, owners, now ?? nowSecs()));
    },
    verifyOne(handle, body, now, index, value) {
      this.verify(handle, body, now, oneSlot(index, value));
    },
    constructEvent(handle, body, now, slots) {
      const [values, owners] = flatSlots(slots);
      const inner = live(handle);
      const summary = run(() => inner.constructEvent(bytesOf(body), values, owners, now ?? nowSecs()));
      if (summary === undefined) return null;
      const fields = { known: summary.known, createdAtMs: summary.createdAtMs };
      summary.free();
      return fields;
    },
    constructOne(handle, body, now, index, value) {
      return this.constructEvent(handle, body, now, oneSlot(index, value));
    },
    sign(handle, body, timestamp, msgId) {
      const inner = live(handle);
      return run(() => inner.sign(bytesOf(body), timestamp, msgId));
    },
    replayKeys(handle, body, slots) {
      const [values, owners] = flatSlots(slots);
      const inner = live(handle);
      return run(() => inner.replayKeys(bytesOf(body), values, owners));
    },
    memoryStore: (maxEntries) => made(run(() => new raw.MemoryStore(maxEntries))),
    memoryClaim(store, keys, ttl, nowMs) {
      const inner = live(store);
      return run(() => inner.claim(keys, ttl, nowMs)) ?? null;
    },
    memoryRelease(store, keys, token) {
      const inner = live(store);
      run(() => inner.release(keys, token));
    },
    memoryEntries(store) {
      const inner = live(store);
      return run(() => inner.entries);
    },
    redisClaim: (keys, prefix, ttl) => made(run(() => new raw.RedisClaim(keys, prefix, ttl))),
    claimCommand(claim) {
      const inner = live(claim);
      return run(() => inner.command()) ?? null;
    },
    claimReply(claim, value, failure) {
      const text = typeof value === 'string' ? value : undefined;
      const integer = typeof value === 'number' ? value : undefined;
      const inner = live(claim);
      run(() => inner.reply(text, integer, failure));
    },
    claimOutcome(claim) {
      const inner = live(claim);
      return run(() => inner.outcome()) ?? null;
    },
    // A claim, a Webhook made for one call: freed now, not when the garbage collector gets to
    // them (wasm memory only ever grows).
    claimDone(claim) {
      if (claim.generation === generation) claim.inner.free();
    },
    disposeWebhook(handle) {
      if (handle.generation === generation) handle.inner.free();
    },
    redisReleaseCommands(keys, prefix, token) {
      const flat = run(() => raw.redisReleaseCommands(keys, prefix, token));
      const commands = [];
      for (let i = 0; i < flat.length; ) {
        const length = Number(flat[i]);
        commands.push(flat.slice(i + 1, i + 1 + length));
        i += 1 + length;
      }
      return commands;
    },
    lambdaRequest(eventJson, limit) {
      const request = run(() => raw.lambdaRequest(eventJson, limit));
      const fields = {
        source: request.source, method: request.method, path: request.path, headers: request.headers,
        body: request.body, healthCheckAnswer: request.healthCheckAnswer ?? null,
      };
      request.free();
      return fields;
    },
    lambdaSource: (eventJson) => run(() => raw.lambdaSource(eventJson)) ?? null,
    lambdaResponse: (source, status, body) => run(() => raw.lambdaResponse(source, status, body)) ?? null,
    httpStatus: (scheme, code) => run(() => raw.httpStatus(scheme, code)),
    bodyLimit(value) {
      return run(() => raw.bodyLimit(typeof value === 'number' ? value : undefined, typeof value === 'string' ? value : undefined));
    },
    checkContentLength: (value, limit) => run(() => raw.checkContentLength(value, limit)),
    helperError(code, number, reason) {
      const error = run(() => raw.helperError(code, number, reason));
      const converted = new EngineError(error.code, error.message);
      error.free();
      return converted;
    },
    // Test hooks, not part of any API.
    panicForTests: (body = new Uint8Array(64)) => run(() => raw.__panicForTests(bytesOf(body))),
    panicInside(handle, body, now) {
      const inner = live(handle);
      return run(() => inner.__panicForTests(bytesOf(body), now ?? nowSecs()));
    },
    armPanicForTests: () => run(() => raw.__armPanicForTests()),
    instanceForTests: () => ({ generation, stopped: stopped !== null }),
  };
}
