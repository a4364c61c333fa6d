// The shared suite without a test framework, for runtimes whose node:test is partial (Bun, Deno)
// and for any Node: one line per case, then one JSON line
// {"runtime","version","engine","passed","failed"}; exits 1 if any case failed.
// `--canary` adds a case that must fail, to prove that a failure is seen (test.sh expects exit 1).
import { runAll } from './harness.js';
import { ctx, runtime, runtimeVersion } from './context.mjs';
import suites from './suites/index.js';

const canary = process.argv.includes('--canary');
const all = canary ? [...suites, ['canary', () => [['fails on purpose', () => { throw new Error('canary'); }]]]] : suites;
const { passed, failed } = await runAll(all, ctx, ({ suite, name, ok, error }) => {
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${suite}: ${name}${ok ? '' : `\n${error && error.stack}`}`);
});
console.log(JSON.stringify({ runtime, version: runtimeVersion, engine: ctx.hp.engineName(), passed, failed: failed.length }));
process.exit(failed.length ? 1 : 0);
