// Reward sources from the config's objectives. Synchronous and a function of the config alone (paths
// are absolute, servers are URLs), so every worker process of `--jobs` builds the same sources.
import { httpReward, lengthReward, lexiconReward, parseLexicon, sentimentReward, type RewardSource } from 'pama-rewards';
import type { Tokenizer } from 'pama-tfjs';
import type { AlignConfig } from '../config/align-config.js';
import { ExperimentError } from '../experiment-error.js';
import { FieldError } from 'pama-core/support';
import { effectiveObjectives } from './effective-objectives.js';
import { moduleSource } from './module-source.js';
import { trackedSource } from './in-flight.js';
import { classifierObjectiveSource } from './classifier-objective.js';
import type { ObjectiveSpec } from './objective-spec.js';
import { paperLengthPreset } from 'pama-rewards';
import { readBoundedFile } from '../io/bounded-read.js';

/**
 * The paper rewards clip(l / 140, 70/140, 210/140) for responses of up to ~210 tokens; the `budget`
 * preset scales by two thirds of this config's response budget, so the reward saturates at the
 * budget as there.
 */
export function budgetLengthScale(config: AlignConfig): number {
  return (config.generation.maxNewTokens * 140) / 210;
}

function countTokensWith(tokenizer: Tokenizer): (text: string) => number {
  return (text) => tokenizer.encode(text).filter((id) => id !== tokenizer.bosId && id !== tokenizer.eosId && id !== tokenizer.padId).length;
}

function readLexicon(name: string, path: string): Map<string, number> {
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(path, `objective '${name}': lexicon`);
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    throw new ExperimentError(`objective '${name}' (lexicon): cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ExperimentError(`objective '${name}' (lexicon): ${path} is not UTF-8 text`);
  }
  try {
    return parseLexicon(text);
  } catch (e) {
    throw new ExperimentError(`objective '${name}' (lexicon): ${path} ${(e as Error).message}`);
  }
}

function sourceOf(spec: ObjectiveSpec, config: AlignConfig, tokenizer: Tokenizer): RewardSource {
  const name = spec.name;
  switch (spec.source) {
    case 'length': {
      const paper = spec.preset === 'paper';
      const scale = spec.scale ?? (paper ? 1 / paperLengthPreset.scale : budgetLengthScale(config));
      const unit = spec.unit ?? 'tokens';
      return lengthReward({
        name,
        unit,
        ...(unit === 'tokens' ? { tokenizer: countTokensWith(tokenizer) } : {}),
        scale: 1 / scale,
        min: spec.low ?? paperLengthPreset.min,
        max: spec.high ?? paperLengthPreset.max,
      });
    }
    case 'sentiment':
      return sentimentReward({ name, analyser: spec.analyser ?? 'vader' });
    case 'lexicon':
      return lexiconReward({ name, weights: readLexicon(name, spec.path) });
    case 'module':
      return moduleSource(name, spec.path, {
        ...(spec.export === undefined ? {} : { exportName: spec.export }),
        ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
      });
    case 'http':
      return httpReward({
        name,
        url: spec.url,
        protocol: spec.protocol ?? 'score',
        ...(spec.objective === undefined ? {} : { objective: spec.objective }),
        ...(spec.label === undefined ? {} : { label: spec.label }),
        ...(spec.rawScores === undefined ? {} : { rawScores: spec.rawScores }),
        ...(spec.predictInput === undefined ? {} : { predictInput: spec.predictInput }),
        ...(spec.maxBatchSize === undefined ? {} : { maxBatchSize: spec.maxBatchSize }),
        ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
        ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
        ...(spec.retries === undefined ? {} : { retry: { retries: spec.retries } }),
        ...(spec.headers === undefined ? {} : { headers: spec.headers }),
      });
    case 'classifier': {
      const { dir, label, logit, pair, maxLength, batchSize, runtime, threads, model } = spec;
      return classifierObjectiveSource(name, { dir, label, logit, pair, maxLength, batchSize, runtime, threads, model });
    }
  }
}

/** One source per objective, in the config's order; a source's option error is one line naming the objective. */
export function buildObjectiveSources(config: AlignConfig, tokenizer: Tokenizer): RewardSource[] {
  return effectiveObjectives(config).map((o) => {
    try {
      return trackedSource(sourceOf(o.spec, config, tokenizer));
    } catch (error) {
      if (error instanceof FieldError && !(error instanceof ExperimentError))
        throw new ExperimentError(`objective '${o.name}' (${describeSource(o.spec)}): ${error.message}`);
      throw error;
    }
  });
}

/** A short description of an objective's source for messages: `http http://…`, `module /…/x.mjs`. */
export function describeSource(spec: ObjectiveSpec): string {
  switch (spec.source) {
    case 'http':
      return `http ${spec.url}`;
    case 'module':
    case 'lexicon':
      return `${spec.source} ${spec.path}`;
    case 'classifier':
      return `classifier ${spec.dir}`;
    default:
      return spec.source;
  }
}
