// Issue 8 through @hookproof/wasm: a Rust panic becomes a JavaScript exception, the process
// survives, and the module never gives a verdict from a trapped instance.
//
// The package is built with panic=immediate-abort, so a panic is the wasm instruction
// `unreachable`: the engine stops the call and throws `WebAssembly.RuntimeError: unreachable`.
// The instance is then half-way through a call (its allocations never freed, its shadow stack not
// unwound, the object it used still borrowed), so js/api.js never calls it again: it makes a fresh
// instance of the same compiled module and rethrows the error. Webhooks made before the trap
// prepare their keys again in the fresh instance on their next call.
//
// `__panicForTests` and `__instanceForTests` are test hooks, not part of the documented API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as hp from '@hookproof/wasm';
import { loadVectors } from './vectors.mjs';
import { loadProviders, signOptions, assertReproduces } from './providers.mjs';

const { verify, Webhook, WebhookError, isValidWebhook, __panicForTests, __instanceForTests } = hp;
const PRINTONE = loadVectors();
const PROVIDERS = loadProviders();
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const isTrap = (e) => e instanceof WebAssembly.RuntimeError && e.message === 'unreachable';

function outcome(fn) {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof WebhookError) return error.code;
    throw error;
  }
}

// Webhooks made once, before any trap, used for every check below: one per vector.
const printoneHooks = PRINTONE.map((v) => new Webhook(v.secret));
const providerHooks = PROVIDERS.map((v) => new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance }));

/** Every vector through the Webhooks made before the traps, the one-shot verify and sign. Returns the count. */
function assertEveryVerdict(context) {
  let checked = 0;
  for (const [i, v] of PRINTONE.entries()) {
    assert.equal(verify(v.body, v.signature, v.secret), v.valid, `${context}: one-shot ${v.name}`);
    assert.equal(outcome(() => printoneHooks[i].verify(v.body, { [v.header]: v.signature })), v.valid ? null : v.error, `${context}: ${v.name}`);
    assert.equal(isValidWebhook(v.body, { [v.header]: v.signature }, v.secret), v.valid, `${context}: isValidWebhook ${v.name}`);
    checked += 1;
  }
  for (const [i, v] of PROVIDERS.entries()) {
    assert.equal(outcome(() => providerHooks[i].verify(v.body, v.headers, { now: v.now })), v.valid ? null : v.error, `${context}: ${v.scheme}/${v.name}`);
    if (v.valid && !v.secret.startsWith('whpk_')) assertReproduces(v, providerHooks[i].sign(v.body, signOptions(v)), ` (${context})`);
    checked += 1;
  }
  return checked;
}

test('before any trap: every vector gets its verdict (the baseline)', () => {
  assert.deepEqual(__instanceForTests(), { generation: 0, stopped: false });
  assert.equal(assertEveryVerdict('before'), PRINTONE.length + 51);
});

test('a Rust panic is a catchable WebAssembly.RuntimeError, and the next calls get the right verdicts', () => {
  const start = __instanceForTests().generation;
  // In a free function.
  assert.throws(() => __panicForTests(), isTrap);
  assert.equal(__instanceForTests().generation, start + 1, 'the trapped instance was replaced');
  assertEveryVerdict('after a panic in a free function');

  // Inside a Webhook's method, with its keys borrowed and a request in wasm memory, for every
  // scheme: the same Webhook keeps working.
  for (const [i, v] of PROVIDERS.entries()) {
    let caught;
    try {
      __panicForTests({ webhook: providerHooks[i], body: v.body, headers: v.headers, now: v.now });
    } catch (error) {
      caught = error;
    }
    assert.ok(isTrap(caught), `${v.scheme}/${v.name}: ${caught}`);
    assert.equal(outcome(() => providerHooks[i].verify(v.body, v.headers, { now: v.now })), v.valid ? null : v.error, `${v.scheme}/${v.name} right after its panic`);
  }
  assert.equal(__instanceForTests().generation, start + 1 + PROVIDERS.length, 'one fresh instance per trap');
  assert.equal(__instanceForTests().stopped, false);
  assertEveryVerdict('after a panic in every scheme');
});

test('a panic inside any entry point is thrown, never a verdict, and the call after it is right', async () => {
  // __armPanicForTests makes the next call into the core panic where it would call the core (the
  // call's body, headers and keys already in wasm memory).
  const v = PRINTONE.find((x) => x.valid);
  const bad = PRINTONE.find((x) => !x.valid && x.error === 'signature_mismatch');
  const headers = { [v.header]: v.signature };
  const stripe = PROVIDERS.find((x) => x.scheme === 'stripe' && x.valid);
  const stripeHook = new Webhook(stripe.secret, { scheme: 'stripe' });
  const text = new TextDecoder().decode(v.body);
  const event = '{"data":{"id":"ord_1"},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}';
  const eventHeaders = printoneHooks[0].sign(event);
  const request = (body, h) => new Request('https://receiver.example/hook', { method: 'POST', body, headers: h });
  const entryPoints = {
    'verify (bytes, text secret)': () => verify(v.body, v.signature, v.secret),
    'verify (string, text secret)': () => verify(text, v.signature, v.secret),
    'verify (bytes, byte secret)': () => verify(v.body, v.signature, new TextEncoder().encode(v.secret)),
    'verify (string, byte secret)': () => verify(text, v.signature, new TextEncoder().encode(v.secret)),
    'verify of a wrong signature': () => verify(bad.body, bad.signature, bad.secret),
    'new Webhook': () => new Webhook(v.secret),
    'Webhook#verify (bytes)': () => printoneHooks[0].verify(v.body, headers),
    'Webhook#verify (string)': () => printoneHooks[0].verify(text, headers),
    'Webhook#verify, stripe': () => stripeHook.verify(stripe.body, stripe.headers, { now: stripe.now }),
    'Webhook#constructEvent': () => printoneHooks[0].constructEvent(event, eventHeaders),
    'Webhook#sign': () => printoneHooks[0].sign(event),
    isValidWebhook: () => isValidWebhook(v.body, headers, v.secret),
    'isValidWebhook of a wrong signature': () => isValidWebhook(bad.body, { [bad.header]: bad.signature }, bad.secret),
    validateWebhook: () => hp.validateWebhook(event, eventHeaders, PRINTONE[0].secret),
  };
  for (const [name, fn] of Object.entries(entryPoints)) {
    const before = __instanceForTests().generation;
    hp.__armPanicForTests();
    let returned = 'nothing';
    assert.throws(() => { returned = fn(); }, (e) => {
      assert.ok(isTrap(e), `${name}: ${e}`);
      assert.ok(!(e instanceof WebhookError), `${name}: a trap is not a WebhookError (a middleware must not answer 401 to it)`);
      return true;
    }, `${name}: the panic is thrown`);
    assert.equal(returned, 'nothing', `${name}: no verdict came back`);
    assert.equal(__instanceForTests().generation, before + 1, `${name}: the instance was replaced`);
    fn(); // The same call right after, on the fresh instance, gives its ordinary result.
  }
  // The Fetch helpers reject with it.
  for (const make of [() => hp.verifyRequest(request(v.body, headers), v.secret), () => printoneHooks[0].verifyRequest(request(v.body, headers))]) {
    hp.__armPanicForTests();
    await assert.rejects(make(), isTrap);
    assert.deepEqual(await make(), v.body);
  }
  assertEveryVerdict('after a panic in every entry point');
});

test('many traps in a row: every one is replaced, nothing accumulates', () => {
  const start = __instanceForTests().generation;
  const rssBefore = process.memoryUsage().rss;
  const big = new Uint8Array(16 << 20).fill(7); // 300 traps x 16 MiB: 4.8 GB if the copies leaked
  for (let i = 0; i < 300; i++) {
    assert.throws(() => __panicForTests(i % 2 ? { body: big } : { webhook: printoneHooks[i % printoneHooks.length], body: big }), isTrap);
  }
  assert.equal(__instanceForTests().generation, start + 300);
  const grown = process.memoryUsage().rss - rssBefore;
  assert.ok(grown < 1024 * 1024 * 1024, `RSS grew by ${Math.round(grown / 2 ** 20)} MiB over 300 traps`);
  assertEveryVerdict('after 300 traps');
});

test('if no fresh instance can be made, every call throws a clear error (never a verdict) until one can', () => {
  const v = PRINTONE.find((x) => x.valid);
  const headers = { [v.header]: v.signature };
  const Instance = WebAssembly.Instance;
  let failing = true;
  // The glue makes the fresh instance with `new WebAssembly.Instance(module, imports)`.
  WebAssembly.Instance = function FailingInstance(...args) {
    if (failing) throw new RangeError('WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance');
    return new Instance(...args);
  };
  try {
    assert.throws(() => __panicForTests(), isTrap, 'the trap itself is rethrown');
    assert.equal(__instanceForTests().stopped, true);
    const stoppedError = (e) => {
      assert.ok(!(e instanceof WebhookError), `not a verdict: ${e}`);
      assert.match(e.message, /interrupted \(RuntimeError: unreachable\) and no fresh instance could be created \(RangeError: .*Out of memory.*\)\. Nothing was verified/);
      assert.ok(e.cause instanceof RangeError);
      assert.ok(!e.message.includes(v.secret));
      return true;
    };
    for (let i = 0; i < 3; i++) {
      assert.throws(() => verify(v.body, v.signature, v.secret), stoppedError);
      assert.throws(() => printoneHooks[0].verify(v.body, headers), stoppedError);
      assert.throws(() => isValidWebhook(v.body, headers, v.secret), stoppedError);
      assert.throws(() => new Webhook('fresh'), stoppedError);
      assert.throws(() => providerHooks[0].sign('{}'), stoppedError);
    }
    // Once an instance can be made again, everything works again, with the same Webhooks.
    failing = false;
    assert.equal(verify(v.body, v.signature, v.secret), true);
    assert.equal(__instanceForTests().stopped, false);
    assertEveryVerdict('after recovering');
  } finally {
    WebAssembly.Instance = Instance;
  }
});

test('the process survives a panic, caught or not; the edge entry (initSync) recovers the same way', () => {
  const script = `
    import * as hp from '@hookproof/wasm';
    const sig = new hp.Webhook('s').sign('hello')['x-webhook-hmac-sha256'];
    try { hp.__panicForTests(); } catch (e) { console.log('caught', e.name, e.message); }
    console.log('verdicts', hp.verify('hello', sig, 's'), hp.verify('hellO', sig, 's'));
    if (process.argv.includes('--uncaught')) hp.__panicForTests();
    console.log('end');
  `;
  const run = (...args) => spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], { cwd: PACKAGE_DIR, encoding: 'utf8', timeout: 60_000 });
  const caught = run();
  assert.equal(caught.status, 0, caught.stderr);
  assert.equal(caught.signal, null);
  assert.deepEqual(caught.stdout.trim().split('\n'), ['caught RuntimeError unreachable', 'verdicts true false', 'end']);
  // Uncaught, it is an ordinary uncaught exception (exit code 1 and a stack trace), not an abort.
  const uncaught = run('--uncaught');
  assert.equal(uncaught.signal, null);
  assert.equal(uncaught.status, 1);
  assert.match(uncaught.stderr, /RuntimeError: unreachable/);
  assert.deepEqual(uncaught.stdout.trim().split('\n'), ['caught RuntimeError unreachable', 'verdicts true false']);

  // The browser/edge entry, loaded from a compiled WebAssembly.Module as a Worker does.
  const edge = `
    import { readFileSync } from 'node:fs';
    import * as hp from './js/index.js';
    hp.initSync({ module: new WebAssembly.Module(readFileSync('pkg/hookproof_wasm_bg.wasm')) });
    const webhook = new hp.Webhook('whsec_c2VjcmV0LWtleS1ieXRlcw==', { scheme: 'standard' });
    const signed = webhook.sign('{}', { timestamp: 1795860000, msgId: 'msg_1' });
    try { hp.__panicForTests({ webhook, body: '{}', headers: signed, now: 1795860000 }); } catch (e) { console.log(e instanceof WebAssembly.RuntimeError, e.message); }
    webhook.verify('{}', signed, { now: 1795860000 });
    try { webhook.verify('{} ', signed, { now: 1795860000 }); } catch (e) { console.log(e.code); }
    console.log(JSON.stringify(hp.__instanceForTests()));
  `;
  const worker = spawnSync(process.execPath, ['--input-type=module', '-e', edge], { cwd: PACKAGE_DIR, encoding: 'utf8', timeout: 60_000 });
  assert.equal(worker.status, 0, worker.stderr);
  assert.deepEqual(worker.stdout.trim().split('\n'), ['true unreachable', 'signature_mismatch', '{"generation":1,"stopped":false}']);
});

test('why the glue replaces the instance: a trapped instance leaks and keeps its object borrowed', () => {
  // The raw wasm-bindgen module on its own (a child process, so that this package's instance is
  // untouched), trapped and then called again without a replacement.
  const script = `
    import { readFileSync } from 'node:fs';
    import * as raw from './pkg/hookproof_wasm.js';
    const exports = raw.initSync({ module: readFileSync('pkg/hookproof_wasm_bg.wasm') });
    const secret = new TextEncoder().encode('secret');
    const webhook = new raw.Webhook(secret, new Uint32Array([secret.length]), 'printone', 300);
    const body = new Uint8Array(8 << 20);
    const before = exports.memory.buffer.byteLength;
    for (let i = 0; i < 8; i++) { try { webhook.__panicForTests(body, [], 0); } catch {} }
    const grown = (exports.memory.buffer.byteLength - before) / 2 ** 20;
    let freed = 'freed';
    try { webhook.free(); } catch (e) { freed = e.message; }
    console.log(JSON.stringify({ grownMiB: grown, freed }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PACKAGE_DIR, encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.status, 0, child.stderr);
  const { grownMiB, freed } = JSON.parse(child.stdout);
  assert.ok(grownMiB >= 56, `each trapped call leaked its 8 MiB body copy (memory grew ${grownMiB} MiB over 8 traps)`);
  assert.match(freed, /borrowed/, 'the object the trapped call used stays borrowed forever');
});
