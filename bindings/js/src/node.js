// The Node, Bun and Deno entry of `hookproof`: installs the engine (native, or the WebAssembly
// fallback) before anything is used.
import { useEngine } from './core.js';
import { loadEngine } from './engines/node-loader.js';

useEngine(loadEngine());
