// The pre-trained architectures this project reads, by config.json's model_type.
import { ModelInputError } from './model-errors.js';
import type { DecoderArchitecture } from './decoder-architecture.js';
import { gpt2Architecture } from './gpt2/gpt2-architecture.js';
import { llamaArchitecture } from './llama/llama-architecture.js';

/** config.json model_type values that load, with the Hugging Face classes they stand for. */
export const SUPPORTED_MODEL_TYPES: Readonly<Record<string, string>> = {
  gpt2: 'GPT2LMHeadModel',
  llama: 'LlamaForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
};

/**
 * The architecture a config.json describes, bound to the checkpoint's tensor names (GPT-2 reads its
 * key layout from them). An unknown model_type names the supported ones.
 *
 * @example
 * const config = { model_type: 'gpt2', vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12 }; // gpt2's config.json, in part
 * const arch = architectureFor(config, new Set(['wte.weight']), 'gpt2/config.json'); // the checkpoint's tensor names
 * arch.sizes.dModel; // 768
 * arch.tensors.length; // 148
 * architectureFor({ model_type: 'bert' }, new Set(), 'config.json'); // throws ModelInputError: model_type: must be one of gpt2 (GPT2LMHeadModel), llama
 */
export function architectureFor(config: Record<string, unknown>, fileNames: ReadonlySet<string>, path: string): DecoderArchitecture {
  const type = config.model_type;
  if (type === 'gpt2') return gpt2Architecture(config, fileNames, path);
  if (type === 'llama' || type === 'qwen2') return llamaArchitecture(config, path);
  const supported = Object.entries(SUPPORTED_MODEL_TYPES).map(([t, cls]) => `${t} (${cls})`);
  throw new ModelInputError('model_type', type, `must be one of ${supported.join(', ')}`, path);
}
