// The decoder-only policy/value transformer: token + learned position embeddings, pre-LN blocks of
// causal multi-head self-attention and a GELU MLP, a final layer norm, an LM head tied to the
// token embedding, and N linear value heads on the final hidden states (none for a policy-only
// model, nValueHeads 0: the critic-free group estimator trains no critic).
//
// Why tied: at the default size the vocabulary (≤ 3000 × 64) is the largest weight; tying halves
// it, which speeds up Adam and the frozen reference copy, and regularises a model pre-trained on a
// small corpus. A separate per-token output bias keeps the unigram prior cheap to learn.
import * as tf from '@tensorflow/tfjs-core';
import '../backends/register-gradients.js';
import type { ForwardOutput, PolicyValueModel, TransformerConfig, WeightMap } from '../contracts.js';
import { forwardPass, noValues } from './forward-pass.js';
import { causalSelfAttention, causalSelfAttentionNoCache, type KeyValueCache } from './attention.js';
import { ModelInputError, requireInteger } from './model-errors.js';
import { elementCount, isValueHeadParameter, parameterLayout, type ParameterSpec } from './parameter-layout.js';
import { affineTransposed } from './plain-matmul.js';
import { createRng, nextStandardNormal } from '../random/rng-xoshiro.js';
import { dense, embeddingLookup, gelu, layerNorm } from './transformer-layers.js';
import { validateTransformerConfig } from './transformer-config.js';
import { validateWeightMap } from './weight-map-validation.js';
import { tuneWasmKernels } from '../backends/wasm-kernel-tuning.js';

/** A model that can decode incrementally with a key/value cache (generate() uses it when present). Call inside tf.tidy. */
export interface IncrementalDecoder {
  /** tokens B×L placed at absolute positions start..start+L-1 after `past` (one cache per layer). */
  decodeWithCache(tokens: tf.Tensor2D, past: readonly KeyValueCache[] | undefined): { hidden: tf.Tensor3D; cache: KeyValueCache[] };
}

/**
 * True when `model` can decode with a key/value cache.
 *
 * @example
 * isIncrementalDecoder(createPolicyValueModel(DEFAULT_MODEL_CONFIG, { seed: 1 })); // true
 */
export function isIncrementalDecoder(model: unknown): model is IncrementalDecoder {
  return typeof (model as Partial<IncrementalDecoder>).decodeWithCache === 'function';
}

/** Options of {@link createPolicyValueModel}. */
export interface CreateModelOptions {
  /** Seed of the deterministic initialisation (drawn from xoshiro128**, never from tfjs initialisers). */
  readonly seed: number;
}

/** Lowest free `pvm<k>` prefix, so variable names are unique yet reproducible within a process. */
function freeVariablePrefix(firstName: string): string {
  const registered = tf.engine().registeredVariables;
  for (let k = 0; ; k++) {
    if (registered[`pvm${k}/${firstName}`] === undefined) return `pvm${k}`;
  }
}

class TransformerPolicyValueModel implements PolicyValueModel, IncrementalDecoder {
  readonly trainableVariables: readonly tf.Variable[];
  readonly valueHeadVariables: readonly tf.Variable[];
  private readonly specs: readonly ParameterSpec[];
  private readonly byName: ReadonlyMap<string, tf.Variable>;
  private disposed = false;

  /** `initial` holds each parameter's values: plain data, or tensors on the backend (copied, not read). */
  constructor(
    readonly config: TransformerConfig,
    initial: readonly (Float32Array | tf.Tensor)[],
    trainable: boolean,
  ) {
    this.specs = parameterLayout(config);
    const prefix = freeVariablePrefix(this.specs[0].name);
    const variables = this.specs.map((spec, i) => {
      const source = initial[i];
      const init = source instanceof tf.Tensor ? tf.clone(source) : tf.tensor(source, spec.shape as number[], 'float32');
      const variable = tf.variable(init, trainable, `${prefix}/${spec.name}`);
      init.dispose();
      return variable;
    });
    this.byName = new Map(this.specs.map((spec, i) => [spec.name, variables[i]]));
    this.trainableVariables = trainable ? variables : [];
    this.valueHeadVariables = trainable ? variables.filter((_, i) => this.specs[i].valueHead) : [];
  }

  private v<R extends tf.Rank>(name: string): tf.Tensor<R> {
    const variable = this.byName.get(name);
    if (variable === undefined) throw new Error(`internal: no parameter named ${name}`);
    return variable as unknown as tf.Tensor<R>;
  }

  private checkTokens(tokens: tf.Tensor2D, pastLength: number): void {
    this.assertAlive();
    if (tokens.rank !== 2) throw new ModelInputError('tokens.shape', tokens.shape, 'must be rank 2 (B×L)');
    if (tokens.dtype !== 'int32') throw new ModelInputError('tokens.dtype', tokens.dtype, 'must be int32');
    const [b, l] = tokens.shape;
    requireInteger('tokens.shape[0]', b, 1);
    requireInteger('tokens.shape[1]', l, 1);
    if (pastLength + l > this.config.contextLength) {
      throw new ModelInputError(
        'tokens.shape[1]',
        pastLength + l,
        `(with ${pastLength} cached positions) must be <= config.contextLength = ${this.config.contextLength}`,
      );
    }
  }

  private assertAlive(): void {
    if (this.disposed) throw new ModelInputError('model', 'disposed', 'must not be used after dispose()');
  }

  decodeWithCache(tokens: tf.Tensor2D, past: readonly KeyValueCache[] | undefined): { hidden: tf.Tensor3D; cache: KeyValueCache[] } {
    return this.trunk(tokens, past, true);
  }

  /** The blocks and final layer norm; without `withCache` attention runs as one op per layer and no cache is built. */
  private trunk(
    tokens: tf.Tensor2D,
    past: readonly KeyValueCache[] | undefined,
    withCache: boolean,
  ): { hidden: tf.Tensor3D; cache: KeyValueCache[] } {
    const pastLength = past && past.length > 0 ? past[0].keys.shape[2] : 0;
    this.checkTokens(tokens, pastLength);
    tuneWasmKernels();
    if (past && past.length !== this.config.nLayers) {
      throw new ModelInputError('past.length', past.length, `must equal config.nLayers = ${this.config.nLayers}`);
    }
    const length = tokens.shape[1];
    const positions = tf.slice(this.v<tf.Rank.R2>('embedding.position'), [pastLength, 0], [length, -1]);
    let x = tf.add(embeddingLookup(this.v<tf.Rank.R2>('embedding.token'), tokens), positions) as tf.Tensor3D;
    const cache: KeyValueCache[] = [];
    for (let i = 0; i < this.config.nLayers; i++) {
      const p = `block${i}`;
      const normed1 = layerNorm(x, this.v(`${p}.ln1.gain`), this.v(`${p}.ln1.bias`));
      const weights = {
        qkvWeight: this.v<tf.Rank.R2>(`${p}.attention.qkv.weight`),
        qkvBias: this.v<tf.Rank.R1>(`${p}.attention.qkv.bias`),
        outWeight: this.v<tf.Rank.R2>(`${p}.attention.out.weight`),
        outBias: this.v<tf.Rank.R1>(`${p}.attention.out.bias`),
      };
      if (withCache) {
        const attended = causalSelfAttention(normed1, weights, this.config.nHeads, past?.[i]);
        cache.push(attended.cache);
        x = tf.add(x, attended.output);
      } else {
        x = tf.add(x, causalSelfAttentionNoCache(normed1, weights, this.config.nHeads));
      }
      const normed = layerNorm(x, this.v(`${p}.ln2.gain`), this.v(`${p}.ln2.bias`));
      const inner = gelu(dense(normed, this.v(`${p}.mlp.in.weight`), this.v(`${p}.mlp.in.bias`)));
      x = tf.add(x, dense(inner, this.v(`${p}.mlp.out.weight`), this.v(`${p}.mlp.out.bias`)));
    }
    return { hidden: layerNorm(x, this.v('final_ln.gain'), this.v('final_ln.bias')), cache };
  }

  hidden(tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.trunk(tokens, undefined, false).hidden);
  }

  logitsFromHidden(hidden: tf.Tensor3D): tf.Tensor3D {
    this.assertAlive();
    return tf.tidy(() => {
      const [b, l, d] = hidden.shape;
      const flat = affineTransposed(tf.reshape(hidden, [b * l, d]), this.v<tf.Rank.R2>('embedding.token'), this.v('lm_head.bias'));
      return tf.reshape(flat, [b, l, this.config.vocabSize]);
    });
  }

  valuesFromHidden(hidden: tf.Tensor3D): tf.Tensor3D {
    this.assertAlive();
    const n = this.config.nValueHeads;
    if (n === 0) return noValues(hidden);
    return tf.tidy(() => {
      const weights = tf.concat(
        Array.from({ length: n }, (_, i) => this.v<tf.Rank.R2>(`value${i}.weight`)),
        1,
      );
      const biases = tf.concat(
        Array.from({ length: n }, (_, i) => this.v<tf.Rank.R1>(`value${i}.bias`)),
        0,
      );
      return dense(hidden, weights, biases);
    });
  }

  forward(tokens: tf.Tensor2D): ForwardOutput {
    return forwardPass(this, tokens);
  }

  cloneFrozen(): PolicyValueModel {
    this.assertAlive();
    return new TransformerPolicyValueModel(
      this.config,
      this.specs.map((spec) => this.byName.get(spec.name)!),
      false,
    );
  }

  async exportWeights(): Promise<WeightMap> {
    this.assertAlive();
    // GPU→CPU read: plain-data weights for checkpoints (every parameter requested before any is awaited).
    const data = (await Promise.all(this.specs.map((spec) => this.byName.get(spec.name)!.data()))) as Float32Array[];
    const weights: WeightMap = {};
    this.specs.forEach((spec, i) => {
      weights[spec.name] = { shape: [...spec.shape], data: data[i] };
    });
    return weights;
  }

  importWeights(weights: WeightMap): void {
    this.assertAlive();
    validateWeightMap(weights, this.specs);
    for (const spec of this.specs) {
      const entry = weights[spec.name];
      const value = tf.tensor(entry.data, spec.shape as number[], 'float32');
      this.byName.get(spec.name)!.assign(value);
      value.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const variable of this.byName.values()) variable.dispose();
  }
}

/** Deterministic initial values: every normal draw comes from xoshiro128** seeded with `seed`. */
function initialValues(specs: readonly ParameterSpec[], seed: number): Float32Array[] {
  const rng = createRng(seed);
  return specs.map((spec) => {
    const data = new Float32Array(elementCount(spec.shape));
    if (spec.init.kind === 'ones') data.fill(1);
    else if (spec.init.kind === 'normal') {
      for (let i = 0; i < data.length; i++) data[i] = nextStandardNormal(rng) * spec.init.std;
    }
    return data;
  });
}

/**
 * Builds a trainable policy/value transformer; equal configs and seeds give equal weights.
 *
 * @example
 * const model = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 2 }, { seed: 1 });
 * const { logits, values } = tf.tidy(() => model.forward(tf.tensor2d([[1, 17, 42]], undefined, 'int32')));
 * logits.shape; // [1, 3, 50]
 * values.shape; // [1, 3, 2]
 */
export function createPolicyValueModel(config: TransformerConfig, options: CreateModelOptions): PolicyValueModel {
  validateTransformerConfig(config);
  if (options === null || typeof options !== 'object' || !Number.isSafeInteger(options.seed)) {
    throw new ModelInputError('options.seed', options?.seed, 'must be a safe integer');
  }
  const frozenConfig: TransformerConfig = Object.freeze({ ...config });
  return new TransformerPolicyValueModel(frozenConfig, initialValues(parameterLayout(frozenConfig), options.seed), true);
}

/**
 * The weights of a built-in model without its value heads: what a model of the same sizes with
 * nValueHeads 0 imports (a critic-free run starting from a model pre-trained with heads). The
 * heads are zero-initialised and draw no random numbers, so the rest is the same with or without.
 *
 * @example
 * const weights = await createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 2 }, { seed: 1 }).exportWeights();
 * const policyOnly = createPolicyValueModel({ ...QUICK_MODEL_CONFIG, vocabSize: 50, nValueHeads: 0 }, { seed: 1 });
 * policyOnly.importWeights(withoutValueHeads(weights));
 * policyOnly.trainableVariables.length; // 17
 */
export function withoutValueHeads(weights: WeightMap): WeightMap {
  return Object.fromEntries(Object.entries(weights).filter(([name]) => !isValueHeadParameter(name)));
}

/**
 * Number of scalar parameters of a model with this config.
 *
 * @example
 * parameterCount(QUICK_MODEL_CONFIG); // the size of the `--quick` model
 */
export function parameterCount(config: TransformerConfig): number {
  return parameterLayout(validateTransformerConfig(config)).reduce((n, spec) => n + elementCount(spec.shape), 0);
}
