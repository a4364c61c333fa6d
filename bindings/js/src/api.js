// The public API of `hookproof` and `@hookproof/wasm` (the same in both): everything but the
// framework helpers, which have entry points of their own.
export {
  Webhook,
  verify,
  isValidWebhook,
  validateWebhook,
  engineName,
  schemeNames,
  httpStatus,
  bodyLimit,
  WebhookError,
  ERROR_CLASSES,
  CODES,
  DEFAULTS,
} from './core.js';
export * from './generated.js';
export { ReplayGuard, MemoryStore, Claim } from './replay.js';
export { Background } from './receiver.js';
