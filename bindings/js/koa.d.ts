// `hookproof/koa`: Koa (2 and 3) middleware.
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;
type Middleware = (ctx: any, next: () => Promise<unknown>) => Promise<void>;

/**
 * Verifies, then sets `ctx.state.webhook` (the typed event, or `true` for schemes without one)
 * and `ctx.request.rawBody`; the next middleware answers. Mount it before any body parser on the
 * webhook route (koa-bodyparser's `ctx.request.rawBody` is read if it ran first).
 */
export function hookproof(secret: SecretOrWebhook, options?: Omit<HelperOptions, 'background'>): Middleware;
export default hookproof;

/**
 * Verifies, runs `handler(event, ctx)` and answers 204 (200 with the JSON it returns); with
 * `background` it answers 200 first and runs the handler after the response.
 */
export function webhookHandler(
  secret: SecretOrWebhook,
  handler: (event: PrintOneEvent | Uint8Array, ctx: any) => unknown,
  options?: HelperOptions,
): Middleware;
