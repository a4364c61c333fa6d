// The native engine: the napi-rs addon (bindings/node/src/lib.rs), adapted to the engine
// interface (../engine-error.js). The addon returns a core error as a plain `{ code, message }`
// value; this adapter throws it as an EngineError.

import { EngineError } from '../engine-error.js';

function isError(value) {
  return value !== null && typeof value === 'object' && typeof value.code === 'string' && typeof value.message === 'string';
}

function check(value) {
  if (isError(value)) throw new EngineError(value.code, value.message);
  return value;
}

/** The engine over a loaded addon (`require('.../hookproof.linux-x64-gnu.node')`). */
export function nativeEngine(addon) {
  // The per-request calls, read off the addon's exports once (a large exports object is slower
  // to look a name up in than a local).
  const { verifyOneRaw, constructOneRaw, verifyOneShotRaw } = addon;
  // Where constructOneRaw writes an event's two numbers (known, createdAtMs): one array reused,
  // since nothing else runs while it is being written and read.
  const eventNumbers = new Float64Array(2);
  return {
    name: 'native',
    codes: () => addon.codes(),
    schemes: () => addon.schemes(),
    verifyOneShot(body, signature, secret) {
      // The usual call (bytes, a signature, a secret as text) takes the plain N-API path.
      const valid =
        typeof signature === 'string' && typeof secret === 'string' && typeof body !== 'string'
          ? verifyOneShotRaw(body, signature, secret)
          : addon.verifyOneShot(body, signature, secret);
      if (typeof valid === 'boolean') return valid;
      check(valid);
      throw new Error('hookproof: the native engine answered with neither a verdict nor an error');
    },
    createWebhook(secrets, scheme, tolerance, maxAge) {
      const handle = check(addon.createWebhook(secrets, scheme, tolerance, maxAge));
      handle.fast = handle.fastHandle(); // for verifyOne
      return handle;
    },
    schemeOf: (handle) => handle.scheme,
    toleranceOf: (handle) => handle.tolerance,
    verify(handle, body, now, slots) {
      const error = handle.verify(body, now, slots[0], slots[1], slots[2], slots[3], slots[4], slots[5]);
      if (error) throw new EngineError(error.code, error.message);
    },
    verifyOne(handle, body, now, index, value) {
      const error = verifyOneRaw(handle.fast, body, now, index, value);
      if (error) throw new EngineError(error.code, error.message);
    },
    constructEvent: (handle, body, now, slots) =>
      check(handle.constructEvent(body, now, slots[0], slots[1], slots[2], slots[3], slots[4], slots[5])),
    constructOne(handle, body, now, index, value) {
      const answer = constructOneRaw(handle.fast, body, now, index, value, eventNumbers);
      if (answer === null) return null;
      if (answer !== undefined) check(answer); // throws: the core's error
      return { known: eventNumbers[0] === 1, createdAtMs: eventNumbers[1] };
    },
    sign: (handle, body, timestamp, msgId) => check(handle.sign(body, timestamp, msgId)),
    replayKeys: (handle, body, slots) =>
      check(handle.replayKeys(body, slots[0], slots[1], slots[2], slots[3], slots[4], slots[5])),
    memoryStore: (maxEntries) => new addon.NativeMemoryStore(maxEntries),
    memoryClaim: (store, keys, ttl, nowMs) => check(store.claim(keys, ttl, nowMs)),
    memoryRelease: (store, keys, token) => store.release(keys, token),
    memoryEntries: (store) => store.stats()[0],
    redisClaim: (keys, prefix, ttl) => check(addon.createRedisClaim(keys, prefix, ttl)),
    claimCommand: (claim) => claim.command(),
    claimReply(claim, value, failure) {
      const reply = typeof value === 'number' || typeof value === 'string' ? value : undefined;
      const error = claim.reply(reply, failure);
      if (error) throw new EngineError(error.code, error.message);
    },
    claimOutcome: (claim) => claim.outcome(),
    claimDone: () => {},
    disposeWebhook: () => {},
    redisReleaseCommands: (keys, prefix, token) => addon.redisReleaseCommands(keys, prefix, token),
    lambdaRequest(eventJson, limit) {
      const request = check(addon.lambdaRequest(eventJson, limit));
      return { ...request, healthCheckAnswer: request.healthCheckAnswer ?? null };
    },
    lambdaSource: (eventJson) => addon.lambdaSource(eventJson) ?? null,
    lambdaResponse: (source, status, body) => addon.lambdaResponse(source, status, body) ?? null,
    httpStatus: (scheme, code) => addon.httpStatus(scheme, code),
    bodyLimit: (value) => check(addon.bodyLimit(value)),
    checkContentLength(value, limit) {
      const error = addon.checkContentLength(value, limit);
      if (error) throw new EngineError(error.code, error.message);
    },
    helperError(code, number, reason) {
      const error = addon.helperError(code, number, reason);
      return new EngineError(error.code, error.message);
    },
    panicForTests: () => addon.__panicForTests(),
  };
}
