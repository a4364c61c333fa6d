// Serves bindings/wasm on 127.0.0.1 and runs a page in Debian's headless Chromium through
// playwright-core (never `npx playwright install`: the system browser is used).
import http from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const VECTORS = fileURLToPath(new URL('../../../../tests/vectors/printone.json', import.meta.url));
const PROVIDERS = fileURLToPath(new URL('../../../../tests/vectors/providers.json', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Starts the static server; resolves to { origin, close }. Only js/, pkg/, test/, bench/ and the two vector files are served. */
export async function serve() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file;
    if (url.pathname === '/vectors.json') file = VECTORS;
    else if (url.pathname === '/providers.json') file = PROVIDERS;
    else if (/^\/(js|pkg|test|bench)\//.test(url.pathname) && !url.pathname.includes('..')) {
      file = path.join(PACKAGE_DIR, url.pathname);
    }
    try {
      if (!file) throw new Error('not served');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Opens `pagePath` in a fresh headless Chromium, waits (up to `timeoutMs`) for the page to set
 * `window.__result`, and returns it with the console lines and page errors.
 */
export async function runPage(pagePath, { timeoutMs = 60_000 } = {}) {
  const server = await serve();
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'hookproof-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ],
    });
  } catch (error) {
    await server.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const logs = [];
  const errors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
    page.on('response', (res) => { if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`); });
    await page.goto(server.origin + pagePath);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: timeoutMs });
    const result = await page.evaluate(() => window.__result);
    const browser = await page.evaluate(() => navigator.userAgent);
    return { result, logs, errors, browser };
  } finally {
    await context.close();
    await server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
