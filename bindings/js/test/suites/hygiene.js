// No message, stack, inspect output or serialisation contains a secret, in any scheme, error or
// object of the API.
import { assert, eventBody, toBase64, utf8 } from '../harness.js';

export default function hygieneSuite(ctx) {
  const { hp } = ctx;
  const { Webhook } = hp;
  return [
    ['no error, inspect or JSON output contains a secret, in any scheme', () => {
      const secret = 'sk_live_DO_NOT_LEAK_9a8b7c';
      const texts = [];
      const collect = (fn) => {
        try {
          fn();
        } catch (e) {
          texts.push(e.message, e.stack, String(e), JSON.stringify(e), ctx.inspect ? ctx.inspect(e, { showHidden: true }) : '');
        }
      };
      const body = eventBody();
      for (const scheme of hp.schemeNames()) {
        const key = scheme === 'standard' ? `whsec_${toBase64(utf8(secret))}` : secret;
        const second = scheme === 'standard' ? `whsec_${toBase64(utf8(secret + '2'))}` : secret + '2';
        const webhook = new Webhook([key, second], { scheme, tolerance: 60 });
        texts.push(JSON.stringify(webhook), String(webhook), JSON.stringify(webhook.sign(body, { timestamp: 1_795_860_000 })));
        if (ctx.inspect) texts.push(ctx.inspect(webhook, { showHidden: true, depth: 10 }));
        collect(() => webhook.verify(body, {}));
        collect(() => webhook.verify(body, { [webhook.scheme === 'printone' ? 'x-webhook-hmac-sha256' : 'x']: 'AAAA' }));
        collect(() => webhook.constructEvent('nope', webhook.sign('nope', { timestamp: 1_795_860_000 }), { now: 1_795_860_000 }));
        collect(() => new Webhook([key, ''], { scheme }));
        collect(() => new Webhook(key, { scheme, tolerance: Number.NaN }));
      }
      collect(() => new Webhook(secret, { scheme: secret }));
      collect(() => new Webhook([secret, 5]));
      collect(() => hp.verify(body, 'x', { secret }));
      collect(() => hp.validateWebhook(body, {}, secret));
      assert.ok(texts.length > 40);
      for (const text of texts) {
        assert.ok(!String(text).includes(secret) && !String(text).includes('DO_NOT_LEAK'), String(text).slice(0, 300));
      }
    }],

    ['a misplaced secret as the scheme name is never echoed', () => {
      const pasted = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
      const error = assert.throws(() => new Webhook('s', { scheme: pasted }), hp.InvalidArgumentError);
      for (let i = 0; i + 4 <= pasted.length; i++) {
        assert.ok(!error.message.includes(pasted.slice(i, i + 4)) || 'printone standard stripe github shopify slack'.includes(pasted.slice(i, i + 4)), error.message);
      }
      assert.match(error.message, /printone, standard, stripe, github, shopify, slack/);
    }],
  ];
}
