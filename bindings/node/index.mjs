// `import ... from 'hookproof'`: the same objects as `require('hookproof')`.
import { createRequire } from 'node:module';

const hookproof = createRequire(import.meta.url)('./index.js');

export default hookproof;
export const {
  verify,
  Webhook,
  WebhookError,
  isValidWebhook,
  validateWebhook,
  CODES,
  SCHEMES,
  KNOWN_EVENTS,
  MissingSignatureError,
  MalformedSignatureError,
  SignatureMismatchError,
  MissingTimestampError,
  TimestampTooOldError,
  TimestampTooNewError,
  InvalidSecretError,
  InvalidPayloadError,
} = hookproof;
