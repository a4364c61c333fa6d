// Express and Fastify: the hookproof helper against the same route written by hand (read the raw
// body, parse the JSON, answer), for scripts/bench_limits.py. `node node_apps.cjs express|fastify PORT`.
const http = require('node:http');
const { createRequire } = require('node:module');
const load = createRequire(require('node:path').join(__dirname, '../../../bindings/package.json'));
const [framework, port] = process.argv.slice(2);
const SECRET = process.env.BENCH_SECRET;
// `/checked` is the hand-written route with the check inline: the floor any helper's cost is
// measured from.
const webhook = new (load('hookproof').Webhook)(SECRET);

if (framework === 'express') {
  const express = load('express');
  const { webhookHandler } = load('hookproof/express');
  // One app per route, each request sent to its path's app: Express tries routes one after
  // another, so in one app a later route would also pay for the earlier ones.
  const apps = {};
  const route = (path, ...handlers) => {
    apps[path] = express();
    apps[path].post(path, ...handlers);
  };
  route('/bare', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const event = JSON.parse(req.body);
    res.json({ received: event.event });
  });
  route('/checked', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    webhook.verify(req.body, req.headers);
    res.json({ received: JSON.parse(req.body).event });
  });
  route('/hook', webhookHandler(SECRET, (event) => ({ received: event.event })));
  http.createServer((req, res) => apps[req.url](req, res)).listen(Number(port), '127.0.0.1');
} else {
  // Fastify finds a route in a radix tree: one app serves all three alike.
  const fastify = load('fastify')();
  const hookproofFastify = load('hookproof/fastify');
  fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1 << 20 }, (req, body, done) => done(null, body));
    scope.post('/bare', async (request) => ({ received: JSON.parse(request.body).event }));
    scope.post('/checked', async (request) => {
      webhook.verify(request.body, request.headers);
      return { received: JSON.parse(request.body).event };
    });
  });
  fastify.register(async (scope) => {
    await scope.register(hookproofFastify, { secret: SECRET });
    scope.post('/hook', async (request) => ({ received: request.webhook.event }));
  });
  fastify.listen({ port: Number(port), host: '127.0.0.1' });
}
