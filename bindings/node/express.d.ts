import type { RequestHandler } from 'express';
import type { Secret, Webhook, WebhookOptions, PrintOneEvent } from './index';

declare global {
  namespace Express {
    interface Request {
      /** Set by hookproof/express: the verified event (`true` with `parseEvent: false`). */
      webhook?: PrintOneEvent | true;
      /** The raw bytes that were verified. */
      rawBody?: Buffer;
    }
  }
}

/** Express middleware: verifies, sets `req.webhook`, or answers 401/400 JSON `{ code, message }`. */
declare function hookproof(secret: Secret | readonly Secret[] | Webhook, options?: hookproof.ExpressOptions): RequestHandler;
declare namespace hookproof {
  interface ExpressOptions extends WebhookOptions {
    /** Largest body the middleware reads itself, in bytes (default 5 MiB). */
    limit?: number;
    /**
     * true: parse the Print.one event into `req.webhook`; false: only verify (`req.webhook === true`,
     * the bytes in `req.rawBody`). Default: true for `printone`, false for the other schemes.
     */
    parseEvent?: boolean;
  }
  /** `express.json({ verify: captureRawBody })` keeps `req.rawBody` for a globally mounted parser. */
  function captureRawBody(req: unknown, res: unknown, buf: Buffer): void;
  /** The message sent when the body was parsed before hookproof could see the raw bytes. */
  const ORDER_HELP: string;
}
export = hookproof;
