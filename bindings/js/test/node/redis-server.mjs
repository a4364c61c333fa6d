// A throwaway redis-server for the Node tests (the twin of tests/support/redis_server.py):
// 127.0.0.1, a free port, no persistence, stopped by the test and startable again on the same
// port (outage tests).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => { socket.destroy(); resolve(/^(\+PONG|-NOAUTH)/.test(String(data))); });
  });
}

export class RedisServer {
  static async start({ password } = {}) {
    const server = new RedisServer(await freePort(), password);
    await server.start();
    return server;
  }

  constructor(port, password) {
    this.port = port;
    this.password = password;
    this.dir = mkdtempSync(join(tmpdir(), 'hookproof-redis-'));
    this.url = `redis://${password ? `:${password}@` : ''}127.0.0.1:${port}/0`;
  }

  async start() {
    const args = ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no', '--dir', this.dir, '--loglevel', 'warning'];
    if (this.password) args.push('--requirepass', this.password);
    this.process = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await ping(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not start');
  }

  async stop() {
    if (!this.process || this.process.exitCode !== null) return;
    const exited = new Promise((r) => this.process.once('exit', r));
    this.process.kill('SIGTERM');
    await exited;
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
