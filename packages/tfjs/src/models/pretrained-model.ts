// A pre-trained decoder (GPT-2, Llama, Qwen2) behind the PolicyValueModel contract, so the trainer
// runs on it unchanged: N value heads on the final hidden states (none when N is 0: a policy-only
// model for the critic-free group estimator), a key/value cache for decoding, and parameters split
// into trained and frozen ones.
//
// Three roles share this class. The policy owns its variables: with LoRA the base is frozen and
// the adapters and value heads train; without, everything trains (full fine-tuning). Its reference
// (cloneFrozen) is, with LoRA, a view of the same base with the adapters off (no second copy);
// without LoRA, a frozen copy.
//
// What a trainer checkpoint stores (exportWeights) is what training can change: the trained
// variables. The frozen base is not stored: it is the checkpoint the model was loaded from, which
// config.source identifies by a SHA-256 of its parameter tensors, and a trainer resumes only into
// a model whose config matches. A frozen copy made before any update is that source too and stores
// nothing; one made later stores its weights.
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardOutput, PolicyValueModel, TransformerConfig, WeightMap } from '../contracts.js';
import type { KeyValueCache } from './attention.js';
import { ModelInputError, requireInteger } from './model-errors.js';
import { forwardPass, noValues } from './forward-pass.js';
import { dense } from './transformer-layers.js';
import type { IncrementalDecoder } from './transformer.js';
import { tuneWasmKernels } from '../backends/wasm-kernel-tuning.js';
import type { CheckpointTensorInfo } from '../model-io/safetensors-checkpoint.js';
import type { DecoderArchitecture } from './decoder-architecture.js';
import { DecoderParameters, type LoraAdapter } from './decoder-parameters.js';
import type { LoraSettings } from './lora.js';

/** The sizes of a loaded model plus what identifies it (a trainer checkpoint resumes only into an equal config). */
export interface PretrainedModelConfig extends TransformerConfig {
  /** config.json's model_type. */
  readonly architecture: string;
  /** `sha256:<hex>` of the loaded parameter tensors (names, dtypes, shapes, bytes). */
  readonly source: string;
  /** The LoRA settings, or 'none'. */
  readonly lora: string;
}

/** Where a model was loaded from: what an export needs to write the same layout. */
export interface PretrainedSource {
  readonly dir: string;
  /** config.json as read. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Every tensor of the checkpoint, in file order. */
  readonly tensors: readonly CheckpointTensorInfo[];
}

/** The N value heads as one D×N weight and an N bias. */
export interface ValueHeadVariables {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable;
}

/** The variables of a loaded model. */
export interface PretrainedParts {
  readonly base: ReadonlyMap<string, tf.Variable>;
  /** Undefined for a model with no value heads (nValueHeads 0). */
  readonly valueHead: ValueHeadVariables | undefined;
  readonly adapters: ReadonlyMap<string, LoraAdapter>;
}

type Role = 'policy' | 'view' | 'copy';

const VALUE_WEIGHT = 'value_head.weight';
const VALUE_BIAS = 'value_head.bias';

const dataIdOf = (t: tf.Tensor): object => (t as unknown as { dataId: object }).dataId;

/**
 * A Hugging Face decoder as a policy with value heads. Built by `loadPretrainedModel`.
 *
 * @example
 * const model = await loadPretrainedModel('models/gpt2', { nValueHeads: 2, lora: { rank: 8 } });
 * const reference = model.cloneFrozen(); // the base with the adapters off
 * model.config.lora; // 'r=8,alpha=16,targets=c_attn'
 */
export class PretrainedPolicyModel implements PolicyValueModel, IncrementalDecoder {
  readonly trainableVariables: readonly tf.Variable[];
  readonly valueHeadVariables: readonly tf.Variable[];
  /** Variables no optimizer touches: the base under LoRA, everything of a reference. */
  readonly frozenVariables: readonly tf.Variable[];
  private readonly parameters: DecoderParameters;
  /** The base variables' data when loaded: a frozen copy made while they are unchanged is the source itself. */
  private readonly loadedData: ReadonlyMap<string, object>;
  private disposed = false;

  /** @internal Use loadPretrainedModel. */
  constructor(
    readonly config: PretrainedModelConfig,
    readonly architecture: DecoderArchitecture,
    readonly source: PretrainedSource,
    readonly lora: LoraSettings | undefined,
    private readonly parts: PretrainedParts,
    private readonly role: Role,
    private readonly isSource: boolean,
    parameters?: DecoderParameters,
  ) {
    this.parameters = parameters ?? new DecoderParameters(parts.base, parts.adapters);
    const base = [...parts.base.values()];
    const heads = parts.valueHead === undefined ? [] : [parts.valueHead.weight, parts.valueHead.bias];
    if (role === 'policy') {
      const adapters = [...parts.adapters.values()].flatMap((a) => [a.a, a.b]);
      this.trainableVariables = lora === undefined ? [...base, ...heads] : [...adapters, ...heads];
      this.valueHeadVariables = heads;
      this.frozenVariables = lora === undefined ? [] : base;
    } else {
      this.trainableVariables = [];
      this.valueHeadVariables = [];
      this.frozenVariables = base;
    }
    this.loadedData = new Map([...parts.base].map(([name, v]) => [name, dataIdOf(v)]));
  }

  /** True for the policy of a LoRA model, and for views: whether the adapters take part in the forward pass. */
  private get adaptersOn(): boolean {
    return this.role === 'policy' && this.lora !== undefined;
  }

  private assertAlive(): void {
    if (this.disposed) throw new ModelInputError('model', 'disposed', 'must not be used after dispose()');
  }

  private checkTokens(tokens: tf.Tensor2D, pastLength: number): void {
    this.assertAlive();
    if (tokens.rank !== 2) throw new ModelInputError('tokens.shape', tokens.shape, 'must be rank 2 (B×L)');
    if (tokens.dtype !== 'int32') throw new ModelInputError('tokens.dtype', tokens.dtype, 'must be int32');
    requireInteger('tokens.shape[0]', tokens.shape[0], 1);
    requireInteger('tokens.shape[1]', tokens.shape[1], 1);
    if (pastLength + tokens.shape[1] > this.config.contextLength) {
      throw new ModelInputError(
        'tokens.shape[1]',
        pastLength + tokens.shape[1],
        `(with ${pastLength} cached positions) must be <= the model's context length ${this.config.contextLength}`,
      );
    }
  }

  private trunk(
    tokens: tf.Tensor2D,
    past: readonly KeyValueCache[] | undefined,
    withCache: boolean,
  ): { hidden: tf.Tensor3D; cache: KeyValueCache[] } {
    const pastLength = past && past.length > 0 ? past[0].keys.shape[2] : 0;
    this.checkTokens(tokens, pastLength);
    if (past && past.length !== this.config.nLayers) {
      throw new ModelInputError('past.length', past.length, `must equal the number of layers ${this.config.nLayers}`);
    }
    tuneWasmKernels();
    return this.architecture.trunk(this.parameters, tokens, past, withCache, this.adaptersOn);
  }

  decodeWithCache(tokens: tf.Tensor2D, past: readonly KeyValueCache[] | undefined): { hidden: tf.Tensor3D; cache: KeyValueCache[] } {
    return this.trunk(tokens, past, true);
  }

  hidden(tokens: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => this.trunk(tokens, undefined, false).hidden);
  }

  logitsFromHidden(hidden: tf.Tensor3D): tf.Tensor3D {
    this.assertAlive();
    return tf.tidy(() => {
      const [b, l, d] = hidden.shape;
      const flat = this.parameters.head(this.architecture.headWeight, tf.reshape(hidden, [b * l, d]));
      return tf.reshape(flat, [b, l, this.config.vocabSize]);
    });
  }

  valuesFromHidden(hidden: tf.Tensor3D): tf.Tensor3D {
    this.assertAlive();
    const head = this.parts.valueHead;
    if (head === undefined) return noValues(hidden);
    return tf.tidy(() => dense(hidden, head.weight as unknown as tf.Tensor2D, head.bias as unknown as tf.Tensor1D));
  }

  forward(tokens: tf.Tensor2D): ForwardOutput {
    return forwardPass(this, tokens);
  }

  /** With LoRA: a view of the same base with the adapters off. Without: a frozen copy. */
  cloneFrozen(): PretrainedPolicyModel {
    this.assertAlive();
    if (this.lora !== undefined) {
      return new PretrainedPolicyModel(this.config, this.architecture, this.source, this.lora, this.parts, 'view', true, this.parameters);
    }
    const unchanged = [...this.parts.base].every(([name, v]) => dataIdOf(v) === this.loadedData.get(name));
    const scope = [...this.parts.base.values()][0].name.split('/')[0];
    const prefix = `${scope}-frozen${freeCopyIndex(scope)}`;
    const copy = (v: tf.Variable, name: string): tf.Variable => tf.variable(v, false, `${prefix}/${name}`);
    const base = new Map([...this.parts.base].map(([name, v]) => [name, copy(v, name)]));
    const head = this.parts.valueHead;
    const parts: PretrainedParts = {
      base,
      valueHead: head === undefined ? undefined : { weight: copy(head.weight, VALUE_WEIGHT), bias: copy(head.bias, VALUE_BIAS) },
      adapters: new Map(),
    };
    return new PretrainedPolicyModel(this.config, this.architecture, this.source, undefined, parts, 'copy', this.isSource && unchanged);
  }

  /** The named variables a checkpoint stores for this model (see the file comment). */
  private checkpointed(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    if (this.role === 'view' || (this.role === 'copy' && this.isSource)) return out;
    if (this.role === 'copy' || this.lora === undefined) for (const [name, v] of this.parts.base) out.set(name, v);
    for (const [path, adapter] of this.parts.adapters) {
      out.set(`${path}.lora_A`, adapter.a);
      out.set(`${path}.lora_B`, adapter.b);
    }
    if (this.parts.valueHead !== undefined) {
      out.set(VALUE_WEIGHT, this.parts.valueHead.weight);
      out.set(VALUE_BIAS, this.parts.valueHead.bias);
    }
    return out;
  }

  /** What a trainer checkpoint stores: the trained variables (nothing for a reference equal to the source). */
  async exportWeights(): Promise<WeightMap> {
    this.assertAlive();
    const entries = [...this.checkpointed()];
    // GPU→CPU read: every stored variable, all requested before any is awaited.
    const data = (await Promise.all(entries.map(([, v]) => v.data()))) as Float32Array[];
    const weights: WeightMap = {};
    entries.forEach(([name, v], k) => {
      weights[name] = { shape: [...v.shape], data: data[k] };
    });
    return weights;
  }

  /** Restores what exportWeights gave; checks every name, shape and value before assigning any. */
  importWeights(weights: WeightMap): void {
    this.assertAlive();
    const expected = this.checkpointed();
    if (weights === null || typeof weights !== 'object') throw new ModelInputError('weights', weights, 'must be an object');
    for (const name of Object.keys(weights)) {
      if (!expected.has(name)) throw new ModelInputError(`weights["${name}"]`, name, 'is not a stored weight of this model');
    }
    for (const [name, v] of expected) {
      const entry = weights[name];
      if (entry === undefined) throw new ModelInputError(`weights["${name}"]`, undefined, 'is missing');
      if (entry.shape.length !== v.shape.length || entry.shape.some((n, i) => n !== v.shape[i])) {
        throw new ModelInputError(`weights["${name}"].shape`, entry.shape, `must be [${v.shape.join(', ')}]`);
      }
      if (!(entry.data instanceof Float32Array) || entry.data.length !== v.size) {
        throw new ModelInputError(`weights["${name}"].data`, entry.data?.length, `must be a Float32Array of length ${v.size}`);
      }
      const bad = entry.data.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new ModelInputError(`weights["${name}"].data[${bad}]`, entry.data[bad], 'must be finite');
    }
    for (const [name, v] of expected) {
      const value = tf.tensor(weights[name].data, [...v.shape], 'float32');
      v.assign(value);
      value.dispose();
    }
  }

  /**
   * The weights in the source checkpoint's layout: each parameter under its file name and shape (LoRA
   * merged in: W + (α/r)·A·B), read one at a time when the writer asks. Buffers and aliases are named
   * for the caller to fill.
   *
   * @example
   * const model = await loadPretrainedModel('models/gpt2', { lora: { rank: 8 } });
   * const weight = await model.fileTensor('h.0.attn.c_attn.weight'); // merged, in the file's layout
   * weight.length === model.config.dModel * 3 * model.config.dModel; // true: GPT-2 stores it d×3d
   */
  async fileTensor(name: string): Promise<Float32Array> {
    this.assertAlive();
    const spec = this.architecture.tensors.find((t) => t.name === name);
    if (spec === undefined) throw new ModelInputError('tensor', name, 'is not a parameter of this model');
    const variable = this.parts.base.get(name)!;
    const adapted =
      this.lora === undefined ? undefined : this.architecture.linears.find((l) => l.weight === name && this.parts.adapters.has(l.path));
    const merged = tf.tidy(() => {
      let w = variable as unknown as tf.Tensor2D;
      if (adapted !== undefined) {
        const adapter = this.parts.adapters.get(adapted.path)!;
        w = tf.add(w, tf.mul(tf.matMul(adapter.a, adapter.b), adapter.scale)) as tf.Tensor2D;
      }
      return spec.transposed ? tf.transpose(w) : tf.clone(w);
    });
    // GPU→CPU read: one weight for the export writer.
    const data = (await merged.data()) as Float32Array;
    merged.dispose();
    return data;
  }

  /** Value heads in PyTorch Linear layout: weight N×D, bias N (both empty when N is 0). */
  async valueHeadTensors(): Promise<{ weight: Float32Array; bias: Float32Array }> {
    this.assertAlive();
    const head = this.parts.valueHead;
    if (head === undefined) return { weight: new Float32Array(0), bias: new Float32Array(0) };
    const weight = tf.tidy(() => tf.transpose(head.weight));
    // GPU→CPU read: the value heads for their export file.
    const [w, b] = (await Promise.all([weight.data(), head.bias.data()])) as Float32Array[];
    weight.dispose();
    return { weight: w, bias: b };
  }

  /** LoRA adapters in PEFT's layout (lora_A r×in, lora_B out×r), by module path. */
  async adapterTensors(): Promise<Map<string, { a: Float32Array; b: Float32Array; inFeatures: number; outFeatures: number }>> {
    this.assertAlive();
    const out = new Map<string, { a: Float32Array; b: Float32Array; inFeatures: number; outFeatures: number }>();
    for (const [path, adapter] of this.parts.adapters) {
      const [a, b] = tf.tidy(() => [tf.transpose(adapter.a), tf.transpose(adapter.b)]);
      // GPU→CPU read: one adapter for the PEFT export.
      const [ad, bd] = (await Promise.all([a.data(), b.data()])) as Float32Array[];
      tf.dispose([a, b]);
      out.set(path, { a: ad, b: bd, inFeatures: adapter.a.shape[0]!, outFeatures: adapter.b.shape[1]! });
    }
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.role === 'view') return;
    this.parameters.disposeCaches();
    for (const v of this.parts.base.values()) v.dispose();
    for (const a of this.parts.adapters.values()) tf.dispose([a.a, a.b]);
    if (this.parts.valueHead !== undefined) tf.dispose([this.parts.valueHead.weight, this.parts.valueHead.bias]);
  }
}

/** Lowest k such that no variable is named `${prefix}-frozen${k}/…`. */
function freeCopyIndex(prefix: string): number {
  const taken = Object.keys(tf.engine().registeredVariables);
  for (let k = 0; ; k++) if (!taken.some((n) => n.startsWith(`${prefix}-frozen${k}/`))) return k;
}

/** Used by the loader: the value-head variable names, so checkpoints name them the same in every process. */
export const VALUE_HEAD_NAMES = { weight: VALUE_WEIGHT, bias: VALUE_BIAS } as const;
