// `hookproof/next`: Next.js route handlers (App Router and Pages Router).
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

export { withWebhook, verifyRequest, verifiedBody } from './fetch.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;

/**
 * A Pages Router API route (`pages/api/...`). The file must also export
 * `config = { api: { bodyParser: false } }`, or Next.js consumes the signed bytes. Answers 204
 * (200 with the JSON the handler returns) unless the handler answered through `res`.
 */
export function withWebhookPages(
  secret: SecretOrWebhook,
  handler: (event: PrintOneEvent | Uint8Array, req: any, res: any) => unknown,
  options?: HelperOptions,
): (req: any, res: any) => Promise<void>;
