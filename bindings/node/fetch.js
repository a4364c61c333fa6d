'use strict';
// `hookproof/fetch`: wraps a Fetch-API handler (Next.js app router, Hono, Deno-style servers).
//
//   export const POST = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (request, event) => {
//     ...; return Response.json({ ok: true });
//   });
const { toWebhook, parseEventFor, statusFor, errorBody, WebhookError } = require('./lib/middleware.js');

function jsonResponse(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * `withWebhook(secret | secrets | webhook, handler, { scheme, tolerance, parseEvent })` returns
 * `async (request, ...rest) => Response`. The handler is called as `handler(request, event, ...rest)`
 * only for an authentic request; otherwise the answer is 401 (400 for `invalid_payload`) JSON `{ code, message }`.
 * The request body is read here; with `parseEvent: false` (the default for schemes other than printone) the handler gets the raw
 * bytes (Uint8Array) instead of the event.
 */
function withWebhook(secretOrWebhook, handler, options = {}) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/fetch: `handler` must be a function (request, event) => Response');
  const webhook = toWebhook(secretOrWebhook, options, 'hookproof/fetch');
  const parseEvent = parseEventFor(webhook, options);
  return async function hookproofHandler(request, ...rest) {
    if (!request || typeof request.arrayBuffer !== 'function' || !request.headers) {
      throw new TypeError('hookproof/fetch: the wrapped handler must be called with a Fetch API Request');
    }
    const raw = new Uint8Array(await request.arrayBuffer());
    let event;
    try {
      if (parseEvent) event = webhook.constructEvent(raw, request.headers);
      else { webhook.verify(raw, request.headers); event = raw; }
    } catch (err) {
      if (err instanceof WebhookError) return jsonResponse(statusFor(err), errorBody(err));
      throw err;
    }
    return handler(request, event, ...rest);
  };
}

module.exports = { withWebhook };
