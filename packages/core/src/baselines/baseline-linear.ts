// Baseline: linear scalarisation (MORLHF). GAE is linear in the rewards, so scalarising the
// rewards with fixed w equals combining the advantages: ŝ_t = Σ_i w_i A^i_t.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { readFiniteVector } from '../validation/finite-vector.js';
import { readNdView, requireFinite, type NdArrayView } from '../nd-view.js';
import { describeValue, pamaError } from '../pama-error.js';

export interface LinearCombineInput {
  /** B×T×N per-objective advantages (used as they are: no Noon clamp, no clipping). */
  readonly advantages: NdArrayView;
  /** B×T mask; tokens with entry 0 get ŝ = 0. */
  readonly mask?: NdArrayView;
  /** Fixed non-negative weights, length N (not required to sum to 1). */
  readonly weights: ArrayLike<number>;
}

export interface LinearCombineResult {
  readonly combined: Float32Array;
  readonly weights: Float64Array;
}

export const linearCombine = (input: LinearCombineInput): PamaResult<LinearCombineResult> =>
  guardBoundary('input', () => {
    if (input === null || typeof input !== 'object') {
      return left(pamaError('invalid-type', 'input', `linearCombine takes { advantages, mask?, weights }, got ${describeValue(input)}`));
    }
    const adv = readNdView(input.advantages, 'advantages', 3, 'B×T×N');
    if (adv._tag === 'Left') return adv;
    const [batch, tokens, n] = adv.right.shape;
    if (n === 0) return left(pamaError('zero-objectives', 'advantages.shape', `advantages.shape is [${batch}, ${tokens}, 0]: there must be at least one objective`));
    if (batch === 0 || tokens === 0) {
      return left(pamaError('empty-input', 'advantages.shape', `advantages.shape is [${batch}, ${tokens}, ${n}]: B and T must be ≥ 1`));
    }
    const len = readFiniteVector(input.weights, 'weights', n);
    if (len._tag === 'Left') return len;
    const weights = Float64Array.from(input.weights);
    for (let i = 0; i < n; i++) {
      if (weights[i] < 0) return left(pamaError('out-of-range', `weights[${i}]`, `weights[${i}] is ${weights[i]}; weights must be ≥ 0`));
    }
    const finite = requireFinite(adv.right, 'advantages');
    if (finite._tag === 'Left') return finite;
    let mask = undefined;
    if (input.mask !== undefined) {
      const m = readNdView(input.mask, 'mask', 2, 'B×T');
      if (m._tag === 'Left') return m;
      if (m.right.shape[0] !== batch || m.right.shape[1] !== tokens) {
        return left(pamaError('shape-mismatch', 'mask.shape', `mask.shape is [${m.right.shape.join(', ')}] but advantages are ${batch}×${tokens}×N`));
      }
      const mf = requireFinite(m.right, 'mask');
      if (mf._tag === 'Left') return mf;
      mask = m.right;
    }
    const { data, stride, offset } = adv.right;
    const combined = new Float32Array(batch * tokens);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < tokens; t++) {
        if (mask !== undefined && mask.data[mask.offset + b * mask.stride[0] + t * mask.stride[1]] === 0) continue;
        const base = offset + b * stride[0] + t * stride[1];
        let sum = 0;
        for (let i = 0; i < n; i++) sum += weights[i] * data[base + i * stride[2]];
        combined[b * tokens + t] = sum;
      }
    }
    return right({ combined, weights });
  });
