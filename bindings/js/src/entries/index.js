import '../node.js';

export * from '../api.js';

/** Nothing to load in Node, Bun and Deno (the engine is loaded on import): for code shared with browsers. */
export async function init() {}

/** See init(). */
export function initSync() {}

export { init as default };
