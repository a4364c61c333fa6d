'use strict';
// The drop-ins against a re-implementation of Print.one's own helper (createHmac + ===).
const test = require('node:test');
const assert = require('node:assert/strict');
const fc = require('fast-check');
const { isValidWebhook, validateWebhook, WebhookError, SignatureMismatchError, InvalidPayloadError } = require('..');
const { printOne, oracleSign, SECRET, eventBody, VECTORS, vectorBody } = require('./helpers.js');

test('isValidWebhook: same result as Print.one on the inputs Print.one accepts', () => {
  fc.assert(fc.property(
    fc.string(), fc.string({ minLength: 1 }), fc.boolean(), fc.oneof(fc.constant('valid'), fc.constant('other'), fc.constant('missing'), fc.string()),
    (body, secret, tamper, kind) => {
      const sig = kind === 'valid' ? oracleSign(body, secret) : kind === 'other' ? oracleSign(body + 'x', secret) : kind;
      const headers = kind === 'missing' ? {} : { 'x-webhook-hmac-sha256': sig };
      const b = tamper ? body + ' ' : body;
      assert.equal(isValidWebhook(b, headers, secret), printOne.isValidWebhook(b, headers, secret));
    },
  ), { numRuns: 500 });
});

test('isValidWebhook: agrees with Print.one on every shared vector in the header Print.one reads', () => {
  for (const v of VECTORS.vectors) {
    const body = vectorBody(v);
    const headers = { 'x-webhook-hmac-sha256': v.signature };
    const theirs = printOne.isValidWebhook(body, headers, v.secret);
    const ours = isValidWebhook(body, headers, v.secret);
    // Where they differ, it is only because the header value has surrounding whitespace (we trim it
    // as HTTP does) -- never a forgery accepted.
    if (ours !== theirs) assert.equal(v.name, 'surrounding_whitespace');
  }
});

test('isValidWebhook: what Print.one misses (legacy name, other case, bytes, arrays, Headers)', () => {
  const body = eventBody();
  const sig = oracleSign(body, SECRET);
  assert.equal(printOne.isValidWebhook(body, { 'X-Webhook-Hmac-Sha256': sig }, SECRET), false, 'Print.one misses another case');
  assert.equal(isValidWebhook(body, { 'X-Webhook-Hmac-Sha256': sig }, SECRET), true);
  assert.equal(printOne.isValidWebhook(body, { 'x-printone-hmac-sha256': sig }, SECRET), false, 'Print.one misses the legacy name');
  assert.equal(isValidWebhook(body, { 'x-printone-hmac-sha256': sig }, SECRET), true);
  assert.equal(isValidWebhook(Buffer.from(body), new Headers({ 'x-webhook-hmac-sha256': sig }), SECRET), true);
  assert.equal(isValidWebhook(new TextEncoder().encode(body).buffer, { 'x-webhook-hmac-sha256': [sig] }, SECRET), true);
});

test('validateWebhook: the event for valid requests, an Error otherwise, like Print.one', () => {
  for (const name of ['order_status_update', 'template_preview_rendered', 'batch_status_update', 'coupon_code_used']) {
    const body = eventBody(name, { id: 'x' });
    const headers = { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) };
    const theirs = printOne.validateWebhook(body, headers, SECRET);
    const ours = validateWebhook(body, headers, SECRET);
    assert.equal(ours.event, theirs.event);
    assert.deepEqual(ours.data, theirs.data);
    assert.ok(ours.createdAt instanceof Date && !Number.isNaN(ours.createdAt.getTime()));
  }
  const body = eventBody();
  const bad = { 'x-webhook-hmac-sha256': oracleSign(body, 'wrong') };
  assert.throws(() => printOne.validateWebhook(body, bad, SECRET), Error);
  assert.throws(() => validateWebhook(body, bad, SECRET), (e) => e instanceof Error && e instanceof SignatureMismatchError);
  assert.throws(() => validateWebhook(body, {}, SECRET), WebhookError);
  const unknown = eventBody('brand_new_event');
  const signed = { 'x-webhook-hmac-sha256': oracleSign(unknown, SECRET) };
  assert.throws(() => printOne.validateWebhook(unknown, signed, SECRET), /Unknown webhook event/);
  assert.throws(() => validateWebhook(unknown, signed, SECRET), (e) => e instanceof InvalidPayloadError && /unknown webhook event: brand_new_event/.test(e.message));
  const notJson = 'not json';
  assert.throws(() => printOne.validateWebhook(notJson, { 'x-webhook-hmac-sha256': oracleSign(notJson, SECRET) }, SECRET), SyntaxError);
  assert.throws(() => validateWebhook(notJson, { 'x-webhook-hmac-sha256': oracleSign(notJson, SECRET) }, SECRET), InvalidPayloadError);
});

test('drop-ins refuse an empty secret instead of verifying with an empty HMAC key', () => {
  const body = eventBody();
  // Print.one's helper accepts a signature made with an empty key: anyone can forge it.
  assert.equal(printOne.isValidWebhook(body, { 'x-webhook-hmac-sha256': oracleSign(body, '') }, ''), true);
  assert.throws(() => isValidWebhook(body, { 'x-webhook-hmac-sha256': oracleSign(body, '') }, ''), (e) => e.code === 'invalid_secret');
});
