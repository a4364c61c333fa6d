// The bad-input matrix (tests/matrix/bad_inputs.json): the table the Rust core and Python run,
// row by row, through verify and constructEvent ("construct" rows: constructEvent alone). Unlike
// Rust, the wrong-type rows run too.
//
// How the table's values become JavaScript values: a string spec is a JS string (the string
// path), raw bytes ({"base64"}) and {"repeat"} bodies are a Uint8Array; header names, values and
// the one-shot signature are strings, raw bytes as latin1 (one char per byte, as Node's HTTP
// parser puts bytes that are not ASCII in `req.headers`); headers go in as [name, value] pairs.
import { assert, fromBase64, utf8 } from '../harness.js';

function bytesOf(spec) {
  if (typeof spec === 'string') return utf8(spec);
  if (spec && typeof spec.base64 === 'string') return fromBase64(spec.base64);
  const unit = utf8(spec.repeat);
  const out = new Uint8Array(unit.length * spec.count);
  if (unit.length === 1) out.fill(unit[0]);
  else for (let i = 0; i < spec.count; i++) out.set(unit, i * unit.length);
  return out;
}

function headerString(spec) {
  if (typeof spec === 'string') return spec;
  if (spec && typeof spec.base64 === 'string') return String.fromCharCode(...fromBase64(spec.base64));
  return spec.repeat.repeat(spec.count);
}

function sizeOf(spec) {
  if (typeof spec === 'string') return spec.length;
  if (spec && typeof spec.base64 === 'string') return fromBase64(spec.base64).length;
  return spec.repeat.length * spec.count;
}

function wrongValue(kind) {
  return { number: 12345, null: null, object: { value: 'not bytes' }, list_of_numbers: [1, 2, 3] }[kind];
}

function runRow(hp, table, row, call) {
  const args = {
    secret: typeof row.secret === 'string' ? row.secret : bytesOf(row.secret),
    body: typeof row.body === 'string' ? row.body : bytesOf(row.body),
    headers: row.headers.map(([name, value]) => [headerString(name), headerString(value)]),
    signature: row.signature === undefined ? undefined : headerString(row.signature),
  };
  if (row.wrong_type) args[row.wrong_type.argument] = wrongValue(row.wrong_type.kind);
  try {
    if (row.call === 'verify') {
      const verdict = hp.verify(args.body, args.signature, args.secret);
      assert.equal(typeof verdict, 'boolean', `${row.name}: verify returns a boolean`);
      return { outcome: verdict ? 'valid' : 'false' };
    }
    const webhook = new hp.Webhook(args.secret, { scheme: row.scheme, tolerance: table.tolerance });
    webhook[call](args.body, args.headers, { now: table.now });
    return { outcome: 'valid' };
  } catch (error) {
    if (error instanceof hp.WebhookError) return { outcome: error.code, error };
    if (error instanceof TypeError) return { outcome: 'type_error', error };
    return { outcome: 'unexpected', error };
  }
}

export default function matrixSuite(ctx) {
  const { hp, data } = ctx;
  const table = data.matrix;
  const heavy = (row) => Math.max(sizeOf(row.body), ...row.headers.map(([, v]) => sizeOf(v)), row.signature ? sizeOf(row.signature) : 0) > 1024 * 1024;
  return [
    ['bad-input matrix: every row gets its expected outcome, no accept, no crash', () => {
      assert.ok(table.rows.length >= 40);
      let rows = 0;
      let skipped = 0;
      for (const row of table.rows) {
        if (!ctx.heavy && heavy(row)) {
          skipped += 1; // the 10-100 MB rows: run where the runtime has the memory (Node, Bun, Deno)
          continue;
        }
        const calls = { webhook: ['verify', 'constructEvent'], construct: ['constructEvent'], verify: ['verify'] }[row.call];
        assert.ok(calls, `${row.name}: unknown call ${row.call}`);
        for (const call of calls) {
          const { outcome, error } = runRow(hp, table, row, call);
          assert.notEqual(outcome, 'valid', `${row.name} (${call}): a hostile input was accepted`);
          assert.notEqual(outcome, 'unexpected', `${row.name} (${call}): ${error && error.stack}`);
          assert.equal(outcome, row.expect, `${row.name} (${call}): ${error ? error.message : ''}`);
          if (row.wrong_type && outcome === 'type_error') {
            assert.match(error.message, new RegExp('`' + row.wrong_type.argument + '`'), `${row.name}: names the argument`);
          }
          if (error && typeof row.secret === 'string' && row.secret.length >= 4) {
            for (const text of [error.message, error.stack, String(error), ctx.inspect ? ctx.inspect(error) : '']) {
              assert.ok(!String(text).includes(row.secret), `${row.name}: the error shows the secret`);
            }
          }
        }
        rows += 1;
      }
      assert.equal(rows + skipped, table.rows.length);
      if (ctx.heavy) assert.equal(skipped, 0, 'every row ran');
    }],
  ];
}
