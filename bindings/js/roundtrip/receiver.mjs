#!/usr/bin/env node
// The Node receivers of the round-trip harness (tests/roundtrip): one program, every helper.
//
//   node bindings/js/roundtrip/receiver.mjs --framework express --port P --secret-file F
//     [--replay memory|redis://...] [--count-file PATH] [--flaky] [--slow-ms 1500]
//     [--max-concurrent 3] [--body-limit 1mb] [--idle-timeout 60]
//
// Frameworks: express, fastify, koa, nest (a Nest app with rawBody: true), hono and fetch (the
// Fetch helper, on @hono/node-server and on node:http), lambda (hookproof/lambda behind an
// adapter that turns each request into one of AWS's event shapes in turn, the body
// base64-encoded). HOOKPROOF_ENGINE=wasm runs any of them on the WebAssembly engine. The
// contract is the harness's (tests/roundtrip/receivers.json): POST /events (typed event, replay,
// `handled <sha256>` appended to --count-file, --flaky fails one body in ten the first time),
// POST /raw (204 for authentic bytes), POST /later (answer first, a --slow-ms handler, failures
// for data.fail to the error hook), GET /stats ({ peak, done, errors }). Exits by itself after
// --idle-timeout seconds without a request.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { Background, MemoryStore, ReplayGuard, engineName } from 'hookproof';

const { values: args } = parseArgs({
  options: {
    framework: { type: 'string' }, port: { type: 'string' }, secret: { type: 'string' }, 'secret-file': { type: 'string' },
    replay: { type: 'string' }, 'count-file': { type: 'string' }, flaky: { type: 'boolean', default: false },
    'slow-ms': { type: 'string', default: '1500' }, 'max-concurrent': { type: 'string', default: '3' },
    'body-limit': { type: 'string', default: '1mb' }, 'idle-timeout': { type: 'string', default: '60' },
  },
});
const secret = args['secret-file'] ? readFileSync(args['secret-file'], 'utf8').trim() : args.secret;
if (!secret || !args.framework || !args.port) {
  console.error('usage: receiver.mjs --framework NAME --port P --secret-file F [options]');
  process.exit(2);
}
const port = Number(args.port);

// ---- what the handlers do, the same in every framework ----------------------------------------

const stats = { peak: 0, done: 0, errors: 0 };
const failedOnce = new Set();
let last = Date.now();
const touch = () => { last = Date.now(); };
const background = new Background({ maxConcurrent: Number(args['max-concurrent']), onError: () => { stats.errors += 1; } });
const statsNow = () => ({ ...stats, peak: background.peak });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function handle(event, body) {
  const digest = createHash('sha256').update(body).digest('hex');
  if (args.flaky && digest.slice(0, 2) < '1a' && !failedOnce.has(digest)) {
    failedOnce.add(digest);
    throw new Error('flaky handler: fails the first time (the sender\'s retry is processed)');
  }
  if (args['count-file']) appendFileSync(args['count-file'], `handled ${digest}\n`);
  return { received: event && event.event ? event.event : 'raw', digest };
}

async function later(event) {
  await sleep(Number(args['slow-ms']));
  if (event && event.data && event.data.fail) throw new Error('a late failure (after the answer)');
  stats.done += 1;
}

async function replay() {
  if (!args.replay) return undefined;
  if (args.replay === 'memory') return new ReplayGuard(new MemoryStore());
  const { default: Redis } = await import('ioredis');
  const client = new Redis(args.replay, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 200 });
  client.on('error', () => {}); // an outage is answered 503 per request; no crash
  return new ReplayGuard(client, { timeout: 2000 });
}

const guard = await replay();
const limits = { bodyLimit: args['body-limit'] };

// ---- the frameworks -------------------------------------------------------------------------

async function express() {
  const { default: app } = await import('express');
  const { hookproof, webhookHandler } = await import('hookproof/express');
  const server = app();
  server.use((req, res, next) => { touch(); next(); });
  server.post('/events', webhookHandler(secret, (event, req) => handle(event, req.rawBody), { ...limits, replay: guard }));
  server.post('/raw', hookproof(secret, { ...limits, parseEvent: false }), (req, res) => res.sendStatus(204));
  server.post('/later', webhookHandler(secret, later, { ...limits, background }));
  server.get('/stats', (req, res) => res.json(statsNow()));
  return server.listen(port, '127.0.0.1');
}

async function fastify() {
  const { default: Fastify } = await import('fastify');
  const { default: hookproofFastify } = await import('hookproof/fastify');
  const app = Fastify({ bodyLimit: 1 << 30 }); // hookproof's limit holds
  app.addHook('onRequest', async () => touch());
  await app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret, ...limits, replay: guard });
    scope.post('/events', async (request) => handle(request.webhook, request.rawBody));
  });
  await app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret, ...limits, parseEvent: false });
    scope.post('/raw', async (request, reply) => reply.code(204).send());
  });
  await app.register(async (scope) => {
    await scope.register(hookproofFastify, { secret, ...limits, background, handler: later });
    scope.post('/later', async () => ({ never: 'the plugin answers' }));
  });
  app.get('/stats', async () => statsNow());
  await app.listen({ port, host: '127.0.0.1' });
  return app.server;
}

async function koa() {
  const { default: Koa } = await import('koa');
  const { hookproof, webhookHandler } = await import('hookproof/koa');
  const app = new Koa();
  const events = webhookHandler(secret, (event, ctx) => handle(event, ctx.request.rawBody), { ...limits, replay: guard });
  const raw = hookproof(secret, { ...limits, parseEvent: false });
  const slow = webhookHandler(secret, later, { ...limits, background });
  app.use(async (ctx) => {
    touch();
    if (ctx.method === 'POST' && ctx.path === '/events') await events(ctx);
    else if (ctx.method === 'POST' && ctx.path === '/raw') await raw(ctx, async () => { ctx.status = 204; });
    else if (ctx.method === 'POST' && ctx.path === '/later') await slow(ctx);
    else if (ctx.path === '/stats') ctx.body = statsNow();
    else ctx.status = 404;
  });
  return app.listen(port, '127.0.0.1');
}

async function nest() {
  const { Controller, Get, HttpCode, Module, Post, Req, UseInterceptors } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { WebhookInterceptor } = await import('hookproof/nest');
  class Hooks {
    events(req) { return handle(req.webhook, req.rawBody); }
    raw() { return undefined; }
    later(req) { return later(req.webhook); }
    stats() { return statsNow(); }
  }
  const routes = {
    events: [Post('events'), 200, new WebhookInterceptor(secret, { ...limits, replay: guard })],
    raw: [Post('raw'), 204, new WebhookInterceptor(secret, { ...limits, parseEvent: false })],
    later: [Post('later'), 200, new WebhookInterceptor(secret, { ...limits, background })],
    stats: [Get('stats'), 200, null],
  };
  for (const [name, [method, code, interceptor]] of Object.entries(routes)) {
    const descriptor = Object.getOwnPropertyDescriptor(Hooks.prototype, name);
    method(Hooks.prototype, name, descriptor);
    HttpCode(code)(Hooks.prototype, name, descriptor);
    if (interceptor) UseInterceptors(interceptor)(Hooks.prototype, name, descriptor);
    Req()(Hooks.prototype, name, 0);
  }
  Controller()(Hooks);
  class AppModule {}
  Module({ controllers: [Hooks] })(AppModule);
  // No body parser: the interceptor reads the raw stream itself, within its limit (with Nest's
  // parser on, `rawBody: true` works too, but its parser answers first: non-JSON with a JSON
  // content type is its 400, a large body its 413).
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger: false });
  app.use((req, res, next) => { touch(); next(); });
  await app.listen(port, '127.0.0.1');
  return app.getHttpServer();
}

/** The Fetch helper's three routes and the stats, as one `(Request) => Response`. */
async function fetchRoutes() {
  const { withWebhook, verifiedBody } = await import('hookproof/fetch');
  const routes = {
    '/events': withWebhook(secret, async (request, event) => Response.json(handle(event, verifiedBody(request))), { ...limits, replay: guard }),
    '/raw': withWebhook(secret, () => new Response(null, { status: 204 }), { ...limits, parseEvent: false }),
    '/later': withWebhook(secret, (request, event) => later(event), { ...limits, background }),
  };
  return async (request) => {
    touch();
    const { pathname } = new URL(request.url);
    if (request.method === 'GET' && pathname === '/stats') return Response.json(statsNow());
    const route = routes[pathname];
    return route ? route(request) : new Response('not found', { status: 404 });
  };
}

async function hono() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const routes = await fetchRoutes();
  const app = new Hono();
  app.all('*', (c) => routes(c.req.raw));
  return serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
}

/** node:http in front of a Fetch handler, as a minimal edge runtime would be. */
async function fetchOnNodeHttp() {
  const routes = await fetchRoutes();
  const server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1:${port}${req.url}`, {
      method: req.method, headers: req.headers, body: req.method === 'POST' ? ReadableStreamFrom(req) : undefined, duplex: 'half',
    });
    let response;
    try {
      response = await routes(request);
    } catch (error) {
      // What an edge runtime does with a handler that throws: 500 (and the claim was released).
      response = new Response(String(error && error.message), { status: 500 });
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return server.listen(port, '127.0.0.1');
}

function ReadableStreamFrom(req) {
  return new ReadableStream({
    start(controller) {
      req.on('data', (chunk) => { controller.enqueue(new Uint8Array(chunk)); if (controller.desiredSize <= 0) req.pause(); });
      req.on('end', () => controller.close());
      req.on('error', (e) => controller.error(e));
    },
    pull() { req.resume(); },
    cancel() { req.destroy(); },
  });
}

const SHAPES = ['rest_api', 'http_api', 'alb', 'alb_multi_value'];

/** The event AWS would hand the function (the body base64-encoded, as for a binary type). */
function lambdaEvent(shape, method, path, headers, body) {
  const encoded = body.toString('base64');
  const multi = {};
  for (let i = 0; i < headers.length; i += 2) (multi[headers[i]] ||= []).push(headers[i + 1]);
  const single = Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]]));
  const lower = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
  if (shape === 'http_api') {
    return { version: '2.0', rawPath: path, headers: lower(Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.join(',')]))),
      body: encoded, isBase64Encoded: true, requestContext: { http: { method, path } } };
  }
  if (shape === 'rest_api') {
    return { httpMethod: method, path, headers: single, multiValueHeaders: multi, requestContext: { stage: 'prod' }, body: encoded, isBase64Encoded: true };
  }
  const event = { httpMethod: method, path, requestContext: { elb: { targetGroupArn: 'arn' } }, body: encoded, isBase64Encoded: true };
  if (shape === 'alb_multi_value') event.multiValueHeaders = lower(multi);
  else event.headers = lower(single);
  return event;
}

async function lambda() {
  const { withWebhook } = await import('hookproof/lambda');
  const functions = {
    '/events': withWebhook(secret, (event, request) => handle(event, request.body), { ...limits, replay: guard }),
    '/raw': withWebhook(secret, () => undefined, { ...limits, parseEvent: false }),
  };
  let turn = 0;
  const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024; // Lambda's own cap per invocation
  const server = http.createServer((req, res) => {
    touch();
    if (req.method === 'GET') return res.end(JSON.stringify(statsNow()));
    const fn = functions[req.url];
    if (!fn || Number(req.headers['content-length'] || 0) > LAMBDA_PAYLOAD_LIMIT) {
      res.writeHead(fn ? 413 : 404, { connection: 'close' });
      return res.end();
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > LAMBDA_PAYLOAD_LIMIT) { res.writeHead(413, { connection: 'close' }); res.end(); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      const event = lambdaEvent(SHAPES[turn++ % SHAPES.length], req.method, req.url, req.rawHeaders, Buffer.concat(chunks));
      try {
        const result = await fn(event, {});
        const headers = result.headers || Object.fromEntries(Object.entries(result.multiValueHeaders || {}).map(([k, v]) => [k, v[v.length - 1]]));
        res.writeHead(result.statusCode, headers);
        res.end(result.body);
      } catch (error) {
        res.writeHead(500);
        res.end(String(error && error.message));
      }
    });
  });
  return server.listen(port, '127.0.0.1');
}

const FRAMEWORKS = { express, fastify, koa, nest, hono, fetch: fetchOnNodeHttp, lambda };
const start = FRAMEWORKS[args.framework];
if (!start) {
  console.error(`receiver.mjs: unknown framework ${args.framework} (${Object.keys(FRAMEWORKS).join(', ')})`);
  process.exit(2);
}
await start();
console.log(`node ${args.framework} receiver (${engineName()} engine) on http://127.0.0.1:${port}`);
const idle = Number(args['idle-timeout']) * 1000;
setInterval(() => {
  if (Date.now() - last > idle) {
    console.log(`node ${args.framework} receiver idle: exiting`);
    process.exit(0);
  }
}, 200).unref();
