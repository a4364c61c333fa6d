// `hookproof/fastify`: a Fastify plugin. Register it inside the scope of your webhook routes: it
// replaces that scope's content-type parsers with Fastify's raw-bytes reader (within the body
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
import { helperError } from '../core.js';

const NO_BYTES = Buffer.alloc(0);

/** options: { secret | webhook, scheme, tolerance, maxAge, parseEvent, bodyLimit, replay, background, handler } */
export async function hookproofFastify(fastify, options = {}) {
  const { secret, webhook, handler, ...rest } = options;
  const receiver = new Receiver(webhook || secret, rest, 'hookproof/fastify');
  if (receiver.background && typeof handler !== 'function') {
    throw new TypeError('hookproof/fastify: `background` needs `handler: (event, request) => ...`');
  }
  // Nothing to wait for (no replay store, no background queue): the preHandler verifies at once.
  const immediate = receiver.replay === null && receiver.background === null;
  fastify.removeAllContentTypeParsers();
  // Fastify reads the raw bytes itself, within the core's limit: a declared length over it is
  // refused before a byte is read, and a body that grows past it stops being read.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: receiver.bodyLimit }, keepRawBody);
  fastify.decorateRequest('webhook', null);
  fastify.decorateRequest('rawBody', null);
  fastify.setErrorHandler((error, request, reply) => {
    // Fastify's own refusal of a body over the limit is the core's body_too_large.
    const refused = error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? helperError('body_too_large', receiver.bodyLimit) : error;
    if (refused instanceof WebhookError) {
      if (refused.code === 'body_too_large') reply.header('connection', 'close'); // the rest was not read
      return reply.code(receiver.status(refused)).send(Receiver.errorBody(refused));
    }
    throw error;
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : NO_BYTES;
    request.rawBody = raw;
    if (immediate) {
      let verified;
      try {
        verified = receiver.verify(raw, request.headers);
      } catch (error) {
        if (!(error instanceof WebhookError)) {
          done(error);
          return;
        }
        reply.code(receiver.status(error)).send(Receiver.errorBody(error)); // answered: no done()
        return;
      }
      request.webhook = receiver.parseEvent ? verified : true;
      done();
      return;
    }
    receiver.accept(raw, request.headers).then((result) => {
      if (result === null) {
        reply.code(DUPLICATE_STATUS).send(DUPLICATE_BODY);
        return;
      }
      request.webhook = receiver.parseEvent ? result.verified : true;
      if (receiver.background) {
        const event = receiver.parseEvent ? result.verified : raw;
        reply.raw.once('finish', () => receiver.runLater(() => handler(event, request), result));
        reply.code(200).send({ received: true });
        return;
      }
      if (result.claim) {
        reply.raw.once('close', () => {
          const ok = reply.statusCode >= 200 && reply.statusCode < 300 && reply.raw.writableFinished;
          if (!ok) releaseQuietly(result.claim);
        });
      }
      done();
    }, (error) => {
      if (error instanceof WebhookError) reply.code(receiver.status(error)).send(Receiver.errorBody(error));
      else done(error);
    });
  });
}

function keepRawBody(request, body, done) {
  done(null, body);
}

// Like fastify-plugin does: apply to the scope that registers the plugin (not a child of it), so
// that the parser and hook cover that scope's routes, and only those.
hookproofFastify[Symbol.for('skip-override')] = true;
hookproofFastify[Symbol.for('fastify.display-name')] = 'hookproof';

export default hookproofFastify;
