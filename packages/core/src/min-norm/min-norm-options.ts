// Validation of the min-norm solver's options, shared by minNormElement, paretoStationarity and MGDA.
import { left, right, type PamaResult } from '../either.js';
import type { MinNormOptions } from './min-norm-gram.js';
import { pamaError } from '../pama-error.js';
import { renderValue } from '../support/render-value.js';

export const readMinNormOptions = (options: unknown, field: string): PamaResult<MinNormOptions> => {
  if (options === undefined) return right({});
  if (options === null || typeof options !== 'object') {
    return left(pamaError('invalid-type', field, `${field} must be an object, got ${renderValue(options)}`));
  }
  const { tolerance, maxIterations } = options as { tolerance?: unknown; maxIterations?: unknown };
  if (tolerance !== undefined) {
    if (typeof tolerance !== 'number') {
      return left(pamaError('invalid-type', `${field}.tolerance`, `${field}.tolerance must be a number, got ${renderValue(tolerance)}`));
    }
    if (!Number.isFinite(tolerance)) {
      return left(pamaError('non-finite', `${field}.tolerance`, `${field}.tolerance is ${renderValue(tolerance)}; it must be finite`));
    }
    if (!(tolerance >= 0)) {
      return left(pamaError('out-of-range', `${field}.tolerance`, `${field}.tolerance must be ≥ 0, got ${renderValue(tolerance)}`));
    }
  }
  if (maxIterations !== undefined) {
    if (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 0) {
      return left(
        pamaError(
          'out-of-range',
          `${field}.maxIterations`,
          `${field}.maxIterations must be a non-negative integer, got ${renderValue(maxIterations)}`,
        ),
      );
    }
  }
  return right({ tolerance: tolerance as number | undefined, maxIterations: maxIterations as number | undefined });
};
