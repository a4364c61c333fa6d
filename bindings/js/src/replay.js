// The replay guard: a verified request is processed once, across every receiver that shares the
// store. The protocol is the core's (hookproof::replay): keys from signed data only, claimed
// atomically with a TTL before the handler runs; a duplicate is acknowledged without running the
// handler; a failed handler releases its claim so that the sender's retry is processed; a store
// that cannot be reached fails closed (StoreUnavailableError, HTTP 503). This module only sends
// the commands the core asks for with the client you give it.

import { DEFAULTS } from './generated.js';
import { call, describe, engineOf, helperError } from './core.js';

/** Replay claims in this process's memory: bounded, with TTLs (one process). */
export class MemoryStore {
  #handle;

  constructor(maxEntries = DEFAULTS.memoryEntries) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new TypeError('`maxEntries` must be a whole number of at least 1');
    this.#handle = engineOf().memoryStore(maxEntries);
  }

  /** Live claims. */
  get entries() {
    return engineOf().memoryEntries(this.#handle);
  }

  get _handle() {
    return this.#handle;
  }
}

const monotonicMs = () => (typeof performance !== 'undefined' ? performance.now() + (performance.timeOrigin || 0) : Date.now());

/** How a Redis client sends one raw command: ioredis (`call`) or node-redis (`sendCommand`). */
function sender(client) {
  if (typeof client.call === 'function') return (words) => client.call(...words);
  if (typeof client.sendCommand === 'function') return (words) => client.sendCommand(words);
  return null;
}

function withTimeout(promise, ms) {
  if (!(ms > 0)) return promise;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the replay store within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function failure(error) {
  return `${(error && error.name) || 'Error'}: ${(error && error.message) || String(error)}`;
}

/** A claimed request: `await claim.release()` if its handler failed. */
export class Claim {
  #guard;
  #keys;
  #token;

  constructor(guard, keys, token) {
    this.#guard = guard;
    this.#keys = keys;
    this.#token = token;
  }

  /** Frees the claim, so that the sender's retry is processed. */
  async release() {
    await this.#guard._release(this.#keys, this.#token);
  }
}

/**
 * `new ReplayGuard(store, { ttl, prefix, timeout })`. `store`: a MemoryStore (the default), an
 * ioredis client or a node-redis client (several receivers, one Redis). `ttl`: seconds a claim
 * lives (default one day). `timeout`: milliseconds to wait for Redis before answering 503
 * (default 2000; clients queue commands while disconnected).
 */
export class ReplayGuard {
  constructor(store = undefined, opts = {}) {
    this.store = store === undefined ? new MemoryStore() : store;
    if (!(this.store instanceof MemoryStore)) {
      if (this.store === null || typeof this.store !== 'object' || sender(this.store) === null) {
        throw new TypeError(`\`store\` must be a MemoryStore, an ioredis client or a node-redis client, got ${describe(this.store)}`);
      }
    }
    const { ttl = DEFAULTS.replayTtl, prefix = DEFAULTS.replayPrefix, timeout = 2000 } = opts || {};
    if (typeof prefix !== 'string') throw new TypeError('`prefix` must be a string');
    if (typeof ttl !== 'number') throw new TypeError('`ttl` must be a number of seconds');
    this.ttl = ttl;
    this.prefix = prefix;
    this.timeout = timeout;
    // The core checks the TTL (a claim reads it): fail at setup, not on the first request.
    call(() => engineOf().memoryClaim(engineOf().memoryStore(1), probeKeys(), ttl, 0));
  }

  /** Claims a verified request: a Claim if it is new, null for a duplicate. Rejects with
   * StoreUnavailableError if the store cannot be reached. */
  async claim(webhook, body, headers) {
    const engine = engineOf();
    const keys = webhook.replayKeys(body, headers);
    if (this.store instanceof MemoryStore) {
      const token = call(() => engine.memoryClaim(this.store._handle, keys, this.ttl, monotonicMs()));
      return token === null ? null : new Claim(this, keys, token);
    }
    const send = sender(this.store);
    const claim = call(() => engine.redisClaim(keys, this.prefix, this.ttl));
    try {
      for (let command = engine.claimCommand(claim); command !== null; command = engine.claimCommand(claim)) {
        let reply;
        let failed;
        try {
          reply = await withTimeout(Promise.resolve().then(() => send(command)), this.timeout);
        } catch (error) {
          failed = failure(error);
        }
        call(() => engine.claimReply(claim, reply ?? null, failed));
      }
      const token = engine.claimOutcome(claim);
      return token === null ? null : new Claim(this, keys, token);
    } finally {
      engine.claimDone(claim);
    }
  }

  async _release(keys, token) {
    const engine = engineOf();
    if (this.store instanceof MemoryStore) {
      call(() => engine.memoryRelease(this.store._handle, keys, token));
      return;
    }
    const send = sender(this.store);
    for (const command of engine.redisReleaseCommands(keys, this.prefix, token)) {
      try {
        await withTimeout(Promise.resolve().then(() => send(command)), this.timeout);
      } catch (error) {
        throw helperError('store_unavailable', 0, failure(error));
      }
    }
  }
}

let probe = null;
function probeKeys() {
  if (probe === null) probe = engineOf().replayKeys(engineOf().createWebhook(['hookproof-probe']), '{}', []);
  return probe;
}

