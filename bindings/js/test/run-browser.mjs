// The shared suite in a real browser: Debian's headless Chromium, driven by playwright-core (the
// system browser, never a downloaded one). web-suite.js is bundled by esbuild as a web app bundles
// `@hookproof/wasm`, served from 127.0.0.1 with the .wasm beside it, and `init(url)` loads the
// module. Prints one line per case and the JSON summary; exits 1 on any failure.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WASM = fileURLToPath(new URL('../../wasm/pkg/hookproof_wasm_bg.wasm', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const page = `import { run } from ${JSON.stringify(join(HERE, 'web-suite.js'))};
const version = (navigator.userAgent.match(/Chrome\\/([\\d.]+)/) || [])[1] || navigator.userAgent;
run({ runtime: 'chromium', version, wasm: new URL('/hookproof_wasm_bg.wasm', location.href),
  onResult: (r) => console.log((r.ok ? 'ok     ' : 'FAILED ') + r.suite + ': ' + r.name + (r.ok ? '' : '\\n' + (r.error && r.error.stack))) })
  .then((summary) => { window.__result = summary; }, (error) => { window.__result = { error: String(error && error.stack || error) }; });`;

const bundled = await build({
  stdin: { contents: page, resolveDir: HERE, sourcefile: 'page.js' },
  bundle: true, write: false, format: 'esm', platform: 'browser', target: 'chrome100',
  conditions: ['browser'], logLevel: 'warning',
});
const files = {
  '/': ['text/html; charset=utf-8', '<!doctype html><meta charset="utf-8"><title>hookproof</title><script type="module" src="/suite.js"></script>'],
  '/suite.js': ['text/javascript; charset=utf-8', bundled.outputFiles[0].contents],
  '/hookproof_wasm_bg.wasm': ['application/wasm', readFileSync(WASM)],
};
const server = http.createServer((req, res) => {
  const file = files[new URL(req.url, 'http://127.0.0.1').pathname];
  res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain', 'cache-control': 'no-store' });
  res.end(file ? file[1] : 'not found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}/`;

const userDataDir = mkdtempSync(join(tmpdir(), 'hookproof-chromium-'));
let summary;
const errors = [];
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const tab = context.pages()[0] ?? (await context.newPage());
  tab.on('console', (message) => console.log(message.text()));
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(origin);
  await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
  summary = await tab.evaluate(() => window.__result);
} finally {
  await context.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
if (summary.error) errors.push(summary.error);
const { failures, ...line } = summary;
console.log(JSON.stringify(line));
if (errors.length) console.error(errors.join('\n'));
process.exit(errors.length || summary.failed ? 1 : 0);
