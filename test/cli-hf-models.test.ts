// Hugging Face model directories through the real `pama` binary, on the tiny GPT-2, Llama and Qwen2
// fixtures (checkpoints whose logits, greedy tokens and log-probabilities pama-tfjs's tests hold
// against a PyTorch reference): `pama generate --json` prints the tokens and log-probabilities that
// pama-tfjs's generate gives; `pama align --model DIR` trains (LoRA or every weight) and exports each
// run's policy in the source's layout, which `pama eval` and `pama generate` read back; bad
// checkpoints are one line, exit 2.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runPama, runPamaSync, type PamaResult } from './support/run-pama.js';

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

/** Every tensor of a safetensors file as float32 values, in file order. */
async function tensorsOf(path: string): Promise<Map<string, { shape: readonly number[]; values: Float32Array }>> {
  const { openSafetensors } = await import('pama-tfjs');
  const file = await openSafetensors(path);
  try {
    const out = new Map<string, { shape: readonly number[]; values: Float32Array }>();
    for (const [name, info] of file.tensors) out.set(name, { shape: info.shape, values: await file.readFloat32(name) });
    return out;
  } finally {
    await file.close();
  }
}

const sameValues = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('pama align --model DIR', () => {
  it('LoRA on Qwen2 (config file, --quick): trains the adapters only, exports the merged model in the source layout, the PEFT adapter and the value heads; eval and generate read it back', async () => {
    const work = join(dir, 'lora');
    cpSync(join(FIXTURES, 'qwen2-gqa-f16'), join(work, 'qwen'), { recursive: true });
    const config = join(work, 'config.json');
    // A large learning rate, so two steps visibly move the adapters.
    writeFileSync(
      config,
      // GAE, so the export carries the value heads this test reads back.
      JSON.stringify({
        backend: 'cpu',
        methods: ['pama'],
        estimator: { kind: 'gae' },
        ppo: { learningRate: 0.05 },
        model: { path: 'qwen', lora: { rank: 2 } },
      }),
    );
    const out = join(work, 'out');
    const align = await runPama(['align', '--quick', '--config', config, '--out', out, '--jobs', '1']);
    expect(align.status, align.stderr).toBe(0);
    expect(align.stdout).toMatch(/model: qwen2 from .*qwen: 2 layers, width 32, .*\d+ frozen \(LoRA r=2,alpha=4,targets=q_proj\+v_proj\)/);
    const policy = join(out, 'runs', 'pama-sample-seed1', 'policy');
    const source = await tensorsOf(join(work, 'qwen', 'model.safetensors'));
    const exported = await tensorsOf(join(policy, 'model.safetensors'));
    expect([...exported.keys()]).toEqual([...source.keys()]);
    for (const [name, t] of exported) {
      expect(t.shape, name).toEqual(source.get(name)!.shape);
      // Adapted projections carry the merged update; every other weight is the frozen source, exactly.
      expect(sameValues(t.values, source.get(name)!.values), name).toBe(!/(q_proj|v_proj)\.weight$/.test(name));
    }
    const heads = await tensorsOf(join(policy, 'value_heads.safetensors'));
    expect(heads.get('value_head.weight')!.shape).toEqual([2, 32]);
    const adapterConfig = JSON.parse(readFileSync(join(policy, 'adapter', 'adapter_config.json'), 'utf8'));
    expect(adapterConfig).toMatchObject({ peft_type: 'LORA', r: 2, lora_alpha: 4, target_modules: ['q_proj', 'v_proj'] });
    const adapter = await tensorsOf(join(policy, 'adapter', 'adapter_model.safetensors'));
    expect(adapter.get('base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight')!.shape).toEqual([2, 32]);
    for (const file of ['tokenizer.json', 'tokenizer_config.json', 'generation_config.json'])
      expect(readFileSync(join(policy, file), 'utf8')).toBe(readFileSync(join(work, 'qwen', file), 'utf8'));

    // pama eval on the export samples what the run sampled after training (same prompts and seed).
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    const report = JSON.parse(
      jsonOut(runPamaSync(['eval', '--model', policy, '--config', config, '--quick', '--backend', 'cpu', '--json'])),
    );
    expect(report.means).toEqual(metrics.runs[0].test.after);
    expect(report.samples.map((s: { response: string }) => s.response)).toEqual(
      metrics.runs[0].samples.map((s: { after: string }) => s.after),
    );
    const [line] = jsonLines(
      runPamaSync(['generate', '--model', policy, '--prompt', 'the', '--temperature', '0', '--backend', 'cpu', '--json']),
    );
    expect(line.responses[0].tokenIds.length).toBeGreaterThan(0);
  }, 300_000);

  it('full fine-tuning of Llama in two worker processes: every run exports a model whose layers moved, under the source names', async () => {
    const out = join(dir, 'full');
    const model = join(FIXTURES, 'llama-gqa-untied-f32');
    const align = await runPama([
      'align',
      '--quick',
      '--model',
      model,
      '--methods',
      'pama,morlhf',
      // GAE: its value heads' loss reaches every layer even when two steps carry little policy signal.
      '--estimator',
      'gae',
      '--jobs',
      '2',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(align.status, align.stderr).toBe(0);
    expect(align.stdout).toMatch(/model: llama .*; \d+ parameters train\n/);
    const source = await tensorsOf(join(model, 'model.safetensors'));
    for (const run of ['pama-sample-seed1', 'morlhf-seed1']) {
      const exported = await tensorsOf(join(out, 'runs', run, 'policy', 'model.safetensors'));
      expect([...exported.keys()]).toEqual([...source.keys()]);
      // The value heads sit on the final hidden state, so training moves every layer below them.
      for (const name of ['model.embed_tokens.weight', 'model.layers.0.mlp.down_proj.weight', 'model.layers.1.self_attn.q_proj.weight'])
        expect(sameValues(exported.get(name)!.values, source.get(name)!.values), name).toBe(false);
      expect(readFileSync(join(out, 'runs', run, 'policy', 'config.json'), 'utf8')).toContain('"model_type": "llama"');
    }
  }, 300_000);

  it('--estimator group with LoRA on GPT-2 in two worker processes: no value heads are built, so every export has no value-heads file; generate reads it back', async () => {
    const out = join(dir, 'group');
    const align = await runPama([
      'align',
      '--quick',
      '--model',
      join(FIXTURES, 'gpt2-prefixed-f32'),
      '--lora-rank',
      '2',
      '--estimator',
      'group',
      '--methods',
      'pama,morlhf',
      '--jobs',
      '2',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    expect(align.status, align.stderr).toBe(0);
    for (const run of ['pama-sample-seed1', 'morlhf-seed1']) {
      const policy = join(out, 'runs', run, 'policy');
      expect(readdirSync(policy).sort()).toContain('model.safetensors');
      expect(existsSync(join(policy, 'value_heads.safetensors')), run).toBe(false);
      expect(existsSync(join(policy, 'adapter', 'adapter_model.safetensors')), run).toBe(true);
      expect(JSON.parse(readFileSync(join(policy, 'pama_export.json'), 'utf8')).objectives).toEqual(['sentiment', 'length']);
    }
    const [line] = jsonLines(
      runPamaSync([
        'generate',
        '--model',
        join(out, 'runs', 'pama-sample-seed1', 'policy'),
        '--prompt',
        'the',
        '--temperature',
        '0',
        '--backend',
        'cpu',
        '--json',
      ]),
    );
    expect(line.responses[0].tokenIds.length).toBeGreaterThan(0);
  }, 300_000);

  it('LoRA on GPT-2: SIGKILL mid-run, then --resume, ends with the metrics and exported weights of an uninterrupted run', async () => {
    const flags = (out: string) => [
      'align',
      '--quick',
      '--model',
      join(FIXTURES, 'gpt2-prefixed-f32'),
      '--lora-rank',
      '2',
      '--methods',
      'pama',
      // GAE: the value heads and their resume are part of what is compared.
      '--estimator',
      'gae',
      '--steps',
      '4',
      '--jobs',
      '1',
      '--backend',
      'cpu',
      '--out',
      join(dir, out),
    ];
    const outcome = (out: string) =>
      JSON.parse(readFileSync(join(dir, out, 'metrics.json'), 'utf8')).runs.map((r: Record<string, unknown>) => ({
        ...r,
        seconds: undefined,
      }));
    expect((await runPama(flags('whole'))).status).toBe(0);
    let killedAt = '';
    const killed = await runPama(flags('killed'), {
      onStdout: (text, kill) => {
        if (!killedAt && /pama-sample-seed1: 2\/4 /.test(text)) {
          killedAt = 'step 2';
          kill();
        }
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await runPama([...flags('killed'), '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/pama-sample-seed1: [23]\/4 starting/);
    expect(outcome('killed')).toEqual(outcome('whole'));
    const policy = (out: string) => join(dir, out, 'runs', 'pama-sample-seed1', 'policy');
    for (const file of ['model.safetensors', 'value_heads.safetensors', join('adapter', 'adapter_model.safetensors')])
      expect(readFileSync(join(policy('killed'), file)).equals(readFileSync(join(policy('whole'), file))), file).toBe(true);
  }, 300_000);

  it('a bad model or LoRA setting is one line before any run, exit 2', () => {
    const out = join(dir, 'never');
    expectOneLine(
      runPamaSync(['align', '--quick', '--model', join(dir, 'absent'), '--out', out]),
      /model\.path: a Hugging Face model directory/,
    );
    expectOneLine(runPamaSync(['align', '--quick', '--lora-rank', '2', '--out', out]), /model\.lora\.rank: 0 without model\.path/);
    const bad = join(dir, 'bad-gpt2');
    cpSync(join(FIXTURES, 'gpt2-bare-f16'), bad, { recursive: true });
    const config = JSON.parse(readFileSync(join(bad, 'config.json'), 'utf8'));
    writeFileSync(join(bad, 'config.json'), JSON.stringify({ ...config, n_inner: 40 }));
    expectOneLine(
      runPamaSync(['align', '--quick', '--model', bad, '--backend', 'cpu', '--out', out]),
      /model\.safetensors: tensor "h\.0\.mlp\.c_fc\.weight" shape: must be \[\d+, 40\]/,
    );
    expectOneLine(
      runPamaSync([
        'align',
        '--quick',
        '--model',
        join(FIXTURES, 'qwen2-gqa-f16'),
        '--lora-rank',
        '2',
        '--lora-targets',
        'c_attn',
        '--backend',
        'cpu',
        '--out',
        out,
      ]),
      /c_attn/,
    );
  }, 120_000);
});

function jsonOut(r: PamaResult): string {
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}
