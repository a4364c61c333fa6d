import type { FastifyPluginAsync } from 'fastify';
import type { Secret, Webhook, WebhookOptions, PrintOneEvent } from './index';

export interface FastifyHookproofOptions extends WebhookOptions {
  secret?: Secret | readonly Secret[];
  webhook?: Webhook;
  parseEvent?: boolean;
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    webhook: PrintOneEvent | true | null;
    rawBody: Buffer | null;
  }
}

declare const hookproofFastify: FastifyPluginAsync<FastifyHookproofOptions> & {
  hookproofFastify: FastifyPluginAsync<FastifyHookproofOptions>;
  default: FastifyPluginAsync<FastifyHookproofOptions>;
};
export = hookproofFastify;
