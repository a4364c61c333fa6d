// The shared suite under node:test, on the engine HOOKPROOF_ENGINE names (native or wasm, the
// loader's choice if unset), through the `hookproof` package as users import it.
import test from 'node:test';
import { ctx, runtime } from './context.mjs';
import suites from './suites/index.js';

for (const [name, suite] of suites) {
  test(`${name} (${runtime}, ${ctx.hp.engineName()} engine)`, async (t) => {
    for (const [caseName, fn] of suite(ctx)) await t.test(caseName, fn);
  });
}
