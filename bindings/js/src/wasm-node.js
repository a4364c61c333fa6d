// `@hookproof/wasm` in Node, Bun and Deno: the module is loaded synchronously on import.
import { readFileSync } from 'node:fs';
import { initSync } from './web.js';

initSync({ module: readFileSync(new URL('../pkg/hookproof_wasm_bg.wasm', import.meta.url)) });

export * from './web.js';
export { default } from './web.js';
