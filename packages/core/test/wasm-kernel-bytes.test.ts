import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { GRAM_TILES_WASM_BASE64 } from '../src/min-norm/wasm/gram-tiles-bytes.js';
import { TOKEN_MIN_NOON_WASM_BASE64 } from '../src/combine/wasm/token-min-noon-bytes.js';

// The kernels ship as base64 bytes generated from their .wat sources by scripts/build-*-kernel.mjs
// (the same wabt call as here). A .wat edited without regenerating its bytes fails this test.
const compile = async (watUrl: URL): Promise<string> => {
  const wabt = await wabtInit();
  const module = wabt.parseWat(watUrl.pathname, readFileSync(watUrl, 'utf8'), { simd: true });
  module.validate();
  return Buffer.from(module.toBinary({}).buffer).toString('base64');
};

describe('embedded WebAssembly kernels match their .wat sources', () => {
  it('gram-tiles-bytes.ts is gram-tiles.wat compiled (run scripts/build-gram-kernel.mjs after editing the .wat)', async () => {
    expect(GRAM_TILES_WASM_BASE64).toBe(await compile(new URL('../src/min-norm/wasm/gram-tiles.wat', import.meta.url)));
  });

  it('token-min-noon-bytes.ts is token-min-noon.wat compiled (run scripts/build-token-kernel.mjs after editing the .wat)', async () => {
    expect(TOKEN_MIN_NOON_WASM_BASE64).toBe(await compile(new URL('../src/combine/wasm/token-min-noon.wat', import.meta.url)));
  });
});
