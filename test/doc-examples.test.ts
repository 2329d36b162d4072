// Every @example of the libraries' exported declarations runs (test/support/doc-examples.mjs
// says how: each as its own module, seeing its package's exports; a line `EXPR; // VALUE` checks
// EXPR against the literal VALUE, `EXPR; // throws …` checks that it throws), so a wrong example
// fails here. PENDING lists the examples that cannot run yet, with why: they use a model, a
// trainer or a file the surrounding documentation sets up, or need a model folder or a server.
// The list only shrinks: an example listed here that runs, or that is gone, fails the test too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PENDING: Readonly<Record<string, string>> = {
  'packages/tfjs/src/training/step-advantages.ts#stepAdvantages': 'uses trainer from the surrounding text',
  'packages/rewards/src/http/request-headers.ts#resolveHeaders': 'needs the REWARD_TOKEN environment variable and a server',
  'packages/rewards/src/sources/http-reward.ts#httpReward': 'needs the REWARD_TOKEN environment variable and a server',
  'packages/rewards-onnx/src/classifier-folder.ts#readClassifierFolder': 'needs an ONNX classifier folder',
  'packages/rewards-onnx/src/classifier-reward.ts#classifierReward': 'needs an ONNX classifier folder',
  'packages/rewards-onnx/src/classifier.ts#prepareClassifier': 'needs an ONNX classifier folder',
  'packages/rewards-onnx/src/classifier.ts#loadClassifier': 'needs an ONNX classifier folder',
  'packages/rewards-onnx/src/classifier.ts#loadPreparedClassifier': 'needs an ONNX classifier folder',
  'packages/rewards-onnx/src/text-encoder.ts#createTextEncoder': 'needs an ONNX classifier folder',
  'packages/tfjs/src/model-io/model-artifacts.ts#loadPolicy': 'needs a saved policy',
  'packages/tfjs/src/model-io/safetensors-checkpoint.ts#openSafetensorsCheckpoint': 'needs a Hugging Face model folder',
  'packages/tfjs/src/model-io/safetensors-header.ts#headerLength': 'uses prefixBytes from the surrounding text',
  'packages/tfjs/src/model-io/safetensors-header.ts#parseSafetensorsHeader': 'uses jsonBytes from the surrounding text',
  'packages/tfjs/src/model-io/safetensors-reader.ts#openSafetensors': 'needs a Hugging Face model folder',
  'packages/tfjs/src/models/architectures.ts#architectureFor': 'uses configJson from the surrounding text',
  'packages/tfjs/src/models/decoder-layers.ts#applyRotary': 'uses queries from the surrounding text',
  'packages/tfjs/src/models/decoder-parameters.ts#DecoderParameters': 'uses variablesByName from the surrounding text',
  'packages/tfjs/src/models/gpt2/gpt2-architecture.ts#gpt2Architecture': 'uses configJson from the surrounding text',
  'packages/tfjs/src/models/llama/llama-architecture.ts#llamaArchitecture': 'uses configJson from the surrounding text',
  'packages/tfjs/src/models/lora.ts#resolveLora': 'uses gpt2 from the surrounding text',
  'packages/tfjs/src/models/lora.ts#adaptedModules': 'uses gpt2 from the surrounding text',
  'packages/tfjs/src/models/lora.ts#initialAdapters': 'uses arch from the surrounding text',
  'packages/tfjs/src/models/pretrained-export.ts#exportPretrainedPolicy': 'uses model from the surrounding text',
  'packages/tfjs/src/models/pretrained-load.ts#loadPretrainedModel': 'needs a Hugging Face model folder',
  'packages/tfjs/src/models/pretrained-model.ts#PretrainedPolicyModel': 'needs a Hugging Face model folder',
  'packages/tfjs/src/models/pretrained-model.ts#PretrainedPolicyModel.fileTensor': 'uses model from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer-files.ts#loadHfTokenizer': 'needs a Hugging Face model folder',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer': 'uses tokenizerJson from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer.fromFiles': 'uses readFileSync from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer.fromJSON': 'uses tokenizer from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer.encodePrompt': 'uses tokenizer from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer.applyChatTemplate': 'uses tokenizer from the surrounding text',
  'packages/tfjs/src/tokenizers/hf-tokenizer.ts#HfTokenizer.encodeChatPrompt': 'uses tokenizer from the surrounding text',
  'packages/tfjs/src/training/checkpoint-io.ts#encodeCheckpoint': 'uses trainer from the surrounding text',
  'packages/tfjs/src/training/checkpoint-io.ts#decodeCheckpoint': 'uses trainer from the surrounding text',
  'packages/tfjs/src/training/checkpoint-io.ts#saveCheckpoint': 'uses trainer from the surrounding text',
  'packages/tfjs/src/training/checkpoint-io.ts#loadCheckpoint': 'uses trainer from the surrounding text',
  'packages/tfjs/src/training/combiners/index.ts#objectiveCombinerFor': 'uses weights from the surrounding text',
  'packages/tfjs/src/training/open-tape.ts#OpenTape': 'uses model from the surrounding text',
  'packages/tfjs/src/training/pama-core-solvers.ts#combineWithPamaCore': 'uses options from the surrounding text',
  'packages/tfjs/src/training/pama-core-solvers.ts#preferenceCombinerWithPamaCore': 'uses options from the surrounding text',
  'packages/tfjs/src/training/trainer-options.ts#resolveTrainerOptions': 'uses options from the surrounding text (in a throws check)',
  'packages/tfjs/src/training/trainer-settings.ts#trainerSettings': 'uses trainer from the surrounding text',
  'packages/tfjs/src/training/trainer.ts#createTrainerWithSolvers': 'uses options from the surrounding text',
  'packages/experiment/src/runner/run-runs.ts#runAll':
    'uses config, context and pretrained weights from the surrounding pipeline (runAlignment runs it end to end)',
  'packages/experiment/src/report/combine-table.ts#combineTableHtml': 'uses metrics from the surrounding text',
  'packages/experiment/src/report/sweep-metrics-check.ts#checkSweepMetrics': 'uses readFileSync from the surrounding text',
  'packages/experiment/src/report/sweep-report.ts#renderSweepReport': 'uses writeFileAtomic from the surrounding text',
  'packages/experiment/src/sweep/sweep-summary.ts#summarizeSweep': 'uses runs from the surrounding text',
};

interface Outcome {
  readonly id: string;
  readonly ok: boolean;
  readonly error: string | null;
}

function runAll(): Outcome[] {
  const script = fileURLToPath(new URL('support/doc-examples.mjs', import.meta.url));
  // Examples that write files (out/policy, model.safetensors) write them into a scratch directory.
  const cwd = mkdtempSync(join(tmpdir(), 'pama-doc-examples-'));
  const result = spawnSync(process.execPath, [script], { cwd, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  rmSync(cwd, { recursive: true, force: true });
  expect(result.status, result.stderr.slice(-2000)).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Outcome);
}

describe('the API documentation examples', () => {
  const outcomes = runAll();

  it('are found in every library', () => {
    for (const dir of ['packages/core/', 'packages/rewards/', 'packages/rewards-onnx/', 'packages/tfjs/', 'packages/experiment/']) {
      expect(
        outcomes.some((o) => o.id.startsWith(dir) && o.ok),
        dir,
      ).toBe(true);
    }
  });

  it('run and state their results truly, except the pending ones', () => {
    const failing = outcomes.filter((o) => !o.ok && !(o.id in PENDING)).map((o) => `${o.id}: ${o.error}`);
    expect(failing).toEqual([]);
  });

  it('the pending list only shrinks: each entry exists and still cannot run', () => {
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    const stale = Object.keys(PENDING).filter((id) => byId.get(id)?.ok !== false);
    expect(stale).toEqual([]);
  });
});
