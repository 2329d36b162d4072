// The directory `pama pretrain --out DIR` writes and `pama align --pretrained DIR` reads:
//   pretrain.json               what the model was pre-trained from (the config keys that determine
//                               it, the backend and the cache key), so a mismatch can be named
//   pretrained-<key>.json       the weights, in the pre-training cache format
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelSize, type AlignConfig, type ModelSize } from '../config/align-config.js';
import { ExperimentError } from '../experiment-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { firstDifference, shownValue } from '../runner/first-difference.js';
import { readBoundedText } from '../io/bounded-read.js';

export const PRETRAINED_MANIFEST = 'pretrain.json';
const MANIFEST_FORMAT = 'pama-pretrained-v1';

export interface PretrainedManifest {
  readonly format: typeof MANIFEST_FORMAT;
  /** The pre-training cache key (hash of corpus, tokenizer, model size, pre-training config, backend). */
  readonly key: string;
  readonly backend: string;
  /** The config keys that determine the pre-trained model. */
  readonly determinedBy: PretrainDeterminants;
  readonly finalLoss: number | null;
  readonly createdAt: string;
}

export interface PretrainDeterminants {
  readonly corpus: AlignConfig['corpus'];
  readonly model: ModelSize;
  readonly pretrain: AlignConfig['pretrain'];
}

export function pretrainDeterminants(config: AlignConfig): PretrainDeterminants {
  return JSON.parse(JSON.stringify({ corpus: config.corpus, model: modelSize(config), pretrain: config.pretrain })) as PretrainDeterminants;
}

export function writePretrainedManifest(dir: string, manifest: Omit<PretrainedManifest, 'format' | 'createdAt'>): void {
  writeJsonAtomic(join(dir, PRETRAINED_MANIFEST), { format: MANIFEST_FORMAT, ...manifest, createdAt: new Date().toISOString() });
}

/** Reads DIR/pretrain.json; a missing or foreign file is a one-line error naming the path. */
export function readPretrainedManifest(dir: string, flag = '--pretrained'): PretrainedManifest {
  const path = join(dir, PRETRAINED_MANIFEST);
  if (!existsSync(path))
    throw new ExperimentError(
      `${flag}: ${dir} holds no pre-trained model (missing ${PRETRAINED_MANIFEST}; create it with pama pretrain --out ${dir})`,
    );
  let parsed: Partial<PretrainedManifest>;
  try {
    parsed = JSON.parse(readBoundedText(path, `${flag}:`)) as Partial<PretrainedManifest>;
  } catch (error) {
    if (error instanceof ExperimentError) throw error;
    throw new ExperimentError(`${flag}: ${path} is not valid JSON (${(error as Error).message})`);
  }
  if (parsed.format !== MANIFEST_FORMAT)
    throw new ExperimentError(`${flag}: ${path} has format ${shownValue(parsed.format)}, expected "${MANIFEST_FORMAT}"`);
  return parsed as PretrainedManifest;
}

/**
 * Checks, before any work, that DIR was pre-trained with this config's corpus, model and
 * pre-training keys; throws naming the first differing key and both values.
 * @example
 * // A folder `pama pretrain --out DIR` did not write:
 * checkPretrainedConfig('no-such-dir', DEFAULT_ALIGN_CONFIG); // throws: --pretrained: no-such-dir holds no pre-trained model
 */
export function checkPretrainedConfig(dir: string, config: AlignConfig, flag = '--pretrained'): PretrainedManifest {
  const manifest = readPretrainedManifest(dir, flag);
  const difference = firstDifference(pretrainDeterminants(config), manifest.determinedBy);
  if (difference) {
    throw new ExperimentError(
      `${flag}: ${difference.path} is ${shownValue(difference.a)} here but ${dir} was pre-trained with ${shownValue(difference.b)}`,
    );
  }
  return manifest;
}

/** Why DIR has no model for this run although the config keys match (the backend or the corpus data differ). */
export function explainPretrainedMiss(dir: string, manifest: PretrainedManifest, backend: string, key: string): string {
  if (manifest.backend !== backend)
    return `--pretrained: backend is "${backend}" here but ${dir} was pre-trained on "${manifest.backend}" (pre-train on this backend, or set "backend": "${manifest.backend}")`;
  return `--pretrained: the pre-training cache key is ${key} here but ${manifest.key} in ${dir} (the corpus data or tokenizer differ)`;
}
