// The classifier fixtures (made by test/fixtures/make_fixtures.py with PyTorch) and copies of them
// that tests change on disk.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OnnxRuntimeName } from '../../src/index.js';

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
export const SENTIMENT = join(FIXTURES, 'tiny-sentiment');
export const REWARD = join(FIXTURES, 'tiny-reward');

export interface ExpectedCase {
  readonly text: string;
  readonly pair?: string;
  readonly maxLength?: number;
  readonly side?: 'left' | 'right';
  readonly ids: number[];
  readonly typeIds: number[];
  readonly logits: number[];
}

export const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  'tiny-sentiment' | 'tiny-reward',
  ExpectedCase[]
>;

/** A temporary copy of a fixture folder, changed by `edit`; removed by the returned cleanup. */
export function copyFixture(from: string, edit: (dir: string) => void = () => {}): { dir: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'pama-classifier-'));
  const dir = join(root, 'model');
  cpSync(from, dir, { recursive: true });
  edit(dir);
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Rewrites a JSON file of a folder. */
export function editJson(dir: string, file: string, edit: (json: Record<string, unknown>) => void): void {
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}

/** The runtimes installed here: onnxruntime-web always (a dependency), onnxruntime-node when installed. */
export async function installedRuntimes(): Promise<OnnxRuntimeName[]> {
  const runtimes: OnnxRuntimeName[] = ['onnxruntime-web'];
  const specifier: string = 'onnxruntime-node';
  try {
    await import(specifier);
    runtimes.unshift('onnxruntime-node');
  } catch {
    // not installed: the web runtime alone is tested
  }
  return runtimes;
}
