// `pama score --config FILE [--text TEXT]... [--texts FILE] [--prompt TEXT] [--json]`: scores texts
// with the config's objectives exactly as training calls their sources — the same sources, built
// from the same config, on { prompt, response } items — and prints the raw scores, before any
// normalisation. Users check a reward function with it before they spend hours training.
import { scoreAll, type RewardItem } from 'pama-rewards';
import type { Tokenizer } from 'pama-tfjs';
import { buildCorpusTokenizer, splitHeldOut } from 'pama-experiment/corpus';
import { CliError } from '../cli-error.js';
import type { AlignConfig } from 'pama-experiment/config';
import { alignConfigFromFlags } from 'pama-experiment/config';
import { readTextRecords } from 'pama-experiment/data';
import { effectiveObjectives, buildObjectiveSources, describeSource, reasonOf } from 'pama-experiment/objectives';
import { HELD_OUT_EVERY, loadCorpus } from 'pama-experiment/runner';
import { formatScoreTable, type ScoredText } from '../score/score-table.js';

export interface ScoreFlags {
  readonly config?: string;
  readonly objectives?: string;
  readonly text?: readonly string[];
  readonly texts?: string;
  readonly prompt?: string;
  readonly json?: boolean;
}

/**
 * @example await scoreCommand({ config: 'sentiment.json', text: ['a wonderful film'], json: true })
 */
export async function scoreCommand(flags: ScoreFlags): Promise<number> {
  const texts = [
    ...(flags.text ?? []),
    ...(flags.texts === undefined ? [] : readTextRecords(flags.texts, '--texts', ['text', 'response']).map((r) => r.text)),
  ];
  if (texts.length === 0) throw new CliError('score needs texts: --text TEXT (repeatable) or --texts FILE (see pama score --help)');
  const config = alignConfigFromFlags({ config: flags.config, objectives: flags.objectives });
  const objectives = effectiveObjectives(config);
  const sources = buildObjectiveSources(
    config,
    lazyTokenizer(() => corpusTokenizer(config)),
  );
  const prompt = flags.prompt ?? '';
  const items: RewardItem[] = texts.map((response) => ({ prompt, response }));

  // Each objective alone first, so that a failing one is named (scoreAll reports only the first failure).
  for (let j = 0; j < sources.length; j++) {
    const result = await sources[j].score(items.slice(0, 1))();
    if (result._tag === 'Left') {
      throw new CliError(`objective '${objectives[j].name}' (${describeSource(objectives[j].spec)}) failed: ${reasonOf(result.left)}`, 1);
    }
  }
  const result = await scoreAll(sources, items)();
  if (result._tag === 'Left') throw new CliError(`objective '${result.left.source}' failed: ${reasonOf(result.left)}`, 1);
  const matrix = result.right;
  const rows: ScoredText[] = texts.map((text, i) => ({
    text,
    ...(prompt === '' ? {} : { prompt }),
    scores: Object.fromEntries(objectives.map((o, j) => [o.name, matrix.get(i, j)])),
  }));
  process.stdout.write(
    flags.json === true
      ? rows.map((row) => `${JSON.stringify(row)}\n`).join('')
      : `${formatScoreTable(
          rows,
          objectives.map((o) => o.name),
        )}\n`,
  );
  return 0;
}

/** The corpus tokenizer training builds (the `length` objective counts its tokens). */
function corpusTokenizer(config: AlignConfig): Tokenizer {
  const { train } = splitHeldOut(loadCorpus(config).sentences, HELD_OUT_EVERY);
  return buildCorpusTokenizer(
    config.corpus,
    train.map((s) => s.join(' ')),
  );
}

/** A tokenizer built on first use: only a `length` objective over tokens needs the corpus read. */
function lazyTokenizer(build: () => Tokenizer): Tokenizer {
  let built: Tokenizer | undefined;
  const get = (): Tokenizer => {
    built ??= build();
    return built;
  };
  return {
    get vocabSize() {
      return get().vocabSize;
    },
    get padId() {
      return get().padId;
    },
    get bosId() {
      return get().bosId;
    },
    get eosId() {
      return get().eosId;
    },
    get unkId() {
      return get().unkId;
    },
    encode: (text) => get().encode(text),
    decode: (ids) => get().decode(ids),
    toJSON: () => get().toJSON(),
  };
}
