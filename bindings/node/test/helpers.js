'use strict';
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const VECTORS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'tests', 'vectors', 'printone.json'), 'utf8'));

function vectorBody(v) {
  if (v.body_recipe) {
    const pattern = Buffer.from(v.body_recipe.pattern_base64, 'base64');
    const out = Buffer.alloc(v.body_recipe.length);
    for (let i = 0; i < out.length; i++) out[i] = pattern[i % pattern.length];
    return out;
  }
  return Buffer.from(v.body_base64, 'base64');
}

/** The oracle: Node's crypto, as Print.one computes it. */
function oracleSign(body, secret) {
  return crypto.createHmac('sha256', secret).update(body).digest('base64');
}

/** Print.one's own JS helper's algorithm, re-implemented (createHmac + === on one exact key). */
const printOne = {
  isValidWebhook(body, headers, secret) {
    const hmacHeader = headers['x-webhook-hmac-sha256'];
    return crypto.createHmac('sha256', secret).update(body).digest('base64') === hmacHeader;
  },
  validateWebhook(body, headers, secret) {
    if (!printOne.isValidWebhook(body, headers, secret)) throw new Error('Invalid webhook');
    const parsed = JSON.parse(body);
    if (!['order_status_update', 'template_preview_rendered', 'batch_status_update', 'coupon_code_used'].includes(parsed.event)) {
      throw new Error(`Unknown webhook event: ${parsed.event}`);
    }
    return parsed;
  },
};

const SECRET = 'whk_test_3f9a1c7e5b2d4a6f';

function eventBody(event = 'order_status_update', data = { id: 'ord_1', status: 'order_status_sent' }, createdAt = '2026-11-28T10:00:01.250Z') {
  return JSON.stringify({ data, event, created_at: createdAt });
}

module.exports = { VECTORS, vectorBody, oracleSign, printOne, SECRET, eventBody };
