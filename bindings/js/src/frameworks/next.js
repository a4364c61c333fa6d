// `hookproof/next`: Next.js route handlers.
//
// App Router (app/api/webhooks/route.js): the Fetch helper; the body is read once, as bytes,
// from the Request, never parsed first.
//
//   export const POST = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (request, event) => {
//     return Response.json({ ok: true });
//   });
//
// Pages Router (pages/api/webhooks.js): Next parses bodies by default, which loses the signed
// bytes; turn its parser off in the same file (Next reads this export statically):
//
//   export const config = { api: { bodyParser: false } };
//   export default withWebhookPages(process.env.PRINTONE_WEBHOOK_SECRET, async (event, req, res) => { ... });
//
// The pages handler answers 204 (200 with the JSON the handler returns) unless the handler
// answered itself through `res`; with `background` it answers 200 at once and runs the handler
// after the response (`res` is then finished: use the event).

import { Receiver, acceptNodeRequest, releaseUnlessSucceeded, runAfterAnswer, sendJson, sendResult } from '../node-http.js';

export { withWebhook, verifyRequest, verifiedBody } from './fetch.js';

const SOURCE = {
  help:
    "hookproof/next: Next.js parsed this request's body, so the signed bytes are gone. Add " +
    '`export const config = { api: { bodyParser: false } }` to the API route file.',
};

/** `withWebhookPages(secret, handler, options)`: a Pages Router API route; see the module comment. */
export function withWebhookPages(secretOrWebhook, handler, options) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/next: `handler` must be a function (event, req, res) => ...');
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/next');
  return async function hookproofApiRoute(req, res) {
    const accepted = await acceptNodeRequest(req, res, receiver, SOURCE);
    if (accepted === null) return;
    req.rawBody = accepted.raw;
    const event = receiver.parseEvent ? accepted.result.verified : accepted.raw;
    if (receiver.background) {
      runAfterAnswer(res, receiver, () => handler(event, req), accepted.result);
      sendJson(res, 200, { received: true });
      return;
    }
    releaseUnlessSucceeded(res, accepted.result.claim);
    const value = await receiver.runNow(() => handler(event, req, res), accepted.result);
    if (!res.headersSent && !res.writableEnded) sendResult(res, value);
  };
}
