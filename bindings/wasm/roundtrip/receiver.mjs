#!/usr/bin/env node
// The wasm receiver of the round-trip harness and the demo:
//
//   node bindings/wasm/roundtrip/receiver.mjs --port P --secret S [--idle-timeout SECONDS]
//
// A node:http server on 127.0.0.1:P that turns each request into a Fetch `Request` and hands it
// to the Fetch-style handler in handler.mjs (verifyRequest + constructEvent from @hookproof/wasm):
//   POST /events  200 with the event name; 401 JSON {code,message} for a bad signature;
//                 400 JSON for invalid_payload (valid signature, body not an event).
//   POST /raw     204 iff the signature of the raw bytes is valid, else 401 JSON.
// One line per request on stdout. Exits by itself after --idle-timeout seconds (default 60)
// without a request.
import http from 'node:http';
import * as hp from '../js/node.js';
import { makeHandler } from './handler.mjs';

function parseArgs(argv) {
  const args = { idleTimeout: 60 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help' || flag === '-h') {
      console.log('usage: receiver.mjs --port P --secret S [--idle-timeout SECONDS]');
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--port') args.port = Number(value);
    else if (flag === '--secret') args.secret = value;
    else if (flag === '--idle-timeout') args.idleTimeout = Number(value);
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port P is required');
  if (args.secret === undefined) throw new Error('--secret S is required');
  if (!(args.idleTimeout > 0)) throw new Error('--idle-timeout must be a positive number of seconds');
  return args;
}

// node:http -> Fetch Request: every header as received (repeats kept), the body as raw bytes.
async function toFetchRequest(req, origin) {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    } catch {
      // A header Fetch refuses (invalid characters) is dropped, as a Fetch runtime would.
    }
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url, origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`receiver.mjs: ${error.message}`);
    process.exit(2);
  }
  const handle = makeHandler(hp, args.secret);
  const origin = `http://127.0.0.1:${args.port}`;
  let idle;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      console.log(`idle for ${args.idleTimeout}s, exiting`);
      server.close();
      server.closeAllConnections();
      process.exit(0);
    }, args.idleTimeout * 1000);
  };
  const server = http.createServer(async (req, res) => {
    armIdle();
    const started = process.hrtime.bigint();
    let status = 500;
    let detail = '';
    try {
      const response = await handle(await toFetchRequest(req, origin));
      status = response.status;
      const body = Buffer.from(await response.arrayBuffer());
      if (status >= 400) {
        try { detail = JSON.parse(body.toString()).code ?? ''; } catch { /* not JSON */ }
      }
      res.writeHead(status, Object.fromEntries(response.headers));
      res.end(body);
    } catch (error) {
      detail = String(error && error.message);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'internal_error', message: 'internal error' }));
    }
    const micros = Number(process.hrtime.bigint() - started) / 1000;
    console.log(`${req.method} ${req.url} ${status}${detail ? ` ${detail}` : ''} ${micros.toFixed(0)}us`);
  });
  server.listen(args.port, '127.0.0.1', () => {
    console.log(`wasm-fetch receiver (@hookproof/wasm) listening on ${origin}`);
    armIdle();
  });
}

main();
