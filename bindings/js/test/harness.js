// The shared test suite's harness: runs in every runtime hookproof supports (Node 18-22, Bun,
// Deno, workerd, Chromium), so it uses nothing but the language. A suite is a function of the
// context a runner gives it (`ctx`, below) returning `[name, async () => {}]` cases.
//
// ctx = {
//   hp:        the hookproof API under test (`hookproof` or `@hookproof/wasm`), engine loaded
//   fetch:     the Fetch helper module (`hookproof/fetch` or `@hookproof/wasm/fetch`)
//   data:      { vectors, providers, matrix } (tests/vectors/*.json, tests/matrix/bad_inputs.json)
//   hmac:      async (key, bytes) => Uint8Array, an independent HMAC-SHA256 (node:crypto or WebCrypto)
//   peers:     { standardwebhooks, octokit } (the providers' own libraries) where the runner has them
//   fc:        fast-check
//   heavy:     true where 100 MB bodies fit (not in workerd or Chromium)
//   inspect:   util.inspect where the runtime has one
//   runtime:   'node' | 'bun' | 'deno' | 'workerd' | 'chromium'
// }

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value) {
  try {
    return typeof value === 'string' ? JSON.stringify(value.length > 200 ? value.slice(0, 200) + '…' : value) : JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

function matches(error, check) {
  if (check === undefined) return true;
  if (check instanceof RegExp) return check.test(String(error && error.message));
  if (typeof check === 'function' && check.prototype !== undefined && check.prototype instanceof Error) return error instanceof check;
  if (check === Error) return error instanceof Error;
  if (typeof check === 'function') return check(error) !== false;
  return false;
}

export const assert = {
  ok(value, message = 'expected a truthy value') {
    if (!value) throw new AssertionError(message);
  },
  equal(actual, expected, message = '') {
    if (!Object.is(actual, expected)) throw new AssertionError(`${message}: ${show(actual)} !== ${show(expected)}`);
  },
  notEqual(actual, expected, message = '') {
    if (Object.is(actual, expected)) throw new AssertionError(`${message}: ${show(actual)} === ${show(expected)}`);
  },
  deepEqual(actual, expected, message = '') {
    if (!deepEqual(actual, expected)) throw new AssertionError(`${message}: ${show(actual)} is not ${show(expected)}`);
  },
  match(text, re, message = '') {
    if (!re.test(String(text))) throw new AssertionError(`${message}: ${show(text)} does not match ${re}`);
  },
  throws(fn, check, message = '') {
    try {
      fn();
    } catch (error) {
      if (!matches(error, check)) throw new AssertionError(`${message}: threw the wrong error: ${error && error.stack}`);
      return error;
    }
    throw new AssertionError(`${message}: did not throw`);
  },
  async rejects(promiseOrFn, check, message = '') {
    try {
      await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
    } catch (error) {
      if (!matches(error, check)) throw new AssertionError(`${message}: rejected with the wrong error: ${error && error.stack}`);
      return error;
    }
    throw new AssertionError(`${message}: did not reject`);
  },
};

/** Runs every case of every suite; resolves to { passed, failed: [{ suite, name, error }] }. */
export async function runAll(suites, ctx, onResult = () => {}) {
  const failed = [];
  let passed = 0;
  for (const [suiteName, suite] of suites) {
    for (const [name, fn] of suite(ctx)) {
      try {
        await fn();
        passed += 1;
        onResult({ suite: suiteName, name, ok: true });
      } catch (error) {
        failed.push({ suite: suiteName, name, error: String((error && error.stack) || error) });
        onResult({ suite: suiteName, name, ok: false, error });
      }
    }
  }
  return { passed, failed };
}

// ---- values shared by the suites ----------------------------------------------------------

const encoder = new TextEncoder();

export const utf8 = (text) => encoder.encode(text);

export function fromBase64(text) {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A printone.json vector's body: its bytes, or its recipe (a pattern repeated to a length). */
export function vectorBody(v) {
  if (v.body_recipe) {
    const pattern = fromBase64(v.body_recipe.pattern_base64);
    const out = new Uint8Array(v.body_recipe.length);
    for (let i = 0; i < out.length; i++) out[i] = pattern[i % pattern.length];
    return out;
  }
  return fromBase64(v.body_base64);
}

/** The code of what `fn` threw ('valid' if nothing), for compact assertions. */
export function codeOf(hp, fn) {
  try {
    fn();
    return 'valid';
  } catch (error) {
    if (error instanceof hp.WebhookError) return error.code;
    throw error;
  }
}

export const SECRET = 'whk_test_3f9a1c7e5b2d4a6f';

export function eventBody(event = 'order_status_update', data = { id: 'ord_1', status: 'order_created' }, createdAt = '2026-11-28T10:00:01.250Z') {
  return JSON.stringify({ data, event, created_at: createdAt });
}
