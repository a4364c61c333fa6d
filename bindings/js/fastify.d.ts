// `hookproof/fastify`: a Fastify plugin for the scope of your webhook routes.
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

export interface FastifyHookproofOptions extends HelperOptions {
  secret?: Secret | readonly Secret[];
  webhook?: Webhook<SchemeName>;
  /** With `background`: the handler the plugin runs after answering 200. */
  handler?: (event: PrintOneEvent | Uint8Array, request: any) => unknown;
}

/** Sets `request.webhook` (the event, or `true`) and `request.rawBody` in the scope it is registered in. */
export function hookproofFastify(fastify: any, options: FastifyHookproofOptions): Promise<void>;
export default hookproofFastify;
