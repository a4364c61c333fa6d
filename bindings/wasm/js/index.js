// Browsers, bundlers and edge runtimes: `await init()` (or `initSync({ module })`) once, then
// everything is synchronous except verifyRequest.
export * from './api.js';
export { init as default } from './api.js';
