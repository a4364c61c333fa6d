// Every provider scheme: the provider vectors (signatures from the providers' own libraries),
// signing what they sign, round trips with rotation and the tolerance window, and the
// providers' libraries both ways (standardwebhooks, @octokit/webhooks-methods) where present.
import { assert, codeOf, fromBase64, toBase64, utf8 } from '../harness.js';

const T0 = 1_795_860_000;
const TIMESTAMPED = new Set(['standard', 'stripe', 'slack']);

function secretFor(scheme, text) {
  return scheme === 'standard' ? `whsec_${toBase64(utf8(text))}` : text;
}

function pairsToObject(pairs) {
  const out = {};
  for (const [name, value] of pairs) out[name] = name in out ? [].concat(out[name], value) : value;
  return out;
}

export default function providersSuite(ctx) {
  const { hp, data, fc, peers } = ctx;
  const { Webhook } = hp;
  const vectors = data.providers.vectors;
  return [
    ['every scheme name works, the list comes from the core', () => {
      const names = hp.schemeNames();
      assert.ok(names.length >= 6 && names[0] === 'printone');
      for (const scheme of names) {
        const webhook = new Webhook(secretFor(scheme, 'secret'), { scheme, tolerance: 60 });
        assert.equal(webhook.scheme, scheme);
        assert.equal(webhook.tolerance, 60);
      }
      assert.equal(new Webhook('s').tolerance, 300, 'default tolerance');
    }],

    ['provider vectors: every one gets its verdict and code', () => {
      assert.ok(vectors.length >= 60, `providers.json has its vectors (${vectors.length})`);
      for (const v of vectors) {
        const body = fromBase64(v.body_base64);
        const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
        const expected = v.valid ? 'valid' : v.error;
        const label = `${v.scheme}/${v.name}`;
        assert.equal(codeOf(hp, () => webhook.verify(body, v.headers, { now: v.now })), expected, `${label} (pairs)`);
        assert.equal(codeOf(hp, () => webhook.verify(body, pairsToObject(v.headers), { now: v.now })), expected, `${label} (object)`);
        const upper = v.headers.map(([name, value]) => [name.toUpperCase(), value]);
        assert.equal(codeOf(hp, () => webhook.verify(body, upper, { now: v.now })), expected, `${label} (upper case)`);
      }
    }],

    ["provider vectors: hookproof signs exactly what the providers' libraries signed", () => {
      const header = (v, name) => (v.headers.find(([n]) => n.toLowerCase() === name) || [])[1];
      let compared = 0;
      for (const v of vectors.filter((x) => x.valid && !/joined|entries/.test(x.name))) {
        const body = fromBase64(v.body_base64);
        const webhook = new Webhook(v.secret, { scheme: v.scheme, tolerance: v.tolerance });
        const stripe = header(v, 'stripe-signature');
        const ts = header(v, 'webhook-timestamp') || header(v, 'svix-timestamp') || header(v, 'x-slack-request-timestamp') ||
          (stripe && /^t=(\d+)/.exec(stripe)[1]);
        const msgId = header(v, 'webhook-id') || header(v, 'svix-id');
        const options = { timestamp: ts === undefined ? undefined : Number(ts), msgId };
        if (v.secret.startsWith('whpk_')) {
          assert.throws(() => webhook.sign(body, options), hp.InvalidSecretError, 'a public key cannot sign');
          continue;
        }
        const signed = webhook.sign(body, options);
        webhook.verify(body, signed, { now: v.now });
        const [name, ours] = Object.entries(signed).at(-1);
        const theirs = header(v, name) || header(v, name.replace('webhook-', 'svix-'));
        const entries = (s) => s.split(/[ ,]/).map((e) => e.toLowerCase());
        assert.ok(entries(theirs).includes(entries(ours).at(-1)), `${v.scheme}/${v.name}: ${ours} in ${theirs}`);
        compared += 1;
      }
      assert.ok(compared >= 15, `compared ${compared}`);
    }],

    ['round trips: every scheme, string and byte bodies, rotation, the tolerance window', () => {
      const body = '{"type":"invoice.paid","data":{"id":"in_1","note":"Zöe"}}';
      for (const scheme of hp.schemeNames()) {
        const current = secretFor(scheme, 'current-secret');
        const previous = secretFor(scheme, 'previous-secret');
        const receiver = new Webhook([current, previous], { scheme });
        for (const secret of [current, previous]) {
          const signed = new Webhook(secret, { scheme }).sign(body, { timestamp: T0, msgId: 'msg_1' });
          assert.equal(codeOf(hp, () => receiver.verify(body, signed, { now: T0 })), 'valid', scheme);
          assert.equal(codeOf(hp, () => receiver.verify(utf8(body), new Headers(signed), { now: T0 + 300 })), 'valid', scheme);
          const late = codeOf(hp, () => receiver.verify(body, signed, { now: T0 + 301 }));
          const early = codeOf(hp, () => receiver.verify(body, signed, { now: T0 - 301 }));
          assert.equal(late, TIMESTAMPED.has(scheme) ? 'timestamp_too_old' : 'valid', `${scheme} late`);
          assert.equal(early, TIMESTAMPED.has(scheme) ? 'timestamp_too_new' : 'valid', `${scheme} early`);
        }
        const other = new Webhook(secretFor(scheme, 'other'), { scheme }).sign(body, { timestamp: T0 });
        assert.equal(codeOf(hp, () => receiver.verify(body, other, { now: T0 })), 'signature_mismatch', scheme);
      }
      const standard = new Webhook(secretFor('standard', 'id-secret'), { scheme: 'standard' });
      assert.notEqual(standard.sign('{}')['webhook-id'], standard.sign('{}')['webhook-id'], 'a fresh message id per signature');
    }],

    ['standard: a repeated webhook-signature joined by Node, Fetch or WSGI verifies entry by entry', () => {
      const webhook = new Webhook(secretFor('standard', 'joined'), { scheme: 'standard' });
      const signed = webhook.sign('{}', { timestamp: T0, msgId: 'msg_j' });
      const wrong = 'v1,' + toBase64(new Uint8Array(32));
      const base = { 'webhook-id': 'msg_j', 'webhook-timestamp': String(T0) };
      for (const joined of [`${signed['webhook-signature']}, ${wrong}`, `${wrong}, ${signed['webhook-signature']}`, `${wrong},${signed['webhook-signature']}`]) {
        assert.equal(codeOf(hp, () => webhook.verify('{}', { ...base, 'webhook-signature': joined }, { now: T0 })), 'valid', joined);
      }
      const headers = new Headers(base);
      headers.append('webhook-signature', wrong);
      headers.append('webhook-signature', signed['webhook-signature']);
      assert.equal(codeOf(hp, () => webhook.verify('{}', headers, { now: T0 })), 'valid', 'Fetch Headers join');
      assert.equal(codeOf(hp, () => webhook.verify('{}', { ...base, 'webhook-signature': ['a', signed['webhook-signature']] }, { now: T0 })), 'valid', 'array');
    }],

    ['stripe: the missing t= message says the header lacks it', () => {
      const stripe = new Webhook('whsec_x', { scheme: 'stripe' });
      const error = assert.throws(() => stripe.verify('{}', { 'stripe-signature': 'v1=' + 'ab'.repeat(32) }), hp.MissingTimestampError);
      assert.match(error.message, /no `t=` item in the `stripe-signature` header/);
      assert.equal(codeOf(hp, () => stripe.verify('{}', { 'stripe-signature': `t=${'1'.repeat(21)},v1=${'ab'.repeat(32)}` })), 'malformed_timestamp');
    }],

    ['@octokit/webhooks-methods: its signatures verify under github, and it verifies ours', async () => {
      if (!peers.octokit) return;
      const { octokit } = peers;
      const documented = await octokit.sign("It's a Secret to Everybody", 'Hello, World!');
      assert.equal(documented, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
      new Webhook("It's a Secret to Everybody", { scheme: 'github' }).verify('Hello, World!', { 'X-Hub-Signature-256': documented });
      await fc.assert(fc.asyncProperty(fc.stringMatching(/^[a-zA-Z0-9]{1,40}$/), fc.string({ minLength: 1, maxLength: 2000 }), async (secret, payload) => {
        const webhook = new Webhook(secret, { scheme: 'github' });
        const theirs = await octokit.sign(secret, payload);
        webhook.verify(payload, { 'x-hub-signature-256': theirs });
        assert.equal(codeOf(hp, () => webhook.verify(`${payload}!`, { 'x-hub-signature-256': theirs })), 'signature_mismatch');
        const ours = webhook.sign(payload)['x-hub-signature-256'];
        assert.equal(await octokit.verify(secret, payload, ours), true);
        assert.equal(ours, theirs);
      }), { numRuns: 100 });
    }],

    ['standardwebhooks: its signatures verify under standard, and it verifies ours', () => {
      if (!peers.standardwebhooks) return;
      const { Webhook: Theirs } = peers.standardwebhooks;
      for (const key of [utf8('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), utf8('a 32 byte key for standard hooks'), utf8('twenty-four bytes key!!!')]) {
        const secret = `whsec_${toBase64(key)}`;
        const theirs = new Theirs(secret);
        const ours = new Webhook(secret, { scheme: 'standard' });
        for (const payload of ['{"type":"user.created","data":{"id":1}}', '{"note":"Zöe ✓"}', '{}']) {
          const msgId = `msg_${payload.length}_${key.length}`;
          const signature = theirs.sign(msgId, new Date(T0 * 1000), payload);
          const headers = { 'webhook-id': msgId, 'webhook-timestamp': String(T0), 'webhook-signature': signature };
          ours.verify(payload, headers, { now: T0 });
          assert.equal(codeOf(hp, () => ours.verify(payload, headers, { now: T0 + 301 })), 'timestamp_too_old');
          ours.verify(payload, { 'svix-id': msgId, 'svix-timestamp': String(T0), 'svix-signature': signature }, { now: T0 });
          // Ours -> theirs (the library checks the timestamp against its clock: sign now).
          const now = Math.floor(Date.now() / 1000);
          const signed = ours.sign(payload, { timestamp: now, msgId });
          assert.deepEqual(theirs.verify(payload, signed), JSON.parse(payload));
        }
      }
    }],
  ];
}
