'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const express = require('express');
const hookproofExpress = require('hookproof/express');
const { captureRawBody } = hookproofExpress;
const { Webhook } = require('..');
const { oracleSign, SECRET, eventBody } = require('./helpers.js');
const { listen, post, close } = require('./servers.js');

function handler(req, res) {
  res.json({ event: req.webhook.event, id: req.webhook.data.id, createdAt: req.webhook.createdAt.toISOString(), raw: req.rawBody.length });
}

async function withApp(setup, fn) {
  const app = express();
  setup(app);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try { await fn(server.address().port); } finally { await close(server); }
}

const body = eventBody('order_status_update', { id: 'ord_9' });
const pretty = JSON.stringify(JSON.parse(body), null, 2);

test('express: reads the raw body itself; 2xx with the event, 401 JSON otherwise', async () => {
  await withApp((app) => app.post('/hook', hookproofExpress(SECRET), handler), async (port) => {
    const ok = await post(port, '/hook', body, { 'X-Webhook-Hmac-Sha256': oracleSign(body, SECRET) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { event: 'order_status_update', id: 'ord_9', createdAt: '2026-11-28T10:00:01.250Z', raw: body.length });
    const legacy = await post(port, '/hook', body, { 'x-printone-hmac-sha256': oracleSign(body, SECRET) });
    assert.equal(legacy.status, 200);
    const bad = await post(port, '/hook', body, { 'x-webhook-hmac-sha256': oracleSign(body, 'wrong') });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.code, 'signature_mismatch');
    assert.match(bad.json.message, /raw bytes/);
    const missing = await post(port, '/hook', body);
    assert.equal(missing.status, 401);
    assert.equal(missing.json.code, 'missing_signature');
    const malformed = await post(port, '/hook', body, { 'x-webhook-hmac-sha256': 'nope' });
    assert.equal(malformed.json.code, 'malformed_signature');
    const notEvent = await post(port, '/hook', '[1,2]', { 'x-webhook-hmac-sha256': oracleSign('[1,2]', SECRET) });
    assert.equal(notEvent.status, 400);
    assert.equal(notEvent.json.code, 'invalid_payload');
    // The exact bytes matter: a pretty-printed body with the compact body's signature fails.
    const reformatted = await post(port, '/hook', pretty, { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
    assert.equal(reformatted.status, 401);
  });
});

test('express: uses a body already captured by express.raw() or express.json({ verify: captureRawBody })', async () => {
  await withApp((app) => {
    app.post('/raw', express.raw({ type: '*/*' }), hookproofExpress(new Webhook(['old', SECRET])), handler);
    app.use(express.json({ verify: captureRawBody }));
    app.post('/json', hookproofExpress(SECRET), handler);
  }, async (port) => {
    for (const path of ['/raw', '/json']) {
      const ok = await post(port, path, pretty, { 'x-webhook-hmac-sha256': oracleSign(pretty, SECRET) });
      assert.equal(ok.status, 200, `${path}: ${ok.text}`);
      assert.equal(ok.json.raw, Buffer.byteLength(pretty));
      const bad = await post(port, path, pretty, { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
      assert.equal(bad.status, 401, path);
    }
  });
});

test('express: express.json() mounted globally without capture fails with a message that says how to fix the order', async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    await withApp((app) => {
      app.use(express.json());
      app.post('/hook', hookproofExpress(SECRET), handler);
    }, async (port) => {
      const res = await post(port, '/hook', body, { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
      assert.equal(res.status, 500);
      assert.equal(res.json.code, 'raw_body_unavailable');
      assert.match(res.json.message, /before the parser/);
      assert.match(res.json.message, /express\.json\(\{ verify: captureRawBody \}\)/);
      // A body express.json() did not parse (another content type) is still read by hookproof.
      const other = await post(port, '/hook', body, { 'content-type': 'text/plain', 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
      assert.equal(other.status, 200, other.text);
    });
  } finally {
    process.off('warning', onWarning);
  }
});

test('express: parseEvent: false only verifies arbitrary bytes; body limit enforced', async () => {
  await withApp((app) => {
    app.post('/bytes', hookproofExpress(SECRET, { parseEvent: false, limit: 1024 }), (req, res) => res.status(204).end());
    app.use((err, req, res, _next) => res.status(err.status || 500).json({ error: err.message }));
  }, async (port) => {
    const bytes = Buffer.from([0, 255, 1, 2, 3]);
    assert.equal((await post(port, '/bytes', bytes, { 'x-webhook-hmac-sha256': oracleSign(bytes, SECRET) })).status, 204);
    assert.equal((await post(port, '/bytes', bytes, { 'x-webhook-hmac-sha256': oracleSign('x', SECRET) })).status, 401);
    const big = Buffer.alloc(2048, 1);
    assert.equal((await post(port, '/bytes', big, { 'x-webhook-hmac-sha256': oracleSign(big, SECRET) })).status, 413);
  });
});

test('express: a missing secret is a setup error, not a 401 on every request', () => {
  assert.throws(() => hookproofExpress(undefined), (e) => e instanceof TypeError && /environment variable/.test(e.message));
  assert.throws(() => hookproofExpress(''), (e) => e.code === 'invalid_secret');
});
