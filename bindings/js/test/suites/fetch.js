// The Fetch helper on real Fetch `Request`s: authentic, rejected, over the size limit (answered
// without reading the rest), duplicates, answer first with `waitUntil`, other schemes.
import { assert, SECRET, eventBody, utf8 } from '../harness.js';

function request(body, headers) {
  return new Request('http://localhost/webhooks', { method: 'POST', body, headers });
}

/** A body of `total` bytes that counts how much of it was read. */
function countingBody(total, chunk = 64 * 1024) {
  let sent = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const size = Math.min(chunk, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return { stream, read: () => sent };
}

export default function fetchSuite(ctx) {
  const { hp, fetch: helpers } = ctx;
  const { withWebhook } = helpers;
  const webhook = new hp.Webhook(SECRET);
  const body = eventBody();
  const headers = webhook.sign(body);
  return [
    ['withWebhook: the handler gets the event; rejections get the core status and code', async () => {
      const handler = withWebhook(SECRET, async (req, event) => Response.json({ got: event.event, data: event.data }));
      const ok = await handler(request(body, headers));
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { got: 'order_status_update', data: { id: 'ord_1', status: 'order_created' } });
      const bad = await handler(request(body + ' ', headers));
      assert.equal(bad.status, 401);
      assert.equal((await bad.json()).code, 'signature_mismatch');
      const none = await handler(request(body, {}));
      assert.equal((await none.json()).code, 'missing_signature');
      const parsed = request(body, headers);
      await parsed.text();
      const used = await handler(parsed);
      assert.equal(used.status, 500);
      assert.equal((await used.json()).code, 'raw_body_unavailable');
    }],

    ['withWebhook: a declared or streamed body over the limit is 413 without reading the rest', async () => {
      const handler = withWebhook(SECRET, () => new Response('never'), { bodyLimit: '64kb' });
      const declaring = request('x'.repeat(10), { ...headers, 'content-length': String(100 * 1024 * 1024) });
      // Browsers drop Content-Length from a Request they are given (a forbidden header): there
      // only the streamed half below applies.
      if (declaring.headers.has('content-length') || ctx.runtime !== 'chromium') {
        const declared = await handler(declaring);
        assert.equal(declared.status, 413);
        assert.equal((await declared.json()).code, 'body_too_large');
      }
      const big = countingBody(100 * 1024 * 1024);
      const streamed = await handler(new Request('http://localhost/', { method: 'POST', body: big.stream, headers, duplex: 'half' }));
      assert.equal(streamed.status, 413);
      assert.equal((await streamed.json()).code, 'body_too_large');
      assert.ok(big.read() <= 256 * 1024, `read ${big.read()} bytes of 100 MB`);
      assert.throws(() => withWebhook(SECRET, () => {}, { bodyLimit: '12 parsecs' }), hp.InvalidArgumentError);
      assert.throws(() => withWebhook(SECRET, () => {}, { bodyLimit: 0 }), hp.InvalidArgumentError);
    }],

    ['withWebhook: a duplicate is acknowledged 200 without running the handler', async () => {
      let runs = 0;
      const handler = withWebhook(SECRET, () => { runs += 1; return new Response(null, { status: 204 }); }, { replay: true });
      assert.equal((await handler(request(body, headers))).status, 204);
      const duplicate = await handler(request(body, headers));
      assert.equal(duplicate.status, 200);
      assert.deepEqual(await duplicate.json(), { duplicate: true });
      assert.equal(runs, 1);
      // A handler that fails releases the claim: the retry runs.
      let attempts = 0;
      const flaky = withWebhook(SECRET, () => { attempts += 1; if (attempts === 1) throw new Error('boom'); return new Response('ok'); }, { replay: true });
      await assert.rejects(() => flaky(request(body, headers)), /boom/);
      assert.equal((await flaky(request(body, headers))).status, 200);
      assert.equal(attempts, 2);
    }],

    ['withWebhook: background answers 200 at once, runs the handler after, bounded, errors to onError', async () => {
      const kept = [];
      const failures = [];
      let running = 0;
      let peak = 0;
      const handler = withWebhook(SECRET, async (req, event) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 30));
        running -= 1;
        if (event.data.fail) throw new Error('late failure');
      }, { background: { maxConcurrent: 2, onError: (error, event) => failures.push([error.message, event.event]) } });
      const started = Date.now();
      const answers = [];
      for (let i = 0; i < 6; i++) {
        const b = eventBody('order_status_update', { i, fail: i === 5 });
        answers.push(handler(request(b, webhook.sign(b)), {}, { waitUntil: (p) => kept.push(p) }));
      }
      const responses = await Promise.all(answers);
      assert.ok(Date.now() - started < 150, 'answered before the handlers ran');
      for (const response of responses) assert.equal(response.status, 200);
      assert.equal(kept.length, 6, 'each handler was given to waitUntil');
      await Promise.all(kept);
      assert.equal(peak, 2, 'no more than the bound at once');
      assert.deepEqual(failures, [['late failure', 'order_status_update']]);
    }],

    ['withWebhook: other schemes hand over the raw bytes, with their own statuses', async () => {
      const secret = 'whsec_stripe';
      const stripe = new hp.Webhook(secret, { scheme: 'stripe' });
      const handler = withWebhook(secret, async (req, raw) => Response.json({ size: raw.length, text: new TextDecoder().decode(raw) }), { scheme: 'stripe' });
      const payload = '{"id":"evt_1","type":"invoice.paid"}';
      const ok = await handler(request(payload, stripe.sign(payload)));
      assert.deepEqual(await ok.json(), { size: payload.length, text: payload });
      const bad = await handler(request(payload, { 'stripe-signature': 't=1,v1=' + '0'.repeat(64) }));
      assert.equal(bad.status, 400, "Stripe's rejection status");
      assert.throws(() => withWebhook(stripe, () => {}, { scheme: 'github' }), (e) => e instanceof TypeError && /configure a new Webhook/.test(e.message));
    }],

    ['verifyRequest: the raw bytes of an authentic Request', async () => {
      const bytes = await helpers.verifyRequest(request(body, headers), SECRET);
      assert.deepEqual(bytes, utf8(body));
      await assert.rejects(() => helpers.verifyRequest(request(body, {}), SECRET), hp.MissingSignatureError);
    }],
  ];
}
