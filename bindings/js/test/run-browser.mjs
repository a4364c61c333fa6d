// The shared suite in a real browser (chromium.mjs: Debian's headless Chromium): web-suite.js is
// bundled as a web app bundles `@hookproof/wasm`, and `init(url)` loads the module. Prints one
// line per case and the JSON summary; exits 1 on any failure.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPage } from './chromium.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const WASM = fileURLToPath(new URL('../../wasm/pkg/hookproof_wasm_bg.wasm', import.meta.url));

const page = `import { run } from ${JSON.stringify(join(HERE, 'web-suite.js'))};
const version = (navigator.userAgent.match(/Chrome\\/([\\d.]+)/) || [])[1] || navigator.userAgent;
run({ runtime: 'chromium', version, wasm: new URL('/hookproof_wasm_bg.wasm', location.href),
  onResult: (r) => console.log((r.ok ? 'ok     ' : 'FAILED ') + r.suite + ': ' + r.name + (r.ok ? '' : '\\n' + (r.error && r.error.stack))) })
  .then((summary) => { window.__result = summary; }, (error) => { window.__result = { error: String(error && error.stack || error) }; });`;

const { result: summary, errors } = await runPage({ entry: page, resolveDir: HERE, wasm: WASM, onConsole: (text) => console.log(text) });
if (summary.error) errors.push(summary.error);
const { failures, ...line } = summary;
console.log(JSON.stringify(line));
if (errors.length) console.error(errors.join('\n'));
process.exit(errors.length || summary.failed ? 1 : 0);
