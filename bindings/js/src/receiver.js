// What every framework helper does with a request, written once: the options, verification (the
// event parsed for a scheme with a typed event, the raw bytes otherwise), the replay claim, the
// answer for each error (the core's status), and the choice between running the handler before
// answering (the default) or answering first and running it afterwards, a bounded number at once.

import { DEFAULTS, WebhookError } from './generated.js';
import { Webhook, bodyLimit, checkContentLength, describe, helperError } from './core.js';
import { MemoryStore, ReplayGuard } from './replay.js';

function defaultOnError(error, verified) {
  const what = verified && typeof verified.event === 'string' ? verified.event : `${(verified && verified.length) || 0} bytes`;
  console.error(`hookproof: a webhook handler failed after its delivery was answered (${what}):`, error);
}

/**
 * Answer first, process after: the handler runs after the 2xx has been sent, at most
 * `maxConcurrent` at once; at most `maxPending` more wait (beyond that a delivery is answered 503
 * `overloaded`, so that the sender retries). A handler's failure goes to `onError(error, event)`
 * (default: logged with console.error; never swallowed) and releases its replay claim.
 */
export class Background {
  constructor({ maxConcurrent = 8, maxPending = 1000, onError = defaultOnError, waitUntil } = {}) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new TypeError('`maxConcurrent` must be a whole number of at least 1');
    if (!Number.isInteger(maxPending) || maxPending < 0) throw new TypeError('`maxPending` must be a whole number');
    if (typeof onError !== 'function') throw new TypeError('`onError` must be a function (error, event) => void');
    this.maxConcurrent = maxConcurrent;
    this.maxPending = maxPending;
    this.onError = onError;
    this.waitUntil = waitUntil;
    this.running = 0;
    this.peak = 0; // the most handlers that ran at once (for tests and metrics)
    this.queue = [];
    this.reserved = 0;
  }

  /** Takes a place before the delivery is answered, or throws OverloadedError. */
  reserve() {
    if (this.reserved >= this.maxConcurrent + this.maxPending) throw helperError('overloaded', this.maxPending);
    this.reserved += 1;
  }

  /** Runs `job` (a function returning a promise) when a slot is free; returns when it ends. */
  run(job, verified, claim) {
    return new Promise((resolve) => {
      const start = async () => {
        this.running += 1;
        this.peak = Math.max(this.peak, this.running);
        try {
          await job();
        } catch (error) {
          await releaseQuietly(claim);
          try {
            await this.onError(error, verified);
          } catch (hook) {
            console.error('hookproof: the onError hook failed:', hook);
          }
        } finally {
          this.running -= 1;
          this.reserved -= 1;
          const next = this.queue.shift();
          if (next) next();
          resolve();
        }
      };
      if (this.running < this.maxConcurrent) start();
      else this.queue.push(start);
    });
  }
}

const KNOWN_OPTIONS = new Set(['scheme', 'tolerance', 'maxAge', 'parseEvent', 'bodyLimit', 'limit', 'replay', 'background', 'secret', 'webhook']);

function toGuard(replay) {
  if (replay === undefined || replay === null || replay === false) return null;
  if (replay === true || replay === 'memory') return new ReplayGuard(new MemoryStore());
  if (replay instanceof ReplayGuard) return replay;
  return new ReplayGuard(replay); // a MemoryStore or a Redis client
}

function toBackground(background) {
  if (background === undefined || background === null || background === false) return null;
  if (background === true) return new Background();
  if (background instanceof Background) return background;
  if (typeof background === 'object') return new Background(background);
  throw new TypeError(`\`background\` must be true, false, options or a Background, got ${describe(background)}`);
}

/** A helper's configuration and its steps; see the module comment. */
export class Receiver {
  constructor(secretOrWebhook, options, who) {
    const opts = options === undefined || options === null ? {} : options;
    if (typeof opts !== 'object') throw new TypeError(`${who}: options must be an object, got ${describe(opts)}`);
    for (const key of Object.keys(opts)) {
      if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`${who}: unknown option \`${key}\``);
    }
    if (secretOrWebhook instanceof Webhook) {
      const given = ['scheme', 'tolerance', 'maxAge'].filter((key) => opts[key] !== undefined);
      if (given.length > 0) {
        throw new TypeError(`${who}: ${given.join(', ')} configure a new Webhook: pass them to new Webhook(...) rather than together with one`);
      }
      this.webhook = secretOrWebhook;
    } else if (secretOrWebhook === undefined || secretOrWebhook === null) {
      throw new TypeError(`${who}: the first argument must be the webhook secret (or secrets, or a Webhook); got ${secretOrWebhook}. Is the environment variable set?`);
    } else {
      this.webhook = new Webhook(secretOrWebhook, { scheme: opts.scheme, tolerance: opts.tolerance, maxAge: opts.maxAge });
    }
    this.parseEvent = opts.parseEvent === undefined ? this.webhook.typedEvent : opts.parseEvent !== false;
    this.bodyLimit = bodyLimit(opts.bodyLimit ?? opts.limit);
    this.replay = toGuard(opts.replay);
    this.background = toBackground(opts.background);
  }

  /** Refuses a declared length over the limit before a byte is read (BodyTooLargeError). */
  checkLength(contentLength) {
    checkContentLength(contentLength, this.bodyLimit);
  }

  /** The verified event, or the verified raw bytes; throws a WebhookError. */
  verify(body, headers) {
    if (this.parseEvent) return this.webhook.constructEvent(body, headers);
    this.webhook.verify(body, headers);
    return body;
  }

  /** Verifies and claims: `{ verified, claim }`, or null for a duplicate. */
  async accept(body, headers) {
    const verified = this.verify(body, headers);
    let claim = null;
    if (this.replay) {
      claim = await this.replay.claim(this.webhook, body, headers);
      if (claim === null) return null;
    }
    if (this.background) {
      try {
        this.background.reserve();
      } catch (error) {
        if (claim) await claim.release();
        throw error;
      }
    }
    return { verified, claim };
  }

  /** Runs the handler now; a failure releases the claim and propagates. */
  async runNow(handler, accepted) {
    try {
      return await handler();
    } catch (error) {
      await releaseQuietly(accepted.claim);
      throw error;
    }
  }

  /** Runs the handler after the answer (Background), bounded; failures go to onError. */
  runLater(handler, accepted) {
    return this.background.run(handler, accepted.verified, accepted.claim);
  }

  /** The HTTP status for an error. */
  status(error) {
    return this.webhook.httpStatus(error);
  }

  /** The JSON every helper answers an error with. */
  static errorBody(error) {
    return { code: error.code, message: error.message };
  }
}

/**
 * Releases a failed delivery's claim; a release that fails is reported (the claim then lives its
 * TTL, so the sender's retry is taken for a duplicate), never thrown over the handler's own error.
 */
export function releaseQuietly(claim) {
  if (!claim) return Promise.resolve();
  return claim.release().catch((error) => {
    console.error('hookproof: could not release the replay claim of a failed delivery (its retry will be taken for a duplicate until the claim expires):', error);
  });
}

export const DUPLICATE_BODY = Object.freeze({ duplicate: true });
export const DUPLICATE_STATUS = DEFAULTS.duplicateStatus;
export { WebhookError };
