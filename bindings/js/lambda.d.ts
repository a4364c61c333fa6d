// `hookproof/lambda`: AWS Lambda behind API Gateway (REST, HTTP API), function URLs or an ALB.
import type { HelperOptions, PrintOneEvent, Secret, Webhook } from './index.js';
import type { SchemeName } from './generated.js';

type SecretOrWebhook = Secret | readonly Secret[] | Webhook<SchemeName>;

/** The integration that delivered the event (it decides the answer's shape). */
export type LambdaSource = 'rest_api' | 'http_api' | 'alb' | 'alb_multi_value';

/** The request as the sender made it, decoded from the Lambda event. */
export interface LambdaWebhookRequest {
  source: LambdaSource;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  /** The exact signed bytes (base64-decoded if the event was encoded). */
  body: Uint8Array;
  lambdaEvent: unknown;
  context: unknown;
}

/** What the function returns: the answer in the event's shape. */
export interface LambdaResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: false;
}

/**
 * `export const handler = withWebhook(secret, async (event, request) => { ... })`. No
 * `background`: Lambda freezes the function once it returns.
 */
export function withWebhook(
  secret: SecretOrWebhook,
  handler: (event: PrintOneEvent | Uint8Array, request: LambdaWebhookRequest) => unknown,
  options?: Omit<HelperOptions, 'background'>,
): (lambdaEvent: unknown, context?: unknown) => Promise<LambdaResponse>;
export default withWebhook;
