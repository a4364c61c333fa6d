// An app's page, bundled by esbuild from a project where `@hookproof/wasm` was installed from
// the registry, loaded by headless Chromium (Debian's, through playwright-core from the repo's
// workspace): `await init(url)`, then one verification. Prints "verified in Chromium" on success.
//
//   node browser_page.mjs <project dir> <body> <signature> <secret>
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [project, body, signature, secret] = process.argv.slice(2);
const fromProject = createRequire(join(project, 'package.json'));
const fromRepo = createRequire(fileURLToPath(new URL('../../bindings/package.json', import.meta.url)));
const { build } = fromProject('esbuild');
const { chromium } = fromRepo('playwright-core');

const entry = `import init, { verify, engineName } from '@hookproof/wasm';
await init(new URL('/hookproof_wasm_bg.wasm', location.href));
window.__result = { engine: engineName(), ok: verify(${JSON.stringify(body)}, ${JSON.stringify(signature)}, ${JSON.stringify(secret)}),
  forged: verify(${JSON.stringify(body + ' ')}, ${JSON.stringify(signature)}, ${JSON.stringify(secret)}) };`;
const bundle = await build({ stdin: { contents: entry, resolveDir: project }, bundle: true, write: false, format: 'esm', platform: 'browser' });
const wasm = readFileSync(fromProject.resolve('@hookproof/wasm/hookproof_wasm_bg.wasm'));
const files = {
  '/': ['text/html', '<!doctype html><script type="module" src="/app.js"></script>'],
  '/app.js': ['text/javascript', bundle.outputFiles[0].contents],
  '/hookproof_wasm_bg.wasm': ['application/wasm', wasm],
};
const server = http.createServer((req, res) => {
  const file = files[req.url];
  res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain' });
  res.end(file ? file[1] : '');
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const profile = mkdtempSync(join(tmpdir(), 'hookproof-install-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let result;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
  result = await page.evaluate(() => window.__result);
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
if (result.engine === 'wasm' && result.ok === true && result.forged === false) console.log('verified in Chromium');
else process.exit(1);
