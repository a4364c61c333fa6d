// `hookproof/nest`: a NestJS interceptor. Either create the app without Nest's body parser
// (`bodyParser: false`: the interceptor reads the raw stream itself, within its limit), or with
// `rawBody: true` (Nest keeps the signed bytes as `req.rawBody` beside its parsed body; its parser
// then answers first: a body over its limit is its 413, non-JSON under a JSON type its 400). Put
// the interceptor on the webhook route:
//
//   const app = await NestFactory.create(AppModule, { bodyParser: false });
//
//   @Post('webhooks/printone')
//   @UseInterceptors(new WebhookInterceptor(process.env.PRINTONE_WEBHOOK_SECRET))
//   handle(@Req() req) { req.webhook.event; ... }
//
// An interceptor rather than a guard, because it must also answer a duplicate (200, without the
// route), release a replay claim when the route fails, and, with `background`, answer 200 first
// and run the route afterwards (bounded; failures to `background.onError`). A rejection is an
// HttpException with the core's status and `{ code, message }`, through Nest's exception filters.
//
// Works on the Express platform and on Fastify (`rawBody: true` there too).

import { HttpException } from '@nestjs/common';
import { of, lastValueFrom, catchError } from 'rxjs';
import { Receiver, WebhookError, DUPLICATE_BODY, DUPLICATE_STATUS, rawBodyOf, errorAnswer, releaseUnlessSucceeded, runAfterAnswer, releaseQuietly } from '../node-http.js';

const HELP =
  'hookproof/nest: the raw body is not available: Nest parsed it. Create the app with ' +
  'NestFactory.create(AppModule, { bodyParser: false }) (hookproof reads the body) or { rawBody: true } (Nest keeps req.rawBody).';

/** The Node request and response behind Nest's (the same objects on Express; `.raw` on Fastify). */
function nodeObjects(context) {
  const http = context.switchToHttp();
  const req = http.getRequest();
  const res = http.getResponse();
  return { req, nodeReq: req.raw || req, res, nodeRes: res.raw || res };
}

function setStatus(res, status) {
  if (typeof res.status === 'function') res.status(status);
  else res.statusCode = status;
}

/** `new WebhookInterceptor(secret | secrets | webhook, { scheme, tolerance, maxAge, parseEvent, bodyLimit, replay, background })`. */
export class WebhookInterceptor {
  constructor(secretOrWebhook, options) {
    this.receiver = new Receiver(secretOrWebhook, options, 'hookproof/nest');
  }

  async intercept(context, next) {
    const receiver = this.receiver;
    const { req, nodeReq, res, nodeRes } = nodeObjects(context);
    let raw;
    let result;
    try {
      raw = await rawBodyOf(nodeReq, receiver, { kept: req.rawBody, help: HELP });
      result = await receiver.accept(raw, req.headers);
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      const answer = errorAnswer(receiver, error);
      for (const [name, value] of Object.entries(answer.headers)) nodeRes.setHeader(name, value);
      throw new HttpException(answer.body, answer.status);
    }
    if (result === null) {
      setStatus(res, DUPLICATE_STATUS);
      return of(DUPLICATE_BODY);
    }
    req.rawBody = raw;
    req.webhook = receiver.parseEvent ? result.verified : true;
    if (receiver.background) {
      // The route runs once the answer is out; its value is not sent anywhere.
      runAfterAnswer(nodeRes, receiver, () => lastValueFrom(next.handle(), { defaultValue: undefined }), result);
      setStatus(res, 200);
      return of({ received: true });
    }
    releaseUnlessSucceeded(nodeRes, result.claim);
    return next.handle().pipe(
      catchError(async (error) => {
        if (result.claim) await releaseQuietly(result.claim);
        throw error;
      }),
    );
  }
}

export default WebhookInterceptor;
