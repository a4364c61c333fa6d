// Express and Fastify: the hookproof helper against the same route written by hand (read the raw
// body, parse the JSON, answer), for scripts/bench_limits.py. `node node_apps.cjs express|fastify PORT`.
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
  const app = express();
  app.post('/bare', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    const event = JSON.parse(req.body);
    res.json({ received: event.event });
  });
  app.post('/checked', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
    webhook.verify(req.body, req.headers);
    res.json({ received: JSON.parse(req.body).event });
  });
  app.post('/hook', webhookHandler(SECRET, (event) => ({ received: event.event })));
  app.listen(Number(port), '127.0.0.1');
} else {
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
