import type { Secret, Webhook, WebhookOptions, PrintOneEvent } from './index';

/** Wraps a Fetch-API handler: `handler(request, event, ...rest)` runs only for authentic requests. */
export function withWebhook<Rest extends unknown[]>(
  secret: Secret | readonly Secret[] | Webhook,
  handler: (request: Request, event: PrintOneEvent, ...rest: Rest) => Response | Promise<Response>,
  options?: WebhookOptions,
): (request: Request, ...rest: Rest) => Promise<Response>;
export default withWebhook;
