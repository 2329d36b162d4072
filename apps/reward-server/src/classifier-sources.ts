// `--classifier NAME=DIR[:OPTION]...`: Hugging Face classifiers and reward models served from local
// ONNX folders, run in process by pama-rewards-onnx — an optional peer of the server, imported only
// when a classifier is asked for. Each folder is loaded once and shared by every source that names
// it, so one loaded model serves every client.
import type { RewardSource } from 'pama-rewards';
import type { Classifier, ClassifierOptions, ClassifierRewardOptions, ScoreChoice } from 'pama-rewards-onnx';
import { ServerOptionError } from './server-options.js';

/** One `--classifier` flag, parsed: the source name, the folder, the score, `pair`, and pama-rewards-onnx's loading options. */
export type ClassifierSpec = { readonly name: string; readonly dir: string; readonly pair?: boolean } & ScoreChoice &
  Omit<ClassifierOptions, 'model'>;

const NAME = /^[A-Za-z][\w-]{0,63}$/;

/**
 * Parses `NAME=DIR[:OPTION]...`, each OPTION a label (its probability is the score), `logit=LABEL|INDEX`,
 * `pair`, `maxLength=N`, `batchSize=N`, `threads=N` or `runtime=auto|onnxruntime-node|onnxruntime-web`. Throws `ServerOptionError` naming `--classifier`.
 *
 * @example
 * parseClassifierSpec('sentiment=/models/sst2:POSITIVE'); // { name: 'sentiment', dir: '/models/sst2', label: 'POSITIVE' }
 * parseClassifierSpec('helpful=/models/rm:pair:maxLength=512'); // { name: 'helpful', dir: '/models/rm', pair: true, maxLength: 512 }
 */
export function parseClassifierSpec(text: string): ClassifierSpec {
  const fail = (reason: string): never => {
    throw new ServerOptionError('--classifier', text, reason);
  };
  const eq = text.indexOf('=');
  const name = eq < 0 ? '' : text.slice(0, eq);
  if (!NAME.test(name)) fail('expected NAME=DIR[:LABEL][:pair][:logit=X][:maxLength=N][:batchSize=N], NAME of letters, digits, _ or -');
  const [dir, ...options] = text.slice(eq + 1).split(':');
  if (dir === '') fail('the model folder is missing after NAME=');
  const spec: { -readonly [K in keyof ClassifierSpec]: ClassifierSpec[K] } = { name, dir: dir as string };
  const integer = (key: string, value: string): number => (/^\d+$/.test(value) ? Number(value) : fail(`${key} must be a whole number`));
  for (const option of options) {
    const [key, value] = option.includes('=')
      ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)]
      : [option, undefined];
    if (value === undefined) {
      if (key === 'pair') spec.pair = true;
      else if (key !== '' && spec.label === undefined) spec.label = key;
      else fail(`unexpected option "${option}"`);
    } else if (key === 'logit') spec.logit = /^\d+$/.test(value) ? Number(value) : value;
    else if (key === 'maxLength') spec.maxLength = integer(key, value);
    else if (key === 'batchSize') spec.batchSize = integer(key, value);
    else if (key === 'threads') spec.threads = integer(key, value);
    else if (key === 'runtime' && (value === 'auto' || value === 'onnxruntime-node' || value === 'onnxruntime-web')) spec.runtime = value;
    else
      fail(
        `unknown option "${option}" (known: a label, pair, logit=, maxLength=, batchSize=, threads=, runtime=auto|onnxruntime-node|onnxruntime-web)`,
      );
  }
  return spec;
}

/** The package that runs classifiers; not a literal in the import, so bundlers leave it out. */
const PACKAGE = 'pama-rewards-onnx';

/**
 * Loads every classifier folder once (checked with pama-rewards-onnx's probes) and builds one source
 * per spec. Rejects with a one-line error naming the source and the folder's problem.
 *
 * @example
 * const sources = await classifierSources([parseClassifierSpec('sentiment=/models/sst2:POSITIVE')]);
 * const server = await startRewardServer({ sources, port: 0 });
 */
export async function classifierSources(specs: ReadonlyArray<ClassifierSpec>): Promise<RewardSource[]> {
  if (specs.length === 0) return [];
  const specifier: string = PACKAGE;
  let onnx: typeof import('pama-rewards-onnx');
  try {
    onnx = (await import(specifier)) as typeof import('pama-rewards-onnx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new ServerOptionError(
        '--classifier',
        specs[0].name,
        `serving a classifier needs the package ${PACKAGE}: npm install ${PACKAGE}`,
      );
    }
    throw error;
  }
  const loaded = new Map<string, Promise<Classifier>>();
  const sources: RewardSource[] = [];
  for (const spec of specs) {
    const options = { maxLength: spec.maxLength, batchSize: spec.batchSize, threads: spec.threads, runtime: spec.runtime };
    const key = JSON.stringify([spec.dir, options]);
    let classifier = loaded.get(key);
    if (classifier === undefined) {
      classifier = onnx.loadClassifier(spec.dir, options);
      loaded.set(key, classifier);
    }
    try {
      const choice: ClassifierRewardOptions = {
        name: spec.name,
        classifier: await classifier,
        ...(spec.label === undefined ? {} : { label: spec.label }),
        ...(spec.logit === undefined ? {} : { logit: spec.logit }),
        ...(spec.pair === undefined ? {} : { pair: spec.pair }),
      };
      sources.push(onnx.classifierReward(choice));
    } catch (error) {
      throw new Error(`--classifier ${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return sources;
}
