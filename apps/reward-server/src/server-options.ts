import type { RewardSource } from 'pama-rewards';
import { FieldError } from 'pama-core/support';

export interface RewardServerOptions {
  /** The sources served, in the column order of `/v1/score` answers. */
  readonly sources: ReadonlyArray<RewardSource>;
  /** 0 picks a free port. Default 0. */
  readonly port?: number;
  /** Default 127.0.0.1: loopback only unless another address is asked for. */
  readonly host?: string;
  /** Which source answers `/predict`. Default: the first source. */
  readonly predictSource?: string;
  /** Request bodies past this many bytes get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Items (or `/predict` inputs) per request. Default 4096. */
  readonly maxItems?: number;
  /**
   * Characters (JavaScript string length) per prompt or response; longer ones get 400. Bounds the
   * work of one item, since a lexicon analyser such as VADER is quadratic in the text. Default 16384.
   */
  readonly maxItemChars?: number;
  /** Requests scored at once. Default 4. */
  readonly concurrency?: number;
  /** Requests waiting for a scoring slot; past this the server answers 429. Default 256. */
  readonly queue?: number;
  /** Seconds suggested in `Retry-After` on a 429. Default 1. */
  readonly retryAfterSeconds?: number;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 30 s. */
  readonly drainTimeoutMs?: number;
  /**
   * On `close()`, how long a connection that has not yet sent a request may still send one before
   * it is closed (counted from when it was accepted). Default 100 ms.
   */
  readonly idleGraceMs?: number;
}

export interface ResolvedServerOptions {
  readonly sources: ReadonlyArray<RewardSource>;
  readonly port: number;
  readonly host: string;
  readonly predictSource: RewardSource;
  readonly maxBodyBytes: number;
  readonly maxItems: number;
  readonly maxItemChars: number;
  readonly concurrency: number;
  readonly queue: number;
  readonly retryAfterSeconds: number;
  readonly drainTimeoutMs: number;
  readonly idleGraceMs: number;
}

/** Thrown by `startRewardServer` for an invalid option, naming it and its value. */
export class ServerOptionError extends FieldError {
  override readonly name = 'ServerOptionError';
}

export function resolveServerOptions(options: RewardServerOptions): ResolvedServerOptions {
  const sources = options.sources;
  if (!Array.isArray(sources) || sources.length === 0)
    throw new ServerOptionError('sources', sources?.length, 'at least one source is needed');
  const names = new Set<string>();
  for (const [j, source] of sources.entries()) {
    if (typeof source?.name !== 'string' || typeof source.score !== 'function') {
      throw new ServerOptionError(`sources[${j}]`, source?.name, 'expected a RewardSource { name, score }');
    }
    if (names.has(source.name)) throw new ServerOptionError(`sources[${j}].name`, source.name, 'source names must be unique');
    names.add(source.name);
  }
  const predictName = options.predictSource ?? sources[0].name;
  const predictSource = sources.find((s) => s.name === predictName);
  if (predictSource === undefined) throw new ServerOptionError('predictSource', predictName, `not among ${JSON.stringify([...names])}`);
  return {
    sources,
    port: integer('port', options.port ?? 0, 0, 65535),
    host: options.host ?? '127.0.0.1',
    predictSource,
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes ?? 1024 * 1024, 1),
    maxItems: integer('maxItems', options.maxItems ?? 4096, 1),
    maxItemChars: integer('maxItemChars', options.maxItemChars ?? 16_384, 1),
    concurrency: integer('concurrency', options.concurrency ?? 4, 1),
    queue: integer('queue', options.queue ?? 256, 0),
    retryAfterSeconds: integer('retryAfterSeconds', options.retryAfterSeconds ?? 1, 0),
    drainTimeoutMs: integer('drainTimeoutMs', options.drainTimeoutMs ?? 30_000, 0),
    idleGraceMs: integer('idleGraceMs', options.idleGraceMs ?? 100, 0),
  };
}

function integer(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ServerOptionError(field, value, `must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}]`);
  }
  return value;
}
