// Builds the JavaScript layer (src/, ES modules, written once) into the two npm packages:
//
//   bindings/node/dist/   `hookproof`: a CommonJS build of src/ (cjs/), ES-module entry points that
//                         re-export it (one instance of the layer whichever way it is loaded), and
//                         `web.mjs`, which is @hookproof/wasm's browser/edge API, for the
//                         `browser`/`worker`/`workerd` export conditions
//   bindings/wasm/dist/   `@hookproof/wasm`: src/ as ES modules (browsers, bundlers, edge, Node)
//   bindings/wasm/pkg/hookproof_wasm.cjs   the wasm-bindgen glue as CommonJS, for hookproof's
//                         WebAssembly fallback in Node
//
// and the declarations (index.d.ts, generated.d.ts, frameworks) into both. Run by
// bindings/node/build.sh and bindings/wasm/build.sh; `node build.mjs` does both packages.

import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = join(HERE, 'src');
const NODE_PKG = join(HERE, '..', 'node');
const WASM_PKG = join(HERE, '..', 'wasm');

/** The framework entry points of `hookproof` (each loads the engine first). */
export const ENTRIES = ['index', 'express', 'fastify', 'fetch', 'koa', 'nest', 'next', 'lambda'];

function sources(dir = SRC) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.js') ? [path] : [];
  });
}

/** The sources @hookproof/wasm ships (relative to src/). */
const WEB_SOURCES = /^(api|body|core|engine-error|generated|receiver|replay|web|wasm-node)\.js$|^engines\/wasm\.js$|^frameworks\/fetch\.js$/;

/** The declarations of the Node-only entry points (not in @hookproof/wasm). */
const NODE_ONLY_DECLARATIONS = new Set(['express.d.ts', 'fastify.d.ts', 'koa.d.ts', 'nest.d.ts', 'next.d.ts', 'lambda.d.ts']);

/**
 * The declarations, as `.d.ts` and, for `hookproof`'s ES-module entries, `.d.mts` (TypeScript
 * reads a package without `"type": "module"` as CommonJS; the ES entries' default exports are
 * functions, which only ES declarations can say). Same text, with `./x.js` imports as `./x.mjs`.
 */
function copyDeclarations(outdir, { nodeOnly = true, esm = false } = {}) {
  for (const name of readdirSync(HERE).filter((n) => n.endsWith('.d.ts') && (nodeOnly || !NODE_ONLY_DECLARATIONS.has(n)))) {
    cpSync(join(HERE, name), join(outdir, name));
    if (esm) {
      const text = readFileSync(join(HERE, name), 'utf8').replace(/from '\.\/([\w-]+)\.js'/g, "from './$1.mjs'");
      writeFileSync(join(outdir, name.replace(/\.d\.ts$/, '.d.mts')), text);
    }
  }
}

async function exportNames(entry) {
  // The names an ES module exports, as esbuild sees them (for the re-exporting wrappers).
  const result = await build({
    entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', metafile: true,
    external: ['#glue', '@hookproof/wasm/*', 'node:*', '@nestjs/*', 'rxjs'], logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs)[0].exports;
}

async function buildNodePackage() {
  const dist = join(NODE_PKG, 'dist');
  rmSync(dist, { recursive: true, force: true });
  // CommonJS, file by file (no bundling: every entry shares one core.js, one engine).
  await build({
    entryPoints: sources().filter((f) => !f.endsWith('web.js') && !f.endsWith('wasm-node.js')),
    outdir: join(dist, 'cjs'), outbase: SRC, format: 'cjs', platform: 'node', target: 'node18', logLevel: 'warning',
    // node-loader.js reads import.meta.url only where `require` is missing: in the ES sources.
    logOverride: { 'empty-import-meta': 'silent' },
  });
  writeFileSync(join(dist, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
  for (const entry of ENTRIES) {
    const names = await exportNames(join(SRC, 'entries', `${entry}.js`));
    const plain = names.filter((n) => n !== 'default');
    const lines = [
      '// The ES-module entry: the same objects as the CommonJS build (one instance of the layer).',
      "import { createRequire } from 'node:module';",
      '',
      `const layer = createRequire(import.meta.url)('./cjs/entries/${entry}.js');`,
      '',
      `export const { ${plain.join(', ')} } = layer;`,
      `export default ${names.includes('default') ? 'layer.default' : 'layer'};`,
      '',
    ];
    writeFileSync(join(dist, `${entry}.mjs`), lines.join('\n'));
  }
  // Browsers and edge runtimes (the browser/worker/workerd conditions): @hookproof/wasm itself.
  writeFileSync(join(dist, 'web.mjs'), "// Browsers and edge runtimes: the WebAssembly engine (`await init()` first).\nexport * from '@hookproof/wasm';\nexport { default } from '@hookproof/wasm';\n");
  writeFileSync(join(dist, 'web-fetch.mjs'), "// Browsers and edge runtimes: the Fetch helpers over the WebAssembly engine.\nexport * from '@hookproof/wasm/fetch';\n");
  copyDeclarations(dist, { esm: true });
}

async function buildWasmPackage() {
  const dist = join(WASM_PKG, 'dist');
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // The sources are already the ES modules browsers and edge runtimes load: copied as they are,
  // but for what only `hookproof` in Node uses (the native engine, the Node framework helpers).
  for (const file of sources().filter((f) => WEB_SOURCES.test(relative(SRC, f)))) {
    const target = join(dist, relative(SRC, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  const glue = join(WASM_PKG, 'pkg', 'hookproof_wasm.js');
  if (existsSync(glue)) {
    await build({
      entryPoints: [glue], outfile: join(WASM_PKG, 'pkg', 'hookproof_wasm.cjs'), format: 'cjs',
      platform: 'neutral', target: 'es2020', logLevel: 'error',
      // The glue's default `init()` finds the .wasm next to itself by URL; the CommonJS build is
      // only ever given the bytes (initSync), so that path is never taken.
      define: { 'import.meta.url': '"file:///hookproof_wasm.js"' },
    });
  }
  copyDeclarations(dist, { nodeOnly: false });
}

const which = process.argv[2];
if (which === undefined || which === 'wasm') await buildWasmPackage();
if (which === undefined || which === 'node') await buildNodePackage();
console.log(`built the JavaScript layer into ${which === undefined ? 'hookproof and @hookproof/wasm' : which}`);
