import type { Secret, SchemeName, Webhook, WebhookOptions, PrintOneEvent } from './index';

export interface FetchOptions extends WebhookOptions {
  /**
   * true: pass the handler the parsed Print.one event; false: only verify and pass the raw bytes
   * (a Uint8Array). Default: true for the `printone` scheme, false for the other providers.
   */
  parseEvent?: boolean;
}

/** Another provider's scheme: the handler gets the verified raw bytes by default. */
export type OtherSchemeName = Exclude<SchemeName, 'printone'>;

/**
 * Verify only: `handler(request, body, ...rest)` with the raw bytes, for `parseEvent: false` or
 * another provider's scheme. (With a `Webhook` of another scheme and no options, pass
 * `{ parseEvent: false }` so that TypeScript picks this signature.)
 */
export function withWebhook<Rest extends unknown[]>(
  secret: Secret | readonly Secret[] | Webhook,
  handler: (request: Request, body: Uint8Array, ...rest: Rest) => Response | Promise<Response>,
  options: FetchOptions & ({ parseEvent: false } | { scheme: OtherSchemeName; parseEvent?: false }),
): (request: Request, ...rest: Rest) => Promise<Response>;
/** Wraps a Fetch-API handler: `handler(request, event, ...rest)` runs only for authentic requests. */
export function withWebhook<Rest extends unknown[]>(
  secret: Secret | readonly Secret[] | Webhook,
  handler: (request: Request, event: PrintOneEvent, ...rest: Rest) => Response | Promise<Response>,
  options?: FetchOptions,
): (request: Request, ...rest: Rest) => Promise<Response>;
export default withWebhook;
