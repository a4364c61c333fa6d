// The replay guard with the in-memory store, and with Redis-shaped clients (an in-process fake
// of SET NX PX, GET and the release script, in the ioredis and node-redis call styles): the
// protocol is the core's; the real Redis tests are in test/node/redis.test.mjs.
import { assert, SECRET, eventBody } from '../harness.js';

/**
 * A client that keeps keys in a Map and answers SET NX PX / GET / EVAL like Redis. `resent`: the
 * first SET is applied and then sent again, as ioredis does after a dropped connection, so the
 * caller sees the second answer (the key taken).
 */
function fakeRedis(style, { failing = false, resent = false } = {}) {
  const keys = new Map();
  const calls = [];
  const run = async (words) => {
    calls.push(words);
    if (failing) throw new Error('connect ECONNREFUSED redis://user:hunter2@127.0.0.1:6379');
    const [command] = words;
    if (command === 'SET') {
      const [, key, value, nx, px, ttl] = words;
      assert.equal(`${nx} ${px}`, 'NX PX');
      assert.ok(Number(ttl) > 0);
      if (keys.has(key)) return null;
      keys.set(key, value);
      if (resent) {
        resent = false;
        return run(words); // the same command again: its answer is the one the caller sees
      }
      return 'OK';
    }
    if (command === 'GET') return keys.get(words[1]) ?? null;
    if (command === 'EVAL') {
      const [, , , key, token] = words;
      if (keys.get(key) === token) {
        keys.delete(key);
        return 1;
      }
      return 0;
    }
    throw new Error(`unexpected command ${command}`);
  };
  const client = style === 'ioredis' ? { call: (...words) => run(words) } : { sendCommand: (words) => run(words) };
  return { client, keys, calls };
}

export default function replaySuite(ctx) {
  const { hp } = ctx;
  const { Webhook, ReplayGuard, MemoryStore } = hp;
  const body = eventBody();
  const webhook = new Webhook(SECRET);
  const headers = webhook.sign(body);
  return [
    ['memory: the first claim runs, a duplicate does not, a release lets the retry through', async () => {
      const guard = new ReplayGuard(new MemoryStore(100), { ttl: 60 });
      const first = await guard.claim(webhook, body, headers);
      assert.ok(first !== null, 'new');
      assert.equal(await guard.claim(webhook, body, headers), null, 'duplicate');
      assert.equal(await guard.claim(webhook, body, { 'X-Webhook-Hmac-Sha256': headers['x-webhook-hmac-sha256'], 'x-request-id': '2' }), null, 'unsigned headers do not change the key');
      await first.release();
      assert.ok((await guard.claim(webhook, body, headers)) !== null, 'released: the retry runs');
      assert.ok((await guard.claim(webhook, body + ' ', webhook.sign(body + ' '))) !== null, 'another body is another delivery');
      assert.equal(guard.store.entries, 2);
    }],

    ['memory: the store stays within its bound', async () => {
      const store = new MemoryStore(50);
      const guard = new ReplayGuard(store, { ttl: 3600 });
      for (let i = 0; i < 500; i++) {
        const b = eventBody('x', { i });
        assert.ok((await guard.claim(webhook, b, webhook.sign(b))) !== null);
      }
      assert.ok(store.entries <= 50, `${store.entries} entries`);
    }],

    ['redis clients (ioredis and node-redis styles): claim, duplicate, release, atomic per key', async () => {
      for (const style of ['ioredis', 'node-redis']) {
        const { client, keys, calls } = fakeRedis(style);
        const guard = new ReplayGuard(client, { ttl: 5, prefix: 'test:' });
        const first = await guard.claim(webhook, body, headers);
        assert.ok(first !== null, style);
        assert.equal(keys.size, 1);
        assert.ok([...keys.keys()][0].startsWith('test:'));
        assert.equal(await guard.claim(webhook, body, headers), null, `${style}: duplicate`);
        await first.release();
        assert.equal(keys.size, 0, `${style}: released`);
        assert.ok(calls.some((c) => c[0] === 'EVAL'), `${style}: compare-and-delete`);
        // The client resent the claim's SET after a dropped connection: the claim is still ours.
        const resent = fakeRedis(style, { resent: true });
        const own = await new ReplayGuard(resent.client, { ttl: 5 }).claim(webhook, body, headers);
        assert.ok(own !== null, `${style}: a resent SET is the claim's own, not a duplicate`);
        assert.deepEqual(resent.calls.map((c) => c[0]), ['SET', 'SET', 'GET']);
      }
      // Standard Webhooks claims two keys (its id, and the signed content): a taken second key
      // releases the first.
      const standard = new Webhook('whsec_c2VjcmV0LWtleQ==', { scheme: 'standard' });
      const signed = standard.sign('{}', { timestamp: 1_795_860_000, msgId: 'msg_1' });
      const { client, keys } = fakeRedis('ioredis');
      const guard = new ReplayGuard(client, { ttl: 5 });
      assert.ok((await guard.claim(standard, '{}', signed)) !== null);
      assert.equal(keys.size, 2);
      const retry = standard.sign('{}', { timestamp: 1_795_860_100, msgId: 'msg_1' });
      assert.equal(await guard.claim(standard, '{}', retry), null, 'a retry with the same id is a duplicate');
      assert.equal(keys.size, 2, 'and claims nothing new');
    }],

    ['an unreachable store fails closed with StoreUnavailable, and no credentials in the message', async () => {
      const { client } = fakeRedis('ioredis', { failing: true });
      const guard = new ReplayGuard(client, { ttl: 5 });
      const error = await assert.rejects(() => guard.claim(webhook, body, headers), hp.StoreUnavailableError);
      assert.ok(!error.message.includes('hunter2'), error.message);
      assert.equal(webhook.httpStatus(error), 503);
      const silent = { call: () => new Promise(() => {}) };
      await assert.rejects(() => new ReplayGuard(silent, { ttl: 5, timeout: 50 }).claim(webhook, body, headers), hp.StoreUnavailableError);
    }],

    ['the guard checks its arguments', () => {
      assert.throws(() => new ReplayGuard({}), TypeError);
      assert.throws(() => new ReplayGuard(undefined, { ttl: -1 }), hp.InvalidArgumentError);
      assert.throws(() => new MemoryStore(0), TypeError);
    }],
  ];
}
