// `hookproof/nest`: a NestJS interceptor (create the app with `{ rawBody: true }`).
import type { HelperOptions, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;

/**
 * `@UseInterceptors(new WebhookInterceptor(secret, options))`: verifies the route's requests and
 * sets `req.webhook` and `req.rawBody`; a rejection is an HttpException with the core's status
 * and `{ code, message }`; a duplicate is answered 200 without the route; with `background` the
 * route runs after a 200.
 */
export class WebhookInterceptor {
  constructor(secret: SecretOrWebhook, options?: HelperOptions);
  intercept(context: any, next: { handle(): any }): Promise<any>;
}
export default WebhookInterceptor;
