import type { RequestHandler } from 'express';
import type { Secret, Webhook, WebhookOptions, PrintOneEvent } from './index';

export interface ExpressOptions extends WebhookOptions {
  /** Largest body the middleware reads itself, in bytes (default 5 MiB). */
  limit?: number;
  /** false: only verify (`req.webhook === true`), do not parse the event. */
  parseEvent?: boolean;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by hookproof/express: the verified event. */
      webhook?: PrintOneEvent;
      /** The raw bytes that were verified. */
      rawBody?: Buffer;
    }
  }
}

/** Express middleware: verifies, sets `req.webhook`, or answers 401/400 JSON `{ code, message }`. */
declare function hookproof(secret: Secret | readonly Secret[] | Webhook, options?: ExpressOptions): RequestHandler;
declare namespace hookproof {
  /** `express.json({ verify: captureRawBody })` keeps `req.rawBody` for a globally mounted parser. */
  function captureRawBody(req: unknown, res: unknown, buf: Buffer): void;
  const ORDER_HELP: string;
  export { hookproof };
}
export = hookproof;
