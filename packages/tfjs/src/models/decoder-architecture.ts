// What a pre-trained decoder architecture tells the generic model: the tensors its checkpoint must
// hold (name in the file, shape, and how the model keeps them), the linear layers LoRA may adapt,
// the weight the LM head uses, and the trunk's forward pass over those parameters.
import type * as tf from '@tensorflow/tfjs-core';
import type { TransformerConfig } from '../contracts.js';
import type { KeyValueCache } from './attention.js';
import type { DecoderParameters } from './decoder-parameters.js';

/** One tensor of a checkpoint as the model keeps it. */
export interface DecoderTensor {
  /** The model's own name: the file name without a layout-dependent prefix (GPT-2's `transformer.`). */
  readonly name: string;
  /** The tensor's name in the checkpoint being read. */
  readonly fileName: string;
  /** Shape in the checkpoint. */
  readonly fileShape: readonly number[];
  /** A 2-D weight kept transposed (PyTorch Linear's out×in kept as in×out, so products run untransposed). */
  readonly transposed: boolean;
}

/** A linear layer: y = x·W (+ b) with W kept in×out. LoRA adapts these. */
export interface LinearModule {
  /** Module path as in the model's Python class (PEFT's key), e.g. `transformer.h.0.attn.c_attn`. */
  readonly path: string;
  /** The kind LoRA targets name, e.g. `c_attn`, `q_proj`. */
  readonly kind: string;
  readonly weight: string;
  readonly bias?: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
}

/** The sizes every architecture reports: the project's TransformerConfig without the value heads, which the trainer adds. */
export type DecoderSizes = Omit<TransformerConfig, 'nValueHeads'>;

/** A decoder architecture bound to one checkpoint's config.json and key layout. */
export interface DecoderArchitecture {
  /** config.json's model_type. */
  readonly modelType: string;
  readonly sizes: DecoderSizes;
  /** Every parameter tensor the checkpoint must hold, in a stable order. */
  readonly tensors: readonly DecoderTensor[];
  /** Tensors the checkpoint may hold that are not parameters (attention-mask buffers): skipped on load, copied on export. */
  isBuffer(fileName: string): boolean;
  /** A checkpoint tensor that repeats a parameter (GPT-2's lm_head.weight beside a tied wte): the parameter's name. */
  aliasOf(fileName: string): string | undefined;
  readonly linears: readonly LinearModule[];
  /** The V×D weight the LM head multiplies by (the token embedding when tied). */
  readonly headWeight: string;
  /** Every LoRA target kind, and the default set (PEFT's defaults for the architecture). */
  readonly loraKinds: readonly string[];
  readonly defaultLoraKinds: readonly string[];
  /** Whether the file stores linear weights in×out (GPT-2's Conv1D: PEFT's fan_in_fan_out). */
  readonly fanInFanOut: boolean;
  /**
   * Tokens B×L at positions past..past+L−1 → final hidden states B×L×D, and (withCache) the
   * keys and values of every layer so far. `adapters` false runs the base weights alone.
   */
  trunk(
    parameters: DecoderParameters,
    tokens: tf.Tensor2D,
    past: readonly KeyValueCache[] | undefined,
    withCache: boolean,
    adapters: boolean,
  ): { hidden: tf.Tensor3D; cache: KeyValueCache[] };
}
