// The round-trip receiver over real HTTP on 127.0.0.1: status codes, JSON errors, idle exit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Webhook } from '@hookproof/wasm';

const RECEIVER = fileURLToPath(new URL('../roundtrip/receiver.mjs', import.meta.url));
const SECRET = 'whk_roundtrip_test';
const EVENT = '{"data":{"id":"ord_9"},"event":"coupon_code_used","created_at":"2026-11-28T10:00:00.000Z"}';

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function startReceiver(extra = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [RECEIVER, '--port', String(port), '--secret', SECRET, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 100 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(out, /listening/);
  return { url: `http://127.0.0.1:${port}`, child, exited, output: () => out };
}

test('the receiver answers like the other languages', async () => {
  const receiver = await startReceiver(['--idle-timeout', '30']);
  try {
    const signed = new Webhook(SECRET).sign(EVENT);
    const post = (path, body, headers) => fetch(receiver.url + path, { method: 'POST', body, headers });
    let r = await post('/events', EVENT, { 'content-type': 'application/json', ...signed });
    assert.equal(r.status, 200);
    assert.equal((await r.json()).received, 'coupon_code_used');
    r = await post('/events', EVENT + ' ', signed);
    assert.equal(r.status, 401);
    assert.deepEqual(Object.keys(await r.json()), ['code', 'message']);
    r = await post('/events', EVENT, {});
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'missing_signature');
    const notEvent = 'plain bytes';
    r = await post('/events', notEvent, new Webhook(SECRET).sign(notEvent));
    assert.equal(r.status, 400);
    assert.equal((await r.json()).code, 'invalid_payload');
    const binary = new Uint8Array([0, 255, 1, 254, 128]);
    r = await post('/raw', binary, new Webhook(SECRET).sign(binary));
    assert.equal(r.status, 204);
    r = await post('/raw', binary, new Webhook('other').sign(binary));
    assert.equal(r.status, 401);
    assert.equal((await r.json()).code, 'signature_mismatch');
    r = await fetch(receiver.url + '/nope');
    assert.equal(r.status, 404);
    // One line per request (logged just after the response is sent).
    const lines = () => receiver.output().split('\n').filter((l) => /^(POST|GET) /.test(l));
    for (let i = 0; i < 40 && lines().length < 7; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(lines().length, 7);
  } finally {
    receiver.child.kill();
  }
});

test('the receiver exits by itself after --idle-timeout', async () => {
  const receiver = await startReceiver(['--idle-timeout', '1']);
  const code = await Promise.race([receiver.exited, new Promise((r) => setTimeout(() => r('still running'), 5000))]);
  if (code === 'still running') receiver.child.kill();
  assert.equal(code, 0);
});
