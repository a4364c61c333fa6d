import type { FastifyPluginAsync } from 'fastify';
import type { Secret, Webhook, WebhookOptions, PrintOneEvent } from './index';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified event (`true` with `parseEvent: false`); set in the plugin's scope. */
    webhook: PrintOneEvent | true | null;
    /** The raw bytes that were verified. */
    rawBody: Buffer | null;
  }
}

declare namespace hookproofFastify {
  interface FastifyHookproofOptions extends WebhookOptions {
    secret?: Secret | readonly Secret[];
    webhook?: Webhook;
    /** Parse the Print.one event (default for `printone`), or only verify (`request.webhook === true`, the default for other schemes). */
    parseEvent?: boolean;
    bodyLimit?: number;
  }
}
declare const hookproofFastify: FastifyPluginAsync<hookproofFastify.FastifyHookproofOptions> & {
  hookproofFastify: FastifyPluginAsync<hookproofFastify.FastifyHookproofOptions>;
  default: FastifyPluginAsync<hookproofFastify.FastifyHookproofOptions>;
};
export = hookproofFastify;
