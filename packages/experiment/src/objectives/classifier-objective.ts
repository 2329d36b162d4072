// A `classifier` objective: a Hugging Face sequence classifier or scalar reward model in a local
// folder, run in process by pama-rewards-onnx. That package (and its ONNX runtime) is an optional
// peer of the command: it is imported only when such an objective is first scored — the probe batch,
// before any training — so users without classifiers never install it and the bundle leaves it out.
import * as E from 'fp-ts/lib/Either.js';
import { RewardError, type RewardSource } from 'pama-rewards';
import type { ClassifierOptions, ClassifierRewardSource, ScoreChoice } from 'pama-rewards-onnx';

/**
 * The options of a `classifier` objective in the config (paths already absolute): the folder, the
 * score (`label` or `logit`), `pair`, and pama-rewards-onnx's loading options.
 */
export type ClassifierObjectiveOptions = { readonly dir: string; readonly pair?: boolean } & ScoreChoice & ClassifierOptions;

/** The package that runs classifiers; not a literal in the import, so bundlers leave it out. */
const PACKAGE = 'pama-rewards-onnx';

async function importClassifierPackage(): Promise<typeof import('pama-rewards-onnx')> {
  const specifier: string = PACKAGE;
  try {
    return (await import(specifier)) as typeof import('pama-rewards-onnx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`the classifier source needs the package ${PACKAGE}, which is not installed: npm install ${PACKAGE}`);
    }
    throw error;
  }
}

/**
 * The reward source of a `classifier` objective. Built synchronously (as every source is, so that
 * worker processes build the same ones); the folder is read, checked and loaded on the first batch,
 * and a failure there is that batch's `function-threw` error, one line naming the folder.
 *
 * @example
 * const source = classifierObjectiveSource('sentiment', { dir: '/models/sst2', label: 'POSITIVE' });
 * const scores = await source.score([{ prompt: '', response: 'a fine film' }])(); // Right(Float64Array [0.99…])
 */
export function classifierObjectiveSource(name: string, options: ClassifierObjectiveOptions): RewardSource {
  let loading: Promise<ClassifierRewardSource> | undefined;
  const load = async (): Promise<ClassifierRewardSource> => {
    const { classifierReward } = await importClassifierPackage();
    const source = classifierReward({ name, ...options });
    await source.load();
    return source;
  };
  return {
    name,
    score: (items) => async () => {
      loading ??= load().catch((error: unknown) => {
        loading = undefined; // a folder fixed on disk (or a package installed) loads on the next batch
        throw error;
      });
      let source: ClassifierRewardSource;
      try {
        source = await loading;
      } catch (error) {
        return E.left(new RewardError(name, { kind: 'function-threw', error }));
      }
      return source.score(items)();
    },
  };
}
