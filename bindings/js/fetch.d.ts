// `hookproof/fetch` (and `@hookproof/wasm/fetch`): Fetch API handlers (Next.js app router, Hono,
// Deno, Bun, Cloudflare Workers).
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;

/**
 * Wraps `handler(request, event, ...rest)` so that it runs only for authentic, new requests; the
 * event is the typed Print.one event (or the raw bytes for schemes without a typed event).
 */
export function withWebhook<Rest extends unknown[]>(
  secret: SecretOrWebhook,
  handler: (request: Request, event: PrintOneEvent | any, ...rest: Rest) => Response | void | Promise<Response | void>,
  options?: HelperOptions,
): (request: Request, ...rest: Rest) => Promise<Response>;
export default withWebhook;

/** Reads the body (within the limit), verifies it and resolves to the raw bytes. */
export function verifyRequest(request: Request, secret: SecretOrWebhook, options?: HelperOptions): Promise<Uint8Array>;

/** The exact bytes `withWebhook` verified for the handler's `request` (its body is consumed), or null. */
export function verifiedBody(request: Request): Uint8Array | null;
