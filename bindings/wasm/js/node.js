// Node (>= 20): the module is loaded synchronously on import, so no init() is needed.
import { readFileSync } from 'node:fs';
import { initSync } from './api.js';

initSync({ module: readFileSync(new URL('../pkg/hookproof_wasm_bg.wasm', import.meta.url)) });

export * from './api.js';
export { init as default } from './api.js';
