// Hugging Face model directories through the real `pama` binary: `pama generate --model DIR`
// on the tiny GPT-2, Llama and Qwen2 fixtures (checkpoints whose logits, greedy tokens and
// log-probabilities pama-tfjs's tests hold against a PyTorch reference) prints, with --json, the
// tokens and log-probabilities that pama-tfjs's generate gives; bad checkpoints are one line, exit 2.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runPamaSync, type PamaResult } from './support/run-pama.js';

const FIXTURES = join(repoRoot, 'packages', 'tfjs', 'test', 'fixtures', 'hf');
const dir = mkdtempSync(join(tmpdir(), 'pama-hf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface GeneratedLine {
  readonly prompt: string;
  readonly promptTokenIds: number[];
  readonly responses: { readonly text: string; readonly tokenIds: number[]; readonly logprobs: number[] }[];
}

function jsonLines(r: PamaResult): GeneratedLine[] {
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as GeneratedLine);
}

function expectOneLine(r: PamaResult, pattern: RegExp): void {
  expect(r.status, r.stdout).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

/** The library's greedy decoding of `prompt` (pama-tfjs, cpu backend), the reference for the CLI's. */
async function libraryGreedy(model: string, prompt: string, maxNewTokens: number) {
  const tfjs = await import('pama-tfjs');
  await tfjs.selectBackend('cpu');
  const tokenizer = await tfjs.loadHfTokenizer(model);
  const policy = await tfjs.loadPretrainedModel(model);
  try {
    const ids = tokenizer.encodePrompt(prompt);
    const gen = await tfjs.generate(policy, [ids], {
      maxNewTokens,
      temperature: 1,
      topK: 1,
      stopIds: tokenizer.stopIds,
      rng: tfjs.createRng(1),
      useKeyValueCache: false,
    });
    const n = gen.responseLengths[0];
    return {
      promptTokenIds: ids,
      tokenIds: Array.from(gen.tokens.subarray(ids.length, ids.length + n)),
      logprobs: Array.from(gen.logProbs!.subarray(0, n)),
    };
  } finally {
    policy.dispose();
  }
}

describe('pama generate on Hugging Face directories', () => {
  for (const name of ['gpt2-prefixed-f32', 'llama-gqa-untied-f32', 'qwen2-gqa-f16']) {
    it(`${name}: --temperature 0 --json gives the greedy tokens and log-probabilities of full recomputation`, async () => {
      const model = join(FIXTURES, name);
      const args = ['generate', '--model', model, '--prompt', 'the cat sat', '--temperature', '0', '--max-new-tokens', '6'];
      const [line] = jsonLines(runPamaSync([...args, '--backend', 'cpu', '--json']));
      const reference = await libraryGreedy(model, 'the cat sat', 6);
      expect(line.prompt).toBe('the cat sat');
      expect(line.promptTokenIds).toEqual(reference.promptTokenIds);
      expect(line.responses).toHaveLength(1);
      expect(line.responses[0].tokenIds).toEqual(reference.tokenIds);
      // The CLI decodes with the key/value cache; the reference recomputes every prefix.
      line.responses[0].logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(reference.logprobs[i], 4));
      expect(line.responses[0].logprobs.every((lp) => lp <= 0)).toBe(true);
    }, 120_000);
  }

  it('samples --n responses per prompt, reproducibly for a --seed, and formats prompts with --chat-template', () => {
    const model = join(FIXTURES, 'qwen2-gqa-f16');
    const prompts = join(dir, 'prompts.txt');
    writeFileSync(prompts, 'hello there\nwrite a poem\n');
    const args = ['generate', '--model', model, '--prompts', prompts, '--n', '3', '--seed', '4', '--temperature', '0.9', '--top-k', '20'];
    const first = jsonLines(runPamaSync([...args, '--backend', 'cpu', '--json']));
    expect(first.map((l) => l.prompt)).toEqual(['hello there', 'write a poem']);
    for (const line of first) {
      expect(line.responses).toHaveLength(3);
      for (const r of line.responses) expect(r.logprobs).toHaveLength(r.tokenIds.length);
    }
    expect(jsonLines(runPamaSync([...args, '--backend', 'cpu', '--json']))).toEqual(first);
    const chat = jsonLines(runPamaSync([...args, '--chat-template', '--backend', 'cpu', '--json']));
    // ChatML: <|im_start|>user\n … <|im_end|>\n<|im_start|>assistant\n around the prompt.
    expect(chat[0].promptTokenIds.length).toBeGreaterThan(first[0].promptTokenIds.length + 4);
    const text = runPamaSync(['generate', '--model', model, '--prompt', 'hi', '--max-new-tokens', '3', '--backend', 'cpu']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^prompt: hi\n {2}1\. /);
  }, 120_000);

  it('bad checkpoints and flags are one line naming the file, tensor or field, exit 2', () => {
    const copy = (name: string, edit: (config: Record<string, unknown>) => void): string => {
      const target = join(dir, `${name}-${Math.random().toString(36).slice(2)}`);
      cpSync(join(FIXTURES, name), target, { recursive: true });
      const config = JSON.parse(readFileSync(join(target, 'config.json'), 'utf8'));
      edit(config);
      writeFileSync(join(target, 'config.json'), JSON.stringify(config));
      return target;
    };
    const gen = (model: string, ...more: string[]) => runPamaSync(['generate', '--model', model, '--backend', 'cpu', ...more]);
    expectOneLine(
      gen(copy('gpt2-prefixed-f32', (c) => (c.n_embd = 48))),
      /model\.safetensors.*tensor "transformer\.wte\.weight" shape.*must be \[297, 48\]/,
    );
    expectOneLine(
      gen(copy('llama-gqa-untied-f32', (c) => (c.num_hidden_layers = 3))),
      /model\.safetensors: tensor "model\.layers\.2\.[^"]+": must be present with shape \[\d+(, \d+)?\] \(got "missing"\)/,
    );
    expectOneLine(
      gen(copy('qwen2-gqa-f16', (c) => (c.model_type = 'mistral'))),
      /config\.json: model_type: must be one of gpt2.*llama.*qwen2.*\(got "mistral"\)/,
    );
    expectOneLine(gen(join(dir, 'nothing')), /--model .*nothing: no such directory/);
    expectOneLine(gen(dir), /neither model\.json .* nor config\.json/);
    expectOneLine(gen(join(FIXTURES, 'gpt2-bare-f16'), '--chat-template'), /--chat-template: .*has no chat_template/);
    expectOneLine(gen(join(FIXTURES, 'gpt2-bare-f16'), '--temperature=-1'), /--temperature: a finite number > 0, or 0 for greedy/);
  }, 120_000);
});
