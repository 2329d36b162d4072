import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../src/combine/wasm/decode-base64.js';
import { TOKEN_MIN_NOON_WASM_BASE64 } from '../src/combine/wasm/token-min-noon-bytes.js';

describe('decodeBase64', () => {
  it('returns the bytes Node encoded, with or without `=` padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const padded = Buffer.from(bytes).toString('base64');
        expect(decodeBase64(padded)).toEqual(bytes);
        expect(decodeBase64(padded.replace(/=+$/, ''))).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(decodeBase64('QUJD RA==')).toBeUndefined();
    expect(decodeBase64('QU=JD')).toBeUndefined();
    expect(decodeBase64('QUJD-A==')).toBeUndefined();
    expect(decodeBase64('QUJDR')).toBeUndefined();
    expect(decodeBase64('QUJDé')).toBeUndefined();
  });

  it('decodes the embedded kernel to a WebAssembly module (magic number and version 1)', () => {
    const bytes = decodeBase64(TOKEN_MIN_NOON_WASM_BASE64);
    expect(Array.from(bytes!.subarray(0, 8))).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(bytes).toEqual(new Uint8Array(Buffer.from(TOKEN_MIN_NOON_WASM_BASE64, 'base64')));
  });
});
