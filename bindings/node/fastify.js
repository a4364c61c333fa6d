'use strict';
// Fastify plugin: register it inside the scope of your webhook routes. It replaces that scope's
// content-type parsers with one that keeps the raw Buffer, and verifies in a preHandler hook.
//
//   app.register(async (scope) => {
//     await scope.register(require('hookproof/fastify'), { secret: process.env.PRINTONE_WEBHOOK_SECRET });
//     scope.post('/webhooks/printone', async (request) => { request.webhook.event; return { ok: true }; });
//   });
const { toWebhook, parseEventFor, statusFor, errorBody, WebhookError } = require('./lib/middleware.js');

/** options: { secret | webhook, scheme, tolerance, parseEvent } */
async function hookproofFastify(fastify, options = {}) {
  const webhook = toWebhook(options.webhook || options.secret, options, 'hookproof/fastify');
  const parseEvent = parseEventFor(webhook, options);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_req, body, done) => done(null, body));
  fastify.decorateRequest('webhook', null);
  fastify.decorateRequest('rawBody', null);
  fastify.addHook('preHandler', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    request.rawBody = raw;
    try {
      if (parseEvent) request.webhook = webhook.constructEvent(raw, request.headers);
      else { webhook.verify(raw, request.headers); request.webhook = true; }
    } catch (err) {
      if (err instanceof WebhookError) return reply.code(statusFor(err)).send(errorBody(err));
      throw err;
    }
  });
}

// Like fastify-plugin does: apply to the scope that registers the plugin (not a child of it), so
// that the parser and hook cover that scope's routes, and only those.
hookproofFastify[Symbol.for('skip-override')] = true;
hookproofFastify[Symbol.for('fastify.display-name')] = 'hookproof';

module.exports = hookproofFastify;
module.exports.default = hookproofFastify;
module.exports.hookproofFastify = hookproofFastify;
