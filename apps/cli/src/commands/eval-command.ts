// `pama eval --model DIR [--config FILE]`: scores a saved model's responses to the held-out
// prompts (data.testPrompts, or the corpus's held-out sentences) with the config's objectives,
// sampled with the config's generation settings and the fixed evaluation seed, and prints the table.
import { alignConfigFromFlags } from 'pama-experiment/config';
import { CliError } from '../cli-error.js';
import { resolve } from 'node:path';
import { isHuggingFaceDir, openSavedModel, parseBackendFlag } from '../generate/saved-model.js';
import { formatEvalTable, type EvalReport } from '../eval/eval-table.js';

export interface EvalFlags {
  readonly model?: string;
  readonly config?: string;
  readonly quick?: boolean;
  readonly backend?: string;
  readonly json?: boolean;
}

/**
 * @example await evalCommand({ model: 'out/runs/pama-sample-seed1/policy', quick: true })
 */
export async function evalCommand(flags: EvalFlags): Promise<number> {
  // A Hugging Face model is evaluated with the settings its alignment used (model.path's preset).
  const huggingFace = flags.model !== undefined && isHuggingFaceDir(resolve(flags.model));
  const config = alignConfigFromFlags({ config: flags.config, quick: flags.quick, ...(huggingFace ? { model: flags.model } : {}) });
  const saved = await openSavedModel(flags.model, parseBackendFlag(flags.backend ?? config.backend));
  const { model, tokenizer } = saved;
  try {
    const { promptStart } = await import('pama-experiment/corpus');
    const need = promptStart(tokenizer).length + config.prompts.words + config.generation.maxNewTokens;
    if (need > saved.config.contextLength) {
      throw new CliError(
        `invalid config generation.maxNewTokens = ${config.generation.maxNewTokens}: prompt (${config.prompts.words} words + BOS) plus response must fit the model's contextLength (${saved.config.contextLength})`,
      );
    }
    const { evalPromptSet } = await import('pama-experiment/runner');
    const { objectiveSources } = await import('pama-experiment/align');
    const { evaluate } = await import('pama-experiment/align');
    const prompts = evalPromptSet(config, tokenizer);
    const sources = objectiveSources(config, tokenizer);
    const result = await evaluate(model, tokenizer, prompts, sources, config, saved.stopIds);
    const report: EvalReport = {
      model: saved.dir,
      made: saved.metadata,
      prompts: { count: prompts.texts.length, source: config.data.testPrompts ?? `held-out sentences of corpus ${config.data.corpus}` },
      objectives: sources.map((s) => s.name),
      means: result.means,
      samples: result.prompts.slice(0, config.prompts.samplesShown).map((prompt, i) => ({ prompt, response: result.responses[i] })),
    };
    process.stdout.write(flags.json === true ? `${JSON.stringify(report)}\n` : `${formatEvalTable(report)}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
