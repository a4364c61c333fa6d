// `hookproof/koa`: Koa (2 and 3) middleware. Mount it on the webhook route, before any body
// parser (or keep koa-bodyparser's `ctx.request.rawBody`, which it reads):
//
//   router.post('/webhooks', hookproof(process.env.PRINTONE_WEBHOOK_SECRET), (ctx) => {
//     ctx.state.webhook.event; ctx.status = 204;
//   });
//   router.post('/webhooks', webhookHandler(secret, async (event, ctx) => { ... }, { background: true }));
//
// The middleware sets `ctx.state.webhook` (the event, or `true` for schemes without a typed event)
// and `ctx.request.rawBody`; a claimed delivery whose route fails or answers non-2xx releases its
// claim. `webhookHandler` answers itself: 204 (200 with the JSON the handler returns), or 200 at
// once with `background`, the handler running after the response.

import { Receiver, WebhookError, DUPLICATE_BODY, DUPLICATE_STATUS, rawBodyOf, errorAnswer, runAfterAnswer, releaseQuietly } from '../node-http.js';

const HELP =
  'hookproof/koa: a body parser ran before this middleware and consumed the raw body. Mount hookproof before the parser on the ' +
  'webhook route, or use koa-bodyparser, whose ctx.request.rawBody hookproof reads.';

/** Verifies `ctx`: `{ raw, result }`, or null after answering (the error's status, or a duplicate). */
async function accept(ctx, receiver) {
  try {
    const raw = await rawBodyOf(ctx.req, receiver, { kept: ctx.request.rawBody, help: HELP });
    const result = await receiver.accept(raw, ctx.headers);
    if (result !== null) return { raw, result };
    ctx.status = DUPLICATE_STATUS;
    ctx.body = DUPLICATE_BODY;
    return null;
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    const answer = errorAnswer(receiver, error);
    ctx.status = answer.status;
    ctx.body = answer.body;
    ctx.set(answer.headers);
    return null;
  }
}

/** `hookproof(secret | secrets | webhook, { scheme, tolerance, maxAge, parseEvent, bodyLimit, replay })`. */
export function hookproof(secretOrWebhook, options) {
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/koa');
  if (receiver.background) throw new TypeError('hookproof/koa: `background` needs a handler: use webhookHandler(secret, handler, options)');
  return async function hookproofMiddleware(ctx, next) {
    const accepted = await accept(ctx, receiver);
    if (accepted === null) return;
    ctx.request.rawBody = accepted.raw;
    ctx.state.webhook = receiver.parseEvent ? accepted.result.verified : true;
    const { claim } = accepted.result;
    try {
      await next();
    } catch (error) {
      if (claim) await releaseQuietly(claim);
      throw error;
    }
    if (claim && !(ctx.status >= 200 && ctx.status < 300)) await releaseQuietly(claim);
  };
}

/** `webhookHandler(secret, handler, options)`: verifies, runs `handler(event, ctx)`, answers. */
export function webhookHandler(secretOrWebhook, handler, options) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/koa: `handler` must be a function (event, ctx) => ...');
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/koa');
  return async function hookproofHandler(ctx) {
    const accepted = await accept(ctx, receiver);
    if (accepted === null) return;
    ctx.request.rawBody = accepted.raw;
    const event = receiver.parseEvent ? accepted.result.verified : accepted.raw;
    if (receiver.background) {
      runAfterAnswer(ctx.res, receiver, () => handler(event, ctx), accepted.result);
      ctx.status = 200;
      ctx.body = { received: true };
      return;
    }
    const value = await receiver.runNow(() => handler(event, ctx), accepted.result);
    if (value === undefined) ctx.status = 204;
    else {
      ctx.status = 200;
      ctx.body = value;
    }
  };
}

export default hookproof;
