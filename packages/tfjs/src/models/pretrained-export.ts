// Writes a trained pre-trained decoder back in its source's layout, so it leaves the JavaScript
// world: config.json, model.safetensors with exactly the source's tensor names (LoRA merged into
// the base weights; buffers such as GPT-2's attention masks copied unchanged), the tokenizer and
// generation files copied, the value heads (if any) in their own file, and — with LoRA — the adapter in
// PEFT's layout in adapter/ (a subdirectory: transformers would otherwise take the merged
// directory itself for an adapter). The directory appears whole or not at all.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ModelInputError } from './model-errors.js';
import { writeDirectoryThroughTemporary } from '../model-io/atomic-directory.js';
import { openSafetensorsCheckpoint, writeSafetensorsCheckpoint } from '../model-io/safetensors-checkpoint.js';
import type { FloatDtype } from '../model-io/safetensors-dtype.js';
import { writeSafetensors, type SafetensorsWriteEntry } from '../model-io/safetensors-writer.js';
import { HF_TOKENIZER_FILES } from '../tokenizers/hf-tokenizer-files.js';
import type { PretrainedPolicyModel } from './pretrained-model.js';

/** The value heads' file beside model.safetensors. */
export const VALUE_HEADS_FILE = 'value_heads.safetensors';
/** Where the LoRA adapter goes, inside the exported directory. */
export const ADAPTER_DIR = 'adapter';
/** What the export records about how it was made. */
export const EXPORT_INFO_FILE = 'pama_export.json';

/** Options of {@link exportPretrainedPolicy}. */
export interface ExportPretrainedOptions {
  /** Weights as float32 (default: exact, so export → import round-trips bit for bit) or in each source tensor's dtype. */
  readonly dtype?: 'F32' | 'source';
  /** Names of the objectives, in value-head order (stored in the value heads' metadata and pama_export.json). */
  readonly objectives?: readonly string[];
  /** Free-form JSON recorded in pama_export.json (how the model was trained). */
  readonly metadata?: Record<string, unknown>;
}

/** torch_dtype values of config.json for the stored types. */
const TORCH_DTYPE: Record<FloatDtype, string> = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' };

/**
 * Exports a (trained) pre-trained decoder to `dir` in its source's layout; see the file comment.
 *
 * @example
 * const model = await loadPretrainedModel('models/gpt2', { nValueHeads: 2, lora: { rank: 4 } });
 * // … train it (createTrainer) …
 * await exportPretrainedPolicy(model, 'runs/gpt2-lora/policy', { objectives: ['sentiment', 'length'] });
 * // Python: AutoModelForCausalLM.from_pretrained('runs/gpt2-lora/policy')
 * const again = await loadPretrainedModel('runs/gpt2-lora/policy'); // with its two value heads
 * again.config.nValueHeads; // 2
 */
export async function exportPretrainedPolicy(
  model: PretrainedPolicyModel,
  dir: string,
  options: ExportPretrainedOptions = {},
): Promise<void> {
  const { source, architecture } = model;
  const byFileName = new Map(architecture.tensors.map((t) => [t.fileName, t]));
  const dtypes = new Set<FloatDtype>();
  const entries: SafetensorsWriteEntry[] = [];
  const buffers: string[] = [];
  for (const info of source.tensors) {
    const parameter = byFileName.get(info.name)?.name ?? architecture.aliasOf(info.name);
    if (parameter === undefined) {
      buffers.push(info.name);
      continue;
    }
    const dtype: FloatDtype = options.dtype === 'source' ? (info.dtype as FloatDtype) : 'F32';
    dtypes.add(dtype);
    entries.push({ name: info.name, shape: info.shape, dtype, data: () => model.fileTensor(parameter) });
  }
  await writeDirectoryThroughTemporary(dir, async (temporary) => {
    const original = buffers.length > 0 ? await openSafetensorsCheckpoint(source.dir) : undefined;
    try {
      for (const name of buffers) {
        const info = source.tensors.find((t) => t.name === name)!;
        const now = original!.tensors.get(name);
        if (now === undefined || now.dtype !== info.dtype || now.shape.join() !== info.shape.join()) {
          throw new ModelInputError(
            `tensor "${name}"`,
            now?.shape,
            'changed in the source checkpoint since the model was loaded; cannot copy it',
            source.dir,
          );
        }
        entries.push({ name, shape: info.shape, dtype: info.dtype, data: () => original!.readBytes(name) });
      }
      // The source's order, parameters and buffers interleaved as they were.
      const order = new Map(source.tensors.map((t, k) => [t.name, k]));
      entries.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
      await writeSafetensorsCheckpoint(temporary, entries, { metadata: { format: 'pt' } });
    } finally {
      await original?.close();
    }
    const torchDtype = dtypes.size === 1 ? TORCH_DTYPE[[...dtypes][0]] : source.config.torch_dtype;
    await writeFile(join(temporary, 'config.json'), `${JSON.stringify({ ...source.config, torch_dtype: torchDtype }, null, 2)}\n`);
    for (const file of HF_TOKENIZER_FILES) {
      await copyFile(join(source.dir, file), join(temporary, file)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    // A policy-only model (no value heads) has no value-heads file; loading it back with nValueHeads 0 needs none.
    if (model.config.nValueHeads > 0) await writeValueHeads(model, join(temporary, VALUE_HEADS_FILE), options.objectives);
    if (model.lora !== undefined) await writePeftAdapter(model, join(temporary, ADAPTER_DIR));
    const info = {
      format: 'pama-pretrained-policy',
      architecture: model.config.architecture,
      source: { dir: resolve(source.dir), weights: model.config.source },
      lora: model.config.lora,
      objectives: options.objectives ?? null,
      metadata: options.metadata ?? {},
    };
    await writeFile(join(temporary, EXPORT_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`);
  });
}

async function writeValueHeads(model: PretrainedPolicyModel, path: string, objectives: readonly string[] | undefined): Promise<void> {
  const { weight, bias } = await model.valueHeadTensors();
  const n = model.config.nValueHeads;
  if (objectives !== undefined && objectives.length !== n) {
    throw new ModelInputError('objectives.length', objectives.length, `must equal the model's ${n} value heads`);
  }
  await writeSafetensors(
    path,
    [
      { name: 'value_head.weight', shape: [n, model.config.dModel], data: weight },
      { name: 'value_head.bias', shape: [n], data: bias },
    ],
    { metadata: { format: 'pt', objectives: JSON.stringify(objectives ?? []) } },
  );
}

async function writePeftAdapter(model: PretrainedPolicyModel, dir: string): Promise<void> {
  await mkdir(dir);
  const lora = model.lora!;
  const adapters = await model.adapterTensors();
  const entries: SafetensorsWriteEntry[] = [];
  for (const [path, t] of adapters) {
    entries.push({ name: `base_model.model.${path}.lora_A.weight`, shape: [lora.rank, t.inFeatures], data: t.a });
    entries.push({ name: `base_model.model.${path}.lora_B.weight`, shape: [t.outFeatures, lora.rank], data: t.b });
  }
  await writeSafetensors(join(dir, 'adapter_model.safetensors'), entries, { metadata: { format: 'pt' } });
  const config = {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: resolve(model.source.dir),
    r: lora.rank,
    lora_alpha: lora.alpha,
    lora_dropout: 0,
    target_modules: lora.targets,
    fan_in_fan_out: model.architecture.fanInFanOut,
    bias: 'none',
    modules_to_save: null,
    init_lora_weights: true,
    inference_mode: true,
    use_rslora: false,
    use_dora: false,
    rank_pattern: {},
    alpha_pattern: {},
    layers_to_transform: null,
    layers_pattern: null,
    revision: null,
  };
  await writeFile(join(dir, 'adapter_config.json'), `${JSON.stringify(config, null, 2)}\n`);
}
