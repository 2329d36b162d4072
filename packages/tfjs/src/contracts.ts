// The interfaces the model, sampling and trainer modules of pama-tfjs agree on.
// Types only: implementations live in their own files.
import type * as tf from '@tensorflow/tfjs-core';

/** Sizes of the decoder-only transformer. */
export interface TransformerConfig {
  readonly vocabSize: number;
  /** Maximum sequence length (prompt + response), size of the position embedding. */
  readonly contextLength: number;
  readonly dModel: number;
  readonly nHeads: number;
  readonly nLayers: number;
  /** Hidden width of each block's MLP. */
  readonly dMlp: number;
  /** Number of value heads: one per objective for GAE, 0 for a policy-only model (the critic-free group estimator). */
  readonly nValueHeads: number;
}

/** Serialisable state of the seeded random number generator (exact resume needs it). */
export interface RngState {
  readonly algorithm: string;
  readonly state: readonly number[];
}

/** A seeded, reproducible random number generator. */
export interface Rng {
  /** Uniform in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** The whole state, for a checkpoint. */
  getState(): RngState;
  /** Continues exactly where the state was taken. */
  setState(state: RngState): void;
}

/** What a forward pass of the policy/value model gives for tokens B×L. */
export interface ForwardOutput {
  /** Final hidden states after the last layer norm, B×L×D (the shared representation MGDA-UB uses). */
  readonly hidden: tf.Tensor3D;
  /** Next-token logits, B×L×V: logits[b, t] scores the token at position t + 1. */
  readonly logits: tf.Tensor3D;
  /** One value per head, B×L×N: values[b, t, i] = V^i(s_t) for the prefix ending at t (B×L×0, nothing projected, when N is 0). */
  readonly values: tf.Tensor3D;
}

/** Named weights, plain data: what checkpoints store. */
export type WeightMap = Record<string, { readonly shape: readonly number[]; readonly data: Float32Array }>;

/** A causal language model with N ≥ 0 value heads on its final hidden states. */
export interface PolicyValueModel {
  readonly config: TransformerConfig;
  /** Every trainable variable (trunk, LM head, value heads), in a stable order with stable names. */
  readonly trainableVariables: readonly tf.Variable[];
  /** Variables of the value heads only (a subset of trainableVariables; empty when N is 0). */
  readonly valueHeadVariables: readonly tf.Variable[];
  /** Trunk: int32 tokens B×L → final hidden states B×L×D. */
  hidden(tokens: tf.Tensor2D): tf.Tensor3D;
  /** LM head applied to hidden states B×L×D → logits B×L×V. */
  logitsFromHidden(hidden: tf.Tensor3D): tf.Tensor3D;
  /** Value heads applied to hidden states B×L×D → values B×L×N (an empty B×L×0 tensor when N is 0). */
  valuesFromHidden(hidden: tf.Tensor3D): tf.Tensor3D;
  /** Logits and one value per head for every position of B×L token ids (call inside tf.tidy). */
  forward(tokens: tf.Tensor2D): ForwardOutput;
  /** A copy with its own, non-trainable variables: the frozen reference policy (made on the backend, no read). */
  cloneFrozen(): PolicyValueModel;
  /** The weights as plain data (an asynchronous read from the backend). */
  exportWeights(): Promise<WeightMap>;
  /** Restores weights exported by a model of the same config; throws naming the first mismatching weight. */
  importWeights(weights: WeightMap): void;
  /** Frees the model's variables. */
  dispose(): void;
}

/** A tokenizer for the bundled corpus; the interface stays general. */
export interface Tokenizer {
  readonly vocabSize: number;
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly unkId: number;
  /** Token ids of a text (no specials added). */
  encode(text: string): number[];
  /** The text of token ids. */
  decode(ids: ArrayLike<number>): string;
  /** JSON-serialisable form; a tokenizer rebuilt from it encodes identically. */
  toJSON(): unknown;
}

/** How {@link generate} samples. */
export interface GenerateOptions {
  /** Tokens sampled after each prompt, at most. */
  readonly maxNewTokens: number;
  /** > 0; 1 samples from the model's distribution. */
  readonly temperature: number;
  /** 0 = no top-k filtering. */
  readonly topK: number;
  /** Generation of a row stops after this token (it is kept and counts as a response token). */
  readonly eosId?: number;
  /** Further tokens that end a row like eosId (a model may have several, e.g. Qwen2's <|im_end|> and <|endoftext|>). */
  readonly stopIds?: readonly number[];
  /** Filler after a row has ended (default 0). */
  readonly padId?: number;
  /** Draws the samples; its state advances. */
  readonly rng: Rng;
}

/** B sequences: prompts of one common length P, then up to maxNewTokens sampled tokens. */
export interface Generation {
  /** Row-major B×(P + maxNewTokens) int32; positions after a row's end hold padId. */
  readonly tokens: Int32Array;
  readonly batchSize: number;
  readonly promptLength: number;
  readonly maxNewTokens: number;
  /** Row-major B×maxNewTokens: 1 for each generated token up to and including EOS, else 0. */
  readonly responseMask: Float32Array;
  /** Number of response tokens per row. */
  readonly responseLengths: Int32Array;
  /**
   * Row-major B×maxNewTokens: the natural-log probability of each generated token under the model
   * given everything before it, at temperature 1 (before temperature and top-k); 0 after a row's end.
   */
  readonly logProbs?: Float32Array;
}
