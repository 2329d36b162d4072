// Opening a saved model directory for `pama generate` and `pama eval`: backend selection, then
// loadPolicy; a directory that is not a saved model is one line naming it and what is wrong.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedPolicy } from 'pama-tfjs';
import { BACKENDS, type BackendChoice } from '../config/align-config.js';
import { CliError } from '../cli-error.js';

/** The sampling settings a saved policy was trained with (model.json metadata), when recorded. */
export interface SavedGeneration {
  readonly maxNewTokens?: number;
  readonly temperature?: number;
  readonly topK?: number;
}

export function parseBackendFlag(text: string | undefined): BackendChoice {
  const value = text ?? 'auto';
  if (!(BACKENDS as readonly string[]).includes(value)) throw new CliError('--backend', value, `one of ${BACKENDS.join(', ')}`);
  return value as BackendChoice;
}

/**
 * Selects the backend and loads the policy saved in `dir` (OUT/pretrained or OUT/runs/<run>/policy).
 * @example const { model, tokenizer } = await openSavedModel('out/runs/pama-sample-seed1/policy', 'auto');
 */
export async function openSavedModel(
  dir: string | undefined,
  backend: BackendChoice,
): Promise<LoadedPolicy & { dir: string; generation: SavedGeneration }> {
  if (dir === undefined) throw new CliError('--model DIR is required (a saved model: OUT/pretrained or OUT/runs/<run>/policy)');
  const path = resolve(dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new CliError(`--model ${dir}: no such directory`);
  if (!existsSync(join(path, 'model.json')))
    throw new CliError(`--model ${dir}: no model.json (a saved model is OUT/pretrained or OUT/runs/<run>/policy)`);
  const { loadPolicy, selectBackend } = await import('pama-tfjs');
  await selectBackend(backend, { fallback: backend === 'auto' });
  try {
    const loaded = await loadPolicy(path);
    const generation = (loaded.metadata.generation ?? {}) as SavedGeneration;
    return { ...loaded, dir: path, generation };
  } catch (e) {
    throw new CliError(`--model ${dir}: ${(e as Error).message.split('\n')[0]}`);
  }
}
