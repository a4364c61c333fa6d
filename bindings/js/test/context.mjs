// The suite's context in the runtimes with Node's built-in modules (Node, Bun, Deno): the package
// as users import it, node:crypto as the independent HMAC, the providers' own npm libraries.
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import * as hp from 'hookproof';
import * as fetchHelpers from 'hookproof/fetch';
import fc from 'fast-check';
import * as standardwebhooks from 'standardwebhooks';
import * as octokit from '@octokit/webhooks-methods';

// The repository (for the vectors); HOOKPROOF_ROOT when the suite runs from a copy (install tests).
const root = process.env.HOOKPROOF_ROOT ? new URL(`file://${process.env.HOOKPROOF_ROOT.replace(/\/?$/, '/')}`) : new URL('../../../', import.meta.url);
const json = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

export const runtime = typeof Bun !== 'undefined' ? 'bun' : typeof Deno !== 'undefined' ? 'deno' : 'node';
export const runtimeVersion = runtime === 'bun' ? Bun.version : runtime === 'deno' ? Deno.version.deno : process.versions.node;

const wanted = process.env.HOOKPROOF_ENGINE;
if (wanted && hp.engineName() !== wanted) throw new Error(`asked for the ${wanted} engine, got ${hp.engineName()}`);

export const ctx = {
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
