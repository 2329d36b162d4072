import { describe, expect, it } from 'vitest';
import { readCombineProblem } from '../src/combine/combine-problem.js';
import { combineTokenNoonWasm } from '../src/combine/combine-token-wasm.js';
import { unwrap } from './unwrap.js';

describe('WebAssembly SIMD token kernel', () => {
  it('is used on Node for contiguous Float32 advantages with N a multiple of 4 (it does not silently fall back), and declines other layouts', () => {
    const data = Float32Array.from({ length: 2 * 3 * 8 }, (_, k) => Math.sin(k));
    const problem = unwrap(readCombineProblem({ advantages: { data, shape: [2, 3, 8] }, clipEpsilon: 0.2, granularity: 'token' }));
    const out = combineTokenNoonWasm(problem, data);
    expect(out).toBeDefined();
    expect(out!.finite).toBe(true);
    const odd = unwrap(readCombineProblem({ advantages: { data, shape: [2, 4, 6] }, clipEpsilon: 0.2, granularity: 'token' }));
    expect(combineTokenNoonWasm(odd, data)).toBeUndefined();
    const strided = unwrap(
      readCombineProblem({ advantages: { data, shape: [2, 3, 4], stride: [24, 8, 2] }, clipEpsilon: 0.2, granularity: 'token' }),
    );
    expect(combineTokenNoonWasm(strided, data)).toBeUndefined();
  });
});
