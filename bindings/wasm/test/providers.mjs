// The provider vectors (tests/vectors/providers.json, signed by the providers' own libraries:
// see tests/vectors/generate_providers.py) and what the tests need to read them.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

export const PROVIDERS_PATH = new URL('../../../tests/vectors/providers.json', import.meta.url);

/** The 51 vectors, each with its body as bytes. */
export function loadProviders() {
  const vectors = JSON.parse(readFileSync(PROVIDERS_PATH, 'utf8')).vectors;
  assert.equal(vectors.length, 51, 'providers.json has its 51 vectors');
  return vectors.map((v) => ({ ...v, body: new Uint8Array(Buffer.from(v.body_base64, 'base64')) }));
}

/** The value of header `name` (any case) in a vector's [name, value] pairs. */
export function header(pairs, name) {
  const found = pairs.find(([n]) => n.toLowerCase() === name);
  return found && found[1];
}

/**
 * What `sign` needs to sign what the provider signed: the vector's timestamp and message id (from
 * its headers), or nothing for schemes that sign neither.
 */
export function signOptions(v) {
  const stripe = header(v.headers, 'stripe-signature');
  const timestamp = header(v.headers, 'webhook-timestamp') ?? header(v.headers, 'svix-timestamp') ??
    header(v.headers, 'x-slack-request-timestamp') ?? (stripe && /^t=(\d+)/.exec(stripe)[1]);
  const msgId = header(v.headers, 'webhook-id') ?? header(v.headers, 'svix-id');
  const options = {};
  if (timestamp !== undefined) options.timestamp = Number(timestamp);
  if (msgId !== undefined) options.msgId = msgId;
  return options;
}

/**
 * Asserts that the headers hookproof signed (`ours`, an object) carry the provider's signature
 * from the vector: the same timestamp and id, and a signature equal to one the provider's library
 * wrote (hex compared without case: the vectors include upper-case hex from the providers).
 */
export function assertReproduces(v, ours, context = '') {
  const where = `${v.scheme}/${v.name}${context}`;
  const theirs = (name) => header(v.headers, name);
  switch (v.scheme) {
    case 'standard': {
      assert.deepEqual(Object.keys(ours), ['webhook-id', 'webhook-timestamp', 'webhook-signature'], where);
      assert.equal(ours['webhook-id'], theirs('webhook-id') ?? theirs('svix-id'), `${where}: id`);
      assert.equal(ours['webhook-timestamp'], theirs('webhook-timestamp') ?? theirs('svix-timestamp'), `${where}: timestamp`);
      const entries = (theirs('webhook-signature') ?? theirs('svix-signature')).split(' ');
      assert.match(ours['webhook-signature'], /^v1a?,[A-Za-z0-9+/=]+$/, where);
      assert.ok(entries.includes(ours['webhook-signature']), `${where}: ${ours['webhook-signature']} is one of ${entries.join(' ')}`);
      break;
    }
    case 'stripe': {
      assert.deepEqual(Object.keys(ours), ['stripe-signature'], where);
      const parse = (value) => value.split(',').map((item) => item.split('='));
      const mine = parse(ours['stripe-signature']);
      const provider = parse(theirs('stripe-signature'));
      assert.equal(mine.length, 2, where);
      assert.deepEqual(mine[0], provider.find(([k]) => k === 't'), `${where}: t=`);
      assert.equal(mine[1][0], 'v1', where);
      const v1s = provider.filter(([k]) => k === 'v1').map(([, value]) => value.toLowerCase());
      assert.ok(v1s.includes(mine[1][1]), `${where}: v1=${mine[1][1]} is one of ${v1s.join(', ')}`);
      break;
    }
    case 'github':
      assert.deepEqual(Object.keys(ours), ['x-hub-signature-256'], where);
      assert.equal(ours['x-hub-signature-256'], theirs('x-hub-signature-256').toLowerCase(), where);
      break;
    case 'shopify':
      assert.deepEqual(Object.keys(ours), ['x-shopify-hmac-sha256'], where);
      assert.equal(ours['x-shopify-hmac-sha256'], theirs('x-shopify-hmac-sha256'), where);
      break;
    case 'slack':
      assert.deepEqual(Object.keys(ours), ['x-slack-request-timestamp', 'x-slack-signature'], where);
      assert.equal(ours['x-slack-request-timestamp'], theirs('x-slack-request-timestamp'), `${where}: timestamp`);
      assert.equal(ours['x-slack-signature'], theirs('x-slack-signature').toLowerCase(), where);
      break;
    default:
      assert.fail(`${where}: a scheme this test does not know`);
  }
}

/** A secret of the same scheme that is not the vector's (for rotation). */
export function otherSecret(scheme) {
  return scheme === 'standard' ? `whsec_${Buffer.from('a different key, 32 bytes long!!').toString('base64')}` : 'a-different-secret';
}
