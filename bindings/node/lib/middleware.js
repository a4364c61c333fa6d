'use strict';
// Shared by the Express, Fastify and Fetch middleware: make a Webhook from what the user passed,
// and turn an error into the HTTP answer.
const { Webhook, WebhookError } = require('./core.js');

function toWebhook(secretOrWebhook, options, who) {
  if (secretOrWebhook instanceof Webhook) return secretOrWebhook;
  if (secretOrWebhook === undefined || secretOrWebhook === null) {
    throw new TypeError(`${who}: the first argument must be the webhook secret (or secrets, or a Webhook); got ${secretOrWebhook}. Is the environment variable set?`);
  }
  const { scheme, tolerance } = options || {};
  return new Webhook(secretOrWebhook, { scheme, tolerance });
}

/**
 * Whether the middleware parses the body as a Print.one event: `options.parseEvent` if given,
 * else only for the Print.one scheme (other providers' bodies are not Print.one events, so for
 * them the middleware verifies and hands over the raw bytes).
 */
function parseEventFor(webhook, options) {
  const parseEvent = (options || {}).parseEvent;
  return parseEvent === undefined ? webhook.scheme === 'printone' : parseEvent !== false;
}

/** 401 for anything wrong with the signature, 400 for a valid signature on a body that is not an event. */
function statusFor(err) {
  return err.code === 'invalid_payload' ? 400 : 401;
}

function errorBody(err) {
  return { code: err.code, message: err.message };
}

module.exports = { toWebhook, parseEventFor, statusFor, errorBody, WebhookError };
