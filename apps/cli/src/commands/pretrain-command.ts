// `pama pretrain --out DIR`: pre-training as its own step. Every `pama align --pretrained DIR`
// (each shard of a job array, on any machine that sees DIR) then starts from this one model.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alignConfigFromFlags } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import type { AlignConfig } from 'pama-experiment/config';
import { ensureDir, lockOrExplain } from 'pama-experiment/io';
import { OUT_DIR_LOCK } from 'pama-experiment/runner';
import { checkPretrainedConfig, PRETRAINED_MANIFEST, pretrainDeterminants, writePretrainedManifest } from 'pama-experiment/align';

export interface PretrainFlags {
  readonly config?: string;
  readonly quick?: boolean;
  readonly out?: string;
}

/**
 * Pre-trains the model of an align config (the same --config and --quick as `pama align`) into DIR.
 * @example await pretrainCommand({ quick: true, out: 'shared/pretrained' }) // then: pama align --quick --pretrained shared/pretrained
 */
export async function pretrainCommand(flags: PretrainFlags): Promise<number> {
  if (flags.out === undefined) throw new CliError('pretrain needs --out DIR (where the pre-trained model is written)');
  const config = alignConfigFromFlags({ config: flags.config, quick: flags.quick });
  const dir = resolve(flags.out);
  // A pre-trained model gets a directory of its own: an align or sweep out dir's runs started from
  // the model they found there, and replacing it under them would orphan their checkpoints.
  for (const marker of ['config.json', 'runs', 'metrics.json', 'shard.json'])
    if (existsSync(join(dir, marker)))
      throw new CliError(
        `pretrain --out ${dir} holds the runs of a pama align or sweep (${marker}); pre-train into a directory of its own`,
      );
  // One model per directory: a second config would leave pretrain.json describing only one of them.
  if (existsSync(join(dir, PRETRAINED_MANIFEST))) checkPretrainedConfig(dir, config, `pretrain --out`);
  ensureDir(dir, 'pretrain --out');
  // Held while pre-training: a second pretrain, or an align working in the directory, is refused (exit 3).
  const lock = lockOrExplain(join(dir, OUT_DIR_LOCK), `pretrain --out ${dir}`, 'pama pretrain');
  try {
    return await pretrainInto(dir, config);
  } finally {
    lock.release();
  }
}

async function pretrainInto(dir: string, config: AlignConfig): Promise<number> {
  // TensorFlow.js is loaded only now, so a bad config is reported without it.
  const { selectBackend } = await import('pama-tfjs');
  const { pretrainPhase } = await import('pama-experiment/align');
  const { prepareRunContext } = await import('pama-experiment/runner');

  const backend = await selectBackend(config.backend, { fallback: config.backend === 'auto' });
  process.stdout.write(`backend: ${backend.name}${backend.patchedOneHot === true ? ' (OneHot kernel repaired)' : ''}\n`);
  const context = prepareRunContext(config);
  process.stdout.write(
    `corpus: ${context.corpus.sentences.length} sentences from ${context.corpus.files.length} files; vocabulary ${context.tokenizer.vocabSize}\n`,
  );
  const outcome = await pretrainPhase(
    config,
    dir,
    context.modelConfig,
    context.tokenizer,
    context.corpus.hash,
    context.sequences,
    backend.name,
    { cacheDir: dir },
  );
  writePretrainedManifest(dir, {
    key: outcome.key,
    backend: backend.name,
    determinedBy: pretrainDeterminants(config),
    finalLoss: outcome.finalLoss,
  });
  process.stdout.write(
    `pre-trained model: ${outcome.cachePath}\nuse it with: pama align --pretrained ${dir} (and the same --config/--quick)\n`,
  );
  return 0;
}
