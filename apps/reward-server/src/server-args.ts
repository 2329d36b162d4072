import { parseArgs } from 'node:util';
import type { RewardSource } from 'pama-rewards';
import { builtinSourceNames, builtinSources } from './builtin-sources.js';
import { parseClassifierSpec, type ClassifierSpec } from './classifier-sources.js';
import { resolveServerOptions, ServerOptionError, type RewardServerOptions } from './server-options.js';

export interface ServerArgs {
  readonly help: boolean;
  /** `--version`: print the version and exit. */
  readonly version: boolean;
  /** The server's options; `sources` holds the built-in ones (the classifiers are loaded by the caller). */
  readonly options: RewardServerOptions;
  /** `--classifier` flags, in order: their sources come after the built-in ones. */
  readonly classifiers: readonly ClassifierSpec[];
}

export const usage = `Usage: pama-reward-server [options]

Serves reward sources over HTTP: POST /v1/score, POST /predict (text-embeddings-inference form),
GET /healthz. Prints "listening on http://HOST:PORT" once ready; SIGTERM drains, then exits 0
(1 if the drain timeout cut connections). Bad flags exit 2; a port that cannot be bound exits 1.

Options:
  --port N              port to listen on; 0 picks a free one (default 8080)
  --host ADDR           address to bind (default 127.0.0.1)
  --sources LIST        comma-separated built-in sources (default length,sentiment; none
                        with --classifier unless given) known: ${builtinSourceNames.join(', ')}
  --classifier NAME=DIR[:LABEL][:pair][:logit=X][:maxLength=N][:batchSize=N][:threads=N][:runtime=R]
                        a Hugging Face classifier or reward model exported to ONNX in DIR,
                        served as source NAME (repeatable; one model per folder, shared);
                        LABEL: its probability is the score, else logit X (a one-output
                        model's logit by default); pair: score prompt and response together
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
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        sources: { type: 'string' },
        classifier: { type: 'string', multiple: true },
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
    return { help: values.help === true, version: values.help !== true, options: { sources: [] }, classifiers: [] };
  const classifiers = ((values.classifier ?? []) as string[]).map(parseClassifierSpec);
  const builtins = str('sources') ?? (classifiers.length > 0 ? undefined : 'length,sentiment');
  const options: RewardServerOptions = {
    sources: builtins === undefined ? [] : builtinSources(builtins),
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
    // The classifiers' names take part in the checks (unique names, --predict-source) before any model loads.
    resolveServerOptions({ ...options, sources: [...options.sources, ...classifiers.map(placeholder)] });
  } catch (error) {
    if (error instanceof ServerOptionError) throw new ServerOptionError(flagOf[error.field] ?? error.field, error.value, error.reason);
    throw error;
  }
  return { help: false, version: false, options, classifiers };
}

/** A classifier's name standing in for its source until the model is loaded. */
function placeholder(spec: ClassifierSpec): RewardSource {
  return { name: spec.name, score: () => () => Promise.reject(new Error(`${spec.name} is not loaded`)) };
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
