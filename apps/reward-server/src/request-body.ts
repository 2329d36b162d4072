import type { IncomingMessage } from 'node:http';
import { RequestError } from './request-error.js';

/**
 * Reads a request body of at most `limit` bytes. Past the limit it rejects with a 413 at once,
 * then keeps discarding what the client still sends (so that the client can read the 413)
 * up to a bound, after which the socket is destroyed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discardBody(req, limit);
      return reject(tooLarge(limit));
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        discardBody(req, limit);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (error) => reject(new RequestError(400, 'body', error.message, 'could not be read')));
  });
}

function tooLarge(limit: number): RequestError {
  return new RequestError(413, 'body', `more than ${limit} bytes`, "exceeds the server's limit (--max-body-bytes)");
}

/** Reads and drops the rest of a body the server will not use, destroying the socket past a bound. */
export function discardBody(req: IncomingMessage, limit: number): void {
  let discarded = 0;
  const bound = 4 * limit + 1024 * 1024;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > bound) req.socket.destroy();
  });
  req.resume();
}
