// The bad-input matrix (tests/matrix/bad_inputs.json) for JavaScript, shared by the Node addon
// (bindings/node/test/matrix.test.mjs) and @hookproof/wasm (bindings/wasm/test/matrix.test.mjs);
// the Rust core (crates/hookproof/tests/matrix.rs) and Python run the same table. Every hostile
// or malformed input gets its expected outcome, never an accept and never a crash. Unlike Rust,
// this runs the wrong-type rows too (JavaScript has no compiler to rule them out).
//
// How the table's values become JavaScript values:
// - body: a string spec as a JS string (the string path, UTF-8), raw bytes ({"base64"}) and
//   {"repeat"} as a Buffer (the 100 MB body is one Buffer, not a 100 MB string).
// - header names and values, the one-shot signature: JS strings. Raw bytes ({"base64"}) become a
//   latin1 string, one char per byte: exactly what Node's HTTP parser puts in `req.headers` for
//   bytes that are not ASCII. Headers go in as an array of [name, value] pairs, keeping order,
//   case and duplicates as the table lists them.
// - secret: a string, or a Buffer for raw bytes.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { inspect } from 'node:util';

const TABLE_PATH = new URL('./bad_inputs.json', import.meta.url);
const TABLE = JSON.parse(fs.readFileSync(TABLE_PATH, 'utf8'));

// Rows whose JavaScript outcome differs from the table's by design: `{ table, js, reason }`. Every
// entry must name a row that exists with the expectation given in `table`, so a fix to the table
// shows up here as a failure. (None today: the null-signature row used to be one, and the table
// now agrees that null is a missing header.)
const JS_OUTCOME = {};

/** A table value spec -> bytes (Buffer): a string (UTF-8), {"base64"} or {"repeat", "count"}. */
function bytesOf(spec) {
  if (typeof spec === 'string') return Buffer.from(spec, 'utf8');
  if (spec && typeof spec.base64 === 'string') return Buffer.from(spec.base64, 'base64');
  if (spec && typeof spec.repeat === 'string' && Number.isInteger(spec.count)) {
    const unit = Buffer.from(spec.repeat, 'utf8');
    return Buffer.alloc(unit.length * spec.count, unit);
  }
  throw new Error(`not a value spec: ${JSON.stringify(spec)}`);
}

/** A spec as a header string: text as is, raw bytes as latin1 (one char per byte, as Node's HTTP parser does). */
function headerString(spec) {
  if (typeof spec === 'string') return spec;
  if (spec && typeof spec.base64 === 'string') return Buffer.from(spec.base64, 'base64').toString('latin1');
  if (spec && typeof spec.repeat === 'string') return spec.repeat.repeat(spec.count);
  throw new Error(`not a value spec: ${JSON.stringify(spec)}`);
}

function bodyOf(spec) {
  return typeof spec === 'string' ? spec : bytesOf(spec);
}

function secretOf(spec) {
  return typeof spec === 'string' ? spec : bytesOf(spec);
}

/** The wrong-typed value of `kind` for the rows with `wrong_type`. */
function wrongValue(kind) {
  switch (kind) {
    case 'number': return 12345;
    case 'null': return null;
    case 'object': return { value: 'not bytes' };
    case 'list_of_numbers': return [1, 2, 3];
    default: throw new Error(`unknown wrong_type kind: ${kind}`);
  }
}

function byteLength(value) {
  return typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : value.length;
}

/**
 * Runs one row through `call` ('verify' or 'constructEvent' for webhook rows). Returns
 * { outcome, error, sizes }: outcome is 'valid' (a webhook call returned, or the one-shot said
 * true), 'false', an error code, 'type_error', 'unknown_scheme', or 'unexpected' (anything else
 * thrown, e.g. a bare Error: that would be a crash or a panic crossing into JavaScript).
 */
function runRow(hp, row, call) {
  const args = {
    secret: secretOf(row.secret),
    body: bodyOf(row.body),
    headers: row.headers.map(([name, value]) => [headerString(name), headerString(value)]),
    signature: row.signature === undefined ? undefined : headerString(row.signature),
  };
  const sizes = {
    body: byteLength(args.body),
    header: Math.max(0, ...args.headers.map(([, v]) => byteLength(v)), args.signature === undefined ? 0 : byteLength(args.signature)),
  };
  if (row.wrong_type) {
    assert.ok(row.wrong_type.argument in args, `${row.name}: unknown argument ${row.wrong_type.argument}`);
    args[row.wrong_type.argument] = wrongValue(row.wrong_type.kind);
  }
  try {
    if (row.call === 'verify') {
      const verdict = hp.verify(args.body, args.signature, args.secret);
      assert.equal(typeof verdict, 'boolean', `${row.name}: verify returns a boolean`);
      return { outcome: verdict ? 'valid' : 'false', sizes };
    }
    assert.equal(row.call, 'webhook', `${row.name}: unknown call`);
    const webhook = new hp.Webhook(args.secret, { scheme: row.scheme, tolerance: TABLE.tolerance });
    webhook[call](args.body, args.headers, { now: TABLE.now });
    return { outcome: 'valid', sizes };
  } catch (error) {
    let outcome = 'unexpected';
    if (error instanceof hp.WebhookError) outcome = error.code;
    else if (error instanceof TypeError) outcome = 'type_error';
    else if (error instanceof RangeError && /unknown scheme/.test(error.message)) outcome = 'unknown_scheme';
    return { outcome, error, sizes };
  }
}

/** Registers the matrix test for `hp`, a module with the package API (`verify`, `Webhook`, `WebhookError`). */
export function defineMatrixTests(hp) {
  test('bad-input matrix: every row gets its expected outcome, no accept, no crash', async (t) => {
    const rows = TABLE.rows;
    assert.ok(Array.isArray(rows) && rows.length >= 40, `the matrix must keep at least 40 rows (has ${rows && rows.length})`);
    assert.ok(Number.isInteger(TABLE.now) && Number.isInteger(TABLE.tolerance), 'the table gives now and tolerance');
    for (const [name, entry] of Object.entries(JS_OUTCOME)) {
      const row = rows.find((r) => r.name === name);
      assert.ok(row, `JS_OUTCOME names a row that is not in the table: ${name}`);
      assert.equal(row.expect, entry.table, `${name}: the table's expectation changed; revisit JS_OUTCOME`);
    }

    const tally = { rows: 0, calls: 0, accepts: 0, unexpected: 0, typeRows: 0, maxBody: 0, maxHeader: 0 };
    for (const row of rows) {
      await t.test(row.name, () => {
        const expect = JS_OUTCOME[row.name] ? JS_OUTCOME[row.name].js : row.expect;
        // Webhook rows run through verify and constructEvent: verification comes first, so both
        // must give the same outcome.
        const calls = row.call === 'webhook' ? ['verify', 'constructEvent'] : ['verify'];
        for (const call of calls) {
          const { outcome, error, sizes } = runRow(hp, row, call);
          tally.calls += 1;
          tally.maxBody = Math.max(tally.maxBody, sizes.body);
          tally.maxHeader = Math.max(tally.maxHeader, sizes.header);
          if (outcome === 'valid') tally.accepts += 1;
          if (outcome === 'unexpected') tally.unexpected += 1;
          assert.notEqual(outcome, 'valid', `${row.name} (${call}): a hostile input was accepted`);
          assert.notEqual(outcome, 'unexpected', `${row.name} (${call}): threw something that is not a WebhookError/TypeError/RangeError: ${error && error.stack}`);
          assert.equal(outcome, expect, `${row.name} (${call}): ${error ? error.message : 'no error'}`);
          if (row.wrong_type && expect === 'type_error') {
            const re = new RegExp('`' + row.wrong_type.argument + '`');
            assert.match(error.message, re, `${row.name}: the TypeError names the argument`);
          }
          if (error) {
            // Whatever was thrown, the secret is nowhere in what a log would show.
            const secret = typeof row.secret === 'string' ? row.secret : null;
            if (secret && secret.length >= 4) {
              for (const text of [error.message, error.stack, inspect(error), JSON.stringify(error), String(error)]) {
                assert.ok(!String(text).includes(secret), `${row.name}: the error shows the secret: ${text}`);
              }
            }
          }
        }
        if (row.wrong_type) tally.typeRows += 1;
        tally.rows += 1;
      });
    }

    assert.equal(tally.rows, rows.length, `every row ran (${tally.rows} of ${rows.length})`);
    assert.ok(tally.rows >= 40);
    assert.equal(tally.accepts, 0, 'no hostile input was accepted');
    assert.equal(tally.unexpected, 0, 'nothing crashed');
    assert.ok(tally.typeRows > 0, 'the wrong-type rows ran');
    assert.ok(tally.maxBody >= 100 * 1024 * 1024, `the 100 MB body ran (largest: ${tally.maxBody} bytes)`);
    assert.ok(tally.maxHeader >= 10 * 1024 * 1024, `the 10 MB header ran (largest: ${tally.maxHeader} bytes)`);
    t.diagnostic(`matrix: ${tally.rows} rows, ${tally.calls} calls, ${tally.typeRows} wrong-type rows, `
      + `${Object.keys(JS_OUTCOME).length} with a JavaScript outcome, 0 accepts, 0 crashes`);
  });
}
