// A Fetch-style webhook handler, as it would run in a Cloudflare Worker, Deno or Vercel Edge:
// (Request) -> Response. Used by roundtrip/receiver.mjs (which adapts node:http to it) and by the
// tests. `hp` is the loaded @hookproof/wasm module.
const json = (status, value) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

export function makeHandler(hp, secret) {
  const webhook = new hp.Webhook(secret); // keys prepared once
  const reject = (error) => {
    if (!(error instanceof hp.WebhookError)) throw error;
    const status = error.code === 'invalid_payload' ? 400 : 401;
    return json(status, { code: error.code, message: error.message });
  };
  return async function handle(request) {
    const { pathname } = new URL(request.url);
    if (pathname !== '/events' && pathname !== '/raw') return json(404, { message: 'not found' });
    if (request.method !== 'POST') return json(405, { message: 'POST only' });
    try {
      // Reads the raw body once (from a clone) and checks the signature in the wasm core.
      const body = await webhook.verifyRequest(request);
      if (pathname === '/raw') return new Response(null, { status: 204 });
      const event = webhook.constructEvent(body, request.headers);
      return json(200, { received: event.event, known: event.known, created_at: event.createdAtRaw });
    } catch (error) {
      return reject(error);
    }
  };
}
