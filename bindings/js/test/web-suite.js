// The shared suite where there is no Node: Chromium and workerd. esbuild bundles this file with
// `hookproof` as a web app or Worker bundles it (the browser/workerd export conditions: the
// WebAssembly engine of @hookproof/wasm, `init`/`initSync` first), WebCrypto as the independent
// HMAC and the vectors inlined. `run` resolves to the same summary
// run-plain.mjs prints.
import * as hp from 'hookproof';
import * as fetchHelpers from 'hookproof/fetch';
import { engineOf } from '../../wasm/dist/core.js';
import fc from 'fast-check';
import * as standardwebhooks from 'standardwebhooks';
import * as octokit from '@octokit/webhooks-methods';
import vectors from '../../../tests/vectors/printone.json';
import providers from '../../../tests/vectors/providers.json';
import matrix from '../../../tests/matrix/bad_inputs.json';
import { assert, runAll } from './harness.js';
import suites from './suites/index.js';

async function hmac(key, bytes) {
  // WebCrypto refuses an empty HMAC key; RFC 2104 pads every key to the block with zeros, so the
  // empty key and 64 zero bytes are the same key.
  const raw = key.length === 0 ? new Uint8Array(64) : key;
  const imported = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, bytes));
}

/** A Rust panic in the page or Worker: a catchable trap, a fresh instance, the same verdicts. */
function traps() {
  return [
    ['a panic is a WebAssembly trap, the instance is replaced, verdicts are unchanged', () => {
      const engine = engineOf();
      const signed = new hp.Webhook('s').sign('b');
      const before = new hp.Webhook('s');
      const start = engine.instanceForTests().generation;
      assert.throws(() => engine.panicForTests(), (e) => e instanceof WebAssembly.RuntimeError);
      assert.equal(engine.instanceForTests().generation, start + 1, 'a fresh instance');
      assert.throws(() => before.verify('b', signed), /made in a WebAssembly instance that trapped/);
      assert.equal(hp.verify('b', signed['x-webhook-hmac-sha256'], 's'), true);
      assert.equal(hp.verify('c', signed['x-webhook-hmac-sha256'], 's'), false);
      new hp.Webhook('s').verify('b', signed);
    }],
  ];
}

/**
 * Loads the module (`init` with a URL or `initSync` with a compiled WebAssembly.Module), runs every
 * suite and the trap check; `onResult` sees each case.
 */
export async function run({ runtime, version, wasm, onResult }) {
  if (wasm instanceof WebAssembly.Module) hp.initSync(wasm);
  else await hp.init(wasm);
  const ctx = {
    hp,
    fetch: fetchHelpers,
    data: { vectors, providers, matrix },
    hmac,
    peers: { standardwebhooks, octokit },
    fc,
    heavy: false, // no 100 MB bodies in a page or a Worker
    inspect: undefined,
    runtime,
  };
  const { passed, failed } = await runAll([...suites, ['traps', traps]], ctx, onResult);
  return { runtime, version, engine: hp.engineName(), passed, failed: failed.length, failures: failed };
}
