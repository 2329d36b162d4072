import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import * as E from 'fp-ts/lib/Either.js';

/** Why a single HTTP attempt failed, before it is turned into a RewardError. */
export type AttemptFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'connection'; readonly code: string | undefined; readonly detail: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'http-status'; readonly status: number; readonly body: string };

export interface PostRequest {
  readonly url: URL;
  readonly agent: HttpAgent;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Aborts the attempt as `cancelled` (another part of the batch already failed). */
  readonly cancel: AbortSignal;
}

/** How much of a non-2xx body is kept for the error message. */
const ERROR_BODY_BYTES = 4096;

/** A keep-alive connection pool sized to the source's concurrency; idle sockets do not hold the process open. */
export function createAgent(url: URL, maxSockets: number): HttpAgent {
  const options = { keepAlive: true, maxSockets };
  return url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
}

/**
 * One POST of a JSON body; resolves to the response text on a 2xx status. Never rejects. The
 * timeout covers the whole exchange (connect, headers and body); the byte cap is enforced while
 * the body streams in, so an oversized response is cut off rather than buffered. Redirects are
 * not followed (a 3xx is an http-status failure).
 */
export function postJson(request: PostRequest): Promise<E.Either<AttemptFailure, string>> {
  return new Promise((resolve) => {
    let settled = false;
    const payload = Buffer.from(request.body, 'utf8');
    const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest;
    // Aborted on timeout, on cancellation, and when a response is abandoned (too large): the
    // socket is destroyed rather than returned to the pool.
    const abort = new AbortController();
    const req = send(request.url, {
      method: 'POST',
      agent: request.agent,
      signal: abort.signal,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers, 'content-length': payload.length },
    });

    const finish = (result: E.Either<AttemptFailure, string>, abandon: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.cancel.removeEventListener('abort', onCancel);
      if (abandon) abort.abort();
      resolve(result);
    };
    const onCancel = () => finish(E.left({ kind: 'cancelled' }), true);
    const timer = setTimeout(() => finish(E.left({ kind: 'timeout' }), true), request.timeoutMs);
    request.cancel.addEventListener('abort', onCancel, { once: true });

    req.on('error', (error: NodeJS.ErrnoException) =>
      finish(E.left({ kind: 'connection', code: error.code, detail: error.message }), true),
    );
    req.on('response', (res) => readResponse(res, request.maxResponseBytes, finish));
    if (request.cancel.aborted) return onCancel();
    req.end(payload);
  });
}

function readResponse(
  res: IncomingMessage,
  maxResponseBytes: number,
  finish: (result: E.Either<AttemptFailure, string>, abandon: boolean) => void,
): void {
  const status = res.statusCode ?? 0;
  const ok = status >= 200 && status < 300;
  const limit = ok ? maxResponseBytes : ERROR_BODY_BYTES;
  if (ok && Number(res.headers['content-length']) > limit) {
    finish(E.left({ kind: 'too-large' }), true);
    return;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  res.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (total <= limit) return void chunks.push(chunk);
    if (ok) return finish(E.left({ kind: 'too-large' }), true);
    chunks.push(chunk.subarray(0, chunk.length - (total - limit)));
    finish(E.left({ kind: 'http-status', status, body: Buffer.concat(chunks).toString('utf8') }), true);
  });
  res.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    finish(ok ? E.right(text) : E.left({ kind: 'http-status', status, body: text }), false);
  });
  // A connection that breaks mid-body closes the response without 'end'.
  res.on('close', () => {
    if (!res.complete)
      finish(E.left({ kind: 'connection', code: 'ECONNRESET', detail: 'connection closed before the response was complete' }), true);
  });
}
