// Property tests of the safetensors reader and writer: every dtype round-trips through the writer
// and the reader, float narrowing rounds to nearest even (checked against a float64 reference),
// offsets that are not multiples of the element size read correctly, and every kind of bad header
// fails with a ModelInputError that names the file and, where there is one, the tensor.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelInputError } from '../src/index.js';
import {
  decodeFloat32,
  encodeFloat32,
  type FloatDtype,
  openSafetensors,
  openSafetensorsCheckpoint,
  SAFETENSORS_DTYPE_BYTES,
  type SafetensorsDtype,
  type SafetensorsWriteEntry,
  writeSafetensors,
  writeSafetensorsCheckpoint,
} from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'pama-safetensors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let fileCounter = 0;
const freshPath = (): string => join(root, `t${fileCounter++}.safetensors`);

const ALL_DTYPES = Object.keys(SAFETENSORS_DTYPE_BYTES) as SafetensorsDtype[];
const FLOATS: FloatDtype[] = ['F32', 'F16', 'BF16'];

/** Value of a 16-bit pattern, computed in float64 from its fields (independent of the decoder's table). */
function value16(bits: number, exponentBits: number, mantissaBits: number): number {
  const bias = 2 ** (exponentBits - 1) - 1;
  const sign = bits >> 15 ? -1 : 1;
  const e = (bits >> mantissaBits) & ((1 << exponentBits) - 1);
  const m = bits & ((1 << mantissaBits) - 1);
  if (e === 0) return sign * m * 2 ** (1 - bias - mantissaBits);
  if (e === (1 << exponentBits) - 1) return m === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + m / 2 ** mantissaBits) * 2 ** (e - bias);
}
const FORMATS = { F16: [5, 10], BF16: [8, 7] } as const;

/** The nearest pattern to x, ties to the even pattern, overflow to ±Infinity: a float64 reference by bisection. */
function nearestPattern(x: number, dtype: 'F16' | 'BF16'): number {
  const [eb, mb] = FORMATS[dtype];
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  const infinity = ((1 << eb) - 1) << mb;
  // Patterns 0..infinity are ordered by value; the one past the largest finite behaves as 2^(emax+1).
  const patternValue = (p: number): number => (p === infinity ? 2 ** (2 ** (eb - 1)) : value16(p, eb, mb));
  let lo = 0;
  let hi = infinity;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (patternValue(mid) <= a) lo = mid;
    else hi = mid;
  }
  if (patternValue(hi) <= a) return sign | infinity;
  const below = a - patternValue(lo);
  const above = patternValue(hi) - a;
  const pick = below < above ? lo : above < below ? hi : lo % 2 === 0 ? lo : hi;
  return sign | pick;
}

const bitsOf = (values: Float32Array): number[] => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
const sameFloats = (a: Float32Array, b: Float32Array): void => expect(bitsOf(a)).toEqual(bitsOf(b));

describe('float conversions', () => {
  it('every F16 and BF16 bit pattern widens to its float64-computed value and narrows back to itself (NaN stays NaN)', () => {
    for (const dtype of ['F16', 'BF16'] as const) {
      const patterns = new Uint16Array(65536).map((_, i) => i);
      const decoded = decodeFloat32(new Uint8Array(patterns.buffer), dtype);
      const encoded = new Uint16Array(encodeFloat32(decoded, dtype).buffer);
      const [eb, mb] = FORMATS[dtype];
      const wrong: number[] = [];
      for (let p = 0; p < 65536; p++) {
        const expected = value16(p, eb, mb);
        const ok = Number.isNaN(expected)
          ? Number.isNaN(decoded[p]) && Number.isNaN(decodeFloat32(new Uint8Array(Uint16Array.of(encoded[p]).buffer), dtype)[0])
          : Object.is(decoded[p], expected) && encoded[p] === p;
        if (!ok) wrong.push(p);
      }
      expect(wrong, dtype).toEqual([]);
    }
  });

  it('for any finite float32, narrowing to F16 or BF16 gives the nearest pattern, ties to even, overflow to Infinity', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), fc.constantFrom('F16' as const, 'BF16' as const), (x, dtype) => {
        const got = new Uint16Array(encodeFloat32(Float32Array.of(x), dtype).buffer)[0];
        expect(got).toBe(nearestPattern(Math.fround(x), dtype));
      }),
      { numRuns: 2000 },
    );
  });

  it('F32 round-trips every bit pattern, NaN payloads included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 40 }), (words) => {
        const values = new Float32Array(Uint32Array.from(words).buffer);
        sameFloats(decodeFloat32(encodeFloat32(values, 'F32'), 'F32'), values);
      }),
    );
  });
});

/** Arbitrary tensors of every dtype: unique names, small shapes, values that fit the dtype. */
const entryArb = fc
  .record({
    dtype: fc.constantFrom(...ALL_DTYPES),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map(({ dtype, shape, seed }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    let state = seed || 1;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    if ((FLOATS as string[]).includes(dtype)) {
      const values = new Float32Array(count).map(() => (next() / 2 ** 32 - 0.5) * 2 ** ((next() % 40) - 20));
      return { dtype, shape, data: values as Float32Array | Uint8Array };
    }
    const bytes = new Uint8Array(count * SAFETENSORS_DTYPE_BYTES[dtype]).map(() => next() & 0xff);
    return { dtype, shape, data: bytes as Float32Array | Uint8Array };
  });

const entriesArb = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }), { minLength: 1, maxLength: 8 })
  .chain((names) =>
    fc.tuple(
      fc.constant(names.filter((n) => n !== '__metadata__')),
      fc.array(entryArb, { minLength: names.length, maxLength: names.length }),
    ),
  )
  .filter(([names]) => names.length > 0)
  .map(
    ([names, tensors]) =>
      names.map((name, k) => ({ name, ...tensors[k] })) as (SafetensorsWriteEntry & { data: Float32Array | Uint8Array })[],
  );

/** What reading back should give: the stored bytes, and for float dtypes the rounded float32 values. */
function expectedBytes(entry: SafetensorsWriteEntry & { data: Float32Array | Uint8Array }): Uint8Array {
  return entry.data instanceof Float32Array ? encodeFloat32(entry.data, entry.dtype as FloatDtype) : entry.data;
}

describe('writeSafetensors → openSafetensors', () => {
  it('for any tensors of any dtype (unicode names, empty and scalar shapes, metadata), reading back gives the same dtypes, shapes and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), async (entries, metadata) => {
        const path = freshPath();
        await writeSafetensors(path, entries, { metadata });
        const file = await openSafetensors(path);
        try {
          expect(file.metadata).toEqual(metadata);
          expect([...file.tensors.keys()]).toEqual(entries.map((e) => e.name));
          for (const entry of entries) {
            const info = file.tensors.get(entry.name)!;
            expect(info.dtype).toBe(entry.dtype);
            expect(info.shape).toEqual(entry.shape);
            expect(Array.from(await file.readBytes(entry.name))).toEqual(Array.from(expectedBytes(entry)));
            if (entry.data instanceof Float32Array) {
              const expected = decodeFloat32(expectedBytes(entry), entry.dtype as FloatDtype);
              sameFloats(await file.readFloat32(entry.name), expected);
              if (entry.dtype !== 'F32') {
                // Narrowed values are the nearest representable ones.
                const got = new Uint16Array(expectedBytes(entry).slice().buffer);
                entry.data.forEach((x, i) => expect(got[i]).toBe(nearestPattern(x, entry.dtype as 'F16' | 'BF16')));
              }
            } else {
              await expect(file.readFloat32(entry.name)).rejects.toThrow(/must be F32, F16 or BF16/);
            }
          }
        } finally {
          await file.close();
          rmSync(path);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("tensors named like Object.prototype's keys (__proto__, constructor, toString) are written and read as any other name", async () => {
    const path = freshPath();
    const names = ['__proto__', 'constructor', 'toString'];
    await writeSafetensors(
      path,
      names.map((name, k) => ({ name, shape: [k + 1], dtype: 'U8' as const, data: new Uint8Array(k + 1).fill(k + 1) })),
      { metadata: JSON.parse('{"__proto__": "kept"}') },
    );
    const file = await openSafetensors(path);
    try {
      expect([...file.tensors.keys()]).toEqual(names);
      expect(Object.entries(file.metadata)).toEqual([['__proto__', 'kept']]);
      for (const [k, name] of names.entries()) expect(Array.from(await file.readBytes(name))).toEqual(new Array(k + 1).fill(k + 1));
    } finally {
      await file.close();
    }
  });

  it('for a float tensor placed after a 1-byte tensor of odd length (an offset that is no multiple of 2 or 4), the values read are exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }).filter((n) => n % 2 === 1),
        fc.constantFrom(...FLOATS),
        fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 9 }),
        async (padLength, dtype, values) => {
          const path = freshPath();
          const data = Float32Array.from(values);
          await writeSafetensors(path, [
            { name: 'pad', shape: [padLength], dtype: 'U8', data: new Uint8Array(padLength).fill(7) },
            { name: 'x', shape: [values.length], dtype, data },
          ]);
          const file = await openSafetensors(path);
          try {
            const info = file.tensors.get('x')!;
            expect(info.fileOffset % 2).toBe(1);
            sameFloats(await file.readFloat32('x'), decodeFloat32(encodeFloat32(data, dtype), dtype));
          } finally {
            await file.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('the header is padded with spaces so that the data starts at a multiple of 8', async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, async (entries) => {
        const path = freshPath();
        await writeSafetensors(path, entries);
        const bytes = readFileSync(path);
        const n = Number(bytes.readBigUInt64LE(0));
        expect((8 + n) % 8).toBe(0);
        expect(bytes.subarray(8, 8 + n).toString('utf8')).toMatch(/^\{.*\} *$/s);
      }),
      { numRuns: 20 },
    );
  });

  it('leaves no file behind when a tensor cannot be written, and keeps an existing file', async () => {
    const path = freshPath();
    await writeSafetensors(path, [{ name: 'a', shape: [1], data: Float32Array.of(1) }]);
    const before = readFileSync(path);
    await expect(writeSafetensors(path, [{ name: 'a', shape: [2], data: Float32Array.of(1) }])).rejects.toThrow(
      /tensor "a" data.*must be 8 bytes/,
    );
    expect(readFileSync(path)).toEqual(before);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads a tensor stored beyond 2 GiB into the file with positioned reads (a sparse file, nothing else read)', async () => {
    const path = freshPath();
    const big = 2 ** 31 + 13;
    const tail = Float32Array.of(1.5, -2.25, 3);
    const header = JSON.stringify({
      big: { dtype: 'U8', shape: [big], data_offsets: [0, big] },
      tail: { dtype: 'F32', shape: [3], data_offsets: [big, big + 12] },
    });
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(header.length));
    const handle = await open(path, 'w');
    await handle.write(Buffer.concat([prefix, Buffer.from(header)]), 0);
    await handle.write(new Uint8Array(tail.buffer), 0, 12, 8 + header.length + big);
    await handle.close();
    const file = await openSafetensors(path);
    try {
      expect(file.tensors.get('tail')!.fileOffset).toBeGreaterThan(2 ** 31);
      sameFloats(await file.readFloat32('tail'), tail);
    } finally {
      await file.close();
      rmSync(path);
    }
  });
});

/** A valid file's header object and the bytes of its data, to corrupt one way at a time. */
function fileBytes(header: unknown, data: Uint8Array, headerText = JSON.stringify(header)): Uint8Array {
  const json = Buffer.from(headerText, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, data]);
}

const GOOD = {
  __metadata__: { format: 'pt' },
  'h.0.w': { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
  'h.0.b': { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
};
const GOOD_DATA = new Uint8Array(12);

interface Corruption {
  readonly what: string;
  readonly bytes: () => Uint8Array;
  /** Text the one-line message must contain besides the file path. */
  readonly mentions: RegExp;
}

const CORRUPTIONS: Corruption[] = [
  { what: 'shorter than the length prefix', bytes: () => new Uint8Array(5), mentions: /file size: must be at least 8 bytes/ },
  {
    what: 'header length past the end',
    bytes: () => {
      const b = fileBytes(GOOD, GOOD_DATA);
      Buffer.from(b.buffer, b.byteOffset, b.byteLength).writeBigUInt64LE(10_000n, 0);
      return b;
    },
    mentions: /header length/,
  },
  {
    what: 'absurd header length',
    bytes: () => {
      const b = fileBytes(GOOD, GOOD_DATA);
      Buffer.from(b.buffer, b.byteOffset, b.byteLength).writeBigUInt64LE(2n ** 62n, 0);
      return b;
    },
    mentions: /header length: must be at most/,
  },
  { what: 'header not JSON', bytes: () => fileBytes(null, GOOD_DATA, '{"a": [1, 2'), mentions: /header: must be JSON/ },
  { what: 'header not UTF-8', bytes: () => fileBytes(null, new Uint8Array(0), '\udc00\udc00'.replace(/./g, '\xff')), mentions: /header/ },
  { what: 'header an array', bytes: () => fileBytes([1, 2], new Uint8Array(0)), mentions: /header: must be a JSON object/ },
  {
    what: 'unknown dtype',
    bytes: () => fileBytes({ ...GOOD, 'h.0.b': { ...GOOD['h.0.b'], dtype: 'F12' } }, GOOD_DATA),
    mentions: /tensor "h\.0\.b" dtype/,
  },
  {
    what: 'shape not integers',
    bytes: () => fileBytes({ ...GOOD, 'h.0.w': { ...GOOD['h.0.w'], shape: [1.5] } }, GOOD_DATA),
    mentions: /tensor "h\.0\.w" shape/,
  },
  {
    what: 'offsets of the wrong span',
    bytes: () => fileBytes({ ...GOOD, 'h.0.w': { ...GOOD['h.0.w'], shape: [3] } }, GOOD_DATA),
    mentions: /tensor "h\.0\.w" data_offsets.*must span 12 bytes/,
  },
  {
    what: 'offsets reversed',
    bytes: () => fileBytes({ ...GOOD, 'h.0.b': { ...GOOD['h.0.b'], data_offsets: [12, 8] } }, GOOD_DATA),
    mentions: /tensor "h\.0\.b" data_offsets/,
  },
  {
    what: 'offsets past the data',
    bytes: () => fileBytes(GOOD, GOOD_DATA.subarray(0, 10)),
    mentions: /tensor "h\.0\.b" data_offsets.*must end within the 10 data bytes/,
  },
  {
    what: 'overlapping tensors',
    bytes: () => fileBytes({ ...GOOD, 'h.0.b': { ...GOOD['h.0.b'], data_offsets: [6, 10] } }, GOOD_DATA),
    mentions: /tensor "h\.0\.b" data_offsets.*overlaps/,
  },
  {
    what: 'a hole between tensors',
    bytes: () => fileBytes({ ...GOOD, 'h.0.b': { ...GOOD['h.0.b'], data_offsets: [10, 14] } }, new Uint8Array(14)),
    mentions: /tensor "h\.0\.b" data_offsets.*hole/,
  },
  { what: 'bytes after the last tensor', bytes: () => fileBytes(GOOD, new Uint8Array(20)), mentions: /data: must be exactly the 12 bytes/ },
  {
    what: 'metadata not strings',
    bytes: () => fileBytes({ ...GOOD, __metadata__: { format: 1 } }, GOOD_DATA),
    mentions: /__metadata__\.format: must be a string/,
  },
  { what: 'a tensor entry not an object', bytes: () => fileBytes({ ...GOOD, x: 3 }, GOOD_DATA), mentions: /tensor "x": must be an object/ },
];

describe('bad safetensors files', () => {
  it('the uncorrupted file opens', async () => {
    const path = freshPath();
    writeFileSync(path, fileBytes(GOOD, GOOD_DATA));
    const file = await openSafetensors(path);
    expect([...file.tensors.keys()]).toEqual(['h.0.w', 'h.0.b']);
    await file.close();
  });

  it('for every kind of corruption, opening fails with one line that names the file and the tensor or field', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CORRUPTIONS), async (corruption) => {
        const path = freshPath();
        writeFileSync(path, corruption.bytes());
        const error = await openSafetensors(path).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, corruption.what).toBeInstanceOf(ModelInputError);
        const message = (error as Error).message;
        expect(message.startsWith(`${path}: `), message).toBe(true);
        expect(message, corruption.what).toMatch(corruption.mentions);
        expect(message).not.toContain('\n');
      }),
      { numRuns: CORRUPTIONS.length * 3 },
    );
  });

  it('a missing file is named, and a tensor that is not there is named', async () => {
    await expect(openSafetensors(join(root, 'absent.safetensors'))).rejects.toThrow(
      /absent\.safetensors: file: is not a readable safetensors file \(got "ENOENT"\)/,
    );
    const path = freshPath();
    writeFileSync(path, fileBytes(GOOD, GOOD_DATA));
    const file = await openSafetensors(path);
    expect(() => file.readBytes('nope')).toThrow(/tensor "nope": is not in this file/);
    await file.close();
  });
});

describe('sharded checkpoints', () => {
  const entries = (): (SafetensorsWriteEntry & { data: Float32Array })[] =>
    Array.from({ length: 7 }, (_, k) => ({
      // Names that are Object.prototype's own keys must survive the header and the index too.
      name: k === 3 ? '__proto__' : k === 5 ? 'constructor' : `layer.${k}.weight`,
      shape: [k + 1, 3],
      dtype: FLOATS[k % 3],
      data: new Float32Array((k + 1) * 3).map((_, i) => i - k),
    }));

  it('for any shard size limit, writing then opening the directory gives every tensor back, through the index when sharded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), async (maxShardBytes) => {
        const dir = mkdtempSync(join(root, 'ckpt-'));
        const written = entries();
        const files = await writeSafetensorsCheckpoint(dir, written, { maxShardBytes, metadata: { format: 'pt' } });
        const total = written.reduce((n, e) => n + e.data.length * SAFETENSORS_DTYPE_BYTES[e.dtype as FloatDtype], 0);
        if (total <= maxShardBytes) expect(files).toEqual(['model.safetensors']);
        else {
          expect(files).toContain('model.safetensors.index.json');
          const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8'));
          expect(index.metadata.total_size).toBe(total);
          expect(Object.keys(index.weight_map)).toEqual(written.map((e) => e.name));
        }
        const checkpoint = await openSafetensorsCheckpoint(dir);
        try {
          expect([...checkpoint.tensors.keys()].sort()).toEqual(written.map((e) => e.name).sort());
          for (const e of written)
            sameFloats(
              await checkpoint.readFloat32(e.name),
              decodeFloat32(encodeFloat32(e.data, e.dtype as FloatDtype), e.dtype as FloatDtype),
            );
        } finally {
          await checkpoint.close();
          rmSync(dir, { recursive: true });
        }
      }),
      { numRuns: 15 },
    );
  });

  it('an index naming a tensor its shard lacks, or a shard that is missing, fails naming the file and tensor', async () => {
    const dir = mkdtempSync(join(root, 'bad-index-'));
    await writeSafetensorsCheckpoint(dir, entries(), { maxShardBytes: 40 });
    const indexPath = join(dir, 'model.safetensors.index.json');
    const index = JSON.parse(readFileSync(indexPath, 'utf8'));
    index.weight_map['extra.weight'] = index.weight_map['layer.0.weight'];
    writeFileSync(indexPath, JSON.stringify(index));
    await expect(openSafetensorsCheckpoint(dir)).rejects.toThrow(
      /tensor "extra\.weight": is listed in model\.safetensors\.index\.json but not in its shard/,
    );
    index.weight_map['extra.weight'] = 'model-00099-of-00099.safetensors';
    writeFileSync(indexPath, JSON.stringify(index));
    await expect(openSafetensorsCheckpoint(dir)).rejects.toThrow(
      /model-00099-of-00099\.safetensors: file: is not a readable safetensors file/,
    );
    index.weight_map['extra.weight'] = '../model.safetensors';
    writeFileSync(indexPath, JSON.stringify(index));
    await expect(openSafetensorsCheckpoint(dir)).rejects.toThrow(
      /weight_map\["extra\.weight"\]: must be a file name in the model directory/,
    );
  });

  it('a directory without weights says which files it looked for', async () => {
    const dir = mkdtempSync(join(root, 'empty-'));
    await expect(openSafetensorsCheckpoint(dir)).rejects.toThrow(
      /weights: found neither model\.safetensors nor model\.safetensors\.index\.json/,
    );
  });
});
