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

// Issue 7: every scheme, `now`, sign options, SCHEMES, middleware pass-through.
import { SCHEMES, type SchemeName, type VerifyOptions, type SignOptions } from 'hookproof';
const schemes: readonly SchemeName[] = SCHEMES;
for (const scheme of ['printone', 'standard', 'stripe', 'github', 'shopify', 'slack'] as const) {
  const wh = new Webhook('whsec_c2VjcmV0', { scheme, tolerance: 60 });
  const name: SchemeName = wh.scheme;
  const tol: number = wh.tolerance;
  const opts: SignOptions = { timestamp: 1_700_000_000, msgId: 'msg_1' };
  const headers: Record<string, string> = wh.sign('{}', opts);
  const at: VerifyOptions = { now: Date.now() / 1000 };
  wh.verify('{}', headers, at);
  wh.verify('{}', headers, {});
  wh.constructEvent('{}', headers, { now: 1_700_000_000 });
  void name; void tol;
}
{
  const stripe = new Webhook('whsec_x', { scheme: 'stripe' });
  stripe.sign('{}');
  // @ts-expect-error an unknown scheme name is a compile error
  new Webhook('s', { scheme: 'stripe-ish' });
  // @ts-expect-error `now` is Unix seconds as a number
  stripe.verify('{}', {}, { now: new Date() });
  // @ts-expect-error msgId is a string
  stripe.sign('{}', { msgId: 1 });
}
app.post('/stripe', hookproofExpress('whsec_x', { scheme: 'stripe', tolerance: 60 }), (req, res) => { res.json({ ok: req.webhook === true, raw: req.rawBody?.length }); });
export const GITHUB = withWebhook('gh', async (_request: Request, body) => Response.json({ bytes: body.byteLength }), { scheme: 'github' });
export const RAW = withWebhook('po', async (_request: Request, body) => Response.json({ bytes: body.byteLength }), { parseEvent: false });
export const PARSED = withWebhook('po', async (_request: Request, event) => Response.json({ kind: event.event }), { scheme: 'printone', tolerance: 10 });
f.register(async (scope) => {
  await scope.register(hookproofFastify, { secret: 'slack', scheme: 'slack', tolerance: 60 });
});
void schemes;
