// Reading a raw body within the size limit: the limit and the error are the core's; this
// module stops reading when it is reached, so an unsigned 100 MB POST costs no more memory
// than the limit.

import { checkContentLength, helperError } from './core.js';

/** The bytes of a Node stream (an IncomingMessage), at most `limit` of them. */
export function readStream(stream, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (error, value) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onError);
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading: pause the stream and drop what was buffered; the answer is 413.
        stream.pause();
        chunks.length = 0;
        finish(helperError('body_too_large', limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    const onError = (error) => finish(error);
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** The bytes of a Fetch `Request`'s body, at most `limit` of them (the body is consumed). */
export async function readRequest(request, limit) {
  checkContentLength(request.headers.get('content-length'), limit);
  if (request.bodyUsed) throw helperError('raw_body_unavailable');
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw helperError('body_too_large', limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
