// Browsers, bundlers and edge runtimes (`@hookproof/wasm`): `await init()` (or
// `initSync({ module })`) once, then everything is synchronous.
import * as glue from '#glue';
import { useEngine } from './core.js';
import { wasmEngine } from './engines/wasm.js';

let ready = false;

/**
 * Loads the WebAssembly module (browsers, bundlers: `await init()` once before anything else).
 * `input` is optional: a URL, a Response, bytes or a compiled `WebAssembly.Module`.
 */
export async function init(input) {
  if (ready) return;
  await glue.default(input === undefined ? undefined : { module_or_path: input });
  useEngine(wasmEngine(glue));
  ready = true;
}

/**
 * Loads the module synchronously from bytes or a compiled `WebAssembly.Module` (edge runtimes
 * that import `.wasm` files as modules, e.g. Cloudflare Workers). Accepts `{ module }` too.
 */
export function initSync(module) {
  if (ready) return;
  glue.initSync(module && module.module !== undefined ? module : { module });
  useEngine(wasmEngine(glue));
  ready = true;
}

export * from './api.js';
export { init as default };
