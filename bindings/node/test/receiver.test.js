'use strict';
// The round-trip receiver as a real process, and, when the reference sender's CLI is available
// (HOOKPROOF_BIN, as ./dev test sets it), the sender delivering to it over real HTTP.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { spawn, spawnSync } = require('node:child_process');
const { oracleSign, eventBody } = require('./helpers.js');
const { post } = require('./servers.js');

const RECEIVER = path.join(__dirname, '..', 'roundtrip', 'receiver.js');
const SECRET = 'roundtrip-secret-123';

function start(extra = []) {
  const child = spawn(process.execPath, [RECEIVER, '--port', '0', '--secret', SECRET, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`receiver did not start: ${out}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { clearTimeout(t); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => reject(new Error(`receiver exited ${code}: ${out}`)));
  });
  return { child, ready, output: () => out };
}

test('receiver: /events and /raw verdicts, one line per request, idle exit', async () => {
  const r = start(['--idle-timeout', '2']);
  const port = await r.ready;
  const body = eventBody('coupon_code_used', { id: 'cc_1', code: 'WELCOME' });
  const ok = await post(port, '/events', body, { 'x-webhook-hmac-sha256': oracleSign(body, SECRET) });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.event, 'coupon_code_used');
  const bad = await post(port, '/events', body, { 'x-webhook-hmac-sha256': oracleSign(body, 'x') });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.code, 'signature_mismatch');
  const invalid = await post(port, '/events', 'nope', { 'x-webhook-hmac-sha256': oracleSign('nope', SECRET) });
  assert.equal(invalid.status, 400);
  const bytes = Buffer.from([1, 2, 3, 0, 255]);
  assert.equal((await post(port, '/raw', bytes, { 'content-type': 'application/octet-stream', 'x-webhook-hmac-sha256': oracleSign(bytes, SECRET) })).status, 204);
  const rawBad = await post(port, '/raw', bytes, { 'x-webhook-hmac-sha256': 'AAAA' });
  assert.equal(rawBad.status, 401);
  assert.equal(rawBad.json.code, 'malformed_signature');
  const code = await new Promise((resolve) => r.child.on('exit', resolve));
  assert.equal(code, 0, 'exits by itself after the idle timeout');
  const lines = r.output().trim().split('\n');
  assert.ok(lines.some((l) => /event=coupon_code_used verified ok/.test(l)), r.output());
  assert.ok(lines.some((l) => /rejected signature_mismatch/.test(l)), r.output());
  assert.ok(lines.some((l) => /rejected invalid_payload/.test(l)), r.output());
  assert.ok(lines.some((l) => /\/raw size=5 verified ok/.test(l)), r.output());
  assert.ok(lines.some((l) => /idle/.test(l)));
});

test('receiver: bad arguments exit 2 with a message', () => {
  const res = spawnSync(process.execPath, [RECEIVER, '--port', 'x'], { encoding: 'utf8' });
  assert.equal(res.status, 2);
  assert.match(res.stderr, /--port/);
});

const BIN = process.env.HOOKPROOF_BIN;
test('round trip: the reference sender delivers signed events to the Express receiver', { skip: !(BIN && fs.existsSync(BIN)) && 'HOOKPROOF_BIN not set (./dev test sets it)' }, async () => {
  const r = start(['--idle-timeout', '20']);
  const port = await r.ready;
  try {
    const help = spawnSync(BIN, ['send', '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    for (const event of ['order_status_update', 'template_preview_rendered', 'batch_status_update', 'coupon_code_used']) {
      const res = spawnSync(BIN, ['send', '--url', `http://127.0.0.1:${port}/events`, '--secret', SECRET, '--event', event], { encoding: 'utf8', timeout: 20000 });
      assert.equal(res.status, 0, `${event}: ${res.stdout}${res.stderr}`);
    }
    const wrong = spawnSync(BIN, ['send', '--url', `http://127.0.0.1:${port}/events`, '--secret', 'not-the-secret', '--event', 'order_status_update'], { encoding: 'utf8', timeout: 20000 });
    assert.notEqual(wrong.status, 0, 'a delivery signed with another secret is refused');
    // spawnSync blocked this event loop: let the receiver's output arrive.
    for (let i = 0; i < 50 && (r.output().match(/rejected/g) || []).length < 1; i++) await new Promise((res) => setTimeout(res, 100));
    assert.equal((r.output().match(/event=\w+ verified ok/g) || []).length, 4, r.output());
    assert.match(r.output(), /rejected signature_mismatch/);
  } finally {
    r.child.kill();
  }
});
