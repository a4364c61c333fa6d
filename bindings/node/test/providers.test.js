'use strict';
// Issue 7 through the Node binding: every scheme by name, the provider vectors (signatures from
// the providers' own libraries), sign/verify round trips with rotation and the timestamp window,
// and cross-checks with @octokit/webhooks-methods and standardwebhooks in both directions.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const fc = require('fast-check');
const express = require('express');
const Fastify = require('fastify');
const hookproofExpress = require('hookproof/express');
const hookproofFastify = require('hookproof/fastify');
const { withWebhook } = require('hookproof/fetch');
const { Webhook: StandardWebhook } = require('standardwebhooks');

const { Webhook, WebhookError, SCHEMES, InvalidSecretError } = require('..');
const { post, close } = require('./servers.js');

const PROVIDERS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'tests', 'vectors', 'providers.json'), 'utf8'));
const ALL_SCHEMES = ['printone', 'standard', 'stripe', 'github', 'shopify', 'slack'];
const TIMESTAMPED = new Set(['standard', 'stripe', 'slack']);
const T0 = 1_795_860_000;

/** A secret in the form the scheme takes (Standard Webhooks: `whsec_` + base64 of the key). */
function secretFor(scheme, text) {
  return scheme === 'standard' ? `whsec_${Buffer.from(text).toString('base64')}` : text;
}

/** Throws unless `fn` throws a WebhookError with `code`. */
function assertCode(fn, code, message) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof WebhookError, `${message}: ${err}`);
    assert.equal(err.code, code, `${message}: ${err.message}`);
    return true;
  });
}

function verdict(fn) {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof WebhookError) return err.code;
    throw err;
  }
}

/** Pairs -> a plain object, repeated names as arrays (the IncomingHttpHeaders shape). */
function pairsToObject(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    if (name in out) out[name] = [].concat(out[name], value);
    else out[name] = value;
  }
  return out;
}

// Ed25519 keys for `v1a`, made with Node's crypto: `whsk_` = base64 of the 32-byte seed, `whpk_` =
// base64 of the 32-byte public key.
function ed25519Pair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  return { privateKey, publicKey, whsk: `whsk_${seed.toString('base64')}`, whpk: `whpk_${pub.toString('base64')}` };
}

test('every scheme name works, and the list comes from the core', () => {
  assert.deepEqual([...SCHEMES], ALL_SCHEMES);
  for (const scheme of ALL_SCHEMES) {
    const webhook = new Webhook(secretFor(scheme, 'secret'), { scheme, tolerance: 60 });
    assert.equal(webhook.scheme, scheme);
    assert.equal(webhook.tolerance, 60);
  }
  assert.equal(new Webhook('s').tolerance, 300, 'default tolerance');
  assert.throws(() => new Webhook('s', { scheme: 'svix' }), (e) => e instanceof RangeError && /printone, standard, stripe, github, shopify, slack/.test(e.message));
});

test('provider vectors: every one gets its verdict and code, with `now` and `tolerance` from the vector', async (t) => {
  const vectors = PROVIDERS.vectors;
  assert.equal(vectors.length, 51, 'providers.json has its 51 vectors');
  for (const scheme of ['standard', 'stripe', 'github', 'shopify', 'slack']) {
    assert.ok(vectors.filter((v) => v.scheme === scheme).length >= 3, `vectors for ${scheme}`);
  }
  let ran = 0;
  for (const v of vectors) {
    await t.test(`${v.scheme}/${v.name}`, () => {
      const body = Buffer.from(v.body_base64, 'base64');
      const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
      const expected = v.valid ? null : v.error;
      assert.equal(v.valid, v.error === undefined || v.error === null, 'the vector is consistent');
      assert.equal(verdict(() => webhook.verify(body, v.headers, { now: v.now })), expected, 'pairs, Buffer body');
      assert.equal(verdict(() => webhook.verify(new Uint8Array(body), pairsToObject(v.headers), { now: v.now })), expected, 'object, Uint8Array body');
      // Header names in another case are the same headers.
      const upper = v.headers.map(([name, value]) => [name.toUpperCase(), value]);
      assert.equal(verdict(() => webhook.verify(body, upper, { now: v.now })), expected, 'upper-case names');
      ran += 1;
    });
  }
  assert.equal(ran, 51);
});

test('provider vectors: hookproof signs exactly what the providers\' libraries signed', async (t) => {
  const header = (v, name) => {
    const found = v.headers.find(([n]) => n.toLowerCase() === name);
    return found && found[1];
  };
  let compared = 0;
  for (const v of PROVIDERS.vectors.filter((x) => x.valid)) {
    await t.test(`${v.scheme}/${v.name}`, () => {
      const body = Buffer.from(v.body_base64, 'base64');
      const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
      const stripe = header(v, 'stripe-signature');
      const ts = header(v, 'webhook-timestamp') || header(v, 'svix-timestamp') || header(v, 'x-slack-request-timestamp') ||
        (stripe && /^t=(\d+)/.exec(stripe)[1]);
      const msgId = header(v, 'webhook-id') || header(v, 'svix-id');
      const options = { timestamp: ts === undefined ? undefined : Number(ts), msgId };
      if (v.secret.startsWith('whpk_')) {
        assert.throws(() => webhook.sign(body, options), InvalidSecretError, 'a public key cannot sign');
        return;
      }
      const signed = webhook.sign(body, options);
      webhook.verify(body, signed, { now: v.now });
      // The signature header hookproof wrote (the last one) holds one of the oracle's entries.
      const [name, ours] = Object.entries(signed).at(-1);
      const theirs = header(v, name) || header(v, name.replace('webhook-', 'svix-'));
      const entries = (s) => s.split(/[ ,]/).map((e) => e.toLowerCase());
      assert.ok(entries(theirs).includes(entries(ours).at(-1)), `${ours} in ${theirs}`);
      compared += 1;
    });
  }
  assert.ok(compared >= 15, `compared ${compared}`);
});

test('round trips: sign then verify, every scheme, string and byte bodies, rotation', () => {
  const body = '{"type":"invoice.paid","data":{"id":"in_1","note":"Zöe"}}';
  for (const scheme of ALL_SCHEMES) {
    const current = secretFor(scheme, 'current-secret');
    const previous = secretFor(scheme, 'previous-secret');
    const sender = new Webhook(current, { scheme });
    const signed = sender.sign(body, { timestamp: T0, msgId: 'msg_roundtrip' });
    assert.equal(typeof signed, 'object');
    for (const value of Object.values(signed)) assert.equal(typeof value, 'string');
    sender.verify(body, signed, { now: T0 });
    sender.verify(Buffer.from(body), new Headers(signed), { now: T0 });
    sender.verify(new TextEncoder().encode(body).buffer, new Map(Object.entries(signed)), { now: T0 });
    assertCode(() => sender.verify(body.replace('in_1', 'in_2'), signed, { now: T0 }), 'signature_mismatch', `${scheme}: tampered body`);

    // Rotation: a receiver with [new, old] accepts either; one with only the new rejects the old.
    const old = new Webhook(previous, { scheme }).sign(body, { timestamp: T0 });
    const rotating = new Webhook([current, previous], { scheme });
    rotating.verify(body, old, { now: T0 });
    rotating.verify(body, signed, { now: T0 });
    assertCode(() => sender.verify(body, old, { now: T0 }), 'signature_mismatch', `${scheme}: old secret after rotation`);
    // Signing uses the first secret.
    assert.deepEqual(rotating.sign(body, { timestamp: T0, msgId: 'msg_roundtrip' }), signed, `${scheme}: signs with the first secret`);

    // No signature at all: every scheme says so.
    assertCode(() => sender.verify(body, { 'content-type': 'application/json' }, { now: T0 }), 'missing_signature', `${scheme}: no headers`);
  }
});

test('round trips: the tolerance window, in both directions, default and configured', () => {
  for (const scheme of ALL_SCHEMES) {
    for (const tolerance of [undefined, 10, 0]) {
      const tol = tolerance === undefined ? 300 : tolerance;
      const webhook = new Webhook(secretFor(scheme, 'window-secret'), { scheme, tolerance });
      const signed = webhook.sign('{}', { timestamp: T0, msgId: 'msg_window' });
      const at = (now) => verdict(() => webhook.verify('{}', signed, { now }));
      const ctx = `${scheme}, tolerance ${tol}`;
      assert.equal(at(T0), null, ctx);
      assert.equal(at(T0 + tol), null, `${ctx}: at the old edge`);
      assert.equal(at(T0 - tol), null, `${ctx}: at the new edge`);
      assert.equal(at(T0 + tol + 0.999), null, `${ctx}: fractional seconds round down`);
      if (TIMESTAMPED.has(scheme)) {
        assert.equal(at(T0 + tol + 1), 'timestamp_too_old', ctx);
        assert.equal(at(T0 - tol - 1), 'timestamp_too_new', ctx);
        assert.equal(at(0), 'timestamp_too_new', `${ctx}: a clock at 1970`);
        assert.equal(at(T0 * 2), 'timestamp_too_old', ctx);
        // constructEvent takes `now` the same way.
        assertCode(() => webhook.constructEvent('{}', signed, { now: T0 + tol + 1 }), 'timestamp_too_old', ctx);
      } else {
        assert.equal(at(T0 + 10 * tol + 86_400), null, `${ctx}: no timestamp is signed`);
        assert.equal(at(0), null, ctx);
      }
    }
  }
});

test('the clock: without `now` and `timestamp` the core reads the system clock', () => {
  const nowSecs = Math.floor(Date.now() / 1000);
  for (const scheme of ALL_SCHEMES) {
    const webhook = new Webhook(secretFor(scheme, 'clock-secret'), { scheme });
    webhook.verify('{}', webhook.sign('{}'), undefined);
    webhook.verify('{}', webhook.sign('{}'));
    webhook.verify('{}', webhook.sign('{}'), {});
    const stale = webhook.sign('{}', { timestamp: nowSecs - 3600 });
    const future = webhook.sign('{}', { timestamp: nowSecs + 3600 });
    if (TIMESTAMPED.has(scheme)) {
      assertCode(() => webhook.verify('{}', stale), 'timestamp_too_old', scheme);
      assertCode(() => webhook.verify('{}', future), 'timestamp_too_new', scheme);
      webhook.verify('{}', stale, { now: nowSecs - 3600 });
      webhook.verify('{}', future, { now: Date.now() / 1000 + 3600 });
    } else {
      webhook.verify('{}', stale);
      webhook.verify('{}', future);
    }
  }
  const standard = new Webhook(secretFor('standard', 'id-secret'), { scheme: 'standard' });
  const a = standard.sign('{}');
  const b = standard.sign('{}');
  assert.notEqual(a['webhook-id'], b['webhook-id'], 'a fresh message id per signature');
});

test('constructEvent with `now`: a Print.one event under a timestamped scheme', () => {
  const body = JSON.stringify({ data: { id: 'ord_1' }, event: 'order_status_update', created_at: '2026-11-28T10:00:00.000Z' });
  const webhook = new Webhook(secretFor('standard', 'event-secret'), { scheme: 'standard' });
  const signed = webhook.sign(body, { timestamp: T0, msgId: 'msg_event' });
  const event = webhook.constructEvent(body, signed, { now: T0 + 1 });
  assert.equal(event.event, 'order_status_update');
  assert.equal(event.data.id, 'ord_1');
  assertCode(() => webhook.constructEvent(body, signed, { now: T0 - 301 }), 'timestamp_too_new', 'too new');
  // A provider's own JSON is verified, then refused by the Print.one event parser.
  const stripeBody = '{"id":"evt_1","type":"invoice.paid"}';
  const stripe = new Webhook('sk', { scheme: 'stripe' });
  assertCode(() => stripe.constructEvent(stripeBody, stripe.sign(stripeBody, { timestamp: T0 }), { now: T0 }), 'invalid_payload', 'not a Print.one event');
});

test('standard: v1a Ed25519, signed with whsk_ and verified with whpk_, both ways against Node crypto', () => {
  const { privateKey, publicKey, whsk, whpk } = ed25519Pair();
  const body = '{"type":"user.created"}';
  const signer = new Webhook(whsk, { scheme: 'standard' });
  const verifier = new Webhook(whpk, { scheme: 'standard' });
  const signed = signer.sign(body, { timestamp: T0, msgId: 'msg_ed' });
  assert.match(signed['webhook-signature'], /^v1a,[A-Za-z0-9+/]{86}==$/);
  verifier.verify(body, signed, { now: T0 });
  signer.verify(body, signed, { now: T0 });
  // Node's crypto (the oracle) accepts hookproof's signature over `{id}.{timestamp}.{body}`...
  const content = Buffer.from(`msg_ed.${T0}.${body}`);
  const ours = Buffer.from(signed['webhook-signature'].slice(4), 'base64');
  assert.ok(crypto.verify(null, content, publicKey, ours));
  // ...and hookproof accepts Node's, next to an unknown version and a wrong v1.
  const theirs = crypto.sign(null, content, privateKey).toString('base64');
  const headers = { 'webhook-id': 'msg_ed', 'webhook-timestamp': String(T0), 'webhook-signature': `v9,xyz v1,${Buffer.alloc(32).toString('base64')} v1a,${theirs}` };
  verifier.verify(body, headers, { now: T0 });
  assertCode(() => verifier.verify(`${body} `, headers, { now: T0 }), 'signature_mismatch', 'tampered');
  assertCode(() => verifier.verify(body, headers, { now: T0 + 301 }), 'timestamp_too_old', 'window');
  assert.throws(() => verifier.sign(body), InvalidSecretError, 'a public key cannot sign');
  // Rotation across key types: an HMAC secret and an Ed25519 public key.
  const mixed = new Webhook([secretFor('standard', 'hmac'), whpk], { scheme: 'standard' });
  mixed.verify(body, signed, { now: T0 });
  mixed.verify(body, new Webhook(secretFor('standard', 'hmac'), { scheme: 'standard' }).sign(body, { timestamp: T0 }), { now: T0 });
});

test('argument errors: now, timestamp, msgId, options', () => {
  const webhook = new Webhook('s', { scheme: 'stripe' });
  const signed = webhook.sign('{}', { timestamp: T0 });
  assert.throws(() => webhook.verify('{}', signed, { now: '1795860000' }), (e) => e instanceof TypeError && /options\.now/.test(e.message));
  assert.throws(() => webhook.verify('{}', signed, { now: new Date() }), TypeError);
  assert.throws(() => webhook.verify('{}', signed, { now: NaN }), RangeError);
  assert.throws(() => webhook.constructEvent('{}', signed, { now: Infinity }), RangeError);
  assert.throws(() => webhook.verify('{}', signed, 5), (e) => e instanceof TypeError && /options/.test(e.message));
  assert.throws(() => webhook.sign('{}', { timestamp: -1 }), RangeError);
  assert.throws(() => webhook.sign('{}', { timestamp: NaN }), RangeError);
  assert.throws(() => webhook.sign('{}', { timestamp: '1' }), TypeError);
  assert.throws(() => webhook.sign('{}', { msgId: 5 }), (e) => e instanceof TypeError && /msgId/.test(e.message));
  assert.throws(() => webhook.sign('{}', 'x'), TypeError);
  assert.deepEqual(webhook.sign('{}', { timestamp: T0 + 0.9 }), signed, 'fractional timestamps round down');
  assert.deepEqual(webhook.sign('{}', { timestamp: T0, msgId: null }), signed);
  assert.throws(() => new Webhook('s', { scheme: 'standard' }), (e) => e instanceof RangeError || e instanceof InvalidSecretError);
  for (const bad of ['whsec_not base64!', 'whpk_AAAA', 'whsk_AAAA', 'whsec_']) {
    assert.throws(() => new Webhook(bad, { scheme: 'standard' }), InvalidSecretError, bad);
  }
});

test('@octokit/webhooks-methods: its signatures verify under scheme github, and it verifies ours', async () => {
  const octokit = await import('@octokit/webhooks-methods');
  // GitHub's documented example.
  const documented = await octokit.sign("It's a Secret to Everybody", 'Hello, World!');
  assert.equal(documented, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  new Webhook("It's a Secret to Everybody", { scheme: 'github' }).verify('Hello, World!', { 'X-Hub-Signature-256': documented });

  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 1, maxLength: 2000, unit: 'binary' }), async (secret, payload) => {
      const webhook = new Webhook(secret, { scheme: 'github' });
      // Theirs -> hookproof.
      const theirs = await octokit.sign(secret, payload);
      webhook.verify(payload, { 'x-hub-signature-256': theirs });
      webhook.verify(Buffer.from(payload, 'utf8'), [['X-Hub-Signature-256', theirs]]);
      assertCode(() => webhook.verify(`${payload}!`, { 'x-hub-signature-256': theirs }), 'signature_mismatch', 'tampered');
      // hookproof -> theirs.
      const ours = webhook.sign(payload)['x-hub-signature-256'];
      assert.equal(await octokit.verify(secret, payload, ours), true);
      assert.equal(ours, theirs);
      assert.equal(await octokit.verify(`${secret}x`, payload, ours), false);
    }),
    { numRuns: 150 },
  );
});

test('standardwebhooks: its signatures verify under scheme standard, and it verifies ours', async () => {
  const keys = [Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'utf8'), crypto.randomBytes(32), crypto.randomBytes(24)];
  for (const key of keys) {
    const secret = `whsec_${key.toString('base64')}`;
    const theirs = new StandardWebhook(secret);
    const ours = new Webhook(secret, { scheme: 'standard' });
    for (const payload of ['{"type":"user.created","data":{"id":1}}', '{"note":"Zöe ✓"}', '{}']) {
      // Theirs -> hookproof: `sign(msgId, date, payload)` at a fixed time, verified with `now`.
      const msgId = `msg_${crypto.randomBytes(8).toString('hex')}`;
      const date = new Date(T0 * 1000);
      const signature = theirs.sign(msgId, date, payload);
      const headers = { 'webhook-id': msgId, 'webhook-timestamp': String(T0), 'webhook-signature': signature };
      ours.verify(payload, headers, { now: T0 });
      ours.verify(Buffer.from(payload), headers, { now: T0 + 300 });
      assertCode(() => ours.verify(payload, headers, { now: T0 + 301 }), 'timestamp_too_old', 'their signature, late');
      // The same under the Svix names.
      ours.verify(payload, { 'svix-id': msgId, 'svix-timestamp': String(T0), 'svix-signature': signature }, { now: T0 });
      // Unprefixed secrets are the same key.
      new Webhook(key.toString('base64'), { scheme: 'standard' }).verify(payload, headers, { now: T0 });

      // hookproof -> theirs: it checks the timestamp against its own clock, so sign with the
      // current time (the core's clock, and an explicit current timestamp).
      const signed = ours.sign(payload);
      assert.deepEqual(theirs.verify(payload, signed), JSON.parse(payload));
      const explicit = ours.sign(payload, { timestamp: Math.floor(Date.now() / 1000), msgId });
      assert.equal(explicit['webhook-id'], msgId);
      assert.deepEqual(theirs.verify(payload, explicit), JSON.parse(payload));
      // It rejects ours when it is stale, as we do.
      const stale = ours.sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      assert.throws(() => theirs.verify(payload, stale), /too old/);
      assertCode(() => ours.verify(payload, stale), 'timestamp_too_old', 'stale');
      // And a signature under another key.
      const other = new Webhook(`whsec_${crypto.randomBytes(32).toString('base64')}`, { scheme: 'standard' }).sign(payload);
      assert.throws(() => theirs.verify(payload, other), /No matching signature/);
    }
  }
});

test('middleware: scheme and tolerance pass through; other schemes verify and hand over the raw bytes', async () => {
  const stripeBody = '{"id":"evt_1","type":"invoice.paid"}';
  const sender = new Webhook('whsec_stripe_test', { scheme: 'stripe' });
  const fresh = sender.sign(stripeBody);
  const stale = sender.sign(stripeBody, { timestamp: Math.floor(Date.now() / 1000) - 120 });

  // Express
  const app = express();
  app.post('/stripe', hookproofExpress('whsec_stripe_test', { scheme: 'stripe', tolerance: 60 }), (req, res) => {
    res.json({ webhook: req.webhook, type: JSON.parse(req.rawBody).type });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address();
    const ok = await post(port, '/stripe', stripeBody, fresh);
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { webhook: true, type: 'invoice.paid' });
    const old = await post(port, '/stripe', stripeBody, stale);
    assert.equal(old.status, 401);
    assert.equal(old.json.code, 'timestamp_too_old', 'tolerance 60 passed through');
    const wrong = await post(port, '/stripe', stripeBody, new Webhook('other', { scheme: 'stripe' }).sign(stripeBody));
    assert.equal(wrong.json.code, 'signature_mismatch');
  } finally {
    await close(server);
  }

  // Fastify
  const slackBody = 'token=x&team_id=T1&command=%2Fdeploy';
  const slack = new Webhook('slack-signing-secret', { scheme: 'slack' });
  const fastify = Fastify();
  fastify.register(async (scope) => {
    await scope.register(hookproofFastify, { secret: 'slack-signing-secret', scheme: 'slack' });
    scope.post('/slack', async (request) => ({ webhook: request.webhook, raw: request.rawBody.toString() }));
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = fastify.server.address();
    const ok = await post(port, '/slack', slackBody, { 'content-type': 'application/x-www-form-urlencoded', ...slack.sign(slackBody) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { webhook: true, raw: slackBody });
    const late = await post(port, '/slack', slackBody, slack.sign(slackBody, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    assert.equal(late.json.code, 'timestamp_too_old');
  } finally {
    await fastify.close();
  }

  // Fetch: scheme from the options, or from a Webhook instance.
  const github = new Webhook('gh-secret', { scheme: 'github' });
  const ghBody = '{"action":"opened"}';
  const seen = [];
  const handler = async (_request, raw) => { seen.push(Buffer.from(raw).toString()); return Response.json({ ok: true }); };
  for (const wrapped of [withWebhook('gh-secret', handler, { scheme: 'github' }), withWebhook(github, handler)]) {
    const res = await wrapped(new Request('http://x/gh', { method: 'POST', body: ghBody, headers: github.sign(ghBody) }));
    assert.equal(res.status, 200);
    const bad = await wrapped(new Request('http://x/gh', { method: 'POST', body: ghBody, headers: { 'x-hub-signature-256': 'sha256=00' } }));
    assert.equal(bad.status, 401);
    assert.equal((await bad.json()).code, 'malformed_signature');
  }
  assert.deepEqual(seen, [ghBody, ghBody]);
  // parseEvent: true still asks the core for a Print.one event (400 for another provider's JSON).
  const parsing = withWebhook(github, handler, { parseEvent: true });
  const res = await parsing(new Request('http://x/gh', { method: 'POST', body: ghBody, headers: github.sign(ghBody) }));
  assert.equal(res.status, 400);
});
