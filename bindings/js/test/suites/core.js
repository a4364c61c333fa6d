// The API in every runtime and on both engines: vectors, properties against an independent HMAC,
// every body and header shape, rotation, errors, typed events, options, wrong types.
import { assert, SECRET, codeOf, eventBody, fromBase64, toBase64, utf8, vectorBody } from '../harness.js';

const PRINTONE_EVENTS = ['order_status_update', 'template_preview_rendered', 'batch_status_update', 'coupon_code_used'];

export default function coreSuite(ctx) {
  const { hp, fc, data } = ctx;
  const { Webhook, WebhookError, verify } = hp;
  const sign = async (body, secret) => toBase64(await ctx.hmac(typeof secret === 'string' ? utf8(secret) : secret, typeof body === 'string' ? utf8(body) : body));

  return [
    ['shared vectors: every one, through verify and Webhook', async () => {
      assert.ok(data.vectors.vectors.length >= 25, 'the vectors file has its vectors');
      for (const v of data.vectors.vectors) {
        const body = vectorBody(v);
        assert.equal(verify(body, v.signature, v.secret), v.valid, `${v.name}: verify`);
        const webhook = new Webhook(v.secret);
        const headers = { [v.header]: v.signature, 'content-type': 'application/json' };
        assert.equal(codeOf(hp, () => webhook.verify(body, headers)), v.valid ? 'valid' : v.error, v.name);
        assert.equal(codeOf(hp, () => webhook.verify(body, new Headers(headers))), v.valid ? 'valid' : v.error, `${v.name} (Headers)`);
      }
    }],

    ['properties: verify agrees with an independent HMAC-SHA256', async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && /[^\0]/.test(s)), async (body, secret) => {
        const signature = await sign(body, secret);
        assert.equal(verify(body, signature, secret), true);
        assert.equal(new Webhook(secret).sign(body)['x-webhook-hmac-sha256'], signature);
      }), { numRuns: 200 });
    }],

    ['properties: any change to body, signature or secret is rejected', async () => {
      await fc.assert(fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.stringMatching(/^[a-z]{1,30}$/), fc.nat(), fc.integer({ min: 1, max: 255 }),
        async (body, secret, at, flip) => {
          const signature = await sign(body, secret);
          const tampered = Uint8Array.from(body);
          tampered[at % tampered.length] ^= flip;
          assert.equal(verify(tampered, signature, secret), false);
          assert.equal(verify(body, signature, secret + 'x'), false);
          const mac = fromBase64(signature);
          mac[at % 32] ^= flip;
          assert.equal(verify(body, toBase64(mac), secret), false);
        },
      ), { numRuns: 200 });
    }],

    ['properties: arbitrary strings as signature never throw, only false', () => {
      fc.assert(fc.property(fc.string(), fc.string(), (body, sig) => {
        assert.equal(typeof verify(body, sig, 's'), 'boolean');
      }), { numRuns: 300 });
    }],

    ['properties: string bodies are their UTF-8 bytes', async () => {
      await fc.assert(fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (body) => {
        assert.equal(verify(body, await sign(utf8(body), SECRET), SECRET), true);
      }), { numRuns: 200 });
    }],

    ['every body shape', async () => {
      const text = eventBody();
      const bytes = utf8(text);
      const signature = await sign(bytes, SECRET);
      const buffer = new ArrayBuffer(bytes.length + 8);
      new Uint8Array(buffer, 4, bytes.length).set(bytes);
      const shapes = {
        string: text,
        Uint8Array: Uint8Array.from(bytes),
        ArrayBuffer: Uint8Array.from(bytes).buffer,
        DataView: new DataView(buffer, 4, bytes.length),
        'Uint8Array at an offset': new Uint8Array(buffer, 4, bytes.length),
      };
      if (typeof Buffer !== 'undefined') {
        shapes.Buffer = Buffer.from(text);
        shapes['Buffer slice of a pool'] = Buffer.from('xx' + text).subarray(2);
      }
      const webhook = new Webhook(SECRET);
      for (const [name, body] of Object.entries(shapes)) {
        assert.equal(verify(body, signature, SECRET), true, name);
        webhook.verify(body, { 'x-webhook-hmac-sha256': signature });
        assert.equal(webhook.constructEvent(body, { 'x-webhook-hmac-sha256': signature }).event, 'order_status_update', name);
      }
      assert.equal(verify('', await sign('', SECRET), SECRET), true, 'empty string');
      assert.equal(verify(new Uint8Array(0), await sign('', SECRET), SECRET), true, 'empty bytes');
    }],

    ['every header shape, any case, both names, repeated values', async () => {
      const body = eventBody();
      const signature = await sign(body, SECRET);
      const other = await sign('other', SECRET);
      const webhook = new Webhook(SECRET);
      const shapes = {
        'IncomingHttpHeaders (lower case)': { 'content-type': 'application/json', 'x-webhook-hmac-sha256': signature },
        'plain object, mixed case': { 'Content-Type': 'application/json', 'X-Webhook-HMAC-SHA256': signature },
        'null-prototype object': Object.assign(Object.create(null), { 'x-webhook-hmac-sha256': signature }),
        'legacy header name': { 'x-printone-hmac-sha256': signature },
        'legacy name, upper case': { 'X-PRINTONE-HMAC-SHA256': signature },
        'array value (repeated header)': { 'x-webhook-hmac-sha256': ['AAAA', signature] },
        'the same header in two cases': { 'x-webhook-hmac-sha256': other, 'X-Webhook-Hmac-Sha256': signature },
        'joined by a proxy': { 'x-webhook-hmac-sha256': `${other}, ${signature}` },
        'Fetch Headers': new Headers({ 'X-Webhook-Hmac-Sha256': signature, 'content-type': 'application/json' }),
        'Fetch Headers, repeated': (() => { const h = new Headers(); h.append('x-webhook-hmac-sha256', other); h.append('x-webhook-hmac-sha256', signature); return h; })(),
        Map: new Map([['X-Webhook-Hmac-Sha256', signature]]),
        'Map with an array value': new Map([['x-webhook-hmac-sha256', [signature]]]),
        'array of pairs': [['content-type', 'application/json'], ['x-WEBHOOK-hmac-sha256', signature]],
        'flat rawHeaders': ['Content-Type', 'application/json', 'X-Webhook-Hmac-Sha256', signature],
        'values of other headers are not looked at': { 'content-length': 12, 'x-object': { a: 1 }, 'x-webhook-hmac-sha256': signature, missing: undefined },
      };
      for (const [name, headers] of Object.entries(shapes)) {
        assert.equal(codeOf(hp, () => webhook.verify(body, headers)), 'valid', name);
        assert.equal(hp.isValidWebhook(body, headers, SECRET), true, name);
      }
      assert.equal(codeOf(hp, () => webhook.verify(body, {})), 'missing_signature');
      assert.equal(codeOf(hp, () => webhook.verify(body, new Headers())), 'missing_signature');
      assert.equal(codeOf(hp, () => webhook.verify(body, { 'x-webhook-hmac-sha25': signature })), 'missing_signature');
    }],

    ['rotation: any configured secret verifies; sign uses the first', async () => {
      const body = eventBody();
      const webhook = new Webhook(['new-secret', utf8('old-secret')]);
      webhook.verify(body, { 'x-webhook-hmac-sha256': await sign(body, 'old-secret') });
      webhook.verify(body, { 'x-webhook-hmac-sha256': await sign(body, 'new-secret') });
      assert.equal(codeOf(hp, () => webhook.verify(body, { 'x-webhook-hmac-sha256': 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' })), 'signature_mismatch');
      assert.deepEqual(webhook.sign(body), { 'x-webhook-hmac-sha256': await sign(body, 'new-secret') });
    }],

    ['every error code has its subclass, and the core raises it', async () => {
      assert.ok(hp.CODES.length >= 15 && new Set(hp.CODES).size === hp.CODES.length);
      for (const code of hp.CODES) {
        const Class = hp.ERROR_CLASSES[code];
        assert.ok(Class.prototype instanceof WebhookError, code);
        assert.equal(hp[Class.name], Class, `exported as ${Class.name}`);
        const error = new Class('m');
        assert.equal(error.code, code);
        assert.equal(error.name, Class.name);
        assert.ok(error instanceof Error);
      }
      const body = eventBody();
      const webhook = new Webhook(SECRET);
      const cases = [
        [{}, 'missing_signature', body],
        [{ 'x-webhook-hmac-sha256': 'AAAA' }, 'malformed_signature', body],
        [{ 'x-webhook-hmac-sha256': await sign('x', SECRET) }, 'signature_mismatch', body],
        [{ 'x-webhook-hmac-sha256': await sign('not json', SECRET) }, 'invalid_payload', 'not json'],
        [{ 'x-webhook-hmac-sha256': await sign('{"event":"x"}', SECRET) }, 'invalid_payload', '{"event":"x"}'],
      ];
      for (const [headers, code, b] of cases) {
        const error = assert.throws(() => webhook.constructEvent(b, headers), hp.ERROR_CLASSES[code], code);
        assert.equal(error.code, code);
        assert.ok(error.message.length > 20, code);
      }
      assert.match(assert.throws(() => webhook.verify(body, { 'x-webhook-hmac-sha256': cases[2][0]['x-webhook-hmac-sha256'] })).message, /re-serialized/);
      assert.throws(() => new Webhook(''), hp.InvalidSecretError);
      assert.throws(() => new Webhook([]), hp.InvalidSecretError);
      assert.throws(() => new Webhook(['ok', '']), hp.InvalidSecretError);
      assert.throws(() => verify(body, 'AAAA', ''), hp.InvalidSecretError);
      assert.throws(() => verify(body, undefined, ''), hp.InvalidSecretError);
      assert.equal(verify(body, undefined, SECRET), false);
      assert.equal(verify(body, null, SECRET), false);
    }],

    ['keys that sign like the empty key are refused (zeros, blanks, whsec_ of zeros)', () => {
      for (const length of [1, 32, 64]) {
        const zeros = new Uint8Array(length);
        assert.throws(() => new Webhook(zeros), hp.InvalidSecretError, `${length} zero bytes`);
        assert.throws(() => verify('b', 'AAAA', zeros), hp.InvalidSecretError);
        for (const scheme of ['github', 'stripe', 'shopify', 'slack']) {
          assert.throws(() => new Webhook(zeros, { scheme }), hp.InvalidSecretError, scheme);
        }
        assert.throws(() => new Webhook('whsec_' + toBase64(zeros), { scheme: 'standard' }), hp.InvalidSecretError, 'whsec_ zeros');
      }
      assert.ok(new Webhook(new Uint8Array(65)), '65 zero bytes are hashed first: an ordinary key');
      for (const blank of [' ', '\n', ' \t\r\n']) assert.throws(() => new Webhook(blank), hp.InvalidSecretError, JSON.stringify(blank));
    }],

    ['constructEvent: the event, its data, createdAt as a valid Date and the raw string', () => {
      const webhook = new Webhook(SECRET);
      for (const name of [...PRINTONE_EVENTS, 'something_new']) {
        const body = eventBody(name, { id: 'x_1', nested: { n: 1.5, list: [true, null, 'ö'] } }, '2026-11-28T11:00:00.123+01:00');
        const event = webhook.constructEvent(body, webhook.sign(body));
        assert.equal(event.event, name);
        assert.equal(event.known, name !== 'something_new');
        assert.deepEqual(event.data, { id: 'x_1', nested: { n: 1.5, list: [true, null, 'ö'] } });
        assert.ok(event.createdAt instanceof Date && !Number.isNaN(event.createdAt.getTime()), 'a valid Date');
        assert.equal(event.createdAt.toISOString(), '2026-11-28T10:00:00.123Z');
        assert.equal(event.createdAtRaw, '2026-11-28T11:00:00.123+01:00');
      }
    }],

    ["Print.one's own test payloads: typed data and a real createdAt (theirs is an Invalid Date)", () => {
      for (const v of data.vectors.vectors.filter((x) => x.name.startsWith('printone_js_') && x.valid)) {
        const body = vectorBody(v);
        const webhook = new Webhook(v.secret);
        const event = webhook.constructEvent(body, { [v.header]: v.signature });
        assert.ok(event.known && PRINTONE_EVENTS.includes(event.event), v.name);
        assert.ok(event.createdAt instanceof Date && !Number.isNaN(event.createdAt.getTime()), `${v.name}: a valid Date`);
        assert.equal(event.createdAt.toISOString(), JSON.parse(new TextDecoder().decode(body)).created_at);
        const validated = hp.validateWebhook(body, { [v.header]: v.signature }, v.secret);
        assert.deepEqual(validated.data, event.data);
      }
    }],

    ['data keeps the order and the numbers the sender wrote', () => {
      const webhook = new Webhook(SECRET);
      const body = '{"data":{"z":1,"a":2,"m":{"y":1,"b":2},"big":12345678901234,"f":0.1},"event":"x","created_at":"2026-11-28T10:00:00Z"}';
      const event = webhook.constructEvent(body, webhook.sign(body));
      assert.deepEqual(Object.keys(event.data), ['z', 'a', 'm', 'big', 'f']);
      assert.deepEqual(Object.keys(event.data.m), ['y', 'b']);
      assert.equal(event.data.big, 12345678901234);
    }],

    ['a scheme without a typed event: constructEvent gives the parsed JSON', () => {
      const github = new Webhook("It's a Secret to Everybody", { scheme: 'github' });
      assert.equal(github.typedEvent, false);
      const body = '{"action":"opened","number":1}';
      assert.deepEqual(github.constructEvent(body, github.sign(body)), { action: 'opened', number: 1 });
      assert.equal(codeOf(hp, () => github.constructEvent('token=a&b=c', github.sign('token=a&b=c'))), 'invalid_payload');
    }],

    ['maxAge refuses a month-old Print.one event (event_too_old), and only where it applies', () => {
      const body = eventBody('order_status_update', { id: 'o' }, '2026-11-01T10:00:00.000Z');
      const created = Date.UTC(2026, 10, 1, 10) / 1000;
      const webhook = new Webhook(SECRET, { maxAge: 3600 });
      const headers = webhook.sign(body);
      assert.equal(codeOf(hp, () => webhook.verify(body, headers, { now: created + 3600 })), 'valid');
      assert.equal(codeOf(hp, () => webhook.verify(body, headers, { now: created + 30 * 86400 })), 'event_too_old');
      assert.equal(codeOf(hp, () => webhook.constructEvent(body, headers, { now: created + 30 * 86400 })), 'event_too_old');
      assert.equal(codeOf(hp, () => new Webhook(SECRET).verify(body, headers, { now: created + 30 * 86400 })), 'valid', 'off by default');
      assert.throws(() => new Webhook('s', { scheme: 'stripe', maxAge: 60 }), hp.InvalidArgumentError);
      assert.equal(webhook.maxAge, 3600);
    }],

    ['options: scheme, tolerance, maxAge; bad values are InvalidArgument from the core', () => {
      assert.equal(new Webhook(SECRET, { scheme: 'printone' }).scheme, 'printone');
      assert.equal(new Webhook(SECRET).scheme, 'printone');
      const unknown = assert.throws(() => new Webhook(SECRET, { scheme: 'stripe-ish' }), hp.InvalidArgumentError);
      assert.match(unknown.message, /unknown scheme/);
      assert.ok(!unknown.message.includes('stripe-ish'), 'the name is never echoed');
      for (const tolerance of [-1, Number.NaN, Infinity, 1e20]) {
        assert.throws(() => new Webhook(SECRET, { tolerance }), hp.InvalidArgumentError, String(tolerance));
      }
      assert.throws(() => new Webhook(SECRET, { scheme: 3 }), (e) => e instanceof TypeError && /options\.scheme/.test(e.message));
      assert.equal(new Webhook(SECRET, { tolerance: 60 }).tolerance, 60);
      const stripe = new Webhook('whsec_x', { scheme: 'stripe' });
      for (const now of [Number.NaN, Infinity, -Infinity, 1e300]) {
        assert.throws(() => stripe.verify('{}', { 'stripe-signature': 't=1,v1=' + '0'.repeat(64) }, { now }), hp.InvalidArgumentError, `now ${now}`);
      }
      assert.throws(() => stripe.sign('{}', { timestamp: -1 }), hp.InvalidArgumentError);
      assert.deepEqual(hp.schemeNames().slice(0, 1), ['printone']);
    }],

    ['HTTP statuses come from the core, per scheme', () => {
      assert.equal(new Webhook(SECRET).httpStatus('signature_mismatch'), 401);
      assert.equal(new Webhook('whsec_x', { scheme: 'stripe' }).httpStatus('signature_mismatch'), 400);
      assert.equal(hp.httpStatus('invalid_payload'), 400);
      assert.equal(hp.httpStatus('body_too_large'), 413);
      assert.equal(hp.httpStatus('store_unavailable'), 503);
      assert.equal(hp.httpStatus('invalid_secret'), 500);
      assert.equal(hp.bodyLimit(), 1024 * 1024);
      assert.equal(hp.bodyLimit('1.5mb'), 1572864);
      assert.throws(() => hp.bodyLimit('lots'), hp.InvalidArgumentError);
    }],

    ['wrong argument types throw a TypeError naming the argument', () => {
      const webhook = new Webhook(SECRET);
      const cases = [
        [() => verify(42, 'sig', SECRET), /`body`/],
        [() => verify({}, 'sig', SECRET), /`body`/],
        [() => verify(null, 'sig', SECRET), /`body`/],
        [() => verify('b', 42, SECRET), /`signature`/],
        [() => verify('b', ['a'], SECRET), /`signature`/],
        [() => verify('b', 'sig', 42), /`secret`/],
        [() => verify('b', 'sig', undefined), /`secret`/],
        [() => new Webhook(undefined), /`secret`/],
        [() => new Webhook(['ok', 7]), /`secret\[1\]`/],
        [() => new Webhook(SECRET, 'printone'), /`options`/],
        [() => new Webhook(SECRET, { tolerance: '5' }), /`options.tolerance`/],
        [() => webhook.verify(1, {}), /`body`/],
        [() => webhook.verify('b', 'x-webhook-hmac-sha256: abc'), /`headers`/],
        [() => webhook.verify('b', null), /`headers`/],
        [() => webhook.verify('b', { 'x-webhook-hmac-sha256': { a: 1 } }), /`headers`/],
        [() => webhook.verify('b', [['only-name']]), /`headers`/],
        [() => webhook.verify('b', ['x-webhook-hmac-sha256']), /`headers`/],
        [() => webhook.verify('b', {}, { now: '1' }), /`options.now`/],
        [() => webhook.constructEvent(Symbol('b'), {}), /`body`/],
        [() => webhook.sign(12), /`body`/],
        [() => webhook.sign('b', { msgId: 5 }), /`options.msgId`/],
        [() => hp.isValidWebhook('b', undefined, SECRET), /`headers`/],
        [() => hp.validateWebhook('b', {}, null), /`secret`/],
      ];
      for (const [fn, re] of cases) {
        assert.throws(fn, (e) => e instanceof TypeError && re.test(e.message), String(fn));
      }
    }],

    ["a header name with a NUL matches nothing: the core's verdict, not a TypeError", async () => {
      const webhook = new Webhook(SECRET);
      const signature = await sign('b', SECRET);
      assert.equal(codeOf(hp, () => webhook.verify('b', { 'x-webhook-hmac-sha256\0': signature })), 'missing_signature');
      assert.equal(codeOf(hp, () => webhook.verify('b', [['\0x-webhook-hmac-sha256', signature]])), 'missing_signature');
      assert.equal(codeOf(hp, () => webhook.verify('b', [['x\0y', 'z'], ['x-webhook-hmac-sha256', signature]])), 'valid');
    }],

    ["the drop-ins keep Print.one's arguments and results", async () => {
      const body = eventBody('coupon_code_used');
      const signature = await sign(body, SECRET);
      assert.equal(hp.isValidWebhook(body, { 'x-webhook-hmac-sha256': signature }, SECRET), true);
      assert.equal(hp.isValidWebhook(body, { 'x-webhook-hmac-sha256': 'x' }, SECRET), false);
      assert.equal(hp.isValidWebhook(body, {}, SECRET), false);
      assert.throws(() => hp.isValidWebhook(body, {}, ''), hp.InvalidSecretError);
      const event = hp.validateWebhook(body, { 'X-Printone-Hmac-Sha256': signature }, SECRET);
      assert.equal(event.event, 'coupon_code_used');
      const unknown = eventBody('not_documented');
      assert.throws(() => hp.validateWebhook(unknown, { 'x-webhook-hmac-sha256': new Webhook(SECRET).sign(unknown)['x-webhook-hmac-sha256'] }, SECRET), hp.InvalidPayloadError);
      assert.throws(() => hp.validateWebhook(body, {}, SECRET), hp.MissingSignatureError);
    }],
  ];
}
