// What the helpers over Node's http objects (Express, Koa, Next.js's pages router, NestJS) do
// alike, written once: find the signed bytes (a buffer a parser kept, or the unread stream,
// within the limit), answer with JSON, release a replay claim when the delivery did not succeed,
// and run a handler once the answer has gone out.

import { Receiver, DUPLICATE_BODY, DUPLICATE_STATUS, WebhookError, releaseQuietly } from './receiver.js';
import { helperError } from './core.js';
import { readStream } from './body.js';

const warned = new Set();
/** Warns once per message (a misconfiguration repeats on every request). */
export function warnOnce(message) {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, 'HookproofWarning');
}

/**
 * The signed bytes of `req` (an IncomingMessage, possibly decorated by a framework): `kept` if a
 * parser kept them (a Buffer or string), a Buffer body, or the stream, read within the limit. A
 * stream another parser already read is raw_body_unavailable, with `help` (warned once).
 */
export async function rawBodyOf(req, receiver, { kept, help }) {
  const buffered = Buffer.isBuffer(kept) || typeof kept === 'string' ? kept : Buffer.isBuffer(req.body) ? req.body : null;
  if (buffered !== null) {
    // A parser read it with its own limit; this helper's limit holds as well.
    receiver.checkLength(String(Buffer.byteLength(buffered)));
    return buffered;
  }
  // body-parser marks `_body`; any reader leaves the stream ended. (`req.body` alone proves
  // nothing: Express 4's parsers set it to {} for requests they skip.)
  const consumed = req._body === true || req.readableEnded || (req.complete && req.readable === false);
  if (consumed) {
    warnOnce(help);
    throw helperError('raw_body_unavailable');
  }
  receiver.checkLength(req.headers['content-length']);
  return readStream(req, receiver.bodyLimit);
}

/** Answers `res` (a ServerResponse) with `status` and `body` as JSON (no body for 204). */
export function sendJson(res, status, body, headers = {}) {
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (text !== '') res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The status and JSON body a WebhookError is answered with (and `connection: close` for a 413: the rest was not read). */
export function errorAnswer(receiver, error) {
  return {
    status: receiver.status(error),
    body: Receiver.errorBody(error),
    headers: error.code === 'body_too_large' ? { connection: 'close' } : {},
  };
}

/** Releases the claim once `res` is done, unless it was answered 2xx to the end. */
export function releaseUnlessSucceeded(res, claim) {
  if (!claim) return;
  const settle = () => {
    res.removeListener('finish', settle);
    res.removeListener('close', settle);
    if (!(res.statusCode >= 200 && res.statusCode < 300 && res.writableFinished)) releaseQuietly(claim);
  };
  res.once('finish', settle);
  res.once('close', settle);
}

/** Runs `job` through the receiver's Background once `res` has been sent. */
export function runAfterAnswer(res, receiver, job, accepted) {
  res.once('finish', () => receiver.runLater(job, accepted));
}

/**
 * Verifies `req` and claims it: `{ raw, result }` for a new authentic delivery; otherwise answers
 * `res` (the error's status, or 200 for a duplicate) and resolves to null.
 */
export async function acceptNodeRequest(req, res, receiver, source) {
  let raw;
  try {
    raw = await rawBodyOf(req, receiver, source);
    const result = await receiver.accept(raw, req.headers);
    if (result !== null) return { raw, result };
    sendJson(res, DUPLICATE_STATUS, DUPLICATE_BODY);
    return null;
  } catch (error) {
    if (!(error instanceof WebhookError)) throw error;
    const answer = errorAnswer(receiver, error);
    sendJson(res, answer.status, answer.body, answer.headers);
    return null;
  }
}

/** The answer to a handler's result: 204 for nothing, else 200 with it as JSON. */
export function sendResult(res, value) {
  if (value === undefined) sendJson(res, 204);
  else sendJson(res, 200, value);
}

export { Receiver, WebhookError, DUPLICATE_BODY, DUPLICATE_STATUS, releaseQuietly };
