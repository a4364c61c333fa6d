// The shared suite in Cloudflare's workerd (npm `workerd`), the runtime of Cloudflare Workers:
// a Worker bundled by esbuild with the conditions Wrangler uses (workerd, worker, browser), the
// .wasm imported as a module and handed to `initSync`. Its `fetch` handler runs the suite on
// GET /suite and verifies webhooks with `withWebhook` on POST /webhook, which this runner then
// exercises over real HTTP with signatures from node:crypto. Exits 1 on any failure.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WASM = fileURLToPath(new URL('../../wasm/pkg/hookproof_wasm_bg.wasm', import.meta.url));
const WORKERD = process.env.WORKERD || join(HERE, 'runtimes/node_modules/.bin/workerd');
const SECRET = 'whk_workerd_test_secret';

const worker = `import wasm from './hookproof_wasm_bg.wasm';
import { initSync } from 'hookproof';
import { withWebhook } from 'hookproof/fetch';
import { run } from ${JSON.stringify(join(HERE, 'web-suite.js'))};

initSync(wasm);
const webhook = withWebhook(${JSON.stringify(SECRET)}, (request, event) =>
  Response.json({ event: event.event, known: event.known, createdAt: event.createdAt.toISOString() }));

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/suite') return Response.json(await run({ runtime: 'workerd', version: env.WORKERD_VERSION, wasm }));
    if (pathname === '/webhook') return webhook(request);
    return new Response('not found', { status: 404 });
  },
};`;

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const dir = mkdtempSync(join(tmpdir(), 'hookproof-workerd-'));
const version = spawnSync(WORKERD, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^workerd /, '');
await build({
  stdin: { contents: worker, resolveDir: HERE, sourcefile: 'worker.js' },
  bundle: true, outfile: join(dir, 'worker.js'), format: 'esm', platform: 'neutral', target: 'es2022',
  conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['*.wasm'], logLevel: 'warning',
});
copyFileSync(WASM, join(dir, 'hookproof_wasm_bg.wasm'));
const port = await freePort();
writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "hookproof_wasm_bg.wasm", wasm = embed "hookproof_wasm_bg.wasm"),
  ],
  bindings = [(name = "WORKERD_VERSION", text = ${JSON.stringify(version)})],
  compatibilityDate = "2025-09-01",
);
`);

const child = spawn(WORKERD, ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = setTimeout(() => child.kill('SIGKILL'), 180_000); // bounded: never outlives the run
const origin = `http://127.0.0.1:${port}`;
const failures = [];
try {
  for (let i = 0; ; i++) {
    try { await fetch(`${origin}/health`); break; } catch (error) {
      if (i > 100 || child.exitCode !== null) throw new Error(`workerd did not start: ${error}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The Worker's fetch handler, over HTTP, as Print.one would call it (before the suite: its trap
  // check replaces the instance, and a Webhook made before a trap refuses to give verdicts).
  const body = '{"data":{"id":"ord_1","status":"order_created"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}';
  const signature = createHmac('sha256', SECRET).update(body).digest('base64');
  const post = (sig) => fetch(`${origin}/webhook`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-Webhook-HMAC-SHA256': sig } });
  const good = await post(signature);
  const goodBody = await good.json();
  if (good.status !== 200 || goodBody.event !== 'order_status_update' || goodBody.createdAt !== '2026-11-28T10:00:00.000Z') failures.push(`a signed POST got ${good.status} ${JSON.stringify(goodBody)}`);
  const forged = await post(createHmac('sha256', 'other').update(body).digest('base64'));
  const forgedBody = await forged.json();
  if (forged.status !== 401 || forgedBody.code !== 'signature_mismatch') failures.push(`a forged POST got ${forged.status} ${JSON.stringify(forgedBody)}`);
  console.log(`webhook over HTTP: signed ${good.status}, forged ${forged.status} ${forgedBody.code}`);
  const summary = await (await fetch(`${origin}/suite`)).json();
  for (const f of summary.failures) console.log(`FAILED ${f.suite}: ${f.name}\n${f.error}`);
  if (summary.failed) failures.push(`${summary.failed} suite cases failed`);

  const { failures: _, ...line } = summary;
  console.log(JSON.stringify({ ...line, passed: line.passed + (failures.length ? 0 : 1) }));
} catch (error) {
  failures.push(String(error && error.stack || error));
} finally {
  clearTimeout(stop);
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
if (failures.length) console.error(failures.join('\n'));
process.exit(failures.length ? 1 : 0);
