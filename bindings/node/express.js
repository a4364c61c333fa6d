'use strict';
// `hookproof/express`: Express (4 and 5) middleware that verifies a webhook and sets `req.webhook`.
const { toWebhook, parseEventFor, statusFor, errorBody, WebhookError } = require('./lib/middleware.js');

const DEFAULT_LIMIT = 5 * 1024 * 1024;

const ORDER_HELP =
  'hookproof/express: the request body was already parsed (by express.json() or another body parser mounted before this route), ' +
  'so the raw bytes that were signed are gone and the signature cannot be checked. Fix it in one of two ways: ' +
  '(1) register the webhook route before the parser: `app.post("/webhooks", hookproof(secret), handler)` above `app.use(express.json())`; or ' +
  '(2) keep the global parser and let it keep the raw bytes: `app.use(express.json({ verify: captureRawBody }))` with ' +
  '`const { captureRawBody } = require("hookproof/express")`.';

/** Pass as `express.json({ verify: captureRawBody })` (or to express.raw/text/urlencoded) to keep `req.rawBody`. */
function captureRawBody(req, _res, buf) {
  req.rawBody = buf;
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        const err = new Error(`request body larger than ${limit} bytes`);
        err.status = 413;
        reject(err);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)); });
    req.on('error', (err) => { if (!failed) { failed = true; reject(err); } });
  });
}

/** The signed bytes, wherever they are: captured by a parser, left as a Buffer by express.raw(), or still in the stream. */
async function rawBodyOf(req, limit) {
  if (Buffer.isBuffer(req.rawBody) || typeof req.rawBody === 'string') return req.rawBody;
  if (Buffer.isBuffer(req.body)) return req.body;
  // body-parser sets `_body` once it has consumed the stream.
  const consumed = req._body === true || req.readableEnded || (req.complete && req.readable === false);
  if (consumed) return null;
  const raw = await readBody(req, limit);
  req.rawBody = raw;
  return raw;
}

/**
 * `hookproof(secret | secrets | webhook, { scheme, tolerance, limit, parseEvent })`: Express middleware.
 * On success `req.webhook` is the event (or `true` with `parseEvent: false`, the default for
 * schemes other than printone) and `req.rawBody` the
 * bytes; on failure it answers 401 (400 for `invalid_payload`) with JSON `{ code, message }`.
 */
function hookproof(secretOrWebhook, options = {}) {
  const webhook = toWebhook(secretOrWebhook, options, 'hookproof/express');
  const limit = options.limit === undefined ? DEFAULT_LIMIT : options.limit;
  const parseEvent = parseEventFor(webhook, options);
  return function hookproofMiddleware(req, res, next) {
    rawBodyOf(req, limit).then((raw) => {
      if (raw === null) {
        res.status(500).json({ code: 'raw_body_unavailable', message: ORDER_HELP });
        process.emitWarning(ORDER_HELP, 'HookproofWarning');
        return;
      }
      req.rawBody = raw;
      try {
        if (parseEvent) {
          req.webhook = webhook.constructEvent(raw, req.headers);
        } else {
          webhook.verify(raw, req.headers);
          req.webhook = true;
        }
      } catch (err) {
        if (err instanceof WebhookError) {
          res.status(statusFor(err)).json(errorBody(err));
          return;
        }
        throw err;
      }
      next();
    }).catch(next);
  };
}

hookproof.hookproof = hookproof;
hookproof.default = hookproof;
hookproof.captureRawBody = captureRawBody;
hookproof.ORDER_HELP = ORDER_HELP;
module.exports = hookproof;
