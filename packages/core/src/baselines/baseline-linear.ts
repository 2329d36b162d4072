// Baseline: linear scalarisation (MORLHF). GAE is linear in the rewards, so scalarising the
// rewards with fixed w equals combining the advantages: ŝ_t = Σ_i w_i A^i_t.
import { guardBoundary } from '../validation/boundary-guard.js';
import { left, right, type PamaResult } from '../either.js';
import { readOwnedFiniteVector } from '../validation/finite-vector.js';
import { requireFloat32Range } from '../combine/float32-range.js';
import { readNdView, requireFinite, type NdArrayView, type StridedView } from '../nd-view.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';

/** Input of {@link linearCombine}. */
export interface LinearCombineInput {
  /** B×T×N per-objective advantages (used as they are: no Noon clamp, no clipping). */
  readonly advantages: NdArrayView;
  /** B×T mask; tokens with entry 0 get ŝ = 0. */
  readonly mask?: NdArrayView;
  /** Fixed non-negative weights, length N (not required to sum to 1). */
  readonly weights: ArrayLike<number>;
}

/** Output of {@link linearCombine}. */
export interface LinearCombineResult {
  /** ŝ_t = Σ_i w_i A^i_t, length B·T, row-major over (b, t); 0 on masked tokens. */
  readonly combined: Float32Array;
  /** The weights used (a copy of the input's). */
  readonly weights: Float64Array;
}

/**
 * Linear scalarisation (the MORLHF baseline): ŝ_t = Σ_i w_i A^i_t with fixed weights, no Noon
 * clamp and no clipping.
 *
 * @example
 * const r = linearCombine({ advantages: { data: [1, 3, -2, 4], shape: [1, 2, 2] }, weights: [0.5, 0.5] });
 * if (r._tag === 'Right') console.log(Array.from(r.right.combined)); // [2, 1]
 */
export const linearCombine = (input: LinearCombineInput): PamaResult<LinearCombineResult> =>
  guardBoundary('input', () => {
    if (input === null || typeof input !== 'object') {
      return left(pamaError('invalid-type', 'input', `linearCombine takes { advantages, mask?, weights }, got ${renderValue(input)}`));
    }
    // Each field read once (a getter could return something new on a second read).
    const { advantages: rawAdvantages, mask: rawMask, weights: rawWeights } = input;
    const adv = readNdView(rawAdvantages, 'advantages', 3, 'B×T×N');
    if (adv._tag === 'Left') return adv;
    const [batch, tokens, n] = adv.right.shape;
    if (n === 0)
      return left(
        pamaError(
          'zero-objectives',
          'advantages.shape',
          `advantages.shape is [${batch}, ${tokens}, 0]: there must be at least one objective`,
        ),
      );
    if (batch === 0 || tokens === 0) {
      return left(pamaError('empty-input', 'advantages.shape', `advantages.shape is [${batch}, ${tokens}, ${n}]: B and T must be ≥ 1`));
    }
    const owned = readOwnedFiniteVector(rawWeights, 'weights', n);
    if (owned._tag === 'Left') return owned;
    const weights = Float64Array.from(owned.right);
    for (let i = 0; i < n; i++) {
      if (weights[i] < 0) return left(pamaError('out-of-range', `weights[${i}]`, `weights[${i}] is ${weights[i]}; weights must be ≥ 0`));
    }
    const finite = requireFinite(adv.right, 'advantages');
    if (finite._tag === 'Left') return finite;
    let mask: StridedView | undefined;
    if (rawMask !== undefined) {
      const m = readNdView(rawMask, 'mask', 2, 'B×T');
      if (m._tag === 'Left') return m;
      if (m.right.shape[0] !== batch || m.right.shape[1] !== tokens) {
        return left(
          pamaError('shape-mismatch', 'mask.shape', `mask.shape is [${m.right.shape.join(', ')}] but advantages are ${batch}×${tokens}×N`),
        );
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
    const range = requireFloat32Range(combined, tokens);
    if (range._tag === 'Left') return range;
    return right({ combined, weights });
  });
