// Next.js for real: the app in test/next-app, with hookproof installed from its packed tarballs
// (as npm lays them out: hookproof, @hookproof/wasm and this platform's binary package), built
// with `next build` and served by `next start` on 127.0.0.1. The App Router route reads the body
// once as bytes; the Pages Router route needs `bodyParser: false` (and says so when it is left
// on); answering first runs the handler after the 200.
import { test } from 'node:test';
import { assertFloodRefused } from './http.mjs';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pack } from '../../pack.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORKSPACE_MODULES = join(HERE, '../../../node_modules');
const REPO = join(HERE, '../../../..');
const SECRET = 'whk_next_test_7e2a';
const sign = (body, secret = SECRET) => createHmac('sha256', secret).update(body).digest('base64');
const eventBody = (id) => JSON.stringify({ data: { id }, event: 'order_status_update', created_at: '2026-11-28T10:00:01.250Z' });

/** The app in a temporary folder; node_modules: the packed hookproof, the workspace's others. */
function stageApp() {
  // Inside the repository (target/, ignored): Turbopack compiles nothing outside its root, and
  // the root must hold both the app and the workspace's node_modules the symlinks point into.
  mkdirSync(join(REPO, 'target'), { recursive: true });
  const dir = mkdtempSync(join(REPO, 'target', 'next-app-'));
  cpSync(join(HERE, '../next-app'), dir, { recursive: true });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@hookproof'), { recursive: true });
  const packs = pack(join(dir, '.packs'), [[hostTriple(), hostBinary()]]);
  const unpack = (tarball, into) => {
    mkdirSync(into, { recursive: true });
    assert.equal(spawnSync('tar', ['xzf', tarball, '-C', into, '--strip-components=1']).status, 0);
  };
  unpack(packs.main, join(modules, 'hookproof'));
  unpack(packs.wasm, join(modules, '@hookproof/wasm'));
  for (const [suffix, tarball] of Object.entries(packs.platforms)) unpack(tarball, join(modules, '@hookproof', suffix));
  for (const name of readdirSync(WORKSPACE_MODULES)) {
    if (name === 'hookproof' || name === '@hookproof' || name === '.bin' || name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      mkdirSync(join(modules, name), { recursive: true });
      for (const sub of readdirSync(join(WORKSPACE_MODULES, name))) symlinkSync(join(WORKSPACE_MODULES, name, sub), join(modules, name, sub));
    } else {
      symlinkSync(join(WORKSPACE_MODULES, name), join(modules, name));
    }
  }
  return dir;
}

function hostBinary() {
  const dir = join(HERE, '../../../node');
  return join(dir, readdirSync(dir).find((n) => /^hookproof\..+\.node$/.test(n)));
}

function hostTriple() {
  const suffix = hostBinary().split('hookproof.')[1].replace(/\.node$/, '');
  return { 'linux-x64-gnu': 'x86_64-unknown-linux-gnu', 'linux-arm64-gnu': 'aarch64-unknown-linux-gnu', 'linux-x64-musl': 'x86_64-unknown-linux-musl' }[suffix];
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function post(port, path, body, headers = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}


test('next build + next start: App Router and Pages Router routes verify the raw bytes', { timeout: 600_000 }, async () => {
  const dir = stageApp();
  const log = join(dir, 'handled.log');
  const env = { ...process.env, PRINTONE_WEBHOOK_SECRET: SECRET, HANDLED_LOG: log, NEXT_TELEMETRY_DISABLED: '1', HOOKPROOF_TEST_TURBOPACK_ROOT: REPO };
  const nextBin = join(WORKSPACE_MODULES, 'next/dist/bin/next');
  const built = spawnSync(process.execPath, [nextBin, 'build'], { cwd: dir, env, encoding: 'utf8', timeout: 400_000 });
  assert.equal(built.status, 0, `next build failed:\n${built.stdout}\n${built.stderr}`);
  const port = await freePort();
  const server = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  server.stdout.on('data', (d) => { output += d; });
  server.stderr.on('data', (d) => { output += d; });
  const stop = setTimeout(() => server.kill('SIGKILL'), 300_000);
  try {
    for (let i = 0; ; i++) {
      try { await fetch(`http://127.0.0.1:${port}/`); break; } catch {
        if (i > 300 || server.exitCode !== null) throw new Error(`next start did not come up:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const engine = await fetch(`http://127.0.0.1:${port}/api/webhooks`).then((r) => r.json(), (e) => ({ error: String(e), output }));
    assert.deepEqual(engine, { engine: 'native' }, 'the binary came from the installed @hookproof/<platform> package');
    const body = eventBody('ord_app');
    const app = await post(port, '/api/webhooks', body, { 'x-webhook-hmac-sha256': sign(body) });
    assert.deepEqual([app.status, app.json], [200, { router: 'app', event: 'order_status_update', id: 'ord_app', createdAt: '2026-11-28T10:00:01.250Z' }], output);
    const duplicate = await post(port, '/api/webhooks', body, { 'x-webhook-hmac-sha256': sign(body) });
    assert.deepEqual(duplicate.json, { duplicate: true });
    const forged = await post(port, '/api/webhooks', eventBody('other'), { 'x-webhook-hmac-sha256': sign(body) });
    assert.deepEqual([forged.status, forged.json.code], [401, 'signature_mismatch']);
    await assertFloodRefused(assert, port, '/api/webhooks', 50);
    // The reference sender's load run, as the round trip drives every other receiver: 1,000
    // deliveries, 1% tampered.
    const cli = process.env.HOOKPROOF_BIN || join(REPO, 'target/release/hookproof');
    assert.ok(existsSync(cli), `the hookproof CLI is built by ./dev test before this suite (${cli})`);
    const sent = spawnSync(cli, ['send', '--json', '--url', `http://127.0.0.1:${port}/api/webhooks`, '--event', 'order_status_update',
      '--count', '1000', '--concurrency', '8', '--tamper-rate', '0.01'], { env: { ...process.env, HOOKPROOF_SECRET: SECRET }, encoding: 'utf8' });
    const summary = JSON.parse(sent.stdout.trim().split('\n').pop() || '{}');
    assert.deepEqual([sent.status, summary.sent, summary.tampered_accepted, summary.valid_rejected], [0, 1000, 0, 0], sent.stdout + sent.stderr);
    assert.ok(summary.tampered > 0, 'some deliveries were tampered');

    const pagesBody = eventBody('ord_pages');
    const pages = await post(port, '/api/pages-webhook', pagesBody, { 'X-Webhook-Hmac-Sha256': sign(pagesBody) });
    assert.deepEqual([pages.status, pages.json], [200, { router: 'pages', event: 'order_status_update', id: 'ord_pages' }], output);
    assert.equal((await post(port, '/api/pages-webhook', pagesBody, { 'x-webhook-hmac-sha256': sign('x') })).status, 401);
    await assertFloodRefused(assert, port, '/api/pages-webhook', 50);
    const parsed = await post(port, '/api/parsed', pagesBody, { 'x-webhook-hmac-sha256': sign(pagesBody) });
    assert.deepEqual([parsed.status, parsed.json && parsed.json.code], [500, 'raw_body_unavailable']);

    const laterBody = eventBody('ord_later');
    const started = Date.now();
    const later = await post(port, '/api/later', laterBody, { 'x-webhook-hmac-sha256': sign(laterBody) });
    assert.deepEqual([later.status, later.json], [200, { received: true }]);
    assert.ok(Date.now() - started < 1400, 'answered before the 1.5 s handler finished');
    for (let i = 0; i < 60 && !existsSync(log); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(readFileSync(log, 'utf8'), 'app ord_later\n', 'the handler ran after the answer');
    assert.match(output, /bodyParser: false/, 'the misconfigured route explained the fix');
  } finally {
    clearTimeout(stop);
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});
