// Type-checks the declarations against the API as users write it (tsc --noEmit --strict).
import { Webhook, verify, WebhookError, SignatureMismatchError, ReplayGuard, MemoryStore, Background, isValidWebhook, validateWebhook, bodyLimit } from 'hookproof';
import type { PrintOneEvent, Order, SchemeName, ErrorCode } from 'hookproof';
import { hookproof, webhookHandler, captureRawBody } from 'hookproof/express';
import hookproofFastify from 'hookproof/fastify';
import { withWebhook, verifyRequest } from 'hookproof/fetch';

const body = '{"data":{},"event":"order_status_update","created_at":"2026-11-28T10:00:00Z"}';
const ok: boolean = verify(body, undefined, 'secret');
const webhook = new Webhook(['a', new Uint8Array([1])], { tolerance: 60, maxAge: 3600 });
const headers: Record<string, string> = webhook.sign(body, { timestamp: 1, msgId: 'x' });
webhook.verify(new Uint8Array(), new Headers(headers), { now: 1 });
webhook.verify(body, [['x-webhook-hmac-sha256', 'a']]);
webhook.verify(body, ['x-webhook-hmac-sha256', 'a']);
webhook.verify(body, new Map([['a', 'b']]));

const event: PrintOneEvent = webhook.constructEvent(body, headers);
if (event.known && event.event === 'order_status_update') {
  const order: Order = event.data;
  const status: string = order.status;
  const city: string = order.recipient.city;
  void status; void city;
} else if (!event.known) {
  const name: string = event.event;
  void name;
  const anything: unknown = event.data;
  void anything;
}
const created: Date = event.createdAt;

const stripe = new Webhook('whsec_x', { scheme: 'stripe' });
const scheme: 'stripe' = stripe.scheme;
const json: unknown = stripe.constructEvent('{}', {});

try {
  webhook.verify(body, {});
} catch (error) {
  if (error instanceof SignatureMismatchError) {
    const code: 'signature_mismatch' = error.code;
    void code;
  } else if (error instanceof WebhookError) {
    const code: ErrorCode | 'webhook_error' = error.code;
    void webhook.httpStatus(error);
    void code;
  }
}

const guard = new ReplayGuard(new MemoryStore(10), { ttl: 60 });
void guard.claim(webhook, body, headers).then((claim) => claim?.release());
const background = new Background({ maxConcurrent: 2, onError: (e) => console.error(e) });

const middleware = hookproof('secret', { replay: true, bodyLimit: '1mb' });
const route = webhookHandler('secret', async (e) => { void e; }, { background });
void captureRawBody; void hookproofFastify; void middleware; void route;
const POST = withWebhook('secret', async (request, e) => Response.json({ got: (e as PrintOneEvent).event }));
void POST; void verifyRequest;
const names: SchemeName[] = ['printone', 'github'];
void names; void ok; void created; void scheme; void json; void isValidWebhook; void validateWebhook(body, {}, 's'); void bodyLimit('1mb');

// What the declarations must refuse (tsc fails if any of these compiles).
// @ts-expect-error an unknown scheme name
new Webhook('s', { scheme: 'paypal' });
// @ts-expect-error a number is not a secret
verify(body, undefined, 42);
if (!event.known) {
  // @ts-expect-error an unknown event's data is not an Order
  const notOrder: Order = event.data;
  void notOrder;
}

// @hookproof/wasm: the same declarations, with the loaders browsers and Workers call first.
import initWasm, { init, initSync, Webhook as WasmWebhook } from '@hookproof/wasm';
import { withWebhook as wasmWithWebhook } from '@hookproof/wasm/fetch';
void initWasm(new URL('https://example.com/hookproof_wasm_bg.wasm'));
void init();
initSync(new WebAssembly.Module(new Uint8Array()));
const wasmHook: WasmWebhook = new WasmWebhook('s');
void wasmHook; void wasmWithWebhook;

// The other framework entry points.
import koaHookproof, { webhookHandler as koaHandler } from 'hookproof/koa';
import { WebhookInterceptor } from 'hookproof/nest';
import { withWebhook as nextRoute, withWebhookPages } from 'hookproof/next';
import lambdaWebhook from 'hookproof/lambda';
import type { LambdaResponse, LambdaWebhookRequest } from 'hookproof/lambda';
void koaHookproof('s', { replay: true }); void koaHandler('s', async () => {}, { background: true });
void new WebhookInterceptor('s', { bodyLimit: 1024 });
void nextRoute('s', async () => new Response()); void withWebhookPages('s', (event, req, res) => { void req; void res; });
const lambdaHandler = lambdaWebhook('s', (event, request: LambdaWebhookRequest) => ({ source: request.source }));
void lambdaHandler({}).then((answer: LambdaResponse) => answer.statusCode);
// @ts-expect-error Lambda has no background
lambdaWebhook('s', () => {}, { background: true });
