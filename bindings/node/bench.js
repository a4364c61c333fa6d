#!/usr/bin/env node
'use strict';
// Benchmark: hookproof against Print.one's idiom and other verifiers, in one run, on a 700-byte
// Print.one event and on 1 MiB. Run with `bash bindings/node/bench.sh` (or `node bench.js` here).
// Prints ns per verification (median of rounds) and the speed-up over Print.one's idiom.
// `--json` prints the same figures as JSON instead (for scripts/bench_report.py); `--quick` shortens.
const crypto = require('node:crypto');
const { verify, Webhook } = require('.');

const SECRET = 'whk_3f9a1c7e5b2d4a6f_bench_secret';
const QUICK = process.argv.includes('--quick');
const JSON_OUT = process.argv.includes('--json');

function printOneEvent(size) {
  const base = {
    data: {
      id: 'ord_8f3kZ2', companyId: 'cmp_1', templateId: 'tmpl_1', finish: 'GLOSSY', format: 'POSTCARD_A6',
      status: 'order_status_sent', friendlyStatus: 'Sent', isBillable: true,
      recipient: { name: 'Zoë Ørsted', address: 'Keizersgracht 1', postalCode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
      sendDate: '2026-11-28T10:00:00.000Z', createdAt: '2026-11-27T09:00:00.000Z', updatedAt: '2026-11-28T10:00:01.000Z',
      mergeVariables: { first_name: 'Zoë' }, note: '',
    },
    event: 'order_status_update',
    created_at: '2026-11-28T10:00:01.250Z',
  };
  const shortBy = size - Buffer.byteLength(JSON.stringify(base));
  if (shortBy < 0) throw new Error('base event larger than requested size');
  base.data.note = 'x'.repeat(shortBy);
  const text = JSON.stringify(base);
  if (Buffer.byteLength(text) !== size) throw new Error('size mismatch');
  return text;
}

// Each case gets a batch size that takes ~targetMs/10; then 9 rounds run every case once, in turn,
// so that load from other processes (this machine is shared) hits all cases alike. The median of
// each case's 9 batches is reported (--json adds the fastest batch).
async function batchNs(fn, isAsync, n) {
  const t0 = process.hrtime.bigint();
  if (isAsync) for (let i = 0; i < n; i++) await fn();
  else for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / n;
}

async function measureAll(cases, targetMs) {
  const sizes = [];
  for (const [, fn, isAsync] of cases) {
    let n = 1;
    while ((await batchNs(fn, isAsync, n)) * n < (targetMs / 10) * 1e6) n *= 2;
    sizes.push(n);
  }
  const samples = cases.map(() => []);
  for (let round = 0; round < 9; round++) {
    for (let i = 0; i < cases.length; i++) samples[i].push(await batchNs(cases[i][1], cases[i][2], sizes[i]));
  }
  // The median (the table's figure) and the fastest round (the least disturbed; --json gives both).
  return samples.map((list) => list.sort((a, b) => a - b)).map((list) => ({ median: list[4], min: list[0] }));
}

async function main() {
  const octokit = await import('@octokit/webhooks-methods');
  const { Webhook: StandardWebhook } = require('standardwebhooks');
  const swSecret = Buffer.from(SECRET).toString('base64');
  const standard = new StandardWebhook(swSecret);
  const webhook = new Webhook(SECRET);

  const results = [];
  for (const [label, size] of [['700 B', 700], ['1 MiB', 1024 * 1024]]) {
    const text = printOneEvent(size);
    const buf = Buffer.from(text);
    const sig = crypto.createHmac('sha256', SECRET).update(buf).digest('base64');
    const sigBuf = Buffer.from(sig, 'base64');
    // What Node's http module hands over for a Print.one delivery.
    const headers = {
      host: '127.0.0.1:8787', 'user-agent': 'Print.one Webhook Service', 'content-type': 'application/json',
      'content-length': String(size), 'accept-encoding': 'gzip, deflate', connection: 'keep-alive',
      'x-webhook-hmac-sha256': sig,
    };
    const msgId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
    const ts = Math.floor(Date.now() / 1000);
    const swHeaders = { 'webhook-id': msgId, 'webhook-timestamp': String(ts), 'webhook-signature': standard.sign(msgId, new Date(ts * 1000), text) };
    const ghSig = await octokit.sign(SECRET, text);

    const target = QUICK ? 100 : size > 1e5 ? 1500 : 400;
    const cases = [
      ['Print.one idiom: createHmac + === (string body)', () => crypto.createHmac('sha256', SECRET).update(text).digest('base64') === sig],
      ['createHmac + timingSafeEqual (Buffer body)', () => crypto.timingSafeEqual(crypto.createHmac('sha256', SECRET).update(buf).digest(), sigBuf)],
      ['standardwebhooks Webhook#verify', () => standard.verify(text, swHeaders)],
      ['@octokit/webhooks-methods verify (async)', () => octokit.verify(SECRET, text, ghSig), true],
      ['hookproof verify (string body)', () => verify(text, sig, SECRET)],
      ['hookproof verify (Buffer body)', () => verify(buf, sig, SECRET)],
      ['hookproof Webhook#verify (Buffer, IncomingHttpHeaders)', () => webhook.verify(buf, headers)],
    ];
    // Sanity: every case accepts the valid request.
    for (const [name, fn] of cases) {
      const ok = await fn();
      if (ok === false) throw new Error(`${name} rejected a valid request`);
    }
    const times = await measureAll(cases, target);
    cases.forEach(([name], i) => results.push({ size: label, bytes: size, name, ns: times[i].median, minNs: times[i].min, speedup: times[0].median / times[i].median }));
  }

  if (JSON_OUT) {
    const versionOf = (name) => {
      try {
        return JSON.parse(require('node:fs').readFileSync(require('node:path').join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
      } catch {
        return undefined;
      }
    };
    console.log(JSON.stringify({
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      cpu: require('node:os').cpus()[0].model,
      packages: {
        hookproof: require('./package.json').version,
        standardwebhooks: versionOf('standardwebhooks'),
        '@octokit/webhooks-methods': versionOf('@octokit/webhooks-methods'),
      },
      method: `9 interleaved rounds, batches of ~${QUICK ? 10 : '40 (700 B) / 150 (1 MiB)'} ms; ns: the median batch, minNs: the fastest`,
      results,
    }, null, 1));
    return;
  }

  const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
  console.log(`node ${process.version}, ${process.platform}/${process.arch}, ${require('node:os').cpus()[0].model}`);
  console.log('| body | verifier | time per verification | speed-up vs Print.one idiom |');
  console.log('| --- | --- | ---: | ---: |');
  for (const r of results) console.log(`| ${r.size} | ${r.name} | ${fmt(r.ns)} | ${r.speedup.toFixed(2)}x |`);
  const goal = (size, name, min) => {
    const r = results.find((x) => x.size === size && x.name === name);
    const met = r.speedup >= min;
    console.log(`goal ${size}: ${name} >= ${min}x: ${r.speedup.toFixed(2)}x ${met ? 'met' : 'MISSED'}`);
  };
  goal('700 B', 'hookproof verify (string body)', 4);
  goal('700 B', 'hookproof verify (Buffer body)', 4);
  goal('700 B', 'hookproof Webhook#verify (Buffer, IncomingHttpHeaders)', 4);
  goal('1 MiB', 'hookproof verify (Buffer body)', 1);
  goal('1 MiB', 'hookproof Webhook#verify (Buffer, IncomingHttpHeaders)', 1);
}

main().catch((err) => { console.error(err); process.exit(1); });
