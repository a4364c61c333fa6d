'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const Fastify = require('fastify');
const hookproofFastify = require('hookproof/fastify');
const { withWebhook } = require('hookproof/fetch');
const { oracleSign, SECRET, eventBody } = require('./helpers.js');
const { listen, post, close } = require('./servers.js');

const body = eventBody('batch_status_update', { id: 'bat_1' });

test('fastify: the plugin verifies its scope\'s routes with the raw buffer; others keep JSON parsing', async () => {
  const app = Fastify();
  app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret: SECRET });
    scope.post('/hook', async (request) => ({ event: request.webhook.event, id: request.webhook.data.id, raw: request.rawBody.length }));
  });
  app.post('/other', async (request) => ({ parsed: request.body }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  try {
    const ok = await post(port, '/hook', body, { 'X-Webhook-HMAC-SHA256': oracleSign(body, SECRET) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { event: 'batch_status_update', id: 'bat_1', raw: body.length });
    const text = await post(port, '/hook', body, { 'content-type': 'text/plain', 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
    assert.equal(text.status, 200, 'any content type reaches the raw parser');
    const bad = await post(port, '/hook', body, { 'x-webhook-hmac-sha256': oracleSign(body, 'nope') });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.code, 'signature_mismatch');
    const missing = await post(port, '/hook', body);
    assert.equal(missing.json.code, 'missing_signature');
    const invalid = await post(port, '/hook', '{}', { 'x-webhook-hmac-sha256': oracleSign('{}', SECRET) });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.json.code, 'invalid_payload');
    const other = await post(port, '/other', '{"a":1}');
    assert.deepEqual(other.json, { parsed: { a: 1 } }, 'the plugin is encapsulated');
  } finally {
    await app.close();
  }
});

test('fetch: withWebhook wraps a (request) => Response handler, served by a real HTTP server', async () => {
  const seen = [];
  const handle = withWebhook(SECRET, async (request, event, ctx) => {
    seen.push(ctx);
    return Response.json({ event: event.event, id: event.data.id, createdAt: event.createdAt.toISOString() });
  });
  // A minimal Fetch-API server on node:http, as Next.js/Hono adapters do.
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
    const response = await handle(request, { params: {} });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  const port = await listen(server);
  try {
    const ok = await post(port, '/api/webhooks', body, { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { event: 'batch_status_update', id: 'bat_1', createdAt: '2026-11-28T10:00:01.250Z' });
    assert.deepEqual(seen, [{ params: {} }], 'extra arguments (Next.js context) are passed on');
    const bad = await post(port, '/api/webhooks', body, { 'x-webhook-hmac-sha256': oracleSign(body + ' ', SECRET) });
    assert.equal(bad.status, 401);
    assert.equal(bad.json.code, 'signature_mismatch');
    const invalid = await post(port, '/api/webhooks', 'x', { 'x-webhook-hmac-sha256': oracleSign('x', SECRET) });
    assert.equal(invalid.status, 400);
    assert.equal(seen.length, 1, 'the handler never ran for a rejected request');
  } finally {
    await close(server);
  }
  // And directly with a Request, no server:
  const direct = await handle(new Request('http://x/', { method: 'POST', body, headers: { 'x-printone-hmac-sha256': oracleSign(body, SECRET) } }));
  assert.equal(direct.status, 200);
  assert.throws(() => withWebhook(SECRET, 'not a function'), TypeError);
  await assert.rejects(handle({}), TypeError);
});
