// HTTP clients for the framework tests.
import http from 'node:http';

/**
 * POSTs `mib` MiB of unsigned bytes and resolves to the answer `{ status, json }`.
 *
 * `declared` (default): with a Content-Length, the headers sent first and the body only if no
 * answer came within 3 s: the receiver must refuse by the declared length, before reading, so
 * the answer is always seen. Streamed (`declared: false`, chunked): the receiver refuses once it
 * has read more than its limit and closes the connection; the kernel may then reset it before
 * the client has read the answer (the server had unread bytes), so `{ status: 'closed' }` is a
 * possible outcome there, and the test then checks the receiver still answers.
 */
export function postUnsignedFlood(port, path, mib, { declared = true, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    let answered = false;
    const size = mib * 1024 * 1024;
    const req = http.request({
      host: '127.0.0.1', port, path, method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-hmac-sha256': 'AAAA', ...(declared && { 'content-length': size }), ...headers },
    }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, json, text });
      });
      res.on('error', () => resolve({ status: res.statusCode, json: null, text: '' }));
    });
    req.setTimeout(30000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (error) => {
      if (answered) return;
      if (['EPIPE', 'ECONNRESET'].includes(error.code)) resolve({ status: 'closed', json: null, text: '' });
      else reject(error);
    });
    const chunk = Buffer.alloc(1024 * 1024, 120);
    let left = mib;
    const pump = () => {
      while (left > 0 && !answered) {
        left -= 1;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    if (declared) {
      req.flushHeaders();
      setTimeout(() => { if (!answered) pump(); }, 3000);
    } else pump();
  });
}

/**
 * Both floods: the declared one must be 413 body_too_large (`code: null` where the framework's own
 * parser refuses first, as Nest's does); the streamed one 413 or closed.
 */
export async function assertFloodRefused(assert, port, path, mib = 100, { code = 'body_too_large' } = {}) {
  const declared = await postUnsignedFlood(port, path, mib);
  assert.equal(declared.status, 413, `${path}: a declared ${mib} MiB body`);
  if (code) assert.equal(declared.json && declared.json.code, code, `${path}: a declared ${mib} MiB body`);
  const streamed = await postUnsignedFlood(port, path, mib, { declared: false });
  assert.ok(streamed.status === 413 || streamed.status === 'closed', `${path}: a streamed ${mib} MiB body got ${streamed.status}`);
  if (streamed.status === 413 && code) assert.equal(streamed.json.code, code);
}
