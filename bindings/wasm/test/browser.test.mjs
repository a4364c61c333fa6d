// A real browser: the ES module in Debian's headless Chromium verifies every shared vector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPage } from './browser/harness.mjs';
import { loadVectors } from './vectors.mjs';

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
