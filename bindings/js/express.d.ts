// `hookproof/express`: Express (4 and 5) middleware and route handlers.
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;
type Handler = (req: any, res: any, next: (error?: unknown) => void) => void;

/**
 * Verifies, then sets `req.webhook` (the typed event, or `true` for schemes without one) and
 * `req.rawBody`; the route answers. Register it before any global body parser, or capture the
 * raw bytes with `express.json({ verify: captureRawBody })`.
 */
export function hookproof(secret: SecretOrWebhook, options?: Omit<HelperOptions, 'background'>): Handler;
export default hookproof;

/**
 * A route handler that verifies, runs `handler(event, req)` and answers 204 (or 200 with the JSON
 * it returns); with `background` it answers 200 first and runs the handler after the response.
 */
export function webhookHandler(
  secret: SecretOrWebhook,
  handler: (event: PrintOneEvent | Uint8Array, req: any) => unknown,
  options?: HelperOptions,
): Handler;

/** For `express.json({ verify: captureRawBody })`: keeps the raw bytes as `req.rawBody`. */
export function captureRawBody(req: any, res: any, buf: Uint8Array): void;
