// `hookproof/fetch`: wraps a Fetch-API handler (Next.js app router, Hono, Deno, Bun, Workers).
//
//   export const POST = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (request, event) => {
//     ...; return Response.json({ ok: true });
//   });
//
// The body is read once, within the limit (a larger one is answered 413 without reading the
// rest), verified, and handed over as the event (or the raw bytes for schemes without a typed
// event). With `background`, the answer is 200 at once and the handler runs afterwards, kept
// alive with the runtime's `waitUntil` where it has one (`background.waitUntil`, or the
// `waitUntil` of a context argument such as a Worker's `ctx`).

import { Receiver, DUPLICATE_BODY, DUPLICATE_STATUS, WebhookError, releaseQuietly } from '../receiver.js';
import { readRequest } from '../body.js';

// The verified bytes of each request a wrapped handler got (for `verifiedBody`).
const VERIFIED = new WeakMap();

/**
 * The exact bytes `withWebhook` verified for `request` (the handler's request; its body stream
 * is consumed), or null for a request it did not verify.
 */
export function verifiedBody(request) {
  return VERIFIED.get(request) ?? null;
}

function json(status, body, extra) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...extra } });
}

/** The `waitUntil` of a context passed after the request (Workers: `fetch(request, env, ctx)`). */
function contextWaitUntil(rest) {
  for (const arg of rest) {
    if (arg && typeof arg.waitUntil === 'function') return (promise) => arg.waitUntil(promise);
  }
  return null;
}

/**
 * `withWebhook(secret | secrets | webhook, handler, { scheme, tolerance, maxAge, parseEvent,
 * bodyLimit, replay, background })` returns `async (request, ...rest) => Response`. The handler is
 * called as `handler(request, event, ...rest)` only for an authentic, new request; otherwise the
 * answer is the core's status for the error with JSON `{ code, message }`.
 */
export function withWebhook(secretOrWebhook, handler, options) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/fetch: `handler` must be a function (request, event) => Response');
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/fetch');
  return async function hookproofHandler(request, ...rest) {
    if (!request || typeof request.arrayBuffer !== 'function' || !request.headers) {
      throw new TypeError('hookproof/fetch: the wrapped handler must be called with a Fetch API Request');
    }
    let result;
    try {
      const raw = await readRequest(request, receiver.bodyLimit);
      result = await receiver.accept(raw, request.headers);
      if (result !== null) result.raw = raw;
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      const close = error.code === 'body_too_large' ? { connection: 'close' } : undefined;
      return json(receiver.status(error), Receiver.errorBody(error), close);
    }
    if (result === null) return json(DUPLICATE_STATUS, DUPLICATE_BODY);
    VERIFIED.set(request, result.raw);
    const event = receiver.parseEvent ? result.verified : result.raw;
    if (receiver.background) {
      const waitUntil = receiver.background.waitUntil || contextWaitUntil(rest);
      // Started after this function returns its Response, so the answer goes out first.
      const later = Promise.resolve().then(() => receiver.runLater(() => handler(request, event, ...rest), result));
      if (waitUntil) waitUntil(later);
      return json(200, { received: true });
    }
    const response = await receiver.runNow(() => handler(request, event, ...rest), result);
    if (result.claim && !(response && response.status >= 200 && response.status < 300)) {
      await releaseQuietly(result.claim);
    }
    return response;
  };
}

/**
 * `verifyRequest(request, secret | secrets | webhook, options)`: reads the body (within the
 * limit; the request's body is consumed), verifies it and resolves to the raw bytes. Rejects with
 * a WebhookError subclass.
 */
export async function verifyRequest(request, secretOrWebhook, options) {
  const receiver = new Receiver(secretOrWebhook, options, 'verifyRequest');
  const raw = await readRequest(request, receiver.bodyLimit);
  receiver.webhook.verify(raw, request.headers);
  return raw;
}

export default withWebhook;
