// Runs a page in Debian's headless Chromium, driven by playwright-core (the system browser, never
// a downloaded one): `entry` (module source) is bundled by esbuild as a web app bundles
// `@hookproof/wasm`, served from 127.0.0.1 with the .wasm beside it at /hookproof_wasm_bg.wasm,
// and run until it sets `window.__result`. Used by the shared suite (run-browser.mjs) and the
// browser benchmark (bindings/wasm/bench/run.mjs).
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** `{ result, errors, browser }`: the page's `window.__result`, its uncaught errors, Chromium's version. */
export async function runPage({ entry, resolveDir, wasm, timeoutMs = 120_000, onConsole = () => {} }) {
  const bundled = await build({
    stdin: { contents: entry, resolveDir, sourcefile: 'page.js' },
    bundle: true, write: false, format: 'esm', platform: 'browser', target: 'chrome100',
    conditions: ['browser'], logLevel: 'warning',
  });
  const files = {
    '/': ['text/html; charset=utf-8', '<!doctype html><meta charset="utf-8"><title>hookproof</title><script type="module" src="/page.js"></script>'],
    '/page.js': ['text/javascript; charset=utf-8', bundled.outputFiles[0].contents],
    '/hookproof_wasm_bg.wasm': ['application/wasm', readFileSync(wasm)],
  };
  const server = http.createServer((req, res) => {
    const file = files[new URL(req.url, 'http://127.0.0.1').pathname];
    res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain', 'cache-control': 'no-store' });
    res.end(file ? file[1] : 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = mkdtempSync(join(tmpdir(), 'hookproof-chromium-'));
  const errors = [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    tab.on('console', (message) => onConsole(message.text()));
    tab.on('pageerror', (error) => errors.push(String(error)));
    await tab.goto(origin);
    await tab.waitForFunction(() => window.__result !== undefined, null, { timeout: timeoutMs });
    const result = await tab.evaluate(() => window.__result);
    const agent = await tab.evaluate(() => navigator.userAgent);
    const browser = `Chromium ${(agent.match(/Chrome\/([\d.]+)/) || [])[1] || agent}`;
    return { result, errors, browser };
  } finally {
    await context.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
