// Issue 7 through @hookproof/wasm: every provider vector (tests/vectors/providers.json, signed by
// the providers' own libraries) gets its verdict and code with the vector's `now` and `tolerance`;
// `sign` reproduces the providers' signatures; and the providers' npm libraries are cross-checked
// in both directions: `standardwebhooks` (scheme standard) and `@octokit/webhooks-methods`
// (scheme github). All parsing and MACs happen in the core: the tests only pass values through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import * as octokit from '@octokit/webhooks-methods';
import { Webhook, WebhookError, InvalidSecretError, InvalidPayloadError } from '@hookproof/wasm';
import { loadProviders, header, signOptions, assertReproduces, otherSecret } from './providers.mjs';

const VECTORS = loadProviders();
const TIMESTAMPED = new Set(['standard', 'stripe', 'slack']);
const T0 = 1_795_860_000;

/** null when `fn` returns, the code when it throws a WebhookError; anything else is rethrown. */
function outcome(fn) {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof WebhookError) return error.code;
    throw error;
  }
}

function assertCode(fn, code, message) {
  assert.equal(outcome(fn), code, message);
}

/** Pairs -> a plain object, repeated names as arrays (Node's IncomingHttpHeaders shape). */
function pairsToObject(pairs) {
  const out = {};
  for (const [name, value] of pairs) out[name] = name in out ? [].concat(out[name], value) : value;
  return out;
}

/** Every header shape the package takes, built from a vector's pairs. */
function headerShapes(pairs) {
  return {
    pairs,
    'upper-case pairs': pairs.map(([name, value]) => [name.toUpperCase(), value]),
    object: pairsToObject(pairs),
    'Fetch Headers': new Headers(pairs),
    Map: new Map(pairs),
    rawHeaders: pairs.flat(),
    'with other headers': [['Content-Type', 'application/json'], ['User-Agent', 'test'], ...pairs],
  };
}

/** Every body shape the package takes, for the vector's bytes. */
function bodyShapes(bytes) {
  return {
    Uint8Array: bytes,
    Buffer: Buffer.from(bytes),
    ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    DataView: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    string: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
  };
}

test('provider vectors: every one gets its verdict and code, with the vector\'s now and tolerance', async (t) => {
  for (const scheme of ['standard', 'stripe', 'github', 'shopify', 'slack']) {
    assert.ok(VECTORS.filter((v) => v.scheme === scheme).length >= 3, `vectors for ${scheme}`);
  }
  const tally = { vectors: 0, calls: 0, valid: 0 };
  for (const v of VECTORS) {
    await t.test(`${v.scheme}/${v.name}`, () => {
      assert.equal(v.valid, v.error === undefined, 'the vector is consistent');
      const expected = v.valid ? null : v.error;
      const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
      assert.equal(webhook.scheme, v.scheme);
      for (const [shape, headers] of Object.entries(headerShapes(v.headers))) {
        assert.equal(outcome(() => webhook.verify(v.body, headers, { now: v.now })), expected, `headers as ${shape}`);
        tally.calls += 1;
      }
      for (const [shape, body] of Object.entries(bodyShapes(v.body))) {
        assert.equal(outcome(() => webhook.verify(body, v.headers, { now: v.now })), expected, `body as ${shape}`);
        tally.calls += 1;
      }
      // constructEvent verifies first: the same code for a rejection; a valid provider body is
      // then refused as a Print.one event (these are the providers' own JSON shapes).
      const event = outcome(() => webhook.constructEvent(v.body, v.headers, { now: v.now }));
      assert.equal(event, v.valid ? 'invalid_payload' : v.error, 'constructEvent');
      // Rotation: the vector's secret second, behind another of the same scheme.
      const rotating = new Webhook([otherSecret(v.scheme), v.secret], { scheme: v.scheme, tolerance: v.tolerance });
      assert.equal(outcome(() => rotating.verify(v.body, v.headers, { now: v.now })), expected, 'rotation');
      if (v.valid) {
        assert.equal(outcome(() => new Webhook(otherSecret(v.scheme), { scheme: v.scheme, tolerance: v.tolerance }).verify(v.body, v.headers, { now: v.now })), 'signature_mismatch', 'another secret');
        const tampered = Uint8Array.from(v.body);
        tampered[tampered.length - 1] ^= 1;
        assert.equal(outcome(() => webhook.verify(tampered, v.headers, { now: v.now })), 'signature_mismatch', 'tampered body');
        tally.valid += 1;
      }
      tally.calls += 3;
      tally.vectors += 1;
    });
  }
  assert.equal(tally.vectors, 51);
  t.diagnostic(`providers: ${tally.vectors} vectors (${tally.valid} valid), ${tally.calls} verify/constructEvent calls`);
});

test('provider vectors: the tolerance and the clock come from the caller, in both directions', () => {
  let checked = 0;
  for (const v of VECTORS.filter((x) => x.valid && TIMESTAMPED.has(x.scheme))) {
    const { timestamp } = signOptions(v);
    const at = (tolerance, now) => outcome(() => new Webhook(v.secret, { scheme: v.scheme, tolerance }).verify(v.body, v.headers, { now }));
    const where = `${v.scheme}/${v.name}`;
    assert.equal(at(0, timestamp), null, where);
    assert.equal(at(0, timestamp + 0.999), null, `${where}: fractional seconds round down`);
    assert.equal(at(0, timestamp + 1), 'timestamp_too_old', where);
    assert.equal(at(0, timestamp - 1), 'timestamp_too_new', where);
    assert.equal(at(60, timestamp + 60), null, where);
    assert.equal(at(60, timestamp + 61), 'timestamp_too_old', where);
    assert.equal(at(60, timestamp - 61), 'timestamp_too_new', where);
    checked += 1;
  }
  assert.ok(checked >= 10, `checked ${checked}`);
  for (const v of VECTORS.filter((x) => x.valid && !TIMESTAMPED.has(x.scheme))) {
    // No timestamp is signed: any clock, any tolerance.
    assert.equal(outcome(() => new Webhook(v.secret, { scheme: v.scheme, tolerance: 0 }).verify(v.body, v.headers, { now: 0 })), null);
  }
});

test('provider vectors: sign reproduces the providers\' signatures; whpk_ keys refuse to sign', async (t) => {
  let reproduced = 0;
  let refused = 0;
  for (const v of VECTORS.filter((x) => x.valid)) {
    await t.test(`${v.scheme}/${v.name}`, () => {
      const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
      const options = signOptions(v);
      if (v.secret.startsWith('whpk_')) {
        assert.throws(() => webhook.sign(v.body, options), (e) => e instanceof InvalidSecretError && /whpk_/.test(e.message) && !e.message.includes(v.secret));
        refused += 1;
        return;
      }
      for (const [shape, body] of Object.entries(bodyShapes(v.body))) {
        const ours = webhook.sign(body, options);
        assertReproduces(v, ours, ` (body as ${shape})`);
        webhook.verify(v.body, ours, { now: v.now });
      }
      // With several secrets, the first signs.
      assertReproduces(v, new Webhook([v.secret, otherSecret(v.scheme)], { scheme: v.scheme }).sign(v.body, options), ' (rotation)');
      reproduced += 1;
    });
  }
  assert.equal(refused, 1, 'the v1a public-key vector refuses to sign');
  assert.equal(reproduced, VECTORS.filter((x) => x.valid).length - 1);
  t.diagnostic(`providers: ${reproduced} signatures reproduced, ${refused} refused (whpk_)`);
});

test('standardwebhooks (npm): its signatures verify under scheme standard, and it verifies ours', () => {
  const keys = [Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'utf8'), crypto.randomBytes(32), crypto.randomBytes(24), crypto.randomBytes(64)];
  const payloads = ['{"type":"user.created","data":{"id":1}}', '{"note":"Zöe ✓ 🎉"}', '{}', `{"big":"${'x'.repeat(100_000)}"}`];
  let checks = 0;
  for (const key of keys) {
    const secret = `whsec_${key.toString('base64')}`;
    const theirs = new StandardWebhook(secret);
    const ours = new Webhook(secret, { scheme: 'standard' });
    for (const payload of payloads) {
      // Theirs -> hookproof, at a fixed time (verified with `now`), under both header families.
      const msgId = `msg_${crypto.randomBytes(8).toString('hex')}`;
      const signature = theirs.sign(msgId, new Date(T0 * 1000), payload);
      const headers = { 'webhook-id': msgId, 'webhook-timestamp': String(T0), 'webhook-signature': signature };
      ours.verify(payload, headers, { now: T0 });
      ours.verify(new TextEncoder().encode(payload), new Headers(headers), { now: T0 + 300 });
      ours.verify(payload, { 'svix-id': msgId, 'svix-timestamp': String(T0), 'svix-signature': signature }, { now: T0 });
      new Webhook(key.toString('base64'), { scheme: 'standard' }).verify(payload, headers, { now: T0 });
      assertCode(() => ours.verify(payload, headers, { now: T0 + 301 }), 'timestamp_too_old', 'their signature, late');
      assertCode(() => ours.verify(payload, headers, { now: T0 - 301 }), 'timestamp_too_new', 'their signature, early');
      assertCode(() => ours.verify(`${payload} `, headers, { now: T0 }), 'signature_mismatch', 'their signature, tampered');
      assertCode(() => ours.verify(payload, { ...headers, 'webhook-id': `${msgId}x` }, { now: T0 }), 'signature_mismatch', 'their signature, another id');
      // The same signature, byte for byte, from hookproof.
      assert.equal(ours.sign(payload, { timestamp: T0, msgId })['webhook-signature'], signature);

      // hookproof -> theirs: it checks the timestamp against its own clock, so sign now.
      const signed = ours.sign(payload);
      assert.deepEqual(theirs.verify(payload, signed), JSON.parse(payload));
      const explicit = ours.sign(payload, { timestamp: Math.floor(Date.now() / 1000), msgId });
      assert.equal(explicit['webhook-id'], msgId);
      assert.deepEqual(theirs.verify(payload, explicit), JSON.parse(payload));
      // It rejects what we reject: a stale signature, another key, a tampered body.
      const stale = ours.sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      assert.throws(() => theirs.verify(payload, stale), /too old/);
      assertCode(() => ours.verify(payload, stale), 'timestamp_too_old', 'stale');
      const other = new Webhook(`whsec_${crypto.randomBytes(32).toString('base64')}`, { scheme: 'standard' }).sign(payload);
      assert.throws(() => theirs.verify(payload, other), /No matching signature/);
      assert.throws(() => theirs.verify(`${payload} `, signed), /No matching signature/);
      checks += 1;
    }
  }
  assert.equal(checks, keys.length * payloads.length);
});

/** A deterministic pseudo-random source, so a failure can be replayed. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A random string: ASCII, Latin-1, BMP, astral characters and now and then a lone surrogate. */
function randomString(next, min, max) {
  const length = min + Math.floor(next() * (max - min + 1));
  let out = '';
  for (let i = 0; i < length; i++) {
    const kind = next();
    if (kind < 0.6) out += String.fromCharCode(0x20 + Math.floor(next() * 0x5f));
    else if (kind < 0.75) out += String.fromCharCode(Math.floor(next() * 0x100));
    else if (kind < 0.9) out += String.fromCharCode(0x100 + Math.floor(next() * 0xd700));
    else if (kind < 0.98) out += String.fromCodePoint(0x10000 + Math.floor(next() * 0xfffff));
    else out += String.fromCharCode(0xd800 + Math.floor(next() * 0x800));
  }
  return out;
}

test('@octokit/webhooks-methods (npm): its signatures verify under scheme github, and it verifies ours', async () => {
  // GitHub's documented example.
  const documented = await octokit.sign("It's a Secret to Everybody", 'Hello, World!');
  assert.equal(documented, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  new Webhook("It's a Secret to Everybody", { scheme: 'github' }).verify('Hello, World!', { 'X-Hub-Signature-256': documented });

  const next = prng(7);
  const runs = 200;
  for (let run = 0; run < runs; run++) {
    const secret = randomString(next, 1, 40);
    const payload = randomString(next, 1, run % 20 === 0 ? 20_000 : 400); // octokit refuses an empty payload
    const where = `run ${run}`;
    const webhook = new Webhook(secret, { scheme: 'github' });
    // Theirs -> hookproof, with the string and with its UTF-8 bytes (what octokit signs).
    const theirs = await octokit.sign(secret, payload);
    webhook.verify(payload, { 'x-hub-signature-256': theirs });
    webhook.verify(new TextEncoder().encode(payload), [['X-Hub-Signature-256', theirs]]);
    assertCode(() => webhook.verify(`${payload}!`, { 'x-hub-signature-256': theirs }), 'signature_mismatch', `${where}: tampered`);
    assertCode(() => new Webhook(`${secret}x`, { scheme: 'github' }).verify(payload, { 'x-hub-signature-256': theirs }), 'signature_mismatch', `${where}: another secret`);
    // hookproof -> theirs.
    const ours = webhook.sign(payload)['x-hub-signature-256'];
    assert.equal(ours, theirs, where);
    assert.equal(await octokit.verify(secret, payload, ours), true, where);
    assert.equal(await octokit.verify(`${secret}x`, payload, ours), false, where);
  }
});

test('a provider body is verified as bytes, never parsed: constructEvent refuses it as a Print.one event', () => {
  const v = VECTORS.find((x) => x.scheme === 'stripe' && x.valid);
  const webhook = new Webhook(v.secret, { scheme: 'stripe' });
  assert.throws(() => webhook.constructEvent(v.body, v.headers, { now: v.now }), InvalidPayloadError);
  assert.equal(header(v.headers, 'stripe-signature').startsWith('t='), true);
});
