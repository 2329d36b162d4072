import { parseArgs } from 'node:util';
import { builtinSourceNames, builtinSources } from './builtin-sources.js';
import { resolveServerOptions, ServerOptionError, type RewardServerOptions } from './server-options.js';

export interface ServerArgs {
  readonly help: boolean;
  /** `--version`: print the version and exit. */
  readonly version: boolean;
  readonly options: RewardServerOptions;
}

export const usage = `Usage: pama-reward-server [options]

Serves reward sources over HTTP: POST /v1/score, POST /predict (text-embeddings-inference form),
GET /healthz. Prints "listening on http://HOST:PORT" once ready; SIGTERM drains, then exits 0
(1 if the drain timeout cut connections). Bad flags exit 2; a port that cannot be bound exits 1.

Options:
  --port N              port to listen on; 0 picks a free one (default 8080)
  --host ADDR           address to bind (default 127.0.0.1)
  --sources LIST        comma-separated built-in sources (default length,sentiment)
                        known: ${builtinSourceNames.join(', ')}
  --predict-source NAME source that answers /predict (default: the first in --sources)
  --max-body-bytes N    request body limit, 413 past it (default 1048576)
  --max-items N         items per request (default 4096)
  --max-item-chars N    characters per prompt or response, 400 past it (default 16384)
  --concurrency N       requests scored at once (default 4)
  --queue N             requests waiting for a slot, 429 past it (default 256)
  --drain-timeout-ms N  on SIGTERM, wait this long for in-flight requests (default 30000)
  -h, --help            show this text
  --version             print the version
`;

/**
 * Parses and validates the command line; throws ServerOptionError naming the flag and value on bad
 * input, so that every option error is found before the server starts (the bin exits 2 on it).
 *
 * @example
 * parseServerArgs(['--port', '0', '--sources', 'length']).options.port; // 0
 * parseServerArgs(['--concurrency', '0']); // throws: --concurrency: must be an integer in [1, ∞] (got 0)
 */
export function parseServerArgs(argv: ReadonlyArray<string>): ServerArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        sources: { type: 'string' },
        'predict-source': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        'max-items': { type: 'string' },
        'max-item-chars': { type: 'string' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        'drain-timeout-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new ServerOptionError('argv', argv.join(' '), error instanceof Error ? error.message : String(error));
  }
  const int = (flag: string, fallback?: number): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new ServerOptionError(`--${flag}`, raw, 'expected a non-negative integer');
    return Number(raw);
  };
  const str = (flag: string): string | undefined => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined);
  if (values.help === true || values.version === true)
    return { help: values.help === true, version: values.help !== true, options: { sources: [] } };
  const options: RewardServerOptions = {
    sources: builtinSources(str('sources') ?? 'length,sentiment'),
    port: int('port', 8080),
    host: str('host') ?? '127.0.0.1',
    predictSource: str('predict-source'),
    maxBodyBytes: int('max-body-bytes'),
    maxItems: int('max-items'),
    maxItemChars: int('max-item-chars'),
    concurrency: int('concurrency'),
    queue: int('queue'),
    drainTimeoutMs: int('drain-timeout-ms'),
  };
  // Range checks live with the options; here their errors are re-addressed to the flag.
  try {
    resolveServerOptions(options);
  } catch (error) {
    if (error instanceof ServerOptionError) throw new ServerOptionError(flagOf[error.field] ?? error.field, error.value, error.reason);
    throw error;
  }
  return { help: false, version: false, options };
}

/** The flag that sets each option. */
const flagOf: Readonly<Record<string, string>> = {
  sources: '--sources',
  port: '--port',
  host: '--host',
  predictSource: '--predict-source',
  maxBodyBytes: '--max-body-bytes',
  maxItems: '--max-items',
  maxItemChars: '--max-item-chars',
  concurrency: '--concurrency',
  queue: '--queue',
  drainTimeoutMs: '--drain-timeout-ms',
};
