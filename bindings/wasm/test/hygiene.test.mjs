// Issue 8, secret hygiene, through @hookproof/wasm: a Webhook shows no secret through
// util.inspect, JSON.stringify or String, and no error of any code, in any scheme, shows one in
// its message, stack, String(), util.inspect() or JSON.stringify() (nor in its cause).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect, format } from 'node:util';
import * as hp from '@hookproof/wasm';

const { Webhook, WebhookError, CODES } = hp;
const T0 = 1_795_860_000;
const SCHEMES = ['printone', 'standard', 'stripe', 'github', 'shopify', 'slack'];
const TIMESTAMPED = new Set(['standard', 'stripe', 'slack']);
const EVENT = '{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}';

// Distinctive secrets per scheme; for `standard` the key bytes are the distinctive text.
const TEXT = 'Zebra-Quartz-7781-hunter2-secret';
const OTHER = 'Okapi-Mango-4410-not-the-secret!';
const secretFor = (scheme, text) => (scheme === 'standard' ? `whsec_${Buffer.from(text).toString('base64')}` : text);

/** Every form in which a secret could show up in text: as given, its bytes in hex, base64 and as
 * util.inspect prints a Uint8Array, and for `whsec_` its base64 part and the key bytes as text. */
function forms(secret) {
  const out = new Set();
  const add = (bytes) => {
    out.add(bytes.toString('hex'));
    out.add(bytes.toString('base64').replace(/=+$/, ''));
    out.add([...bytes.subarray(0, 12)].join(', '));
  };
  if (typeof secret === 'string') {
    out.add(secret);
    add(Buffer.from(secret));
    const prefixed = /^wh(?:sec|sk|pk)_(.+)$/.exec(secret);
    if (prefixed) {
      out.add(prefixed[1].replace(/=+$/, ''));
      const key = Buffer.from(prefixed[1], 'base64');
      add(key);
      out.add(key.toString('latin1'));
    }
  } else {
    add(Buffer.from(secret));
    out.add(Buffer.from(secret).toString('latin1'));
  }
  return [...out].filter((form) => form.length >= 8);
}

/** Everything a log could show of a value. */
function renderings(value) {
  const texts = [
    String(value),
    `${value}`,
    inspect(value),
    inspect(value, { showHidden: true, depth: Infinity, getters: true }),
    format('%o %O %s %j', value, value, value, value),
    JSON.stringify(value),
    JSON.stringify(Object.getOwnPropertyNames(value ?? {}).map((k) => [k, String(value[k])])),
    JSON.stringify(structuredCloneOrNull(value)),
  ];
  if (value instanceof Error) {
    texts.push(value.message, value.stack, String(value.cause), inspect(value.cause));
  }
  return texts.map(String);
}

function structuredCloneOrNull(value) {
  try {
    return structuredClone(value);
  } catch {
    return null;
  }
}

function assertNoSecret(value, secrets, where) {
  for (const secret of secrets) {
    for (const form of forms(secret)) {
      for (const text of renderings(value)) {
        assert.ok(!text.includes(form), `${where}: shows the secret (${form}) in ${text.slice(0, 300)}`);
      }
    }
  }
}

function caught(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('did not throw');
}

test('a Webhook shows no secret: util.inspect, JSON.stringify, String, own properties, structuredClone', () => {
  const bytesSecret = new TextEncoder().encode(TEXT);
  let checked = 0;
  for (const scheme of SCHEMES) {
    const secret = secretFor(scheme, TEXT);
    const other = secretFor(scheme, OTHER);
    for (const webhook of [
      new Webhook(secret, { scheme }),
      new Webhook([secret, other], { scheme, tolerance: 10 }),
      ...(scheme === 'standard' ? [] : [new Webhook(bytesSecret, { scheme }), new Webhook([bytesSecret, other], { scheme })]),
    ]) {
      assert.equal(webhook.scheme, scheme);
      assert.deepEqual(Object.keys(webhook), []);
      assert.deepEqual(Reflect.ownKeys(webhook), []);
      assertNoSecret(webhook, [secret, other, bytesSecret], `${scheme} Webhook`);
      // And after it was used: signing and verifying keep nothing visible either.
      webhook.verify(EVENT, webhook.sign(EVENT, { timestamp: T0 }), { now: T0 });
      assertNoSecret(webhook, [secret, other, bytesSecret], `${scheme} Webhook after use`);
      checked += 1;
    }
  }
  // Ed25519 keys (standard v1a): the signing and the public key.
  const seed = Buffer.from(TEXT).subarray(0, 32);
  const whsk = `whsk_${seed.toString('base64')}`;
  const signer = new Webhook(whsk, { scheme: 'standard' });
  const signed = signer.sign(EVENT, { timestamp: T0, msgId: 'msg_1' });
  assertNoSecret(signer, [whsk], 'whsk_ Webhook');
  assert.ok(signed['webhook-signature'].startsWith('v1a,'));
  assert.ok(checked >= 20);
});

test('every error code, in every scheme, shows no secret', () => {
  const produced = Object.fromEntries(SCHEMES.map((s) => [s, new Set()]));
  const errors = [];
  const expect = (scheme, code, fn, secrets) => {
    const error = caught(fn);
    assert.ok(error instanceof WebhookError, `${scheme}: expected ${code}, got ${error}`);
    assert.equal(error.code, code, `${scheme}: ${error.message}`);
    produced[scheme].add(code);
    errors.push([scheme, code, error, secrets]);
  };
  const wrongSignature = {
    printone: { 'x-webhook-hmac-sha256': 'not base64!' },
    standard: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(T0), 'webhook-signature': 'v1,not base64!' },
    stripe: { 'stripe-signature': `t=${T0},v1=nothex` },
    github: { 'x-hub-signature-256': 'sha256=nothex' },
    shopify: { 'x-shopify-hmac-sha256': 'not base64!' },
    slack: { 'x-slack-request-timestamp': String(T0), 'x-slack-signature': 'v0=nothex' },
  };
  for (const scheme of SCHEMES) {
    const secret = secretFor(scheme, TEXT);
    const other = secretFor(scheme, OTHER);
    const secrets = [secret, other];
    const webhook = new Webhook([secret, other], { scheme });
    const signed = webhook.sign(EVENT, { timestamp: T0, msgId: 'msg_1' });
    const foreign = new Webhook(secretFor(scheme, 'Foreign-Secret-0000'), { scheme }).sign(EVENT, { timestamp: T0, msgId: 'msg_1' });
    expect(scheme, 'missing_signature', () => webhook.verify(EVENT, { 'content-type': 'application/json' }, { now: T0 }), secrets);
    expect(scheme, 'malformed_signature', () => webhook.verify(EVENT, wrongSignature[scheme], { now: T0 }), secrets);
    expect(scheme, 'signature_mismatch', () => webhook.verify(EVENT, foreign, { now: T0 }), secrets);
    expect(scheme, 'signature_mismatch', () => webhook.verify(`${EVENT} `, signed, { now: T0 }), secrets);
    expect(scheme, 'signature_mismatch', () => webhook.constructEvent(EVENT, foreign, { now: T0 }), secrets);
    expect(scheme, 'invalid_payload', () => webhook.constructEvent('{"type":"not a print.one event"}', webhook.sign('{"type":"not a print.one event"}', { timestamp: T0 }), { now: T0 }), secrets);
    if (TIMESTAMPED.has(scheme)) {
      const withoutTimestamp = scheme === 'stripe'
        ? { 'stripe-signature': signed['stripe-signature'].replace(/^t=\d+,/, '') }
        : Object.fromEntries(Object.entries(signed).filter(([name]) => !/timestamp/.test(name)));
      expect(scheme, 'missing_timestamp', () => webhook.verify(EVENT, withoutTimestamp, { now: T0 }), secrets);
      expect(scheme, 'timestamp_too_old', () => webhook.verify(EVENT, signed, { now: T0 + 301 }), secrets);
      expect(scheme, 'timestamp_too_new', () => webhook.verify(EVENT, signed, { now: T0 - 301 }), secrets);
    }
    expect(scheme, 'invalid_secret', () => new Webhook('', { scheme }), secrets);
    expect(scheme, 'invalid_secret', () => new Webhook([secret, ''], { scheme }), secrets);
    if (scheme === 'standard') {
      // A key that does not decode: the message must not echo what was given.
      for (const bad of [`whsec_${TEXT}!`, `whpk_${TEXT}`, `whsk_${Buffer.from(TEXT).subarray(0, 31).toString('base64')}`, `whsec_${TEXT}`]) {
        expect(scheme, 'invalid_secret', () => new Webhook(bad, { scheme }), [bad, TEXT]);
      }
      const whpk = 'whpk_C7w0aldmfDgBIL2cf9flHSxf3+o3zS9b9AWyxr9vLXg=';
      expect(scheme, 'invalid_secret', () => new Webhook(whpk, { scheme }).sign(EVENT), [whpk]);
    }
  }
  // The one-shot verify: an empty secret.
  expect('printone', 'invalid_secret', () => hp.verify(EVENT, 'sig', ''), [TEXT]);

  const timestampCodes = ['missing_timestamp', 'timestamp_too_old', 'timestamp_too_new'];
  for (const scheme of SCHEMES) {
    const expected = CODES.filter((code) => TIMESTAMPED.has(scheme) || !timestampCodes.includes(code));
    assert.deepEqual([...produced[scheme]].sort(), [...expected].sort(), `${scheme}: every code it can give`);
  }
  for (const [scheme, code, error, secrets] of errors) assertNoSecret(error, secrets, `${scheme} ${code}`);
  assert.ok(errors.length >= 60, `${errors.length} errors checked`);
});

test('argument errors and a trap show no secret either', () => {
  const secret = TEXT;
  const webhook = new Webhook(secret);
  const errors = [
    caught(() => new Webhook(secret, { scheme: 'nope' })),
    caught(() => new Webhook(secret, { tolerance: -1 })),
    caught(() => new Webhook(secret, { tolerance: '300' })),
    caught(() => new Webhook(42)),
    caught(() => webhook.verify(JSON.parse(EVENT), {})),
    caught(() => webhook.verify(EVENT, null)),
    caught(() => webhook.verify(EVENT, {}, { now: 'soon' })),
    caught(() => webhook.sign(EVENT, { msgId: 5 })),
    caught(() => hp.verify(EVENT, 42, secret)),
    caught(() => hp.verify({ secret }, 'x', secret)),
    caught(() => hp.__panicForTests({ webhook, body: EVENT, headers: webhook.sign(EVENT) })),
  ];
  assert.ok(errors.at(-1) instanceof WebAssembly.RuntimeError);
  for (const error of errors) {
    assert.ok(!(error instanceof WebhookError), String(error));
    assertNoSecret(error, [secret], `${error.name}`);
  }
  // The Webhook made before the trap still works and still shows nothing.
  webhook.verify(EVENT, webhook.sign(EVENT));
  assertNoSecret(webhook, [secret], 'Webhook after a trap');
});
