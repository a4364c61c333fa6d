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

/** 401 for anything wrong with the signature, 400 for a valid signature on a body that is not an event. */
function statusFor(err) {
  return err.code === 'invalid_payload' ? 400 : 401;
}

function errorBody(err) {
  return { code: err.code, message: err.message };
}

module.exports = { toWebhook, statusFor, errorBody, WebhookError };
