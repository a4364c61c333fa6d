// `hookproof/lambda`: AWS Lambda functions behind API Gateway (REST or HTTP API), a function URL
// or an Application Load Balancer.
//
//   export const handler = withWebhook(process.env.PRINTONE_WEBHOOK_SECRET, async (event, request) => {
//     ...; // `request`: { source, method, path, headers, body, lambdaEvent, context }
//   });
//
// The core decodes the event (hookproof::lambda): a body API Gateway or the ALB base64-encoded
// is verified as the bytes it encodes, never as the base64 text; headers are read from where the
// event keeps every value. The answer is in the event's own shape: 204 (200 with the JSON the
// handler returns), or the core's status with `{ code, message }`; an ALB health check is
// answered 200 without verifying. There is no `background` option: Lambda freezes the function
// once it returns, so a handler must finish first (queue the work, e.g. to SQS, to answer fast).

import { Receiver, DUPLICATE_BODY, DUPLICATE_STATUS, WebhookError } from '../receiver.js';
import { call, engineOf } from '../core.js';

function answer(source, status, body) {
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  return JSON.parse(engineOf().lambdaResponse(source, status, text));
}

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/**
 * `withWebhook(secret | secrets | webhook, handler, { scheme, tolerance, maxAge, parseEvent,
 * bodyLimit, replay })` returns `async (lambdaEvent, context) => response`.
 */
export function withWebhook(secretOrWebhook, handler, options) {
  if (typeof handler !== 'function') throw new TypeError('hookproof/lambda: `handler` must be a function (event, request) => ...');
  if (options && options.background) {
    throw new TypeError('hookproof/lambda: `background` cannot work in Lambda, which freezes the function once it returns: finish the work, or queue it (SQS, EventBridge) and return');
  }
  const receiver = new Receiver(secretOrWebhook, options, 'hookproof/lambda');
  return async function hookproofLambda(lambdaEvent, context) {
    if (lambdaEvent === null || typeof lambdaEvent !== 'object') {
      throw new TypeError('hookproof/lambda: the function was invoked without an event object');
    }
    const text = JSON.stringify(lambdaEvent);
    let request;
    try {
      request = call(() => engineOf().lambdaRequest(text, receiver.bodyLimit));
    } catch (error) {
      // An event that is not an HTTP event is a wiring mistake: fail the invocation loudly.
      if (!(error instanceof WebhookError) || error.code === 'invalid_argument') throw error;
      return answer(engineOf().lambdaSource(text), receiver.status(error), Receiver.errorBody(error));
    }
    if (request.healthCheckAnswer !== null) return JSON.parse(request.healthCheckAnswer);
    const headers = pairs(request.headers);
    const body = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength);
    let accepted;
    try {
      accepted = await receiver.accept(body, headers);
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      return answer(request.source, receiver.status(error), Receiver.errorBody(error));
    }
    if (accepted === null) return answer(request.source, DUPLICATE_STATUS, DUPLICATE_BODY);
    const event = receiver.parseEvent ? accepted.verified : body;
    const info = { source: request.source, method: request.method, path: request.path, headers, body, lambdaEvent, context };
    const value = await receiver.runNow(() => handler(event, info), accepted);
    return value === undefined ? answer(request.source, 204) : answer(request.source, 200, value);
  };
}

export default withWebhook;
