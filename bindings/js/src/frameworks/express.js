// `hookproof/express`: Express (4 and 5). Two shapes:
//
//   app.post('/webhooks', hookproof(secret), (req, res) => { req.webhook; res.sendStatus(204); });
//   app.post('/webhooks', webhookHandler(secret, async (event, req) => { ... }, { background: true }));
//
// The middleware verifies and sets `req.webhook` (the event, or `true` for schemes without a typed
// event) and `req.rawBody`; the route answers. A claimed delivery (option `replay`) whose answer
// is not 2xx (the route failed) releases its claim, so that the sender's retry is processed.
// `webhookHandler` answers itself: after the handler (default), or at once with `background`.

import { Receiver, DUPLICATE_BODY, DUPLICATE_STATUS, WebhookError } from '../receiver.js';
import { helperError } from '../core.js';
import { readStream } from '../body.js';

/** Pass as `express.json({ verify: captureRawBody })` (or to express.raw/text/urlencoded) to keep `req.rawBody`. */
export function captureRawBody(req, _res, buf) {
  req.rawBody = buf;
}

let warned = false;
function warnOnce(message) {
  if (warned) return;
  warned = true;
  process.emitWarning(message, 'HookproofWarning');
}

const PARSED_HELP =
  'hookproof/express: a body parser (express.json() or another) ran before this route and consumed the raw body. ' +
  'Register the webhook route before the parser, or keep the raw bytes: app.use(express.json({ verify: captureRawBody })).';

/** The signed bytes: captured by a parser, left as a Buffer by express.raw(), or still in the stream. */
async function rawBodyOf(req, receiver) {
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return req.rawBody;
  if (Buffer.isBuffer(req.body)) return req.body;
  const consumed = req._body === true || req.readableEnded || (req.complete && req.readable === false);
  if (consumed) {
    warnOnce(PARSED_HELP);
    throw helperError('raw_body_unavailable');
  }
  receiver.checkLength(req.headers['content-length']);
  return readStream(req, receiver.bodyLimit);
}

function answerError(res, receiver, error) {
  // A body over the limit was not read to the end: close the connection instead of draining it.
  if (error.code === 'body_too_large') res.set('Connection', 'close');
  res.status(receiver.status(error)).json(Receiver.errorBody(error));
}

async function accepted(req, res, receiver) {
  try {
    const raw = await rawBodyOf(req, receiver);
    req.rawBody = raw;
    const result = await receiver.accept(raw, req.headers);
    if (result === null) {
      res.status(DUPLICATE_STATUS).json(DUPLICATE_BODY);
      return null;
    }
    return result;
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    answerError(res, receiver, error);
    return null;
  }
}

/**
 * `hookproof(secret | secrets | webhook, { scheme, tolerance, maxAge, parseEvent, bodyLimit, replay })`:
 * Express middleware; see the module comment.
 */
export function hookproof(secretOrWebhook, options) {
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/express');
  if (receiver.background) throw new TypeError('hookproof/express: `background` needs a handler: use webhookHandler(secret, handler, options)');
  return function hookproofMiddleware(req, res, next) {
    accepted(req, res, receiver).then((result) => {
      if (result === null) return;
      req.webhook = receiver.parseEvent ? result.verified : true;
      if (result.claim) {
        // The route answers: if that answer is not 2xx, the delivery failed and will be retried.
        const settle = () => {
          res.removeListener('finish', settle);
          res.removeListener('close', settle);
          if (!(res.statusCode >= 200 && res.statusCode < 300 && res.writableFinished)) result.claim.release().catch(() => {});
        };
        res.once('finish', settle);
        res.once('close', settle);
      }
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
    accepted(req, res, receiver).then(async (result) => {
      if (result === null) return;
      const event = receiver.parseEvent ? result.verified : req.rawBody;
      if (receiver.background) {
        res.once('finish', () => receiver.runLater(() => handler(event, req), result));
        res.status(200).json({ received: true });
        return;
      }
      const answer = await receiver.runNow(() => handler(event, req), result);
      if (answer === undefined) res.sendStatus(204);
      else res.status(200).json(answer);
    }).catch(next);
  };
}

export default hookproof;
