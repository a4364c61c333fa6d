// The Next.js app the tests build and run with `next start` (test/node/next.test.mjs).
// `hookproof` loads a native addon (or its .wasm), so Next must leave it to Node's require
// rather than bundle it: the same line every app using hookproof needs.
export default {
  serverExternalPackages: ['hookproof', '@hookproof/wasm'],
  // The test stages this app under the repository's target/ with node_modules linked into the
  // workspace's; Turbopack must see both (an app of your own needs none of this).
  ...(process.env.HOOKPROOF_TEST_TURBOPACK_ROOT && { turbopack: { root: process.env.HOOKPROOF_TEST_TURBOPACK_ROOT } }),
};
