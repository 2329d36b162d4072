import { describe, expect, it } from 'vitest';
import { readCombineProblem } from '../src/combine/combine-problem.js';
import { combineTokenNoonFloat32 } from '../src/combine/combine-token-float32.js';
import { combineTokenNoonWasm } from '../src/combine/combine-token-wasm.js';
import { unwrap } from './unwrap.js';

describe('WebAssembly SIMD token kernel', () => {
  it('is used on Node for contiguous Float32 advantages with N a multiple of 4 (it does not silently fall back), and declines other layouts', () => {
    const data = Float32Array.from({ length: 2 * 3 * 8 }, (_, k) => Math.sin(k));
    const problem = unwrap(readCombineProblem({ advantages: { data, shape: [2, 3, 8] }, clipEpsilon: 0.2, granularity: 'token' }));
    const out = combineTokenNoonWasm(problem, data);
    // The kernel ran (no fallback) and agrees with the Float32 JS loop bit for bit.
    const js = combineTokenNoonFloat32(problem, data);
    expect(out).toMatchObject({ finite: true, validTokens: 6 });
    expect(out!.combined).toEqual(js.combined);
    expect(out!.weights).toEqual(js.weights);
    const odd = unwrap(readCombineProblem({ advantages: { data, shape: [2, 4, 6] }, clipEpsilon: 0.2, granularity: 'token' }));
    expect(combineTokenNoonWasm(odd, data)).toBeUndefined();
    const strided = unwrap(
      readCombineProblem({ advantages: { data, shape: [2, 3, 4], stride: [24, 8, 2] }, clipEpsilon: 0.2, granularity: 'token' }),
    );
    expect(combineTokenNoonWasm(strided, data)).toBeUndefined();
  });
});
