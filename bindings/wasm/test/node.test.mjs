// Node tests of @hookproof/wasm (the `node` export: loaded synchronously on import).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as hp from '@hookproof/wasm';
import { loadVectors, asText } from './vectors.mjs';

const {
  verify, Webhook, WebhookError, ERROR_CLASSES, CODES, KNOWN_EVENTS, errorCodes,
  isValidWebhook, validateWebhook, SignatureMismatchError, MalformedSignatureError,
  MissingSignatureError, InvalidSecretError, InvalidPayloadError,
} = hp;

const vectors = loadVectors();
const SECRET = 'whk_3f9a1c7e5b2d4a6f';
const EVENT = '{"data":{"id":"ord_1","n":1.5},"event":"order_status_update","created_at":"2026-11-28T10:00:00.250Z"}';

test('error codes and classes match the core', () => {
  assert.deepEqual(errorCodes(), [...CODES]);
  for (const code of CODES) {
    const error = new ERROR_CLASSES[code]('m');
    assert.ok(error instanceof WebhookError && error instanceof Error);
    assert.equal(error.code, code);
    assert.equal(error.name, ERROR_CLASSES[code].name);
  }
  assert.equal(hp.SignatureMismatchError.name, 'SignatureMismatchError');
});

for (const v of vectors) {
  test(`vector ${v.name}: one-shot verify on every body shape`, () => {
    const shapes = [v.body, v.body.buffer.slice(v.body.byteOffset, v.body.byteOffset + v.body.byteLength),
      Buffer.from(v.body), new DataView(v.body.buffer, v.body.byteOffset, v.body.byteLength)];
    const text = asText(v.body);
    if (text !== undefined) shapes.push(text);
    for (const body of shapes) {
      assert.equal(verify(body, v.signature, v.secret), v.valid, `${v.name} ${Object.prototype.toString.call(body)}`);
    }
  });

  test(`vector ${v.name}: Webhook.verify with every header shape`, () => {
    const webhook = new Webhook(v.secret);
    const upper = v.header.toUpperCase();
    const shapes = [
      { [v.header]: v.signature },
      { [upper]: v.signature, 'content-type': 'application/json' },
      { [v.header]: [v.signature] },
      new Headers({ [v.header]: v.signature }), // Fetch trims surrounding whitespace itself
      new Map([[upper, v.signature]]),
      [['Content-Type', 'application/json'], [upper, v.signature]],
      ['Content-Type', 'application/json', upper, v.signature],
    ];
    for (const headers of shapes) {
      if (v.valid) {
        assert.doesNotThrow(() => webhook.verify(v.body, headers), `${v.name}`);
      } else {
        assert.throws(() => webhook.verify(v.body, headers), (e) => e instanceof WebhookError && e.code === v.error, `${v.name}`);
      }
      assert.equal(isValidWebhook(v.body, headers, v.secret), v.valid);
    }
  });
}

test('constructEvent returns the typed event, like the Node package', () => {
  const webhook = new Webhook(SECRET);
  const headers = webhook.sign(EVENT);
  assert.deepEqual(Object.keys(headers), ['x-webhook-hmac-sha256']);
  for (const body of [EVENT, new TextEncoder().encode(EVENT), new TextEncoder().encode(EVENT).buffer]) {
    const event = webhook.constructEvent(body, new Headers(headers));
    assert.equal(event.event, 'order_status_update');
    assert.equal(event.known, true);
    assert.deepEqual(event.data, { id: 'ord_1', n: 1.5 });
    assert.ok(event.createdAt instanceof Date);
    assert.equal(event.createdAt.toISOString(), '2026-11-28T10:00:00.250Z');
    assert.equal(event.createdAtRaw, '2026-11-28T10:00:00.250Z');
  }
  assert.deepEqual(validateWebhook(EVENT, headers, SECRET).data.id, 'ord_1');
  assert.ok(KNOWN_EVENTS.includes('coupon_code_used'));
});

test('an unknown event is received by constructEvent, refused by validateWebhook', () => {
  const webhook = new Webhook(SECRET);
  const body = '{"data":{},"event":"brand_new_event","created_at":"2026-11-28T10:00:00Z"}';
  const event = webhook.constructEvent(body, webhook.sign(body));
  assert.equal(event.known, false);
  assert.equal(event.event, 'brand_new_event');
  assert.throws(() => validateWebhook(body, webhook.sign(body), SECRET), InvalidPayloadError);
});

test('invalid_payload: a valid signature over a body that is not an event', () => {
  const webhook = new Webhook(SECRET);
  for (const body of ['not json', '{"event":"order_status_update"}', '{"data":{},"event":"x","created_at":"yesterday"}']) {
    assert.throws(() => webhook.constructEvent(body, webhook.sign(body)),
      (e) => e instanceof InvalidPayloadError && e.code === 'invalid_payload' && /not a webhook event/.test(e.message));
    assert.doesNotThrow(() => webhook.verify(body, webhook.sign(body)));
  }
});

test('every rejection code a Print.one request can produce', () => {
  const webhook = new Webhook(SECRET);
  const good = webhook.sign(EVENT)['x-webhook-hmac-sha256'];
  assert.throws(() => webhook.verify(EVENT, {}), MissingSignatureError);
  assert.throws(() => webhook.verify(EVENT, { 'content-type': 'application/json' }), (e) => e.code === 'missing_signature' && /x-webhook-hmac-sha256/.test(e.message));
  assert.throws(() => webhook.verify(EVENT, { 'x-webhook-hmac-sha256': 'nope' }), MalformedSignatureError);
  assert.throws(() => webhook.verify(EVENT + ' ', { 'x-webhook-hmac-sha256': good }), SignatureMismatchError);
  assert.throws(() => new Webhook(''), InvalidSecretError);
  assert.throws(() => new Webhook([]), InvalidSecretError);
  assert.throws(() => verify(EVENT, good, ''), InvalidSecretError);
  assert.throws(() => isValidWebhook(EVENT, {}, ''), InvalidSecretError);
});

test('messages never contain the secret', () => {
  const secret = 'super-secret-value-123';
  const webhook = new Webhook(secret);
  for (const headers of [{}, { 'x-webhook-hmac-sha256': 'bad' }, { 'x-webhook-hmac-sha256': new Webhook('other').sign(EVENT)['x-webhook-hmac-sha256'] }]) {
    try { webhook.verify(EVENT, headers); assert.fail('accepted'); } catch (e) {
      assert.ok(!e.message.includes(secret) && !String(e.stack).includes(secret));
    }
  }
});

test('rotation: any of several secrets (text or bytes) verifies', () => {
  const body = new TextEncoder().encode(EVENT);
  const old = new Webhook('old-secret').sign(body);
  const fresh = new Webhook(new TextEncoder().encode('new-secret')).sign(body);
  const receiver = new Webhook(['new-secret', new TextEncoder().encode('old-secret')]);
  receiver.verify(body, old);
  receiver.verify(body, fresh);
  assert.throws(() => new Webhook('new-secret').verify(body, old), SignatureMismatchError);
  assert.equal(verify(body, fresh['x-webhook-hmac-sha256'], new TextEncoder().encode('new-secret')), true);
});

test('repeated headers: any valid candidate verifies; the legacy name is read too', () => {
  const webhook = new Webhook(SECRET);
  const good = webhook.sign(EVENT)['x-webhook-hmac-sha256'];
  const wrong = new Webhook('x').sign(EVENT)['x-webhook-hmac-sha256'];
  webhook.verify(EVENT, { 'x-webhook-hmac-sha256': [wrong, good] });
  webhook.verify(EVENT, { 'x-webhook-hmac-sha256': `${wrong}, ${good}` });
  webhook.verify(EVENT, [['X-Webhook-Hmac-Sha256', wrong], ['x-webhook-hmac-sha256', good]]);
  const h = new Headers(); h.append('x-webhook-hmac-sha256', wrong); h.append('X-Webhook-HMAC-SHA256', good);
  webhook.verify(EVENT, h);
  webhook.verify(EVENT, { 'X-Printone-Hmac-Sha256': good });
  assert.throws(() => webhook.verify(EVENT, { 'x-webhook-hmac-sha256': [wrong, wrong] }), SignatureMismatchError);
});

test('one-shot verify: absent or malformed signatures are false, never a throw', () => {
  const good = new Webhook(SECRET).sign(EVENT)['x-webhook-hmac-sha256'];
  assert.equal(verify(EVENT, good, SECRET), true);
  assert.equal(verify(EVENT, undefined, SECRET), false);
  assert.equal(verify(EVENT, null, SECRET), false);
  assert.equal(verify(EVENT, '', SECRET), false);
  assert.equal(verify(EVENT, good.slice(1), SECRET), false);
});

test('bad arguments are TypeError / RangeError, not WebhookError', () => {
  const webhook = new Webhook(SECRET);
  const headers = webhook.sign(EVENT);
  assert.throws(() => verify(JSON.parse(EVENT), headers['x-webhook-hmac-sha256'], SECRET), (e) => e instanceof TypeError && /parsed as JSON/.test(e.message));
  assert.throws(() => webhook.verify(null, headers), TypeError);
  assert.throws(() => webhook.verify(EVENT, null), TypeError);
  assert.throws(() => webhook.verify(EVENT, 'x-webhook-hmac-sha256: abc'), TypeError);
  assert.throws(() => webhook.verify(EVENT, [['only-a-name']]), TypeError);
  assert.throws(() => verify(EVENT, 42, SECRET), TypeError);
  assert.throws(() => verify(EVENT, 'x', 42), TypeError);
  assert.throws(() => new Webhook(42), TypeError);
  assert.throws(() => new Webhook(SECRET, { scheme: 'nope' }), (e) => e instanceof RangeError && /printone/.test(e.message));
  assert.throws(() => new Webhook(SECRET, { tolerance: -1 }), RangeError);
  assert.throws(() => new Webhook(SECRET, { tolerance: '300' }), TypeError);
  assert.equal(new Webhook(SECRET, { scheme: 'printone', tolerance: 60 }).scheme, 'printone');
});

test('sign matches the shared vectors (Python hmac)', () => {
  for (const v of vectors.filter((v) => v.valid && v.signature.trim() === v.signature)) {
    assert.equal(new Webhook(v.secret).sign(v.body)['x-webhook-hmac-sha256'], v.signature, v.name);
  }
});

test('the module survives many calls and large bodies (no leak into a trap)', () => {
  const webhook = new Webhook(SECRET);
  const big = new Uint8Array(4 << 20).fill(97);
  const headers = webhook.sign(big);
  for (let i = 0; i < 3; i++) webhook.verify(big, headers);
  for (let i = 0; i < 20000; i++) {
    try { webhook.verify(EVENT, { 'x-webhook-hmac-sha256': 'bad' }); } catch (e) { if (!(e instanceof MalformedSignatureError)) throw e; }
  }
});

test('timestamp schemes sign and verify with the JavaScript clock (std has none on wasm32)', () => {
  const body = '{"type":"invoice.paid"}';
  for (const [scheme, secret] of [['standard', 'whsec_' + Buffer.from('standard-secret-bytes-32-long!!!').toString('base64')], ['stripe', 'whsec_stripe'], ['slack', 'slack-signing-secret'], ['github', 'gh'], ['shopify', 'shp']]) {
    const webhook = new Webhook(secret, { scheme, tolerance: 300 });
    assert.equal(webhook.scheme, scheme);
    const headers = webhook.sign(body);
    webhook.verify(body, headers);
    webhook.verify(body, new Headers(headers));
    const old = webhook.sign(body, { timestamp: 1_700_000_000, msgId: 'msg_fixed' });
    webhook.verify(body, old, { now: 1_700_000_100 });
    if (scheme !== 'github' && scheme !== 'shopify') {
      assert.throws(() => webhook.verify(body, old), (e) => e.code === 'timestamp_too_old', scheme);
      assert.throws(() => webhook.verify(body, old, { now: 1_600_000_000 }), (e) => e.code === 'timestamp_too_new', scheme);
    }
  }
  assert.throws(() => new Webhook('s').verify(EVENT, {}, { now: 'soon' }), TypeError);
});
