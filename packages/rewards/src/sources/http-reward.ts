import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as T from 'fp-ts/lib/Task.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { RewardConfigError, requireFinite, requireName, requirePositiveInteger } from '../reward-config-error.js';
import { RewardError, type ItemRange, type RewardErrorCause } from '../reward-error.js';
import type { RewardItem, RewardSource } from '../reward-source.js';
import { checkItems } from '../score-validation.js';
import { ConcurrencyLimit } from '../http/concurrency-limit.js';
import { decodePredictResponse, encodePredictRequest, type PredictInput } from '../http/predict-protocol.js';
import { createAgent, postJson, type AttemptFailure } from '../http/post-json.js';
import type { Agent } from 'node:http';
import { createBackoff, type Backoff, type BackoffOptions } from '../http/retry-backoff.js';
import { decodeScoreResponse, encodeScoreRequest } from '../http/score-protocol.js';
import { resolveHeaders, type HeaderValue } from '../http/request-headers.js';

/** The wire protocol of {@link httpReward}: this project's `/v1/score`, or text-embeddings-inference's `/predict`. */
export type HttpProtocol = 'score' | 'predict';

/** Options of {@link httpReward}. */
export interface HttpRewardOptions {
  /** Source name (the objective it scores). */
  readonly name: string;
  /** The endpoint to POST to, e.g. `http://127.0.0.1:8080/v1/score` or `http://tei:80/predict`. */
  readonly url: string;
  /** `'score'`: this project's `/v1/score`; `'predict'`: text-embeddings-inference's `/predict`. */
  readonly protocol: HttpProtocol;
  /** score protocol: which objective column to take (default: the only one, else the source name). */
  readonly objective?: string;
  /** predict protocol: which label's score to take (default: the only label returned). */
  readonly label?: string;
  /** predict protocol: ask for logits instead of probabilities (default false). */
  readonly rawScores?: boolean;
  /** predict protocol: send the response alone (default) or the [prompt, response] pair. */
  readonly predictInput?: PredictInput;
  /** Items per request (default 32). */
  readonly maxBatchSize?: number;
  /** Requests in flight at once, across all calls to this source (default 4). */
  readonly concurrency?: number;
  /** Per-attempt timeout covering connect, headers and body (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Cap on a response body (default 8 MiB). */
  readonly maxResponseBytes?: number;
  /** Retries on timeout, 5xx and connection errors (never on 4xx or a bad body). */
  readonly retry?: BackoffOptions;
  /**
   * Extra request headers, for a server behind a gateway or a hosted endpoint: a value as is, or
   * `{ env: 'REWARD_TOKEN', prefix: 'Bearer ' }` to read it from an environment variable when the
   * source is built (an unset variable throws then, naming the header and the variable).
   */
  readonly headers?: Readonly<Record<string, HeaderValue>>;
  /** Where `{ env }` header values are read (default `process.env`). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/**
 * A reward model served over HTTP. Splits a batch into requests of at most `maxBatchSize` items,
 * runs at most `concurrency` at once, retries transient failures with seeded exponential backoff,
 * and validates every response strictly. All or nothing: the first failing sub-request cancels
 * the rest and fails the whole batch.
 *
 * @example
 * // A pama-reward-server (`npx pama-reward-server --port 8080`), or anything speaking its protocol.
 * const server = process.env.REWARD_URL ?? 'http://127.0.0.1:8080';
 * const sentiment = httpReward({
 *   name: 'sentiment',
 *   url: `${server}/v1/score`,
 *   protocol: 'score',
 *   headers: { Authorization: { env: 'REWARD_TOKEN', prefix: 'Bearer ' } }, // read from the environment now
 * });
 * const items = [{ prompt: 'How was it?', response: 'What a lovely day' }, { prompt: 'And then?', response: 'It rained' }];
 * const result = await sentiment.score(items)(); // Left(RewardError) or Right(Float64Array), one score per item
 * E.isRight(result) && result.right.length; // 2
 * // text-embeddings-inference's /predict: the probability of one label of a classifier.
 * const helpful = httpReward({ name: 'helpful', url: 'http://127.0.0.1:8081/predict', protocol: 'predict', label: 'LABEL_1' });
 */
export function httpReward(options: HttpRewardOptions): RewardSource {
  const name = requireName('name', options.name);
  const config = resolve(options);
  const limit = new ConcurrencyLimit(config.concurrency);
  const agent = createAgent(config.url, config.concurrency);
  const backoff = createBackoff(options.retry);

  /** All sub-batches at once (bounded by `limit`); the first to fail cancels the others. */
  const scoreChunks = (items: ReadonlyArray<RewardItem>): T.Task<E.Either<RewardError, Float64Array>> => {
    const cancel = new AbortController();
    let firstFailure: RewardError | undefined;
    const chunk = (range: ItemRange): TE.TaskEither<RewardError | 'cancelled', Float64Array> =>
      pipe(
        scoreChunk(name, config, limit, agent, backoff, items.slice(range.start, range.end), range, cancel.signal),
        TE.mapLeft((error) => {
          if (error !== 'cancelled' && firstFailure === undefined) {
            firstFailure = error;
            cancel.abort();
          }
          return error;
        }),
      );
    const ranges = chunkRanges(items.length, config.maxBatchSize);
    return pipe(
      ranges,
      T.traverseArray(chunk),
      T.map((results) => {
        if (firstFailure !== undefined) return E.left(firstFailure);
        const out = new Float64Array(items.length);
        results.forEach((result, k) => E.isRight(result) && out.set(result.right, ranges[k].start));
        return E.right(out);
      }),
    );
  };
  const score = (items: ReadonlyArray<RewardItem>): TE.TaskEither<RewardError, Float64Array> =>
    pipe(TE.fromEither(checkItems(name, items)), TE.chain(scoreChunks));
  return { name, score };
}

/** Consecutive half-open ranges of at most `size` items covering `0..count`. */
function chunkRanges(count: number, size: number): ItemRange[] {
  const ranges: ItemRange[] = [];
  for (let start = 0; start < count; start += size) ranges.push({ start, end: Math.min(count, start + size) });
  return ranges;
}

interface ResolvedConfig {
  readonly url: URL;
  readonly protocol: HttpProtocol;
  readonly objective: string | undefined;
  readonly label: string | undefined;
  readonly rawScores: boolean;
  readonly predictInput: PredictInput;
  readonly maxBatchSize: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly headers: Readonly<Record<string, string>>;
}

function resolve(options: HttpRewardOptions): ResolvedConfig {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new RewardConfigError('url', options.url, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RewardConfigError('url', options.url, 'must use http or https');
  if (options.protocol !== 'score' && options.protocol !== 'predict') {
    throw new RewardConfigError('protocol', options.protocol, "must be 'score' or 'predict'");
  }
  const predictInput = options.predictInput ?? 'response';
  if (predictInput !== 'response' && predictInput !== 'pair') {
    throw new RewardConfigError('predictInput', predictInput, "must be 'response' or 'pair'");
  }
  const timeoutMs = requireFinite('timeoutMs', options.timeoutMs ?? 10_000);
  if (timeoutMs <= 0) throw new RewardConfigError('timeoutMs', timeoutMs, 'must be > 0');
  return {
    url,
    protocol: options.protocol,
    objective: options.objective,
    label: options.label,
    rawScores: options.rawScores ?? false,
    predictInput,
    maxBatchSize: requirePositiveInteger('maxBatchSize', options.maxBatchSize ?? 32),
    concurrency: requirePositiveInteger('concurrency', options.concurrency ?? 4),
    timeoutMs,
    maxResponseBytes: requirePositiveInteger('maxResponseBytes', options.maxResponseBytes ?? 8 * 1024 * 1024),
    headers: resolveHeaders(options.headers, options.environment),
  };
}

/**
 * One sub-batch: POST, retrying transient failures with backoff, then decode strictly. The retry
 * loop is a plain async loop (each attempt depends on the last); its result is a TaskEither.
 */
function scoreChunk(
  name: string,
  config: ResolvedConfig,
  limit: ConcurrencyLimit,
  agent: Agent,
  backoff: Backoff,
  items: ReadonlyArray<RewardItem>,
  range: ItemRange,
  cancel: AbortSignal,
): TE.TaskEither<RewardError | 'cancelled', Float64Array> {
  const body =
    config.protocol === 'score'
      ? encodeScoreRequest(items, config.objective)
      : encodePredictRequest(items, config.predictInput, config.rawScores);
  const decode = (text: string): E.Either<RewardError, Float64Array> =>
    config.protocol === 'score'
      ? decodeScoreResponse(name, text, items.length, config.objective)
      : decodePredictResponse(name, text, items.length, config.label);
  return async () => {
    for (let attempt = 1; ; attempt++) {
      if (cancel.aborted) return E.left('cancelled');
      const outcome = await limit.run(() =>
        postJson({
          url: config.url,
          agent,
          body,
          headers: config.headers,
          timeoutMs: config.timeoutMs,
          maxResponseBytes: config.maxResponseBytes,
          cancel,
        }),
      );
      if (E.isRight(outcome))
        return pipe(
          decode(outcome.right),
          E.mapLeft((error) => locate(error, range)),
        );
      const failed = outcome.left;
      if (failed.kind === 'cancelled') return E.left('cancelled');
      if (isTransient(failed) && attempt <= backoff.retries) {
        if (!(await sleep(backoff.delayMs(attempt - 1), cancel))) return E.left('cancelled');
        continue;
      }
      return E.left(new RewardError(name, toCause(failed, attempt, config), { range }));
    }
  };
}

function isTransient(failure: AttemptFailure): boolean {
  return failure.kind === 'timeout' || failure.kind === 'connection' || (failure.kind === 'http-status' && failure.status >= 500);
}

function toCause(failure: Exclude<AttemptFailure, { kind: 'cancelled' }>, attempts: number, config: ResolvedConfig): RewardErrorCause {
  switch (failure.kind) {
    case 'timeout':
      return { kind: 'timeout', timeoutMs: config.timeoutMs, attempts };
    case 'connection':
      return { kind: 'connection', code: failure.code, detail: failure.detail, attempts };
    case 'too-large':
      return { kind: 'too-large', limitBytes: config.maxResponseBytes };
    case 'http-status':
      return { kind: 'http-status', status: failure.status, body: failure.body, attempts };
  }
}

/** Moves a decoder's chunk-local item index into the caller's batch, or tags the chunk's range. */
function locate(error: RewardError, range: ItemRange): RewardError {
  if (error.item !== undefined) return error.shifted(range.start);
  return new RewardError(error.source, error.cause, { range });
}

/** Resolves true after `ms`, or false early when cancelled. */
function sleep(ms: number, cancel: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (cancel.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      cancel.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    cancel.addEventListener('abort', onAbort, { once: true });
  });
}
