// The two engines in Node: how `hookproof` picks one (and falls back), that a Rust panic never
// reaches JavaScript as anything but an exception (native: caught; wasm: a trap after which the
// instance is replaced and nothing made in it gives a verdict), that the wasm memory does not
// grow and holds no secret, and that require() and import give the same objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hp from 'hookproof';

const require = createRequire(import.meta.url);
const NODE_PKG = fileURLToPath(new URL('../../../node/', import.meta.url));
const WASM_PKG = fileURLToPath(new URL('../../../wasm/', import.meta.url));
const SECRET = 'whk_engine_test_secret';
const BODY = '{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}';

function node(code, env = {}, cwd = undefined) {
  return spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', cwd, env: { ...process.env, RUST_BACKTRACE: '0', ...env } });
}

test('require() and import give the same objects, one engine, every entry point', async () => {
  const cjs = require('hookproof');
  assert.equal(cjs.Webhook, hp.Webhook);
  assert.equal(cjs.SignatureMismatchError, hp.SignatureMismatchError);
  assert.equal(typeof require('hookproof/express').hookproof, 'function');
  assert.equal(typeof require('hookproof/express').webhookHandler, 'function');
  assert.equal(typeof (await import('hookproof/express')).default, 'function');
  assert.equal(typeof (await import('hookproof/fastify')).default, 'function');
  assert.equal(typeof (await import('hookproof/fetch')).withWebhook, 'function');
  assert.equal(require('hookproof/fetch').withWebhook, (await import('hookproof/fetch')).withWebhook);
});

test('HOOKPROOF_ENGINE picks the engine; both give the same verdicts', () => {
  for (const engine of ['native', 'wasm']) {
    const out = node(`
      const h = require('hookproof');
      const w = new h.Webhook(${JSON.stringify(SECRET)});
      const s = w.sign(${JSON.stringify(BODY)});
      w.verify(${JSON.stringify(BODY)}, s);
      let code; try { w.verify('x', s); } catch (e) { code = e.code; }
      console.log(h.engineName(), code);
    `, { HOOKPROOF_ENGINE: engine });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(out.stdout.trim(), `${engine} signature_mismatch`);
  }
  const bad = node("require('hookproof')", { HOOKPROOF_ENGINE: 'fast' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /HOOKPROOF_ENGINE must be "native" or "wasm"/);
});

test('a platform with no binary (the loader finds none) falls back to WebAssembly; native=forced fails loudly', () => {
  // The package as npm installs it, without a platform package and without a local build.
  const dir = mkdtempSync(join(tmpdir(), 'hookproof-nobinary-'));
  try {
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, '@hookproof'), { recursive: true });
    cpSync(join(NODE_PKG, 'package.json'), join(modules, 'hookproof', 'package.json'));
    cpSync(join(NODE_PKG, 'dist'), join(modules, 'hookproof', 'dist'), { recursive: true });
    symlinkSync(WASM_PKG, join(modules, '@hookproof', 'wasm'), 'dir');
    const check = `
      const h = require('hookproof');
      const w = new h.Webhook('s');
      w.verify('b', w.sign('b'));
      console.log(h.engineName());
    `;
    const fallback = node(check, { HOOKPROOF_ENGINE: '' }, dir);
    assert.equal(fallback.status, 0, fallback.stderr);
    assert.equal(fallback.stdout.trim(), 'wasm');
    const forced = node(check, { HOOKPROOF_ENGINE: 'native' }, dir);
    assert.notEqual(forced.status, 0);
    assert.match(forced.stderr, /HOOKPROOF_ENGINE=native, but no native binary loads for linux-x64-gnu/);
    assert.match(forced.stderr, /@hookproof\/linux-x64-gnu/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('native: a Rust panic becomes a JavaScript exception and the process survives', () => {
  const out = node(`
    const h = require('hookproof');
    const engine = require(${JSON.stringify(join(NODE_PKG, 'dist/cjs/core.js'))}).engineOf();
    try { engine.panicForTests(); } catch (e) { console.log('caught', /deliberate panic/.test(e.message)); }
    const w = new h.Webhook('s');
    w.verify('b', w.sign('b'));
    console.log('alive');
  `, { HOOKPROOF_ENGINE: 'native' });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, 'caught true\nalive\n');
});

test('native: the plain N-API fast paths answer an argument of another type with an error, never a pass', () => {
  const { readdirSync } = require('node:fs');
  const binary = readdirSync(NODE_PKG).find((name) => /^hookproof\..*\.node$/.test(name));
  const addon = require(join(NODE_PKG, binary));
  const webhook = addon.createWebhook([SECRET], undefined, undefined, undefined);
  const handle = webhook.fastHandle();
  const body = Buffer.from(BODY);
  const sign = (key) => createHmac('sha256', key).update(body).digest('base64'); // Node's own HMAC
  const signature = sign(SECRET);
  assert.equal(addon.verifyOneRaw(handle, body, undefined, 0, signature), undefined); // authentic
  assert.equal(addon.verifyOneRaw(handle, body, 1e9, 1, signature), undefined); // legacy slot, a clock
  const tampered = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  assert.equal(addon.verifyOneRaw(handle, body, undefined, 0, tampered).code, 'signature_mismatch');
  const wrong = [
    [{}, body, undefined, 0, signature], // not a handle
    [addon.createWebhook([SECRET], 'github', undefined, undefined), body, undefined, 0, signature], // the class, not its handle
    [handle, BODY, undefined, 0, signature], // a string body
    [handle, body, undefined, '0', signature], // an index that is not a number
    [handle, body, undefined, 0, Buffer.from(signature)], // a signature that is not a string
    [handle, body, undefined, 0], // too few
  ];
  for (const args of wrong) assert.equal(addon.verifyOneRaw(...args)?.code, 'invalid_argument', args.map((a) => typeof a).join(' '));
  assert.equal(addon.verifyOneRaw(handle, body, Number.NaN, 0, signature)?.code, 'invalid_argument'); // the core checks now
  // constructOneRaw: the same five, then the Float64Array it writes (known, createdAt in ms).
  const out = new Float64Array([7, 7]);
  assert.equal(addon.constructOneRaw(handle, body, undefined, 0, signature, out), undefined);
  assert.deepEqual([...out], [1, Date.parse('2026-11-28T10:00:00.000Z')]); // Node's own clock parse
  const unknown = Buffer.from(BODY.replace('order_status_update', 'order_teleported'));
  assert.equal(addon.constructOneRaw(handle, unknown, undefined, 0, createHmac('sha256', SECRET).update(unknown).digest('base64'), out), undefined);
  assert.equal(out[0], 0); // accepted, not a documented event
  out.fill(7);
  assert.equal(addon.constructOneRaw(handle, body, undefined, 0, tampered, out).code, 'signature_mismatch');
  const notEvent = Buffer.from('{"data":{}}');
  const notEventSignature = createHmac('sha256', SECRET).update(notEvent).digest('base64');
  assert.equal(addon.constructOneRaw(handle, notEvent, undefined, 0, notEventSignature, out).code, 'invalid_payload');
  assert.deepEqual([...out], [7, 7]); // written only for an accepted event
  const github = addon.createWebhook([SECRET], 'github', undefined, undefined).fastHandle();
  const hubSignature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  assert.equal(addon.constructOneRaw(github, body, undefined, 0, hubSignature, out), null); // JSON, no typed event
  for (const last of [undefined, [0, 0], new Float64Array(3), new Float32Array(2), new Float64Array(new ArrayBuffer(16), 8, 1)]) {
    assert.equal(addon.constructOneRaw(handle, body, undefined, 0, signature, last)?.code, 'invalid_argument');
  }
  for (const args of wrong) assert.equal(addon.constructOneRaw(...args, out)?.code, 'invalid_argument');
  assert.deepEqual([...out], [7, 7]);
  assert.equal(addon.verifyOneShotRaw(body, signature, SECRET), true);
  assert.equal(addon.verifyOneShotRaw(body, signature, 'another secret'), false);
  assert.equal(addon.verifyOneShotRaw(body, signature, '').code, 'invalid_secret');
  // A secret or signature past the stack buffer, and non-ASCII text, take the UTF-8 way.
  const long = 'k'.repeat(1000);
  assert.equal(addon.verifyOneShotRaw(body, sign(long), long), true);
  assert.equal(addon.verifyOneShotRaw(body, sign('sécret'), 'sécret'), true);
  assert.equal(addon.verifyOneShotRaw(body, sign('sécret'), 'secret'), false);
  for (const args of [[BODY, signature, SECRET], [body, 5, SECRET], [body, signature, Buffer.from(SECRET)], [body]]) {
    assert.equal(addon.verifyOneShotRaw(...args)?.code, 'invalid_argument');
  }
});

test('wasm: a panic is a trap; the instance is replaced; nothing made in it gives a verdict', () => {
  const out = node(`
    const assert = require('node:assert/strict');
    const h = require('hookproof');
    const engine = require(${JSON.stringify(join(NODE_PKG, 'dist/cjs/core.js'))}).engineOf();
    assert.equal(h.engineName(), 'wasm');
    const isTrap = (e) => e instanceof WebAssembly.RuntimeError;
    const before = new h.Webhook('s');
    const signed = before.sign('b');
    assert.throws(() => engine.panicForTests(), isTrap);
    assert.equal(engine.instanceForTests().generation, 1);
    // A Webhook made before the trap: a clear error, never a verdict.
    assert.throws(() => before.verify('b', signed), /made in a WebAssembly instance that trapped/);
    // The one-shot and new Webhooks work in the fresh instance.
    assert.equal(h.verify('b', signed['x-webhook-hmac-sha256'], 's'), true);
    const after = new h.Webhook('s');
    after.verify('b', signed);
    // A panic inside a Webhook's method (its keys borrowed, a request in wasm memory).
    assert.throws(() => engine.panicInside(after._handle, 'b'), isTrap);
    // Armed: the next call into the core panics where it would call it, in every entry point.
    const calls = {
      verifyOneShot: () => h.verify('b', signed['x-webhook-hmac-sha256'], 's'),
      newWebhook: () => new h.Webhook('s'),
      verify: (w) => w.verify('b', signed),
      constructEvent: (w) => w.constructEvent('b', signed),
      sign: (w) => w.sign('b'),
    };
    for (const [name, call] of Object.entries(calls)) {
      const w = new h.Webhook('s');
      engine.armPanicForTests();
      let outcome;
      try { call(w); outcome = 'returned'; } catch (e) { outcome = isTrap(e) ? 'trap' : e.code || String(e); }
      assert.equal(outcome, 'trap', name);
      assert.equal(h.verify('b', signed['x-webhook-hmac-sha256'], 's'), true, name + ': working again');
    }
    console.log('ok', engine.instanceForTests().generation);
  `, { HOOKPROOF_ENGINE: 'wasm' });
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /^ok 7\n$/, 'seven traps, seven fresh instances');
});

test('wasm: 110,000 rounds of every call leave the wasm memory unchanged, and it holds no secret', () => {
  const secret = 'wasm-memory-secret-3f9a1c7e';
  const out = node(`
    const h = require('hookproof');
    const glue = require('@hookproof/wasm/glue');
    const memory = glue.initSync({ module: require('node:fs').readFileSync(require.resolve('@hookproof/wasm/hookproof_wasm_bg.wasm')) }).memory;
    const secret = ${JSON.stringify(secret)};
    const body = ${JSON.stringify(BODY)};
    // Webhooks are made once, as a receiver does; the drop-ins and the replay guard make and
    // free what they need on every call.
    const w = new h.Webhook([secret, 'second-' + secret]);
    const stripe = new h.Webhook(secret, { scheme: 'stripe' });
    const standard = new h.Webhook('whsec_' + Buffer.from(secret).toString('base64'), { scheme: 'standard' });
    const guard = new h.ReplayGuard(new h.MemoryStore(50), { ttl: 60 });
    const s = w.sign(body);
    const errors = [() => w.verify(body, {}), () => w.verify(body + ' ', s), () => w.constructEvent('x', w.sign('x')),
      () => stripe.verify(body, { 'stripe-signature': 't=1,v1=zz' }), () => h.validateWebhook(body.replace('order_status_update', 'x'), w.sign(body.replace('order_status_update', 'x')), secret)];
    async function round(i) {
      w.sign(body);
      w.verify(body, s);
      w.constructEvent(body, s);
      for (const e of errors) { try { e(); } catch {} }
      h.verify(body, s['x-webhook-hmac-sha256'], secret);
      h.isValidWebhook(body, s, secret);
      h.validateWebhook(body, s, secret);
      stripe.verify(body, stripe.sign(body, { timestamp: 1795860000 }), { now: 1795860000 });
      standard.verify(body, standard.sign(body, { timestamp: 1795860000 }), { now: 1795860000 });
      if (i % 10 === 0) {
        const b = body.replace('ord_1', 'ord_' + i);
        const claim = await guard.claim(w, b, w.sign(b));
        if (claim && i % 20 === 0) await claim.release();
      }
    }
    (async () => {
    for (let i = 0; i < 10000; i++) await round(i);
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 100000; i++) await round(i);
    const after = memory.buffer.byteLength;
    // No copy of the secret left in wasm memory (prepared keys are HMAC states, and every copy of
    // the secret's bytes is wiped before it is freed).
    const bytes = new Uint8Array(memory.buffer);
    const needle = Buffer.from(secret);
    const found = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(needle);
    console.log(JSON.stringify({ before, after, found }));
    })();
  `, { HOOKPROOF_ENGINE: 'wasm' });
  assert.equal(out.status, 0, out.stderr);
  const { before, after, found } = JSON.parse(out.stdout);
  assert.equal(after, before, `wasm memory grew from ${before} to ${after} bytes`);
  assert.equal(found, -1, 'the secret is in wasm memory');
});

test('wasm: a Webhook keeps no copy of its secret in JavaScript either', () => {
  const out = node(`
    const { inspect } = require('node:util');
    const h = require('hookproof');
    const w = new h.Webhook('js-heap-secret-abc');
    const seen = inspect(w, { showHidden: true, depth: 20 }) + inspect(w._handle, { showHidden: true, depth: 20 });
    console.log(seen.includes('js-heap-secret') || seen.includes('106,115,45') ? 'leak' : 'clean');
  `, { HOOKPROOF_ENGINE: 'wasm' });
  assert.equal(out.stdout.trim(), 'clean', out.stderr);
});


test('content-length: the layer answers "within the limit" itself exactly where the core does', () => {
  // The layer skips the engine call for plain digits within the limit (in a server that call
  // costs microseconds of cold caches); every other value, and every refusal, is the core's.
  const core = require(join(NODE_PKG, 'dist/cjs/core.js'));
  const engine = core.engineOf();
  const outcome = (fn) => {
    try {
      fn();
      return 'ok';
    } catch (error) {
      return error.code || String(error);
    }
  };
  const values = ['0', '1', '700', '0700', '65536', '65537', '1048576', '1048577', '999999999999999', '9999999999999999',
    '99999999999999999999', '00000000000000000001', ' 700', '700 ', '\t700', '+700', '-1', '7e2', '0x2bc', '', ' ', '70 0', '١٢',
    '700\n', undefined, null];
  let checked = 0;
  for (const limit of [0, 700, 65536, 1 << 20]) {
    for (const value of values) {
      const layer = outcome(() => core.checkContentLength(value, limit));
      const own = outcome(() => engine.checkContentLength(value === undefined || value === null ? undefined : String(value), limit));
      assert.equal(layer, own, `content-length ${JSON.stringify(value)} with the limit ${limit}`);
      checked += 1;
    }
  }
  assert.equal(checked, 4 * values.length);
  assert.equal(outcome(() => core.checkContentLength('1048577', 1 << 20)), 'body_too_large');
});
