// `hookproof/fastify`: a Fastify plugin. Register it inside the scope of your webhook routes: it
// replaces that scope's content-type parsers with one that keeps the raw bytes (within the body
// limit), and verifies in a preHandler hook.
//
//   app.register(async (scope) => {
//     await scope.register(hookproofFastify, { secret: process.env.PRINTONE_WEBHOOK_SECRET });
//     scope.post('/webhooks/printone', async (request) => { request.webhook.event; return { ok: true }; });
//   });
//
// With `background` the plugin answers 200 itself and runs `options.handler(event, request)`
// after the response was sent. With `replay`, a route that answers non-2xx releases its claim.

import { Receiver, DUPLICATE_BODY, DUPLICATE_STATUS, WebhookError, releaseQuietly } from '../receiver.js';
import { readStream } from '../body.js';

/** options: { secret | webhook, scheme, tolerance, maxAge, parseEvent, bodyLimit, replay, background, handler } */
export async function hookproofFastify(fastify, options = {}) {
  const { secret, webhook, handler, ...rest } = options;
  const receiver = new Receiver(webhook || secret, rest, 'hookproof/fastify');
  if (receiver.background && typeof handler !== 'function') {
    throw new TypeError('hookproof/fastify: `background` needs `handler: (event, request) => ...`');
  }
  fastify.removeAllContentTypeParsers();
  // The raw payload stream, read here so that the body limit and its error are the core's.
  fastify.addContentTypeParser('*', (request, payload, done) => {
    try {
      receiver.checkLength(request.headers['content-length']);
    } catch (error) {
      done(error);
      return;
    }
    readStream(payload, receiver.bodyLimit).then((body) => done(null, body), (error) => done(error));
  });
  fastify.decorateRequest('webhook', null);
  fastify.decorateRequest('rawBody', null);
  fastify.setErrorHandler((error, request, reply) => {
    if (error instanceof WebhookError) {
      if (error.code === 'body_too_large') reply.header('connection', 'close');
      return reply.code(receiver.status(error)).send(Receiver.errorBody(error));
    }
    throw error;
  });
  fastify.addHook('preHandler', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    request.rawBody = raw;
    let result;
    try {
      result = await receiver.accept(raw, request.headers);
    } catch (error) {
      if (error instanceof WebhookError) return reply.code(receiver.status(error)).send(Receiver.errorBody(error));
      throw error;
    }
    if (result === null) return reply.code(DUPLICATE_STATUS).send(DUPLICATE_BODY);
    request.webhook = receiver.parseEvent ? result.verified : true;
    const event = receiver.parseEvent ? result.verified : raw;
    if (receiver.background) {
      reply.raw.once('finish', () => receiver.runLater(() => handler(event, request), result));
      return reply.code(200).send({ received: true });
    }
    if (result.claim) {
      reply.raw.once('close', () => {
        const ok = reply.statusCode >= 200 && reply.statusCode < 300 && reply.raw.writableFinished;
        if (!ok) releaseQuietly(result.claim);
      });
    }
    return undefined;
  });
}

// Like fastify-plugin does: apply to the scope that registers the plugin (not a child of it), so
// that the parser and hook cover that scope's routes, and only those.
hookproofFastify[Symbol.for('skip-override')] = true;
hookproofFastify[Symbol.for('fastify.display-name')] = 'hookproof';

export default hookproofFastify;
