#!/usr/bin/env node
'use strict';
// The Node receiver of the round-trip harness and the demo:
//
//   node bindings/node/roundtrip/receiver.js --port P --secret S [--idle-timeout SECONDS]
//
// An Express app on 127.0.0.1:P.
//   POST /events  hookproof/express: 200 with the event, 401 JSON {code,message} for a bad
//                 signature, 400 for invalid_payload after a valid signature.
//   POST /raw     verifies the signature of arbitrary bytes: 204 iff valid, else 401 JSON.
// One line per request on stdout. Exits by itself after --idle-timeout seconds (default 60)
// without a request.
const path = require('node:path');
const express = require(require.resolve('express', { paths: [path.join(__dirname, '..')] }));
const { Webhook } = require('..');
const hookproofExpress = require('../express.js');

function parseArgs(argv) {
  const args = { idleTimeout: 60 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port') args.port = Number(value);
    else if (flag === '--secret') args.secret = value;
    else if (flag === '--idle-timeout') args.idleTimeout = Number(value);
    else if (flag === '--help' || flag === '-h') { args.help = true; continue; }
    else throw new Error(`unknown argument ${flag}`);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
  }
  return args;
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
    if (args.help) {
      console.log('usage: receiver.js --port P --secret S [--idle-timeout SECONDS]');
      return;
    }
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error('--port must be a port number');
    if (typeof args.secret !== 'string') throw new Error('--secret is required');
    if (!(args.idleTimeout > 0)) throw new Error('--idle-timeout must be a positive number of seconds');
  } catch (err) {
    console.error(`receiver.js: ${err.message}`);
    process.exit(2);
  }

  const webhook = new Webhook(args.secret);
  const app = express();
  const log = (req, what, verdict, code) => console.log(`node ${req.method} ${req.path} ${what} ${verdict} ${code}`);

  // Log the verdict of every hookproof answer (the middleware answers 401/400 itself).
  app.use((req, res, next) => {
    const json = res.json.bind(res);
    res.json = (payload) => {
      if (res.statusCode >= 400 && payload && payload.code) {
        const size = req.rawBody ? req.rawBody.length : 0;
        log(req, `size=${size}`, 'rejected', payload.code);
      }
      return json(payload);
    };
    next();
  });

  app.post('/events', hookproofExpress(webhook), (req, res) => {
    const e = req.webhook;
    log(req, `event=${e.event}`, 'verified', 'ok');
    res.status(200).json({ event: e.event, created_at: e.createdAtRaw, data: e.data });
  });

  app.post('/raw', hookproofExpress(webhook, { parseEvent: false, limit: 64 * 1024 * 1024 }), (req, res) => {
    log(req, `size=${req.rawBody.length}`, 'verified', 'ok');
    res.status(204).end();
  });

  app.use((req, res) => {
    log(req, '-', 'not_found', 'none');
    res.status(404).json({ code: 'not_found', message: 'POST /events or POST /raw' });
  });
  app.use((err, req, res, _next) => {
    log(req, '-', 'error', err.status || 500);
    res.status(err.status || 500).json({ code: 'error', message: err.message });
  });

  let timer;
  const server = app.listen(args.port, '127.0.0.1', () => {
    console.log(`node receiver listening on http://127.0.0.1:${server.address().port} (idle timeout ${args.idleTimeout}s)`);
    arm();
  });
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      console.log(`node receiver: ${args.idleTimeout}s without a request, exiting`);
      server.close();
      if (server.closeAllConnections) server.closeAllConnections();
      setTimeout(() => process.exit(0), 200).unref();
    }, args.idleTimeout * 1000);
  };
  server.on('request', arm);
  server.on('error', (err) => { console.error(`receiver.js: ${err.message}`); process.exit(1); });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}

main();
