// Compile-only checks of the hand-written declarations (`tsc -p test/tsconfig.json` in test.sh).
import express = require('express');
import hookproofExpress = require('hookproof/express');
import { withWebhook } from 'hookproof/fetch';
import {
  verify, Webhook, WebhookError, SignatureMismatchError, InvalidPayloadError, isValidWebhook, validateWebhook,
  type PrintOneEvent, type ErrorCode, KNOWN_EVENTS,
} from 'hookproof';

const ok: boolean = verify(Buffer.from('{}'), 'sig', 'secret');
verify('{}', undefined, new Uint8Array([1]));
const webhook = new Webhook(['a', 'b'], { scheme: 'printone', tolerance: 300 });
webhook.verify(new ArrayBuffer(2), new Headers());
webhook.verify(new DataView(new ArrayBuffer(2)), new Map([['x', 'y']]));
webhook.verify('{}', [['x-webhook-hmac-sha256', 'sig']]);
webhook.verify('{}', { 'X-Webhook-Hmac-Sha256': ['a', 'b'] });
const signed: Record<string, string> = webhook.sign('{}');

function handle(event: PrintOneEvent): string {
  if (!event.known) return `unknown ${event.event} at ${event.createdAt.toISOString()} ${event.createdAtRaw}`;
  switch (event.event) {
    case 'order_status_update':
      return event.data.friendlyStatus + event.data.recipient.city;
    case 'template_preview_rendered':
      return event.data.imageUrl;
    case 'batch_status_update':
      return String(event.data.orders.success);
    case 'coupon_code_used':
      return event.data.code;
    default: {
      const never: never = event;
      return never;
    }
  }
}
handle(webhook.constructEvent('{}', {}));
const known = validateWebhook('{}', {}, 'secret');
const createdAt: Date = known.createdAt;
const valid: boolean = isValidWebhook(Buffer.alloc(0), {}, 'secret');

try { webhook.verify('', {}); } catch (err) {
  if (err instanceof SignatureMismatchError) { const c: 'signature_mismatch' = err.code; void c; }
  if (err instanceof WebhookError) { const c: ErrorCode = err.code; void c; }
  if (err instanceof InvalidPayloadError) { void err.message; }
}

const app = express();
app.post('/hook', hookproofExpress('secret'), (req, res) => { const e = req.webhook; res.json({ event: e === true ? null : e?.event }); });
app.use(express.json({ verify: hookproofExpress.captureRawBody }));

export const POST = withWebhook('secret', async (_request: Request, event) => Response.json({ kind: event.event }));

// @ts-expect-error a number is not a body
verify(42, 'sig', 'secret');
// @ts-expect-error unknown properties of known events are `unknown`, known ones are typed
const n: number = ({} as import('hookproof').OrderStatusUpdateEvent).data.status;

void ok; void signed; void createdAt; void valid; void KNOWN_EVENTS; void n;

import Fastify = require('fastify');
import hookproofFastify = require('hookproof/fastify');
const f = Fastify();
f.register(async (scope) => {
  await scope.register(hookproofFastify, { secret: 'secret' });
  scope.post('/hook', async (request) => ({ ok: request.webhook !== null }));
});
