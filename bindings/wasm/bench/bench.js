// The @hookproof/wasm benchmark page (bundled by run.mjs as a web app bundles the package): one
// run in headless Chromium, hookproof (wasm, synchronous) against WebCrypto (crypto.subtle,
// awaited) on a 700-byte Print.one event and on 1 MiB. Each contestant verifies a valid
// signature end to end. The result is left in `window.__result`.
import init, { verify, Webhook } from '@hookproof/wasm';

const enc = new TextEncoder();
const SECRET = 'whk_3f9a1c7e5b2d4a6f';
const secretBytes = enc.encode(SECRET);

function event700() {
  const base = { data: { id: 'ord_8f3kZ2', status: 'order_status_sent', friendlyStatus: 'Sent',
    recipient: { name: 'Zoë Ørsted', address: 'Keizersgracht 1', city: 'Amsterdam', country: 'NL' },
    pad: '' }, event: 'order_status_update', created_at: '2026-11-28T10:00:01.250Z' };
  let bytes = enc.encode(JSON.stringify(base));
  base.data.pad = 'x'.repeat(700 - bytes.length);
  bytes = enc.encode(JSON.stringify(base));
  if (bytes.length !== 700) throw new Error(`event is ${bytes.length} bytes`);
  return bytes;
}
function mib() {
  const out = new Uint8Array(1 << 20);
  for (let i = 0; i < out.length; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

// WebCrypto as a receiver would write it: import the key, sign, decode the header, compare.
async function webCryptoVerify(body, signature) {
  const key = await crypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
  const expected = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  if (expected.length !== mac.length) return false;
  let diff = 0;
  for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ expected[i];
  return diff === 0;
}
let preparedKey;
async function webCryptoPrepared(body, signature) {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', preparedKey, body));
  const expected = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
  let diff = mac.length ^ expected.length;
  for (let i = 0; i < mac.length; i++) diff |= mac[i] ^ expected[i];
  return diff === 0;
}

// Contestants take turns, round after round (so that load from other processes hits them all
// alike); each turn runs a contestant for at least `minMs`. Reports the median time per call.
async function race(contestants, { minMs, rounds }) {
  const samples = contestants.map(() => []);
  for (const [, fn] of contestants) {
    for (let i = 0; i < 3; i++) if (!(await fn())) throw new Error('a contestant rejected a valid signature');
  }
  for (let r = 0; r < rounds; r++) {
    for (const [i, [, fn]] of contestants.entries()) {
      let n = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < minMs) {
        for (let k = 0; k < 8; k++) await fn();
        n += 8;
        elapsed = performance.now() - start;
      }
      samples[i].push((elapsed * 1000) / n);
    }
  }
  const out = {};
  for (const [i, [name]] of contestants.entries()) {
    const s = samples[i].sort((a, b) => a - b);
    out[name] = s[Math.floor(s.length / 2)];
  }
  return out;
}

try {
  await init(new URL('/hookproof_wasm_bg.wasm', location.href));
  preparedKey = await crypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const webhook = new Webhook(SECRET);
  const rows = [];
  for (const [label, body, opts] of [['700 B', event700(), { minMs: 100, rounds: 15 }], ['1 MiB', mib(), { minMs: 150, rounds: 11 }]]) {
    const signature = webhook.sign(body)['x-webhook-hmac-sha256'];
    const headers = { 'content-type': 'application/json', 'x-webhook-hmac-sha256': signature };
    const sync = (f) => async () => f();
    rows.push({
      size: label,
      bytes: body.length,
      ...(await race([
        ['hookproofVerifyUs', sync(() => verify(body, signature, SECRET))],
        ['webCryptoUs', () => webCryptoVerify(body, signature)],
        ['hookproofWebhookUs', sync(() => { webhook.verify(body, headers); return true; })],
        ['webCryptoPreparedUs', () => webCryptoPrepared(body, signature)],
      ], opts)),
    });
  }
  window.__result = { ok: true, rows };
} catch (e) {
  window.__result = { ok: false, error: String(e && e.stack || e) };
}
