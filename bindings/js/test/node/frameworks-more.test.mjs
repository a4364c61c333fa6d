// Koa, NestJS (a real Nest app on its Express platform) and AWS Lambda (every documented event
// shape, tests/vectors/lambda.json) through their helpers: raw bytes, the core's status per code,
// the body limit before buffering, a parser that ran first, replay, and answering first (a slow
// handler still answered at once, its failure at the error hook, concurrency bounded). Run on
// each engine (HOOKPROOF_ENGINE).
import 'reflect-metadata';
import { test } from 'node:test';
import { assertFloodRefused } from './http.mjs';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Koa from 'koa';
import { Controller, Module, Post, Req, UseInterceptors, HttpCode } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Background, MemoryStore, ReplayGuard, engineName } from 'hookproof';
import { hookproof as koaHookproof, webhookHandler as koaHandler } from 'hookproof/koa';
import { WebhookInterceptor } from 'hookproof/nest';
import { withWebhook as lambdaWebhook } from 'hookproof/lambda';

const SECRET = 'whk_frameworks_more_5d1e';
const sign = (body, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const eventBody = (data = { id: 'ord_7' }) => JSON.stringify({ data, event: 'order_status_update', created_at: '2026-11-28T10:00:01.250Z' });
const BODY = eventBody();
const signed = (body = BODY, secret = SECRET) => ({ 'x-webhook-hmac-sha256': sign(body, secret) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function post(port, path, body, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10000),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}


async function listening(server) {
  await new Promise((r) => (server.listening ? r() : server.once('listening', r)));
  return server.address().port;
}

async function closing(server) {
  server.closeAllConnections?.();
  await new Promise((r) => server.close(r));
}

/**
 * Answer first: 12 deliveries to a handler that sleeps `slowMs` (longer than the client waits),
 * bound 3; each answered 200 at once, all run, never more than 3 at once, one failure at onError.
 */
async function checkAnswerFirst(port, path, state) {
  const bodies = Array.from({ length: 12 }, (_, i) => eventBody({ id: `ord_${i}`, fail: i === 5 }));
  const started = Date.now();
  const answers = await Promise.all(bodies.map((b) => post(port, path, b, signed(b))));
  assert.ok(Date.now() - started < 1000, `answered before the handlers ran (${Date.now() - started} ms)`);
  assert.deepEqual(answers.map((a) => a.status), Array(12).fill(200));
  assert.deepEqual(answers[0].json, { received: true });
  for (let i = 0; i < 100 && state.done < 12; i++) await sleep(50);
  assert.equal(state.done, 12, 'every handler ran');
  assert.ok(state.background.peak <= 3 && state.background.peak >= 2, `bounded: peak ${state.background.peak}`);
  assert.deepEqual(state.failures, [['late failure', 'ord_5']]);
}

function slowState() {
  const state = { done: 0, failures: [] };
  state.background = new Background({ maxConcurrent: 3, onError: (error, event) => state.failures.push([error.message, event.data.id]) });
  state.handler = async (event) => {
    await sleep(300);
    state.done += 1;
    if (event.data.fail) throw new Error('late failure');
  };
  return state;
}

test(`koa (${engineName()}): middleware and handler, limit, a parser first, replay, answer first`, async () => {
  const app = new Koa();
  let routeRuns = 0;
  const state = slowState();
  const middleware = koaHookproof(SECRET, { bodyLimit: '64kb', replay: new ReplayGuard(new MemoryStore()) });
  const failing = koaHookproof(SECRET, { replay: true });
  const answerFirst = koaHandler(SECRET, state.handler, { background: state.background });
  const direct = koaHandler(SECRET, (event) => ({ got: event.data.id }));
  app.use(async (ctx, next) => {
    if (ctx.path === '/hook') {
      await middleware(ctx, async () => { routeRuns += 1; ctx.body = { event: ctx.state.webhook.event, raw: ctx.request.rawBody.length }; });
    } else if (ctx.path === '/failing') {
      await failing(ctx, async () => { routeRuns += 1; ctx.status = 500; ctx.body = 'route failed'; });
    } else if (ctx.path === '/later') {
      await answerFirst(ctx);
    } else if (ctx.path === '/direct') {
      await direct(ctx);
    } else if (ctx.path === '/parsed') {
      // A parser that consumed the stream (and kept no raw body) before the middleware.
      await new Promise((r) => { ctx.req.resume(); ctx.req.on('end', r); });
      await middleware(ctx, async () => { ctx.status = 204; });
    } else await next();
  });
  const server = app.listen(0, '127.0.0.1');
  const port = await listening(server);
  try {
    const ok = await post(port, '/hook', BODY, signed());
    assert.deepEqual([ok.status, ok.json], [200, { event: 'order_status_update', raw: BODY.length }]);
    const duplicate = await post(port, '/hook', BODY, signed());
    assert.deepEqual([duplicate.status, duplicate.json, routeRuns], [200, { duplicate: true }, 1]);
    const forged = await post(port, '/hook', eventBody({ id: 'x' }), signed());
    assert.deepEqual([forged.status, forged.json.code], [401, 'signature_mismatch']);
    await assertFloodRefused(assert, port, '/hook', 100);
    // A route that answers 500 releases its claim: the retry runs the route again.
    assert.equal((await post(port, '/failing', BODY, signed())).status, 500);
    assert.equal((await post(port, '/failing', BODY, signed())).status, 500);
    assert.equal(routeRuns, 3);
    const parsed = await post(port, '/parsed', BODY, signed());
    assert.deepEqual([parsed.status, parsed.json.code], [500, 'raw_body_unavailable']);
    assert.deepEqual((await post(port, '/direct', BODY, signed())).json, { got: 'ord_7' });
    await checkAnswerFirst(port, '/later', state);
  } finally {
    await closing(server);
  }
  assert.throws(() => koaHookproof(SECRET, { background: true }), /needs a handler/);
});

test(`nest (${engineName()}): a real Nest app with rawBody: the interceptor, statuses, replay, answer first`, async () => {
  const state = slowState();
  let runs = 0;
  class HooksController {
    handle(req) { runs += 1; return { event: req.webhook.event, raw: req.rawBody.length }; }
    later(req) { return state.handler(req.webhook); }
    fails() { throw new Error('route failed'); }
  }
  const methods = {
    handle: ['hook', new WebhookInterceptor(SECRET, { replay: true, bodyLimit: '64kb' })],
    later: ['later', new WebhookInterceptor(SECRET, { background: state.background })],
    fails: ['fails', new WebhookInterceptor(SECRET, { replay: true })],
  };
  for (const [name, [path, interceptor]] of Object.entries(methods)) {
    const descriptor = Object.getOwnPropertyDescriptor(HooksController.prototype, name);
    Post(path)(HooksController.prototype, name, descriptor);
    HttpCode(200)(HooksController.prototype, name, descriptor);
    UseInterceptors(interceptor)(HooksController.prototype, name, descriptor);
    Req()(HooksController.prototype, name, 0);
  }
  Controller('webhooks')(HooksController);
  class AppModule {}
  Module({ controllers: [HooksController] })(AppModule);
  const app = await NestFactory.create(AppModule, { rawBody: true, logger: false });
  await app.listen(0, '127.0.0.1');
  const port = app.getHttpServer().address().port;
  try {
    const ok = await post(port, '/webhooks/hook', BODY, signed());
    assert.deepEqual([ok.status, ok.json], [200, { event: 'order_status_update', raw: BODY.length }]);
    const duplicate = await post(port, '/webhooks/hook', BODY, signed());
    assert.deepEqual([duplicate.status, duplicate.json, runs], [200, { duplicate: true }, 1]);
    const forged = await post(port, '/webhooks/hook', eventBody({ id: 'x' }), signed());
    assert.deepEqual([forged.status, forged.json.code], [401, 'signature_mismatch']);
    const missing = await post(port, '/webhooks/hook', BODY);
    assert.deepEqual([missing.status, missing.json.code], [401, 'missing_signature']);
    // Nest's body parser reads the body before any interceptor, so its own limit refuses first.
    await assertFloodRefused(assert, port, '/webhooks/hook', 100, { code: null });
    // Under Nest's limit but over the interceptor's (64 KiB): the interceptor's 413.
    const over = 'x'.repeat(80 * 1024);
    const capped = await post(port, '/webhooks/hook', JSON.stringify({ pad: over }), signed(over));
    assert.deepEqual([capped.status, capped.json.code], [413, 'body_too_large']);
    // A failing route releases its claim: the retry runs it again (500 both times).
    assert.equal((await post(port, '/webhooks/fails', BODY, signed())).status, 500);
    assert.equal((await post(port, '/webhooks/fails', BODY, signed())).status, 500);
    await checkAnswerFirst(port, '/webhooks/later', state);
  } finally {
    await app.close();
  }
});

test(`nest (${engineName()}): without rawBody: true the interceptor says how to fix it`, async () => {
  class C { handle() { return 'never'; } }
  const d = Object.getOwnPropertyDescriptor(C.prototype, 'handle');
  Post('hook')(C.prototype, 'handle', d);
  UseInterceptors(new WebhookInterceptor(SECRET))(C.prototype, 'handle', d);
  Controller()(C);
  class M {}
  Module({ controllers: [C] })(M);
  const app = await NestFactory.create(M, { logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const answer = await post(app.getHttpServer().address().port, '/hook', BODY, signed());
    assert.deepEqual([answer.status, answer.json.code], [500, 'raw_body_unavailable']);
  } finally {
    await app.close();
  }
});

const LAMBDA = JSON.parse(readFileSync(new URL('../../../../tests/vectors/lambda.json', import.meta.url), 'utf8'));

test(`lambda (${engineName()}): every documented event shape, signed by Python's hmac`, async () => {
  assert.ok(LAMBDA.cases.length >= 40);
  for (const c of LAMBDA.cases) {
    let seen = null;
    const handler = lambdaWebhook(c.secret, (event, request) => { seen = request; return undefined; }, { parseEvent: false });
    const answer = await handler(structuredClone(c.event), { functionName: 'test' });
    const headerKey = c.source === 'alb_multi_value' ? 'multiValueHeaders' : 'headers';
    assert.ok(answer[headerKey], `${c.name}: answered with ${headerKey}`);
    if (c.health_check) {
      assert.deepEqual([answer.statusCode, JSON.parse(answer.body)], [200, { healthy: true }], c.name);
      assert.equal(seen, null);
    } else if (c.valid) {
      assert.equal(answer.statusCode, 204, `${c.name}: ${answer.body}`);
      assert.deepEqual(Buffer.from(seen.body).toString('base64'), c.body_base64, `${c.name}: the signed bytes`);
      assert.equal(seen.source, c.source);
    } else {
      assert.equal(answer.statusCode, 401, c.name);
      assert.equal(JSON.parse(answer.body).code, c.error, c.name);
      assert.equal(seen, null);
    }
    if (c.source.startsWith('alb')) assert.match(answer.statusDescription, /^\d{3} /);
  }
});

test(`lambda (${engineName()}): typed events, replay, the body limit, wiring mistakes`, async () => {
  const base = LAMBDA.cases.find((c) => c.name === 'apigw-v2/json_text');
  let runs = 0;
  const handler = lambdaWebhook(base.secret, (event) => { runs += 1; return { id: event.data.id, createdAt: event.createdAt.toISOString() }; }, { replay: true });
  const first = await handler(structuredClone(base.event));
  assert.deepEqual([first.statusCode, JSON.parse(first.body)], [200, { id: 'ord_1', createdAt: '2026-11-28T10:00:00.000Z' }]);
  const again = await handler(structuredClone(base.event));
  assert.deepEqual([again.statusCode, JSON.parse(again.body), runs], [200, { duplicate: true }, 1]);
  const small = lambdaWebhook(base.secret, () => {}, { bodyLimit: 16 });
  const refused = await small(structuredClone(base.event));
  assert.deepEqual([refused.statusCode, JSON.parse(refused.body).code], [413, 'body_too_large']);
  const alb = LAMBDA.cases.find((c) => c.name === 'alb-multi-value/binary_base64');
  const albRefused = await small(structuredClone(alb.event));
  assert.deepEqual([albRefused.statusCode, albRefused.statusDescription], [413, '413 Payload Too Large']);
  assert.ok(albRefused.multiValueHeaders, 'answered in the multi-value shape');
  await assert.rejects(() => handler({ Records: [] }), (e) => e.code === 'invalid_argument' && /HTTP event/.test(e.message));
  assert.throws(() => lambdaWebhook(base.secret, () => {}, { background: true }), /freezes the function/);
  // A failing handler releases its claim and fails the invocation; the retry runs it.
  let attempts = 0;
  const flaky = lambdaWebhook(base.secret, () => { attempts += 1; if (attempts === 1) throw new Error('boom'); }, { replay: true });
  await assert.rejects(() => flaky(structuredClone(base.event)), /boom/);
  assert.equal((await flaky(structuredClone(base.event))).statusCode, 204);
});
