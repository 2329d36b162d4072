// The CLI's file guards: bounded JSON depth, sealed JSON, locks, directory creation, temp cleanup.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_JSON_DEPTH, parseJsonBounded, tooDeepPath } from '../src/io/read-json.js';
import { readSealedJson, writeSealedJson } from '../src/io/sealed-json.js';
import { tryLock } from '../src/io/dir-lock.js';
import { ensureDir } from '../src/io/make-dir.js';
import { removeStaleTempFiles } from '../src/io/temp-files.js';
import { pretrainCachePath, readPretrainCache, writePretrainCache } from '../src/align/pretrain-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'pama-guards-'));

/** A pid that is certainly not running: a child that has exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('bounded JSON', () => {
  it('for any nesting depth, values deeper than the bound are refused naming the path, shallower ones parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }), fc.constantFrom('[', '{"k":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        const text = `${open.repeat(depth)}1${close.repeat(depth)}`;
        if (depth <= MAX_JSON_DEPTH) expect(() => parseJsonBounded(text, 'x.json')).not.toThrow();
        else
          expect(() => parseJsonBounded(text, 'x.json')).toThrow(
            open === '[' ? /x\.json: \[0\]\[0\].* nests deeper than 64 levels/ : /x\.json: k\.k\.k.* nests deeper/,
          );
      }),
      { numRuns: 40 },
    );
  });

  it('finds the too-deep path of a 100 000-deep value without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(tooDeepPath(deep)).toMatch(/^\[0\]\[0\]/);
  });
});

describe('sealed JSON', () => {
  it('for any value and any one changed character, the change is refused or reads back as the same value', () => {
    const path = join(dir, 'sealed.json');
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 5 }).filter((k) => k !== 'sha256' && k !== '__proto__'),
          fc.oneof(fc.integer(), fc.string(), fc.boolean()),
        ),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (value, at, ch) => {
          writeSealedJson(path, value);
          expect(readSealedJson(path, 'redo it')).toEqual(value);
          const text = readFileSync(path, 'utf8');
          const i = at % text.length;
          writeFileSync(path, text.slice(0, i) + ch + text.slice(i + 1));
          let back: unknown;
          try {
            back = readSealedJson(path, 'redo it');
          } catch (e) {
            expect((e as Error).message).toMatch(/sealed\.json: .*; redo it$/);
            return;
          }
          expect(back).toEqual(value);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('locks', () => {
  it('a live holder keeps the lock; a dead holder’s lock is taken over; release removes only our own lock', () => {
    const path = join(dir, 'a.lock');
    const first = tryLock(path, 'test');
    expect('release' in first).toBe(true);
    const second = tryLock(path, 'test');
    expect(second).toEqual({ heldBy: expect.objectContaining({ pid: process.pid, host: hostname() }) });
    if ('release' in first) first.release();
    expect(existsSync(path)).toBe(false);

    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'then', command: 'gone' }));
    const takeover = tryLock(path, 'test');
    expect('release' in takeover).toBe(true);
    if ('release' in takeover) takeover.release();
    expect(readdirSync(dir).filter((f) => f.startsWith('a.lock'))).toEqual([]);
  });

  it('the pre-training cache is not written while another live process holds the entry’s lock', () => {
    const cache = mkdtempSync(join(tmpdir(), 'pama-cache-lock-'));
    const path = pretrainCachePath(cache, 'k1');
    const entry = { weights: { w: { shape: [2], data: Float32Array.from([1, 2]) } }, finalLoss: 1, losses: [1] };
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'now', command: 'other' }));
    expect(writePretrainCache(path, entry)).toBe(false);
    expect(existsSync(path)).toBe(false);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'then', command: 'gone' }));
    expect(writePretrainCache(path, entry)).toBe(true);
    expect(readPretrainCache(path)?.losses).toEqual([1]);
    expect(readdirSync(cache)).toEqual(['pretrained-k1.json']);
  });

  it('a cache entry copied under another key is refused (and recomputed)', () => {
    const cache = mkdtempSync(join(tmpdir(), 'pama-cache-key-'));
    writePretrainCache(pretrainCachePath(cache, 'k1'), {
      weights: { w: { shape: [1], data: Float32Array.from([3]) } },
      finalLoss: null,
      losses: [],
    });
    writeFileSync(pretrainCachePath(cache, 'k2'), readFileSync(pretrainCachePath(cache, 'k1')));
    const warnings: string[] = [];
    expect(readPretrainCache(pretrainCachePath(cache, 'k2'), (w) => warnings.push(w))).toBeNull();
    expect(warnings[0]).toMatch(/pretrained-k2\.json: holds the entry for key k1/);
  });
});

describe('directories and temporary files', () => {
  it('a directory under a file fails at once naming the file', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, '');
    expect(() => ensureDir(join(file, 'a', 'b'), 'out dir')).toThrow(
      /cannot create out dir .*plain-file\/a\/b: .*plain-file exists and is not a directory/,
    );
  });

  it('removes only temporary files of interrupted writes, and only for the given target when one is named', () => {
    const root = mkdtempSync(join(tmpdir(), 'pama-temp-'));
    ensureDir(join(root, 'runs', 'r1'), 'test');
    const names = ['.ckpt-000001.bin.12.34.tmp', '.progress.json.1.2.tmp', 'progress.json', 'notes.tmp', '.pama.lock'];
    for (const n of names) writeFileSync(join(root, 'runs', 'r1', n), '');
    writeFileSync(join(root, '.pretrained-a.json.5.6.tmp'), '');
    writeFileSync(join(root, '.pretrained-b.json.5.6.tmp'), '');
    expect(removeStaleTempFiles(root, 0, 'pretrained-a.json')).toEqual([join(root, '.pretrained-a.json.5.6.tmp')]);
    expect(removeStaleTempFiles(root).length).toBe(3);
    expect(readdirSync(join(root, 'runs', 'r1')).sort()).toEqual(['.pama.lock', 'notes.tmp', 'progress.json']);
  });
});
