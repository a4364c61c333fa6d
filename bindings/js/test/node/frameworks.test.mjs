// The Node framework helpers on real servers (Express, Fastify, Hono through the Fetch helper):
// raw bytes, the core's status per code, the body limit, a body parser that ran first, replay,
// answering first. Run on each engine (HOOKPROOF_ENGINE).
import { test } from 'node:test';
import { assertFloodRefused } from './http.mjs';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { Webhook, ReplayGuard, MemoryStore, engineName } from 'hookproof';
import { hookproof, webhookHandler, captureRawBody } from 'hookproof/express';
import hookproofFastify from 'hookproof/fastify';
import { withWebhook } from 'hookproof/fetch';

const SECRET = 'whk_frameworks_3f9a1c7e';
const sign = (body, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const eventBody = (data = { id: 'ord_9' }, event = 'order_status_update') =>
  JSON.stringify({ data, event, created_at: '2026-11-28T10:00:01.250Z' });
const BODY = eventBody();
const PRETTY = JSON.stringify(JSON.parse(BODY), null, 2);

async function post(port, path, body, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST', body, duplex: 'half',
    headers: { 'content-type': 'application/json', ...headers },
    signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, text, json, headers: res.headers };
}


async function expressApp(setup, fn) {
  const app = express();
  setup(app);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    await fn(server.address().port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

function eventAnswer(req, res) {
  res.json({ event: req.webhook.event, id: req.webhook.data.id, createdAt: req.webhook.createdAt.toISOString(), raw: req.rawBody.length });
}

test(`express (${engineName()}): the raw body, 2xx with the event, the core's status and code otherwise`, async () => {
  await expressApp((app) => app.post('/hook', hookproof(SECRET), eventAnswer), async (port) => {
    const ok = await post(port, '/hook', BODY, { 'X-Webhook-Hmac-Sha256': sign(BODY) });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json, { event: 'order_status_update', id: 'ord_9', createdAt: '2026-11-28T10:00:01.250Z', raw: BODY.length });
    assert.equal((await post(port, '/hook', BODY, { 'x-printone-hmac-sha256': sign(BODY) })).status, 200);
    const bad = await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY, 'wrong') });
    assert.deepEqual([bad.status, bad.json.code], [401, 'signature_mismatch']);
    assert.match(bad.json.message, /raw bytes/);
    assert.equal((await post(port, '/hook', BODY)).json.code, 'missing_signature');
    assert.equal((await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': 'nope' })).json.code, 'malformed_signature');
    const notEvent = await post(port, '/hook', '[1,2]', { 'x-webhook-hmac-sha256': sign('[1,2]') });
    assert.deepEqual([notEvent.status, notEvent.json.code], [400, 'invalid_payload']);
    assert.equal((await post(port, '/hook', PRETTY, { 'x-webhook-hmac-sha256': sign(BODY) })).status, 401, 'the exact bytes');
  });
});

test(`express (${engineName()}): a body captured by express.raw() or express.json({ verify: captureRawBody })`, async () => {
  await expressApp((app) => {
    app.post('/raw', express.raw({ type: '*/*' }), hookproof(new Webhook(['old', SECRET])), eventAnswer);
    app.use(express.json({ verify: captureRawBody }));
    app.post('/json', hookproof(SECRET), eventAnswer);
  }, async (port) => {
    for (const path of ['/raw', '/json']) {
      const ok = await post(port, path, PRETTY, { 'x-webhook-hmac-sha256': sign(PRETTY) });
      assert.equal(ok.status, 200, `${path}: ${ok.text}`);
      assert.equal(ok.json.raw, Buffer.byteLength(PRETTY));
      assert.equal((await post(port, path, PRETTY, { 'x-webhook-hmac-sha256': sign(BODY) })).status, 401, path);
    }
  });
});

test(`express (${engineName()}): a parser that ran first is raw_body_unavailable (500), warned about once`, async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    await expressApp((app) => {
      app.use(express.json());
      app.post('/hook', hookproof(SECRET), eventAnswer);
    }, async (port) => {
      for (let i = 0; i < 3; i++) {
        const res = await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY) });
        assert.deepEqual([res.status, res.json.code], [500, 'raw_body_unavailable']);
        assert.match(res.json.message, /before the parser/);
      }
      const other = await post(port, '/hook', BODY, { 'content-type': 'text/plain', 'x-webhook-hmac-sha256': sign(BODY) });
      assert.equal(other.status, 200, 'a body the parser did not take is read by hookproof');
    });
  } finally {
    process.off('warning', onWarning);
  }
  const ours = warnings.filter((w) => w.name === 'HookproofWarning');
  assert.equal(ours.length, 1, 'warned once');
  assert.match(ours[0].message, /captureRawBody/);
});

test(`express (${engineName()}): the body limit (default 1 MiB, or "1mb"-style sizes) is 413 before reading the rest`, async () => {
  await expressApp((app) => {
    app.post('/default', hookproof(SECRET, { parseEvent: false }), (req, res) => res.status(204).end());
    app.post('/small', hookproof(SECRET, { parseEvent: false, bodyLimit: '1kb' }), (req, res) => res.status(204).end());
  }, async (port) => {
    const bytes = Buffer.from([0, 255, 1, 2, 3]);
    assert.equal((await post(port, '/small', bytes, { 'x-webhook-hmac-sha256': sign(bytes) })).status, 204);
    const big = Buffer.alloc(2048, 1);
    const small = await post(port, '/small', big, { 'x-webhook-hmac-sha256': sign(big) });
    assert.deepEqual([small.status, small.json.code], [413, 'body_too_large']);
    // A streamed 100 MB body with no content-length: stopped at the limit, connection closed.
    await assertFloodRefused(assert, port, '/default', 100);
    const declared = await post(port, '/default', 'x', { 'content-length': '1', 'x-webhook-hmac-sha256': sign('x') });
    assert.equal(declared.status, 204);
  });
  assert.throws(() => hookproof(SECRET, { bodyLimit: '1 parsec' }), (e) => e.code === 'invalid_argument');
  assert.throws(() => hookproof(SECRET, { limit: -5 }), (e) => e.code === 'invalid_argument');
});

test(`express (${engineName()}): options with a ready Webhook are refused, a missing secret is a setup error`, () => {
  const ready = new Webhook(SECRET);
  assert.throws(() => hookproof(ready, { scheme: 'stripe' }), /scheme configure a new Webhook/);
  assert.throws(() => hookproof(ready, { tolerance: 10 }), /tolerance configure a new Webhook/);
  assert.throws(() => hookproof(undefined), /environment variable/);
  assert.throws(() => hookproof(''), (e) => e.code === 'invalid_secret');
  assert.throws(() => hookproof(SECRET, { shceme: 'github' }), /unknown option `shceme`/);
});

test(`express (${engineName()}): replay: a duplicate is 200 without the route; a failed route releases its claim`, async () => {
  let ran = 0;
  let fail = true;
  const guard = new ReplayGuard(new MemoryStore(), { ttl: 60 });
  await expressApp((app) => app.post('/hook', hookproof(SECRET, { replay: guard }), (req, res) => {
    ran += 1;
    if (fail) { fail = false; res.status(500).json({ error: 'database down' }); return; }
    res.status(204).end();
  }), async (port) => {
    const headers = { 'x-webhook-hmac-sha256': sign(BODY) };
    assert.equal((await post(port, '/hook', BODY, headers)).status, 500, 'the route failed');
    assert.equal((await post(port, '/hook', BODY, headers)).status, 204, 'its claim was released: the retry ran');
    const duplicate = await post(port, '/hook', BODY, headers);
    assert.deepEqual([duplicate.status, duplicate.json], [200, { duplicate: true }]);
    assert.equal(ran, 2);
  });
});

test(`express (${engineName()}): webhookHandler answers first with background, bounded, failures to onError`, async () => {
  const failures = [];
  let running = 0;
  let peak = 0;
  let done = 0;
  const finished = new Promise((resolve) => {
    const handler = webhookHandler(SECRET, async (event) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 200));
      running -= 1;
      done += 1;
      if (done === 8) setImmediate(resolve);
      if (event.data.fail) throw new Error('late failure');
    }, { background: { maxConcurrent: 3, onError: (error, event) => failures.push([error.message, event.data.n]) } });
    expressApp((app) => app.post('/hook', handler), async (port) => {
      const started = Date.now();
      const answers = await Promise.all([...Array(8).keys()].map((n) => {
        const body = eventBody({ n, fail: n === 7 });
        return post(port, '/hook', body, { 'x-webhook-hmac-sha256': sign(body) });
      }));
      assert.ok(Date.now() - started < 1000, 'answered before the handlers finished');
      for (const answer of answers) assert.equal(answer.status, 200);
      await finished;
    });
  });
  await finished;
  assert.equal(peak, 3, 'never more than the bound at once');
  assert.deepEqual(failures, [['late failure', 7]]);
});

test(`fastify (${engineName()}): the plugin verifies the raw bytes in its scope; limit, replay, statuses`, async () => {
  const app = Fastify();
  let ran = 0;
  await app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret: SECRET, bodyLimit: '64kb', replay: true });
    scope.post('/hook', async (request) => { ran += 1; return { event: request.webhook.event, raw: request.rawBody.length }; });
  });
  await app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret: 'whsec_stripe', scheme: 'stripe' });
    scope.post('/stripe', async (request) => ({ verified: request.webhook, size: request.rawBody.length }));
  });
  app.post('/other', async (request) => ({ parsed: request.body }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  try {
    const ok = await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY) });
    assert.deepEqual([ok.status, ok.json], [200, { event: 'order_status_update', raw: BODY.length }]);
    const duplicate = await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY) });
    assert.deepEqual([duplicate.status, duplicate.json], [200, { duplicate: true }]);
    assert.equal(ran, 1);
    assert.equal((await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY, 'x') })).json.code, 'signature_mismatch');
    await assertFloodRefused(assert, port, '/hook', 100);
    const stripe = new Webhook('whsec_stripe', { scheme: 'stripe' });
    const payload = '{"id":"evt_1"}';
    assert.deepEqual((await post(port, '/stripe', payload, stripe.sign(payload))).json, { verified: true, size: payload.length });
    const wrong = await post(port, '/stripe', payload, { 'stripe-signature': 't=1,v1=' + '0'.repeat(64) });
    assert.equal(wrong.status, 400, "Stripe's rejection status");
    assert.deepEqual((await post(port, '/other', '{"a":1}')).json, { parsed: { a: 1 } }, 'routes outside the scope parse JSON as usual');
  } finally {
    await app.close();
  }
});

test(`hono (${engineName()}): the Fetch helper on a real Hono server`, async () => {
  const app = new Hono();
  const receive = withWebhook(SECRET, async (request, event) => Response.json({ got: event.event }), { bodyLimit: '100kb' });
  app.post('/hook', (c) => receive(c.req.raw));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address();
  try {
    assert.deepEqual((await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign(BODY) })).json, { got: 'order_status_update' });
    assert.equal((await post(port, '/hook', BODY, { 'x-webhook-hmac-sha256': sign('x') })).status, 401);
    await assertFloodRefused(assert, port, '/hook', 50);
  } finally {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
});
