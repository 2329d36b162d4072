// Checks a WeightMap against the parameter layout before any variable is touched, so a bad
// checkpoint fails whole and never half-loads.
import type { WeightMap } from '../contracts.js';
import { ModelInputError } from './model-errors.js';
import { elementCount, type ParameterSpec } from './parameter-layout.js';

export function validateWeightMap(weights: WeightMap, specs: readonly ParameterSpec[]): void {
  if (weights === null || typeof weights !== 'object') {
    throw new ModelInputError('weights', weights, 'must be an object mapping parameter names to {shape, data}');
  }
  const expected = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(weights)) {
    if (!expected.has(name)) throw new ModelInputError(`weights["${name}"]`, name, 'is not a parameter of this model');
  }
  for (const spec of specs) {
    const entry = weights[spec.name];
    const field = `weights["${spec.name}"]`;
    if (entry === undefined || entry === null) throw new ModelInputError(field, entry, 'is missing');
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.length !== spec.shape.length || shape.some((n, i) => n !== spec.shape[i])) {
      throw new ModelInputError(`${field}.shape`, shape, `must be [${spec.shape.join(', ')}]`);
    }
    if (!(entry.data instanceof Float32Array) || entry.data.length !== elementCount(spec.shape)) {
      throw new ModelInputError(`${field}.data`, entry.data?.length, `must be a Float32Array of length ${elementCount(spec.shape)}`);
    }
    for (let i = 0; i < entry.data.length; i++) {
      if (!Number.isFinite(entry.data[i])) {
        throw new ModelInputError(`${field}.data[${i}]`, entry.data[i], 'must be finite');
      }
    }
  }
}
