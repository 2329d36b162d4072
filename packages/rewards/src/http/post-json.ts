import * as E from 'fp-ts/lib/Either.js';

/** Why a single HTTP attempt failed, before it is turned into a RewardError. */
export type AttemptFailure =
  | { readonly kind: 'timeout' }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'connection'; readonly code: string | undefined; readonly detail: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'http-status'; readonly status: number; readonly body: string };

export interface PostRequest {
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  /** Aborts the attempt as `cancelled` (another part of the batch already failed). */
  readonly cancel: AbortSignal;
}

/** How much of a non-2xx body is kept for the error message. */
const ERROR_BODY_BYTES = 4096;

/**
 * One POST of a JSON body; resolves to the response text on a 2xx status. Never rejects. The
 * timeout covers the whole exchange (connect, headers and body); the byte cap is enforced while
 * the body streams in, so an oversized response is cut off rather than buffered.
 */
export async function postJson(request: PostRequest): Promise<E.Either<AttemptFailure, string>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onCancel = () => controller.abort();
  request.cancel.addEventListener('abort', onCancel, { once: true });
  try {
    if (request.cancel.aborted) return E.left({ kind: 'cancelled' });
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: request.body,
      signal: controller.signal,
      // A redirect is reported as an http-status error, not followed: a POST must not turn into a GET.
      redirect: 'manual',
    });
    const ok = response.status >= 200 && response.status < 300;
    const limit = ok ? request.maxResponseBytes : ERROR_BODY_BYTES;
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (ok && declared > limit) {
      controller.abort();
      return E.left({ kind: 'too-large' });
    }
    const read = await readCapped(response, limit);
    if (!ok) return E.left({ kind: 'http-status', status: response.status, body: read.text });
    if (read.truncated) {
      controller.abort();
      return E.left({ kind: 'too-large' });
    }
    return E.right(read.text);
  } catch (error) {
    if (timedOut) return E.left({ kind: 'timeout' });
    if (request.cancel.aborted) return E.left({ kind: 'cancelled' });
    return E.left({ kind: 'connection', code: errorCode(error), detail: errorDetail(error) });
  } finally {
    clearTimeout(timer);
    request.cancel.removeEventListener('abort', onCancel);
  }
}

async function readCapped(response: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      chunks.push(value.subarray(0, value.byteLength - (total - limit)));
      await reader.cancel().catch(() => undefined);
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

/** fetch wraps socket errors as `TypeError('fetch failed', { cause })`; the code is on the cause. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorDetail(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}
