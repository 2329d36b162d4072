// Tiny Hugging Face checkpoints written at test time with the project's own safetensors writer,
// and the fixtures made by fixtures/hf/make_fixtures.py (PyTorch goldens).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, nextStandardNormal, type FloatDtype, writeSafetensorsCheckpoint, architectureFor } from '../src/index.js';

export const HF_FIXTURES = join(import.meta.dirname, 'fixtures', 'hf');

/** The checked-in fixtures, each with a golden file from the PyTorch reference. */
export const GOLDEN_MODELS = [
  'gpt2-prefixed-f32',
  'gpt2-bare-f16',
  'gpt2-erf-bf16',
  'llama-gqa-untied-f32',
  'llama-tied-bf16',
  'qwen2-gqa-f16',
] as const;

export interface Golden {
  readonly prompts: number[][];
  readonly promptLogits: number[][][];
  readonly greedy: { readonly steps: number; readonly tokens: number[][]; readonly logprobs: number[][] };
}

export function readGolden(name: string): Golden {
  return JSON.parse(readFileSync(join(HF_FIXTURES, `${name}.golden.json`), 'utf8'));
}

/** A tiny checkpoint's shape. */
export interface TinyCheckpoint {
  readonly modelType: 'gpt2' | 'llama' | 'qwen2';
  readonly dtype?: FloatDtype;
  /** GPT-2 only: keys with the `transformer.` prefix. */
  readonly prefix?: boolean;
  readonly tied?: boolean;
  /** Llama/Qwen2: key/value heads (GQA when below the 4 query heads). */
  readonly kvHeads?: number;
  /** Largest shard in bytes: sharded with an index when the weights need more. */
  readonly maxShardBytes?: number;
  /** Also write a tied lm_head.weight copy (GPT-2) or the attention-mask buffers. */
  readonly extras?: boolean;
  readonly seed?: number;
}

/** config.json of a tiny model of `spec`'s type (vocabulary 297/338/304, matching the fixtures' tokenizers). */
export function tinyConfig(spec: TinyCheckpoint): Record<string, unknown> {
  if (spec.modelType === 'gpt2') {
    return {
      model_type: 'gpt2',
      architectures: ['GPT2LMHeadModel'],
      vocab_size: 297,
      n_positions: 32,
      n_embd: 16,
      n_layer: 2,
      n_head: 4,
      n_inner: 24,
      activation_function: 'gelu_new',
      layer_norm_epsilon: 1e-5,
      tie_word_embeddings: spec.tied ?? true,
      eos_token_id: 296,
      bos_token_id: 296,
    };
  }
  return {
    model_type: spec.modelType,
    architectures: [spec.modelType === 'qwen2' ? 'Qwen2ForCausalLM' : 'LlamaForCausalLM'],
    vocab_size: spec.modelType === 'qwen2' ? 304 : 338,
    hidden_size: 16,
    intermediate_size: 24,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: spec.kvHeads ?? 2,
    max_position_embeddings: 32,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    tie_word_embeddings: spec.tied ?? false,
    eos_token_id: spec.modelType === 'qwen2' ? 299 : 2,
  };
}

/**
 * Writes a random checkpoint of `spec` into `dir` with the project's writer, plus the matching
 * fixture tokenizer files. Returns the values written (float32, before any narrowing), by file name.
 */
export async function writeTinyCheckpoint(dir: string, spec: TinyCheckpoint): Promise<Map<string, Float32Array>> {
  mkdirSync(dir, { recursive: true });
  const config = tinyConfig(spec);
  const probe = spec.modelType === 'gpt2' && spec.prefix ? new Set(['transformer.wte.weight']) : new Set<string>();
  const arch = architectureFor(config, probe, 'config.json');
  const rng = createRng(spec.seed ?? 7);
  const values = new Map<string, Float32Array>();
  for (const t of arch.tensors) {
    const size = t.fileShape.reduce((a, b) => a * b, 1);
    const norm = /(ln_\d|ln_f|layernorm|norm)\.weight$/.test(t.name);
    values.set(
      t.fileName,
      Float32Array.from({ length: size }, () => (norm ? 1 : 0) + 0.3 * nextStandardNormal(rng)),
    );
  }
  const dtype = spec.dtype ?? 'F32';
  const entries = [...values].map(([name, data]) => ({
    name,
    shape: arch.tensors.find((t) => t.fileName === name)!.fileShape,
    dtype,
    data,
  }));
  if (spec.extras) {
    const p = spec.prefix ? 'transformer.' : '';
    if (spec.modelType === 'gpt2') {
      for (let i = 0; i < 2; i++) {
        entries.push({
          name: `${p}h.${i}.attn.bias`,
          shape: [1, 1, 32, 32],
          dtype: 'F32',
          data: new Float32Array(32 * 32).map((_, k) => (k % 32 <= Math.floor(k / 32) ? 1 : 0)),
        });
        entries.push({ name: `${p}h.${i}.attn.masked_bias`, shape: [], dtype: 'F32', data: Float32Array.of(-1e4) });
      }
      if (config.tie_word_embeddings)
        entries.push({ name: 'lm_head.weight', shape: [297, 16], dtype, data: values.get(`${p}wte.weight`)! });
    } else {
      entries.push({ name: 'model.layers.0.self_attn.rotary_emb.inv_freq', shape: [2], dtype: 'F32', data: Float32Array.of(1, 0.01) });
    }
  }
  await writeSafetensorsCheckpoint(dir, entries, { maxShardBytes: spec.maxShardBytes, metadata: { format: 'pt' } });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const tokenizerFrom = { gpt2: 'gpt2-prefixed-f32', llama: 'llama-tied-bf16', qwen2: 'qwen2-gqa-f16' }[spec.modelType];
  for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json']) {
    cpSync(join(HF_FIXTURES, tokenizerFrom, f), join(dir, f));
  }
  return values;
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}
