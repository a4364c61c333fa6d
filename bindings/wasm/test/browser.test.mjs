// A real browser: the ES module in Debian's headless Chromium verifies every shared vector and
// every provider vector, and survives a Rust panic with the right verdicts afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPage } from './browser/harness.mjs';
import { loadVectors } from './vectors.mjs';
import { loadProviders, assertReproduces } from './providers.mjs';

test('Chromium loads the ES module and agrees with every vector', async () => {
  const vectors = loadVectors();
  const { result, errors, logs, browser } = await runPage('/test/browser/vectors.html');
  console.log(browser);
  assert.deepEqual(errors, [], `page errors: ${errors.join('; ')}\n${logs.join('\n')}`);
  assert.ok(result.ok, `the page failed: ${result.error}`);
  assert.equal(result.results.length, vectors.length);
  const wrong = [];
  for (const [i, v] of vectors.entries()) {
    const r = result.results[i];
    const expected = v.valid ? 'ok' : v.error;
    assert.equal(r.name, v.name);
    if (r.oneShot !== v.valid) wrong.push(`${v.name}: verify() said ${r.oneShot}`);
    if (r.oneShotArrayBuffer !== v.valid) wrong.push(`${v.name}: verify(ArrayBuffer) said ${r.oneShotArrayBuffer}`);
    if (r.headers !== expected) wrong.push(`${v.name}: Webhook.verify(Headers) gave ${r.headers}, expected ${expected}`);
    if (r.object !== expected) wrong.push(`${v.name}: Webhook.verify(object) gave ${r.object}, expected ${expected}`);
  }
  assert.deepEqual(wrong, []);
});

test('Chromium: every provider vector, sign reproduces the providers, and a panic changes no verdict', async () => {
  const vectors = loadProviders();
  const { result, errors, logs } = await runPage('/test/browser/providers.html');
  assert.deepEqual(errors, [], `page errors: ${errors.join('; ')}\n${logs.join('\n')}`);
  assert.ok(result.ok, `the page failed: ${result.error}`);
  assert.deepEqual(result.names, vectors.map((v) => `${v.scheme}/${v.name}`));
  // Three panics: inside a Webhook method, in a free function, and armed inside Webhook#verify.
  // Each is a catchable WebAssembly.RuntimeError ('unreachable'), none a verdict, and each
  // trapped instance was replaced (synchronously, on the page's main thread).
  assert.equal(result.panics.length, 3);
  for (const panic of result.panics) {
    assert.deepEqual(panic, { name: 'RuntimeError', message: 'unreachable', runtimeError: true });
  }
  assert.deepEqual(result.instance, { generation: 3, stopped: false });
  const wrong = [];
  let reproduced = 0;
  for (const phase of ['before', 'after']) {
    for (const [i, v] of vectors.entries()) {
      const expected = v.valid ? 'ok' : v.error;
      for (const [shape, got] of Object.entries(result[phase].verdicts[i])) {
        if (got !== expected) wrong.push(`${phase} ${v.scheme}/${v.name} (${shape}): ${got}, expected ${expected}`);
      }
      const signed = result[phase].signatures[i];
      if (!v.valid) continue;
      if (v.secret.startsWith('whpk_')) {
        assert.deepEqual(signed, { error: 'invalid_secret' }, `${phase} ${v.name}: a public key refuses to sign`);
      } else {
        assertReproduces(v, signed.headers, ` (Chromium, ${phase} the panic)`);
        reproduced += 1;
      }
    }
  }
  assert.deepEqual(wrong, []);
  assert.equal(reproduced, 2 * (vectors.filter((v) => v.valid).length - 1));
});
