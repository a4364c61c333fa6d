// `hookproof/express`: Express (4 and 5). Two shapes:
//
//   app.post('/webhooks', hookproof(secret), (req, res) => { req.webhook; res.sendStatus(204); });
//   app.post('/webhooks', webhookHandler(secret, async (event, req) => { ... }, { background: true }));
//
// The middleware verifies and sets `req.webhook` (the event, or `true` for schemes without a typed
// event) and `req.rawBody`; the route answers. A claimed delivery (option `replay`) whose answer
// is not 2xx (the route failed) releases its claim, so that the sender's retry is processed.
// `webhookHandler` answers itself: after the handler (default), or at once with `background`.

import { Receiver, acceptNodeRequest, releaseUnlessSucceeded, runAfterAnswer, sendJson, sendResult } from '../node-http.js';

/** Pass as `express.json({ verify: captureRawBody })` (or to express.raw/text/urlencoded) to keep `req.rawBody`. */
export function captureRawBody(req, _res, buf) {
  req.rawBody = buf;
}

const SOURCE = {
  help:
    'hookproof/express: a body parser (express.json() or another) ran before this route and consumed the raw body. ' +
    'Register the webhook route before the parser, or keep the raw bytes: app.use(express.json({ verify: captureRawBody })).',
};

const accept = (req, res, receiver) => acceptNodeRequest(req, res, receiver, { ...SOURCE, kept: req.rawBody });

/**
 * `hookproof(secret | secrets | webhook, { scheme, tolerance, maxAge, parseEvent, bodyLimit, replay })`:
 * Express middleware; see the module comment.
 */
export function hookproof(secretOrWebhook, options) {
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/express');
  if (receiver.background) throw new TypeError('hookproof/express: `background` needs a handler: use webhookHandler(secret, handler, options)');
  return function hookproofMiddleware(req, res, next) {
    accept(req, res, receiver).then((accepted) => {
      if (accepted === null) return;
      req.rawBody = accepted.raw;
      req.webhook = receiver.parseEvent ? accepted.result.verified : true;
      // The route answers: if that answer is not 2xx, the delivery failed and will be retried.
      releaseUnlessSucceeded(res, accepted.result.claim);
      next();
    }).catch(next);
  };
}

/**
 * `webhookHandler(secret, handler, options)`: a route handler that verifies, then runs
 * `handler(event, req)` and answers 204 (or 200 with the JSON it returns); with `background` it
 * answers 200 first and runs the handler once the response is sent (bounded; failures go to
 * `background.onError`).
 */
export function webhookHandler(secretOrWebhook, handler, options) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/express: `handler` must be a function (event, req) => ...');
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/express');
  return function hookproofHandler(req, res, next) {
    accept(req, res, receiver).then(async (accepted) => {
      if (accepted === null) return;
      req.rawBody = accepted.raw;
      const event = receiver.parseEvent ? accepted.result.verified : accepted.raw;
      if (receiver.background) {
        runAfterAnswer(res, receiver, () => handler(event, req), accepted.result);
        sendJson(res, 200, { received: true });
        return;
      }
      sendResult(res, await receiver.runNow(() => handler(event, req), accepted.result));
    }).catch(next);
  };
}

export default hookproof;
