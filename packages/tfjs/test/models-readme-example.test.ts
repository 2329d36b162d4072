// Runs the README's pre-trained model example against the built package on a fixture checkpoint
// (a tiny Qwen2 with its ChatML tokenizer), as a user would run it on a downloaded model.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HF_FIXTURES } from './pretrained-fixtures.js';
import { runReadmeExample } from './readme-example-runner.js';

const out = mkdtempSync(join(tmpdir(), 'pama-readme-pretrained-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('README pre-trained model example', () => {
  it('trains two LoRA steps, exports the policy in the source layout with its adapter and value heads, and decodes a greedy sample', () => {
    const policy = join(out, 'policy');
    const run = runReadmeExample('## Pre-trained models (Hugging Face)', 'readme-pretrained-example.mjs', undefined, [
      join(HF_FIXTURES, 'qwen2-gqa-f16'),
      policy,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^step 1: rewards [\d.]+ [\d.]+, kl -?[\d.]+$/);
    expect(lines[1]).toMatch(/^step 2: rewards /);
    expect(typeof JSON.parse(lines[2])).toBe('string');
    expect(readdirSync(policy).sort()).toEqual(
      [
        'adapter',
        'config.json',
        'generation_config.json',
        'model.safetensors',
        'pama_export.json',
        'special_tokens_map.json',
        'tokenizer.json',
        'tokenizer_config.json',
        'value_heads.safetensors',
      ].sort(),
    );
    expect(existsSync(join(policy, 'adapter', 'adapter_config.json'))).toBe(true);
  });
});
