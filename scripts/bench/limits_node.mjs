// The Node side of scripts/bench_limits.py: the same calls as the core's examples/limits.rs,
// through the `hookproof` package on the engine HOOKPROOF_ENGINE names, as JSON (ns per call).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../bindings/package.json', import.meta.url));
const hp = require('hookproof');
const SECRET = 'whk_3f9a1c7e5b2d4a6f';
const SIZES = [64, 256, 1024, 4096, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20, 16 << 20];
const quick = process.argv.includes('--quick');
// Many short runs, taking the best: a run that another process interrupted does not count.
const [budget, runs] = quick ? [20, 5] : [20, 25];
const scalingBudget = quick ? 50 : 200; // bodies up to 16 MiB: longer runs, fewer of them

function eventBody(size) {
  const head = '{"data":{"id":"ord_8f3kZ2","status":"order_status_sent","note":"';
  const tail = '"},"event":"order_status_update","created_at":"2026-11-28T10:00:01.250Z"}';
  return Buffer.from(head + 'x'.repeat(Math.max(size - head.length - tail.length, 0)) + tail);
}

function best(fn, ms, n) {
  let batch = 1;
  for (;;) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    if (Number(process.hrtime.bigint() - started) / 1e6 > ms / 10 || batch > 1 << 24) break;
    batch *= 2;
  }
  let perCall = Infinity;
  for (let r = 0; r < n; r++) {
    let calls = 0;
    const started = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - started) / 1e6 < ms) {
      for (let i = 0; i < batch; i++) fn();
      calls += batch;
    }
    perCall = Math.min(perCall, Number(process.hrtime.bigint() - started) / calls);
  }
  return perCall;
}

const body = eventBody(700);
const webhook = new hp.Webhook(SECRET);
const signature = webhook.sign(body)['x-webhook-hmac-sha256'];
// What Node's http hands a handler (lower-case names) and what a Fetch server hands one.
const incoming = { host: '127.0.0.1:3000', 'content-type': 'application/json', 'content-length': '700', 'user-agent': 'Print.one Webhook Service', 'x-webhook-hmac-sha256': signature, connection: 'keep-alive' };
const fetchHeaders = new Headers(incoming);
const result = {
  engine: hp.engineName(),
  one_shot_ns: best(() => hp.verify(body, signature, SECRET), budget, runs),
  prepared_incoming_ns: best(() => webhook.verify(body, incoming), budget, runs),
  prepared_fetch_ns: best(() => webhook.verify(body, fetchHeaders), budget, runs),
  // What the Fetch figure spends in the Headers object itself: one `get` per name the scheme
  // reads (Print.one: the current and the legacy signature header).
  fetch_get_ns: best(() => [fetchHeaders.get('x-webhook-hmac-sha256'), fetchHeaders.get('x-printone-hmac-sha256')], budget, runs),
  scaling: [],
};
for (const size of SIZES) {
  const sized = eventBody(size);
  const headers = webhook.sign(sized);
  result.scaling.push([size, best(() => webhook.verify(sized, headers), size >= 1 << 20 ? scalingBudget * 2 : scalingBudget, 3)]);
}
console.log(JSON.stringify(result));
