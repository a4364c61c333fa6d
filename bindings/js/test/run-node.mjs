// The shared suite under node:test, on the engine HOOKPROOF_ENGINE names (native or wasm), through
// the `hookproof` package as users import it. Also run by Bun (`bun test/run-node.mjs`) and Deno,
// which provide node:test.
import test from 'node:test';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import * as hp from 'hookproof';
import * as fetchHelpers from 'hookproof/fetch';
import fc from 'fast-check';
import * as standardwebhooks from 'standardwebhooks';
import * as octokit from '@octokit/webhooks-methods';
import suites from './suites/index.js';

const root = new URL('../../../', import.meta.url);
const json = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

const runtime = typeof Bun !== 'undefined' ? 'bun' : typeof Deno !== 'undefined' ? 'deno' : 'node';
const wanted = process.env.HOOKPROOF_ENGINE;
if (wanted && hp.engineName() !== wanted) throw new Error(`asked for the ${wanted} engine, got ${hp.engineName()}`);

const ctx = {
  hp,
  fetch: fetchHelpers,
  data: {
    vectors: json('tests/vectors/printone.json'),
    providers: json('tests/vectors/providers.json'),
    matrix: json('tests/matrix/bad_inputs.json'),
  },
  hmac: async (key, bytes) => new Uint8Array(createHmac('sha256', key).update(bytes).digest()),
  peers: { standardwebhooks, octokit },
  fc,
  heavy: true,
  inspect,
  runtime,
};

for (const [name, suite] of suites) {
  test(`${name} (${runtime}, ${hp.engineName()} engine)`, async (t) => {
    for (const [caseName, fn] of suite(ctx)) await t.test(caseName, fn);
  });
}
