// Edge-style tests: the browser/edge ES module (js/index.js, not the Node entry), loaded the way
// Cloudflare Workers do it (initSync with an imported WebAssembly.Module), and verifyRequest on
// real Fetch API Request objects (Node 20 has them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as hp from '../js/index.js';
import { loadVectors } from './vectors.mjs';

const vectors = loadVectors();
const SECRET = 'whk_3f9a1c7e5b2d4a6f';
const EVENT = '{"data":{"id":"ord_1"},"event":"batch_status_update","created_at":"2026-11-28T10:00:00.000Z"}';
const URL_ = 'https://receiver.example/webhooks/printone';

const post = (body, headers) => new Request(URL_, { method: 'POST', body, headers });

test('before init, every call says how to load the module', () => {
  assert.throws(() => hp.verify('x', 'y', 'z'), /await init\(\)/);
  assert.throws(() => new hp.Webhook('s'), /initSync/);
});

test('initSync with a compiled WebAssembly.Module, as a Worker imports it', () => {
  const bytes = readFileSync(new URL('../pkg/hookproof_wasm_bg.wasm', import.meta.url));
  hp.initSync({ module: new WebAssembly.Module(bytes) });
  hp.initSync({ module: new WebAssembly.Module(bytes) }); // idempotent
  assert.equal(hp.verify('hello', 'iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=', 'secret'), true);
});

test('verifyRequest resolves to the raw body and leaves the request readable', async () => {
  const webhook = new hp.Webhook(SECRET);
  const request = post(EVENT, { 'Content-Type': 'application/json', ...webhook.sign(EVENT) });
  const body = await hp.verifyRequest(request, SECRET);
  assert.ok(body instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(body), EVENT);
  assert.equal(request.bodyUsed, false);
  assert.deepEqual(await request.json(), JSON.parse(EVENT));
  const event = webhook.constructEvent(body, request.headers);
  assert.equal(event.event, 'batch_status_update');
  // A Webhook or several secrets work too.
  await webhook.verifyRequest(post(EVENT, webhook.sign(EVENT)));
  await hp.verifyRequest(post(EVENT, webhook.sign(EVENT)), webhook);
  await hp.verifyRequest(post(EVENT, webhook.sign(EVENT)), ['other', SECRET]);
});

test('verifyRequest rejects with the typed errors', async () => {
  const webhook = new hp.Webhook(SECRET);
  const sig = webhook.sign(EVENT);
  await assert.rejects(hp.verifyRequest(post(EVENT + '\n', sig), SECRET), hp.SignatureMismatchError);
  await assert.rejects(hp.verifyRequest(post(EVENT, {}), SECRET), (e) => e instanceof hp.MissingSignatureError && e.code === 'missing_signature');
  await assert.rejects(hp.verifyRequest(post(EVENT, { 'x-webhook-hmac-sha256': 'zzz' }), SECRET), hp.MalformedSignatureError);
  await assert.rejects(hp.verifyRequest(post(EVENT, sig), ''), hp.InvalidSecretError);
  const used = post(EVENT, sig);
  await used.text();
  await assert.rejects(hp.verifyRequest(used, SECRET), (e) => e instanceof TypeError && /already read/.test(e.message));
  await assert.rejects(hp.verifyRequest({ headers: {} }, SECRET), TypeError);
});

test('a streamed body is read exactly as sent', async () => {
  const webhook = new hp.Webhook(SECRET);
  const bytes = new TextEncoder().encode(EVENT);
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
      controller.close();
    },
  });
  const request = new Request(URL_, { method: 'POST', body: stream, duplex: 'half', headers: webhook.sign(bytes) });
  const body = await hp.verifyRequest(request, SECRET);
  assert.deepEqual(body, bytes);
  assert.equal(await request.text(), EVENT);
});

for (const v of vectors) {
  test(`vector ${v.name} through a Fetch Request`, async () => {
    const request = post(v.body, { 'content-type': 'application/json', [v.header]: v.signature });
    if (v.valid) {
      const body = await hp.verifyRequest(request, v.secret);
      assert.deepEqual(body, v.body);
    } else {
      await assert.rejects(hp.verifyRequest(request, v.secret), (e) => e instanceof hp.WebhookError && e.code === v.error);
    }
    assert.equal(request.bodyUsed, false);
  });
}
