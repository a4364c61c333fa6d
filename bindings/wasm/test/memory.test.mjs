// No leak inside wasm: the module's linear memory only ever grows (dlmalloc keeps freed pages), so
// a call that forgets to free anything (an argument copy, a returned string, a CoreError) shows up
// as growth over enough calls. After a warm-up that reaches the steady state, 100,000 more rounds
// of every hot path, the error paths included, must leave the memory exactly as large as it was.
//
// (The process's RSS is a different matter: see the note on Request.clone() in docs/wasm.md. The
// round-trip harness therefore reports the wasm receiver's RSS without bounding it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as hp from '@hookproof/wasm';
import rawInit from '../pkg/hookproof_wasm.js';

const SECRET = 'whk_3f9a1c7e5b2d4a6f';
const EVENT = '{"data":{"id":"ord_1","status":"order_created"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.250Z"}';
const BYTES = new TextEncoder().encode(EVENT);

async function wasmMemoryBytes() {
  const exports = await rawInit(); // the instance the package already loaded
  return exports.memory.buffer.byteLength;
}

test('100,000 rounds of every call leave the wasm memory as large as it was', async () => {
  const webhook = new hp.Webhook(SECRET);
  const standard = new hp.Webhook(`whsec_${Buffer.from('k'.repeat(24)).toString('base64')}`, { scheme: 'standard' });
  const signature = webhook.sign(EVENT)['x-webhook-hmac-sha256'];
  const valid = { 'X-Webhook-Hmac-Sha256': signature };
  const forged = { 'x-webhook-hmac-sha256': webhook.sign(`${EVENT} `)['x-webhook-hmac-sha256'] };
  const malformed = new Headers({ 'x-webhook-hmac-sha256': `${signature}junk` });
  const expectError = (Class, fn) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof Class) return;
      throw error;
    }
    assert.fail(`expected ${Class.name}`);
  };

  const round = () => {
    assert.equal(hp.verify(BYTES, signature, SECRET), true);
    assert.equal(hp.verify(EVENT, 'not base64', SECRET), false);
    webhook.verify(BYTES, valid);
    expectError(hp.SignatureMismatchError, () => webhook.verify(EVENT, forged));
    expectError(hp.MalformedSignatureError, () => webhook.verify(BYTES, malformed));
    expectError(hp.MissingSignatureError, () => webhook.verify(BYTES, {}));
    assert.equal(webhook.constructEvent(BYTES, valid).event, 'order_status_update');
    const headers = standard.sign(EVENT);
    standard.verify(EVENT, headers);
  };

  const rounds = async (count) => {
    for (let i = 0; i < count; i++) round();
    for (let i = 0; i < count / 10; i++) {
      await webhook.verifyRequest(new Request('http://127.0.0.1/', { method: 'POST', headers: valid, body: BYTES }));
    }
  };

  await rounds(10_000);
  const warm = await wasmMemoryBytes();
  await rounds(100_000);
  assert.equal(await wasmMemoryBytes(), warm, 'wasm memory grew: some call does not free what it allocates');
});

test('the check can see a leak: memory grows while the core is handed strings nobody frees', async () => {
  // The control: strings copied into wasm memory by the glue's own allocator and never freed.
  const exports = await rawInit();
  const before = exports.memory.buffer.byteLength;
  for (let i = 0; i < 2_000; i++) exports.__wbindgen_malloc(1024, 1);
  assert.ok(exports.memory.buffer.byteLength > before);
});
