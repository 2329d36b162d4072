// The variables of a pre-trained decoder and the products over them. Each base weight is trained
// (full fine-tuning) or frozen (LoRA, the reference policy); a frozen weight gets no gradient
// work: its products differentiate with respect to their input only. LoRA adds, to each adapted
// linear layer, (α/r)·(x·A)·B with A in×r and B r×out, switched off to evaluate the base alone.
//
// The WebAssembly backend multiplies quickly only when neither operand is transposed (see
// model/plain-matmul.ts), so products whose gradient needs a weight's transpose take it from a
// cache that is rebuilt only when the weight changes (an optimizer step gives a variable new data).
import * as tf from '@tensorflow/tfjs-core';
import { affine, plainMatMul } from './plain-matmul.js';
import { embeddingLookup } from './transformer-layers.js';
import type { LinearModule } from './decoder-architecture.js';
import { frozenProduct } from './decoder-layers.js';

/** One LoRA adapter: A in×r, B r×out and the scale α/r. */
export interface LoraAdapter {
  readonly a: tf.Variable;
  readonly b: tf.Variable;
  readonly scale: number;
}

interface CachedTranspose {
  readonly dataId: object;
  readonly value: tf.Tensor2D;
}

const dataIdOf = (t: tf.Tensor): object => (t as unknown as { dataId: object }).dataId;

/**
 * A model's parameters: base variables by name, LoRA adapters by module path.
 *
 * @example
 * const weight = tf.variable(tf.tensor2d([[1, 0], [0, 1], [1, 1]]), false); // in×out, frozen
 * const adapter = { a: tf.variable(tf.ones([3, 1])), b: tf.variable(tf.tensor2d([[1, 0]])), scale: 0.5 }; // rank 1
 * const parameters = new DecoderParameters(new Map([['fc.weight', weight]]), new Map([['fc', adapter]]));
 * const module = { path: 'fc', kind: 'fc', weight: 'fc.weight', inFeatures: 3, outFeatures: 2 };
 * const x = tf.tensor2d([[1, 2, 3]]);
 * parameters.linear(module, x, false); // [[4, 5]]: x·W
 * parameters.linear(module, x, true); // [[7, 5]]: x·W + (α/r)·(x·A)·B
 */
export class DecoderParameters {
  private readonly transposes = new Map<tf.Variable, CachedTranspose>();

  constructor(
    private readonly variables: ReadonlyMap<string, tf.Variable>,
    readonly adapters: ReadonlyMap<string, LoraAdapter>,
  ) {}

  /** A base variable by the model's name for it. */
  get<R extends tf.Rank>(name: string): tf.Tensor<R> {
    const variable = this.variables.get(name);
    if (variable === undefined) throw new Error(`internal: no parameter named ${name}`);
    return variable as unknown as tf.Tensor<R>;
  }

  /** The transpose of a 2-D variable, cached until the variable's data changes. */
  transposed(variable: tf.Variable): tf.Tensor2D {
    const id = dataIdOf(variable);
    const cached = this.transposes.get(variable);
    if (cached !== undefined && cached.dataId === id) return cached.value;
    cached?.value.dispose();
    const value = tf.keep(tf.transpose(variable as unknown as tf.Tensor2D));
    this.transposes.set(variable, { dataId: id, value });
    return value;
  }

  /** x N×in → N×out through a linear module, its LoRA adapter added when `adapters` is on. */
  linear(module: LinearModule, x: tf.Tensor2D, adapters: boolean): tf.Tensor2D {
    const weight = this.variables.get(module.weight)!;
    const bias = module.bias === undefined ? undefined : (this.variables.get(module.bias)! as unknown as tf.Tensor1D);
    const w = weight as unknown as tf.Tensor2D;
    let y: tf.Tensor2D;
    if (weight.trainable) y = bias === undefined ? plainMatMul(x, w) : affine(x, w, bias);
    else y = frozenProduct(x, w, () => this.transposed(weight), bias);
    const adapter = adapters ? this.adapters.get(module.path) : undefined;
    if (adapter === undefined) return y;
    const low = plainMatMul(plainMatMul(x, adapter.a as unknown as tf.Tensor2D), adapter.b as unknown as tf.Tensor2D);
    return tf.add(y, tf.mul(low, adapter.scale)) as tf.Tensor2D;
  }

  /** Rows of a V×D table at ids B×L → B×L×D (no gradient work when the table is frozen). */
  embed(name: string, ids: tf.Tensor2D): tf.Tensor3D {
    const table = this.variables.get(name)!;
    const t = table as unknown as tf.Tensor2D;
    return table.trainable ? embeddingLookup(t, ids) : (tf.gather(t, ids) as unknown as tf.Tensor3D);
  }

  /**
   * hidden N×D → logits N×V by a V×D head weight (hidden·weightᵀ): forward through the cached
   * transpose; dhidden = dy·weight; dweight (when trained) from whichever transpose is smaller.
   */
  head(name: string, hidden: tf.Tensor2D): tf.Tensor2D {
    const weight = this.variables.get(name)!;
    const w = weight as unknown as tf.Tensor2D;
    const forward = this.transposed(weight);
    if (!weight.trainable) {
      const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const [h] = args as [tf.Tensor2D];
        return { value: tf.matMul(h, forward), gradFunc: (dy: tf.Tensor) => tf.matMul(dy as tf.Tensor2D, w) };
      });
      return op(hidden) as tf.Tensor2D;
    }
    const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [h, table, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
      save([h, table]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const [sh, st] = saved as tf.Tensor2D[];
        const d = dy as tf.Tensor2D;
        const rows = sh.shape[0];
        const dTable = rows < sh.shape[1] ? tf.matMul(tf.transpose(d), sh) : tf.transpose(tf.matMul(tf.transpose(sh), d));
        return [tf.matMul(d, st), dTable];
      };
      return { value: tf.matMul(h, forward), gradFunc };
    });
    return op(hidden, w) as tf.Tensor2D;
  }

  /** Frees the cached transposes (the variables belong to the model). */
  disposeCaches(): void {
    for (const cached of this.transposes.values()) cached.value.dispose();
    this.transposes.clear();
  }
}
