// The names, shapes and initialisation of every transformer parameter, in one stable order.
// Export/import, checkpoints and the seeded initialiser all follow this list.
import type { TransformerConfig } from '../contracts.js';

export type ParameterInit = { readonly kind: 'normal'; readonly std: number } | { readonly kind: 'zeros' } | { readonly kind: 'ones' };

export interface ParameterSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: ParameterInit;
  readonly valueHead: boolean;
}

const EMBEDDING_STD = 0.02;

/**
 * GPT-2 style: weights N(0, 0.02), residual output projections scaled by 1/√(2·nLayers) so the
 * residual stream's variance does not grow with depth, biases 0, layer-norm gains 1.
 * Value heads start at zero so every V^i starts at 0, a neutral baseline for GAE.
 */
export function parameterLayout(config: TransformerConfig): ParameterSpec[] {
  const { vocabSize: v, contextLength: c, dModel: d, dMlp: m, nLayers, nValueHeads } = config;
  const residualStd = EMBEDDING_STD / Math.sqrt(2 * nLayers);
  const normal = (std: number): ParameterInit => ({ kind: 'normal', std });
  const zeros: ParameterInit = { kind: 'zeros' };
  const ones: ParameterInit = { kind: 'ones' };
  const specs: ParameterSpec[] = [];
  const add = (name: string, shape: number[], init: ParameterInit, valueHead = false): void => {
    specs.push({ name, shape, init, valueHead });
  };
  add('embedding.token', [v, d], normal(EMBEDDING_STD));
  add('embedding.position', [c, d], normal(EMBEDDING_STD / 2));
  for (let i = 0; i < nLayers; i++) {
    const p = `block${i}`;
    add(`${p}.ln1.gain`, [d], ones);
    add(`${p}.ln1.bias`, [d], zeros);
    add(`${p}.attention.qkv.weight`, [d, 3 * d], normal(EMBEDDING_STD));
    add(`${p}.attention.qkv.bias`, [3 * d], zeros);
    add(`${p}.attention.out.weight`, [d, d], normal(residualStd));
    add(`${p}.attention.out.bias`, [d], zeros);
    add(`${p}.ln2.gain`, [d], ones);
    add(`${p}.ln2.bias`, [d], zeros);
    add(`${p}.mlp.in.weight`, [d, m], normal(EMBEDDING_STD));
    add(`${p}.mlp.in.bias`, [m], zeros);
    add(`${p}.mlp.out.weight`, [m, d], normal(residualStd));
    add(`${p}.mlp.out.bias`, [d], zeros);
  }
  add('final_ln.gain', [d], ones);
  add('final_ln.bias', [d], zeros);
  // The LM head is tied to the token embedding (logits = h · Eᵀ + bias): see transformer.ts.
  add('lm_head.bias', [v], zeros);
  // Last, so a model without heads (nValueHeads 0) has the same parameters in the same order up to here.
  for (let i = 0; i < nValueHeads; i++) {
    add(`value${i}.weight`, [d, 1], zeros, true);
    add(`value${i}.bias`, [1], zeros, true);
  }
  return specs;
}

/** True for the name of a value-head parameter (`value<i>.weight`, `value<i>.bias`). */
export function isValueHeadParameter(name: string): boolean {
  return /^value\d+\.(weight|bias)$/.test(name);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
