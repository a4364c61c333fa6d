// The CommonJS side of the same declarations (require() users).
import hp = require('hookproof');
import express = require('hookproof/express');
import lambda = require('hookproof/lambda');

const webhook: hp.Webhook<'printone'> = new hp.Webhook('s');
const ok: boolean = hp.verify('{}', undefined, 's');
const middleware = express.hookproof('s', { bodyLimit: '1mb' });
const handler = lambda.withWebhook('s', () => undefined);
void webhook; void ok; void middleware; void handler;
