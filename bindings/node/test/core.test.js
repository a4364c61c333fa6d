'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { inspect } = require('node:util');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fc = require('fast-check');

const hookproof = require('..');
const { verify, Webhook, WebhookError } = hookproof;
const { VECTORS, vectorBody, oracleSign, SECRET, eventBody } = require('./helpers.js');

test('shared vectors: every one, through verify and Webhook', async (t) => {
  assert.ok(VECTORS.vectors.length >= 20, 'the vectors file has its vectors');
  for (const v of VECTORS.vectors) {
    await t.test(v.name, () => {
      const body = vectorBody(v);
      assert.equal(verify(body, v.signature, v.secret), v.valid, 'verify');
      assert.equal(verify(new Uint8Array(body), v.signature, v.secret), v.valid, 'verify (Uint8Array)');
      const webhook = new Webhook(v.secret);
      const headers = { [v.header]: v.signature, 'content-type': 'application/json' };
      if (v.valid) {
        assert.doesNotThrow(() => webhook.verify(body, headers));
      } else {
        assert.throws(() => webhook.verify(body, headers), (err) => err instanceof WebhookError && err.code === v.error);
      }
    });
  }
});

test('properties: verify agrees with Node crypto (the oracle)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2048 }), fc.string({ minLength: 1 }), (body, secret) => {
      const signature = oracleSign(body, secret);
      assert.equal(verify(body, signature, secret), true);
      assert.equal(new Webhook(secret).sign(body)['x-webhook-hmac-sha256'], signature);
    }),
    { numRuns: 300 },
  );
});

test('properties: any change to body, signature or secret is rejected', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), fc.integer({ min: 1, max: 255 }),
      (body, secret, at, flip) => {
        const signature = oracleSign(body, secret);
        const tampered = Uint8Array.from(body);
        tampered[at % tampered.length] ^= flip;
        assert.equal(verify(tampered, signature, secret), false);
        assert.equal(verify(body, signature, secret + 'x'), false);
        const sig = Buffer.from(signature, 'base64');
        sig[at % 32] ^= flip;
        assert.equal(verify(body, sig.toString('base64'), secret), false);
      },
    ),
    { numRuns: 300 },
  );
});

test('properties: arbitrary strings as signature never throw, only false', () => {
  fc.assert(fc.property(fc.string(), fc.string(), (body, sig) => {
    assert.equal(typeof verify(body, sig, 's'), 'boolean');
  }), { numRuns: 500 });
});

test('properties: string bodies are UTF-8, like createHmac', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (body) => {
    assert.equal(verify(body, oracleSign(Buffer.from(body, 'utf8'), SECRET), SECRET), true);
  }), { numRuns: 300 });
});

test('every body shape', () => {
  const text = eventBody();
  const buf = Buffer.from(text);
  const sig = oracleSign(buf, SECRET);
  const ab = new ArrayBuffer(buf.length + 8);
  new Uint8Array(ab, 4, buf.length).set(buf);
  const shapes = {
    string: text,
    Buffer: buf,
    Uint8Array: new Uint8Array(buf),
    ArrayBuffer: new Uint8Array(buf).buffer,
    DataView: new DataView(ab, 4, buf.length),
    'Uint8Array at an offset': new Uint8Array(ab, 4, buf.length),
    'Buffer slice of a pool': Buffer.from('xx' + text).subarray(2),
  };
  const webhook = new Webhook(SECRET);
  for (const [name, body] of Object.entries(shapes)) {
    assert.equal(verify(body, sig, SECRET), true, name);
    webhook.verify(body, { 'x-webhook-hmac-sha256': sig });
    assert.equal(webhook.constructEvent(body, { 'x-webhook-hmac-sha256': sig }).event, 'order_status_update', name);
  }
  assert.equal(verify('', oracleSign('', SECRET), SECRET), true, 'empty string');
  assert.equal(verify(new Uint8Array(0), oracleSign('', SECRET), SECRET), true, 'empty bytes');
});

test('every header shape, any case, both names, repeated values', () => {
  const body = eventBody();
  const sig = oracleSign(body, SECRET);
  const webhook = new Webhook(SECRET);
  const shapes = {
    'IncomingHttpHeaders (lower case)': { 'content-type': 'application/json', 'x-webhook-hmac-sha256': sig },
    'plain object, mixed case': { 'Content-Type': 'application/json', 'X-Webhook-HMAC-SHA256': sig },
    'legacy header name': { 'x-printone-hmac-sha256': sig },
    'legacy name, upper case': { 'X-PRINTONE-HMAC-SHA256': sig },
    'array value (repeated header)': { 'x-webhook-hmac-sha256': ['AAAA', sig] },
    'joined by a proxy': { 'x-webhook-hmac-sha256': `${oracleSign('other', SECRET)}, ${sig}` },
    'Fetch Headers': new Headers({ 'X-Webhook-Hmac-Sha256': sig, 'content-type': 'application/json' }),
    Map: new Map([['X-Webhook-Hmac-Sha256', sig]]),
    'Map with an array value': new Map([['x-webhook-hmac-sha256', [sig]]]),
    'array of pairs': [['content-type', 'application/json'], ['x-WEBHOOK-hmac-sha256', sig]],
    'number values are allowed elsewhere': { 'content-length': 12, 'x-webhook-hmac-sha256': sig, missing: undefined },
  };
  for (const [name, headers] of Object.entries(shapes)) {
    assert.doesNotThrow(() => webhook.verify(body, headers), name);
    assert.equal(hookproof.isValidWebhook(body, headers, SECRET), true, name);
  }
  assert.throws(() => webhook.verify(body, {}), hookproof.MissingSignatureError);
  assert.throws(() => webhook.verify(body, new Headers()), hookproof.MissingSignatureError);
  assert.throws(() => webhook.verify(body, { 'x-webhook-hmac-sha25': sig }), hookproof.MissingSignatureError);
});

test('rotation: any configured secret verifies; sign uses the first', () => {
  const body = eventBody();
  const webhook = new Webhook(['new-secret', Buffer.from('old-secret')]);
  webhook.verify(body, { 'x-webhook-hmac-sha256': oracleSign(body, 'old-secret') });
  webhook.verify(body, { 'x-webhook-hmac-sha256': oracleSign(body, 'new-secret') });
  assert.throws(() => webhook.verify(body, { 'x-webhook-hmac-sha256': oracleSign(body, 'other') }), hookproof.SignatureMismatchError);
  assert.deepEqual(webhook.sign(body), { 'x-webhook-hmac-sha256': oracleSign(body, 'new-secret') });
});

test('every error code has its subclass, reachable where the scheme can produce it', () => {
  assert.deepEqual([...hookproof.CODES], [
    'missing_signature', 'malformed_signature', 'signature_mismatch', 'missing_timestamp',
    'timestamp_too_old', 'timestamp_too_new', 'invalid_secret', 'invalid_payload',
  ]);
  for (const code of hookproof.CODES) {
    const cls = hookproof.ERROR_CLASSES[code];
    assert.ok(cls.prototype instanceof WebhookError, code);
    assert.ok(hookproof[cls.name] === cls, `exported as ${cls.name}`);
    const err = new cls('m');
    assert.equal(err.code, code);
    assert.equal(err.name, cls.name);
    assert.ok(err instanceof Error);
  }
  const body = eventBody();
  const webhook = new Webhook(SECRET);
  const cases = [
    [{}, 'missing_signature', hookproof.MissingSignatureError, body],
    [{ 'x-webhook-hmac-sha256': 'AAAA' }, 'malformed_signature', hookproof.MalformedSignatureError, body],
    [{ 'x-webhook-hmac-sha256': oracleSign('x', SECRET) }, 'signature_mismatch', hookproof.SignatureMismatchError, body],
    [{ 'x-webhook-hmac-sha256': oracleSign('not json', SECRET) }, 'invalid_payload', hookproof.InvalidPayloadError, 'not json'],
    [{ 'x-webhook-hmac-sha256': oracleSign('{"event":"x"}', SECRET) }, 'invalid_payload', hookproof.InvalidPayloadError, '{"event":"x"}'],
  ];
  for (const [headers, code, cls, b] of cases) {
    assert.throws(() => webhook.constructEvent(b, headers), (err) => {
      assert.ok(err instanceof cls && err instanceof WebhookError && err instanceof Error);
      assert.equal(err.code, code);
      assert.ok(err.message.length > 20);
      return true;
    });
  }
  assert.match(
    (() => { try { webhook.verify(body, { 'x-webhook-hmac-sha256': oracleSign('x', SECRET) }); } catch (e) { return e.message; } })(),
    /re-serialized/,
  );
  assert.throws(() => new Webhook(''), hookproof.InvalidSecretError);
  assert.throws(() => new Webhook([]), hookproof.InvalidSecretError);
  assert.throws(() => new Webhook(['ok', '']), hookproof.InvalidSecretError);
  assert.throws(() => verify(body, 'AAAA', ''), hookproof.InvalidSecretError);
  assert.throws(() => verify(body, undefined, ''), hookproof.InvalidSecretError);
  assert.equal(verify(body, undefined, SECRET), false);
});

test('constructEvent: the event, typed fields, createdAt as a Date and the raw string', () => {
  const webhook = new Webhook(SECRET);
  for (const name of hookproof.KNOWN_EVENTS.concat(['something_new'])) {
    const body = eventBody(name, { id: 'x_1', nested: { n: 1.5, list: [true, null, 'ö'] } }, '2026-11-28T11:00:00.123+01:00');
    const event = webhook.constructEvent(body, webhook.sign(body));
    assert.equal(event.event, name);
    assert.equal(event.known, name !== 'something_new');
    assert.deepEqual(event.data, { id: 'x_1', nested: { n: 1.5, list: [true, null, 'ö'] } });
    assert.ok(event.createdAt instanceof Date);
    assert.equal(event.createdAt.toISOString(), '2026-11-28T10:00:00.123Z');
    assert.equal(event.createdAtRaw, '2026-11-28T11:00:00.123+01:00');
  }
});

test('options: scheme and tolerance', () => {
  assert.equal(new Webhook(SECRET, { scheme: 'printone' }).scheme, 'printone');
  assert.throws(() => new Webhook(SECRET, { scheme: 'stripe-ish' }), (e) => e instanceof RangeError && /unknown scheme/.test(e.message));
  assert.throws(() => new Webhook(SECRET, { tolerance: -1 }), RangeError);
  assert.throws(() => new Webhook(SECRET, { scheme: 3 }), (e) => e instanceof TypeError && /options\.scheme/.test(e.message));
  assert.doesNotThrow(() => new Webhook(SECRET, { tolerance: 60 }));
});

test('wrong argument types throw a TypeError naming the argument', () => {
  const webhook = new Webhook(SECRET);
  const cases = [
    [() => verify(42, 'sig', SECRET), /`body`/],
    [() => verify({}, 'sig', SECRET), /`body`/],
    [() => verify(null, 'sig', SECRET), /`body`/],
    [() => verify('b', 42, SECRET), /`signature`/],
    [() => verify('b', ['a'], SECRET), /`signature`/],
    [() => verify('b', 'sig', 42), /`secret`/],
    [() => verify('b', 'sig', undefined), /`secret`/],
    [() => new Webhook(undefined), /`secret`/],
    [() => new Webhook(['ok', 7]), /`secret\[1\]`/],
    [() => new Webhook(SECRET, 'printone'), /`options`/],
    [() => webhook.verify(1, {}), /`body`/],
    [() => webhook.verify('b', 'x-webhook-hmac-sha256: abc'), /`headers`/],
    [() => webhook.verify('b', null), /`headers`/],
    [() => webhook.verify('b', { 'x-webhook-hmac-sha256': { a: 1 } }), /`headers`/],
    [() => webhook.verify('b', [['only-name']]), /`headers`/],
    [() => webhook.constructEvent(Symbol('b'), {}), /`body`/],
    [() => webhook.sign(12), /`body`/],
    [() => hookproof.isValidWebhook('b', undefined, SECRET), /`headers`/],
    [() => hookproof.validateWebhook('b', {}, null), /`secret`/],
  ];
  for (const [fn, re] of cases) {
    assert.throws(fn, (e) => e instanceof TypeError && re.test(e.message), String(fn));
  }
});

test('a header name with a NUL matches nothing: the core\'s verdict, not a TypeError', () => {
  const webhook = new Webhook(SECRET);
  const signature = oracleSign('b', SECRET);
  const code = (fn) => { try { fn(); return 'valid'; } catch (e) { return e instanceof WebhookError ? e.code : e; } };
  assert.equal(code(() => webhook.verify('b', { 'x-webhook-hmac-sha256\0': signature })), 'missing_signature');
  assert.equal(code(() => webhook.verify('b', [['\0x-webhook-hmac-sha256', signature]])), 'missing_signature');
  assert.equal(code(() => webhook.constructEvent('b', new Map([['x-webhook-hmac-sha256\0x', signature]]))), 'missing_signature');
  // The other headers still count.
  assert.equal(code(() => webhook.verify('b', [['x\0y', 'z'], ['x-webhook-hmac-sha256', signature]])), 'valid');
  assert.equal(code(() => webhook.verify('b', [['a\0', '1'], ['x-webhook-hmac-sha256', oracleSign('c', SECRET)]])), 'signature_mismatch');
});

test('no message, stack or inspect output contains the secret', () => {
  const secret = 'sk_live_DO_NOT_LEAK_9a8b7c';
  const body = eventBody();
  const texts = [];
  const collect = (fn) => { try { fn(); } catch (e) { texts.push(e.message, e.stack, inspect(e), JSON.stringify(e), String(e)); } };
  const webhook = new Webhook([secret, secret + '2']);
  texts.push(inspect(webhook), inspect(webhook, { showHidden: true, depth: 10 }), JSON.stringify(webhook), String(webhook), inspect(hookproof, { depth: 4 }));
  collect(() => webhook.verify(body, {}));
  collect(() => webhook.verify(body, { 'x-webhook-hmac-sha256': 'AAAA' }));
  collect(() => webhook.verify(body, { 'x-webhook-hmac-sha256': oracleSign('x', secret) }));
  collect(() => webhook.constructEvent('nope', { 'x-webhook-hmac-sha256': oracleSign('nope', secret) }));
  collect(() => new Webhook([secret, '']));
  collect(() => new Webhook(secret, { scheme: 'nope' }));
  collect(() => new Webhook([secret, 5]));
  collect(() => verify(body, 'x', { secret }));
  collect(() => hookproof.validateWebhook(body, {}, secret));
  assert.ok(texts.length > 20);
  for (const text of texts) assert.ok(!String(text).includes(secret) && !String(text).includes('DO_NOT_LEAK'), text);
});

test('a Rust panic becomes a JS exception, the process survives', () => {
  const { native } = hookproof._internal;
  assert.throws(() => native.__panicForTests(), (e) => e instanceof Error && /deliberate panic/.test(e.message));
  assert.equal(verify('b', oracleSign('b', SECRET), SECRET), true, 'still working after the panic');
  const child = spawnSync(process.execPath, ['-e', `
    const { native } = require(${JSON.stringify(path.join(__dirname, '..'))})._internal;
    try { native.__panicForTests(); } catch (e) { console.log('caught'); }
    console.log('alive');
  `], { encoding: 'utf8', env: { ...process.env, RUST_BACKTRACE: '0' } });
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /caught\nalive/);
});

test('loadable with require and import', async () => {
  const esm = await import('hookproof');
  assert.equal(esm.verify, hookproof.verify);
  assert.equal(esm.default.Webhook, hookproof.Webhook);
  assert.equal(esm.SignatureMismatchError, hookproof.SignatureMismatchError);
  assert.equal(typeof require('hookproof/express'), 'function');
  assert.equal(typeof (await import('hookproof/express')).default, 'function');
  assert.equal(typeof (await import('hookproof/fastify')).default, 'function');
  assert.equal(typeof (await import('hookproof/fetch')).withWebhook, 'function');
});
