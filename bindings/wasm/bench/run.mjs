// Runs bench/bench.js in headless Chromium (bundled as a web app bundles @hookproof/wasm) and
// prints the table (Markdown) and the goals.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { runPage } from '../../js/test/chromium.mjs';

const WASM = fileURLToPath(new URL('../pkg/hookproof_wasm_bg.wasm', import.meta.url));
const wasm = readFileSync(WASM);
const gz = gzipSync(wasm, { level: 9 }).length;
const { result, errors, browser } = await runPage({
  // The page's own source as the entry: an import of it would be dropped by the bundler (the
  // package declares which of its files have side effects).
  entry: readFileSync(new URL('./bench.js', import.meta.url), 'utf8'),
  resolveDir: fileURLToPath(new URL('.', import.meta.url)),
  wasm: WASM,
  timeoutMs: 300_000,
});
if (errors.length || !result.ok) {
  console.error(`benchmark page failed: ${errors.join('; ')} ${result.error ?? ''}`);
  process.exit(1);
}
const us = (x) => (x < 100 ? x.toFixed(2) : x.toFixed(0));
console.log(`${browser}\n`);
console.log('| body | hookproof `verify` | hookproof `Webhook#verify` | WebCrypto importKey+sign+compare | WebCrypto sign+compare (key imported once) | `verify` vs WebCrypto |');
console.log('| --- | --- | --- | --- | --- | --- |');
const goals = [];
for (const r of result.rows) {
  const ratio = r.webCryptoUs / r.hookproofVerifyUs;
  const relation = ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`;
  console.log(`| ${r.size} | ${us(r.hookproofVerifyUs)} µs | ${us(r.hookproofWebhookUs)} µs | ${us(r.webCryptoUs)} µs | ${us(r.webCryptoPreparedUs)} µs | ${relation} |`);
  if (r.size === '700 B') goals.push([`700 B: >= 3x faster than WebCrypto`, ratio >= 3, `${ratio.toFixed(1)}x`]);
  if (r.size === '1 MiB') goals.push([`1 MiB: at most 8x slower than WebCrypto`, 1 / ratio <= 8, ratio >= 1 ? `${ratio.toFixed(1)}x faster` : `${(1 / ratio).toFixed(1)}x slower`]);
}
goals.push([`gzipped .wasm <= 50 KB (read strictly: 50,000 bytes)`, gz <= 50000, `${wasm.length} bytes raw, ${gz} gzipped`]);
console.log('');
for (const [goal, met, figure] of goals) console.log(`${met ? 'met   ' : 'MISSED'} ${goal}: ${figure}`);
