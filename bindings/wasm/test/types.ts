// Compiled (not run) by test.sh with `tsc --noEmit`: the declarations describe real usage.
import init, { initSync, verify, verifyRequest, Webhook, WebhookError, SignatureMismatchError, CODES, type PrintOneEvent } from '@hookproof/wasm';

export async function worker(request: Request, wasm: WebAssembly.Module): Promise<Response> {
  initSync({ module: wasm });
  await init();
  const ok: boolean = verify('{}', request.headers.get('x-webhook-hmac-sha256'), 'secret');
  const webhook = new Webhook(['new', new Uint8Array([1])], { tolerance: 60 });
  try {
    const body: Uint8Array = await verifyRequest(request, webhook);
    const event: PrintOneEvent = webhook.constructEvent(body, request.headers);
    const when: Date = event.createdAt;
    webhook.verify(body, { 'X-Webhook-Hmac-Sha256': ['a', 'b'] });
    return new Response(`${ok} ${event.event} ${when.toISOString()} ${CODES.length} ${webhook.sign('x')['x-webhook-hmac-sha256']}`);
  } catch (error) {
    if (error instanceof SignatureMismatchError || error instanceof WebhookError) {
      return Response.json({ code: error.code, message: error.message }, { status: 401 });
    }
    throw error;
  }
}
