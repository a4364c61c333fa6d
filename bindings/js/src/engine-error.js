// The engine interface: what the JavaScript layer (core.js) asks of an engine. Both engines
// implement it, over the same core functions (hookproof::support), so they answer alike:
//
//   name                                      'native' | 'wasm'
//   codes() -> string[]                       the core's error codes, in order
//   schemes() -> [{ name, title, readHeaders, typedEvent, eventField, dataField, createdAtField,
//                   signsTimestamp, eventHeaders }]   (the three fields: null without a typed event)
//   verifyOneShot(body, signature?, secret) -> boolean
//   createWebhook(secrets, scheme?, tolerance?, maxAge?) -> handle
//   schemeOf(handle) -> string                toleranceOf(handle) -> number
//   verify(handle, body, now?, slots) -> undefined
//   verifyOne(handle, body, now?, index, value) -> undefined     (one value, in slot `index`)
//   constructEvent(handle, body, now?, slots) -> { known, createdAtMs } | null
//   constructOne(handle, body, now?, index, value) -> { known, createdAtMs } | null
//                                             the event's shape checked (null: a scheme without
//                                             a typed event, the body is JSON); its name, data
//                                             and created_at are then read from JSON.parse(body)
//   sign(handle, body, timestamp, msgId?) -> [name, value, ...]
//   replayKeys(handle, body, slots) -> keys (hex digests, space-separated)
//   memoryStore(maxEntries?) -> store            memoryClaim(store, keys, ttl, nowMs) -> token | null
//   memoryRelease(store, keys, token)            memoryEntries(store) -> number
//   redisClaim(keys, prefix, ttl) -> claim       claimCommand(claim) -> string[] | null
//   claimReply(claim, value, failure?)           claimOutcome(claim) -> token | null
//   claimDone(claim)                             disposeWebhook(handle) (free now: wasm)
//   redisReleaseCommands(keys, prefix, token) -> string[][]
//   httpStatus(scheme, code) -> number           bodyLimit(value?) -> number
//   checkContentLength(value?, limit)            helperError(code, number, reason?) -> EngineError
//
// `body` is a string or a Uint8Array; `slots` has one entry per name of the scheme's
// readHeaders: undefined, a string, or an array of strings. A core error is thrown as an
// EngineError, which the layer turns into its WebhookError subclass.

/** A core error as an engine reports it: the stable code and the core's message. */
export class EngineError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}
