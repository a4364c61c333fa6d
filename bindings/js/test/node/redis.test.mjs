// The replay guard over a real Redis (redis-server on a loopback port) with both Node clients,
// ioredis and node-redis: one claim per delivery with its TTL and prefix, release, a stale
// release that frees nothing, Standard Webhooks' two keys, failing closed (503, no password in
// the message) while Redis is down and working again after, and a helper wired to Redis. Run on
// each engine (HOOKPROOF_ENGINE).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Redis from 'ioredis';
import { createClient } from 'redis';
import express from 'express';
import { Webhook, ReplayGuard, StoreUnavailableError, engineName } from 'hookproof';
import { webhookHandler } from 'hookproof/express';
import { RedisServer } from './redis-server.mjs';

const SECRET = 'whk_redis_test_9c2e';
const PASSWORD = 'hunter2-not-in-messages';
const BODY = '{"data":{"id":"ord_r"},"event":"order_status_update","created_at":"2026-11-28T10:00:00.000Z"}';
const headers = (body = BODY) => ({ 'x-webhook-hmac-sha256': createHmac('sha256', SECRET).update(body).digest('base64') });

const server = await RedisServer.start({ password: PASSWORD });
after(() => server.close());

const clients = {
  ioredis: async () => {
    const client = new Redis(server.url, { maxRetriesPerRequest: 1, lazyConnect: false });
    return { client, keys: (p) => client.keys(p), pttl: (k) => client.pttl(k), close: () => client.quit() };
  },
  'node-redis': async () => {
    const client = createClient({ url: server.url });
    await client.connect();
    return { client, keys: (p) => client.keys(p), pttl: (k) => client.pTTL(k), close: () => client.quit() };
  },
};

for (const [name, connect] of Object.entries(clients)) {
  test(`${name} (${engineName()}): one claim per delivery, TTL, prefix, release`, async () => {
    const { client, keys, pttl, close } = await connect();
    try {
      const prefix = `t-${name}-${engineName()}:`;
      const guard = new ReplayGuard(client, { ttl: 300, prefix });
      const webhook = new Webhook(SECRET);
      const claim = await guard.claim(webhook, BODY, headers());
      assert.ok(claim);
      assert.equal(await guard.claim(webhook, BODY, headers()), null, 'a duplicate');
      const stored = await keys(`${prefix}*`);
      assert.equal(stored.length, 1);
      const ttl = Number(await pttl(stored[0]));
      assert.ok(ttl > 290_000 && ttl <= 300_000, `ttl ${ttl}`);
      await claim.release();
      assert.deepEqual(await keys(`${prefix}*`), []);
      assert.ok(await guard.claim(webhook, BODY, headers()), 'released: the retry is processed');
      await claim.release(); // stale: its token was replaced
      assert.equal(await guard.claim(webhook, BODY, headers()), null);
      // Standard Webhooks: the id and the signed content, claimed together.
      const standard = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', { scheme: 'standard' });
      const signed = standard.sign('{"a":1}', { msgId: 'msg_1' });
      assert.ok(await guard.claim(standard, '{"a":1}', signed));
      assert.equal(await guard.claim(standard, '{"a":2}', standard.sign('{"a":2}', { msgId: 'msg_1' })), null, 'same id');
      assert.equal((await keys(`${prefix}*`)).length, 3);
    } finally {
      await close();
    }
  });
}

test(`ioredis (${engineName()}): fails closed while Redis is down, and recovers`, async () => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 100 });
  client.on('error', () => {});
  const guard = new ReplayGuard(client, { prefix: `down-${engineName()}:`, timeout: 1000 });
  const webhook = new Webhook(SECRET);
  try {
    await server.stop();
    const error = await guard.claim(webhook, BODY, headers()).then(() => null, (e) => e);
    assert.ok(error instanceof StoreUnavailableError, String(error));
    assert.equal(webhook.httpStatus(error), 503);
    assert.ok(!String(error.message).includes('hunter2'));
    await server.start();
    for (let i = 0; i < 50 && client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(await guard.claim(webhook, BODY, headers()), 'back: the retry is processed');
  } finally {
    client.disconnect();
  }
});

test(`express + ioredis (${engineName()}): a duplicate is 200 without the handler; an outage is 503`, async () => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 100 });
  client.on('error', () => {});
  let runs = 0;
  const app = express();
  app.post('/hook', webhookHandler(SECRET, () => { runs += 1; }, { replay: new ReplayGuard(client, { prefix: `app-${engineName()}:`, timeout: 1000 }) }));
  const http = app.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  const url = `http://127.0.0.1:${http.address().port}/hook`;
  const send = async () => {
    const res = await fetch(url, { method: 'POST', body: BODY, headers: { 'content-type': 'application/json', ...headers() } });
    return [res.status, await res.text()];
  };
  try {
    for (let i = 0; i < 50 && client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await send(), [204, '']);
    assert.deepEqual(await send(), [200, '{"duplicate":true}']);
    assert.equal(runs, 1);
    await server.stop();
    const [status, text] = await send();
    assert.equal(status, 503);
    assert.equal(JSON.parse(text).code, 'store_unavailable');
    await server.start();
  } finally {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    client.disconnect();
  }
});
