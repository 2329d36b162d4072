// One alignment run (method × seed): start from the pre-trained weights (the built-in model's, or
// a Hugging Face model's, fully or with LoRA), evaluate before, train with a checkpoint after every
// step, evaluate after, save the policy. Resumes from its run directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPolicyValueModel,
  createRng,
  createTrainer,
  createTrainerWithSolvers,
  exportPretrainedPolicy,
  loadPretrainedModel,
  PretrainedPolicyModel,
  type PolicyValueModel,
  minNormFromGramWithPamaCore,
  preferenceCombinerWithPamaCore,
  type TrainerOptions,
  generate,
  saveCheckpoint,
  savePolicy,
  type StepMetrics,
  type Tokenizer,
  type TransformerConfig,
  type WeightMap,
  type LoraOptions,
  withoutValueHeads,
} from 'pama-tfjs';
import { ExperimentError } from '../experiment-error.js';
import type { RewardSource } from 'pama-rewards';
import { klPlacementOf, type AlignConfig, type Method } from '../config/align-config.js';
import type { RunMetrics, StepRecord } from '../report/metrics.js';
import { VETO_STALL_STEPS, vetoStall } from '../report/veto-stall.js';
import { evaluate } from './evaluate.js';
import { uniformPromptSampler, type PromptSet } from '../corpus/prompts.js';
import { checkpointName, readProgress, readResult, restoreRun, runDirName, writeProgress, writeResult } from './run-files.js';
import { effectiveObjectives, valueHeadCount } from './objectives.js';
import { objectiveNormalizer } from '../objectives/column-normalizer.js';
import { policyMetadata } from './policy-metadata.js';
import { startPhase, type PhaseProgress } from '../progress/phase-progress.js';
import { trainerOptionsFromConfig } from '../config/training-settings.js';

/** Starts the progress display of one run (a worker process reports to its parent instead). */
export type StartProgress = (name: string, total: number, startAt: number) => PhaseProgress;

/** A Hugging Face model to align: its directory, LoRA settings, and every id that ends a response. */
export interface HuggingFaceModel {
  readonly path: string;
  readonly lora?: LoraOptions;
  readonly stopIds: readonly number[];
}

export interface RunInputs {
  readonly config: AlignConfig;
  readonly method: Method;
  readonly seed: number;
  readonly modelConfig: TransformerConfig;
  readonly pretrained: WeightMap;
  readonly tokenizer: Tokenizer;
  readonly trainPrompts: PromptSet;
  readonly evalPrompts: PromptSet;
  readonly sources: readonly RewardSource[];
  readonly outDir: string;
  /** Default: a bar (or plain lines) on stdout. */
  readonly startProgress?: StartProgress;
  /** `pama sweep`: MORLHF's weights, or PAMA's steering preference (with `label`, the run's directory name). */
  readonly preference?: readonly number[];
  readonly label?: string;
  /** A Hugging Face model to load instead of the built-in model with `pretrained` weights. */
  readonly huggingFace?: HuggingFaceModel;
}

/**
 * The WebAssembly backend's heap holds at most 4 GiB; running out of it traps the module with a bare
 * `Aborted()` or `memory access out of bounds` (full fine-tuning of GPT-2 small does, measured in
 * docs/bench/real-models.md). Said instead: how much full fine-tuning keeps, and what fits.
 */
function outOfWasmMemory(error: unknown, model: PolicyValueModel): ExperimentError | undefined {
  // WebAssembly.RuntimeError (its type is not in this package's libraries).
  if (!(error instanceof Error) || error.name !== 'RuntimeError' || !/^(Aborted\(|memory access out of bounds)/.test(error.message))
    return undefined;
  const parameters = [...model.trainableVariables, ...(model instanceof PretrainedPolicyModel ? model.frozenVariables : [])].reduce(
    (n, v) => n + v.size,
    0,
  );
  const gib = (parameters * 4) / 2 ** 30;
  return new ExperimentError(
    `the WebAssembly backend failed (${error.message.split('.')[0]}): its heap, at most 4 GiB, is full (the model's ${(parameters / 1e6).toFixed(0)}M float32 parameters are ${gib.toFixed(2)} GiB, and full fine-tuning keeps them ~5 times: weights, the frozen reference, gradients, Adam's two moments); train with LoRA (--lora-rank 8), or use --backend cpu (slow) or a GPU backend`,
    'failed',
  );
}

/**
 * The policy a run starts from, with `nValueHeads` heads (none under the group estimator: the
 * pre-trained weights' zero-initialised heads are left out).
 */
async function startingModel(inputs: RunInputs, nValueHeads: number): Promise<PolicyValueModel> {
  const hf = inputs.huggingFace;
  if (hf === undefined) {
    const model = createPolicyValueModel({ ...inputs.modelConfig, nValueHeads }, { seed: inputs.seed });
    model.importWeights(nValueHeads === 0 ? withoutValueHeads(inputs.pretrained) : inputs.pretrained);
    return model;
  }
  return loadPretrainedModel(hf.path, { nValueHeads, seed: inputs.seed, ...(hf.lora ? { lora: hf.lora } : {}) });
}

function toStepRecord(m: StepMetrics, names: readonly string[]): StepRecord {
  const rewards: Record<string, number> = {};
  const weights: Record<string, number> = {};
  names.forEach((o, i) => {
    rewards[o] = m.meanRewards[i];
    weights[o] = m.objectiveWeights[i];
  });
  const met = m.objectivesMet ? Object.fromEntries(names.map((o, i) => [o, m.objectivesMet![i]])) : undefined;
  const byName = (values: readonly number[]) => Object.fromEntries(names.map((o, i) => [o, values[i]]));
  return {
    step: m.step,
    rewards,
    rewardStd: byName(m.rewardStd),
    advantageMean: byName(m.advantageMean),
    advantageStd: byName(m.advantageStd),
    combinedAdvantageMean: m.combinedAdvantageMean,
    vetoRate: m.vetoRate,
    kl: m.klToReference,
    weights,
    responseLength: m.meanResponseLength,
    entropy: m.entropy,
    ...(met ? { met } : {}),
  };
}

/** The progress line of a step: rewards, KL, weights, veto rate, and a sustained veto stall when the last steps are one. */
function statusLine(s: StepRecord, steps: readonly StepRecord[]): string {
  const short = (name: string) => (name === 'sentiment' ? 'sent' : name === 'length' ? 'len' : name.slice(0, 8));
  const stall = vetoStall(steps);
  return `${Object.entries(s.rewards)
    .map(([o, r]) => `${short(o)} ${r.toFixed(3)}`)
    .join(' ')} kl ${s.kl.toFixed(3)} w ${Object.values(s.weights)
    .map((w) => w.toFixed(2))
    .join(
      '/',
    )} veto ${((s.vetoRate ?? 0) * 100).toFixed(0)}%${stall.current >= VETO_STALL_STEPS ? ` VETO STALL ${stall.current} steps` : ''}`;
}

/** PAMA's objective targets keyed by objective (the non-null ones), or undefined when there are none. */
function pamaTargetsByObjective(config: AlignConfig): Record<string, number> | undefined {
  const entries = effectiveObjectives(config).flatMap((o) => (o.target === null ? [] : [[o.name, o.target] as const]));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function runLabel(method: Method, config: AlignConfig, seed: number): string {
  return runDirName(method, method === 'pama' ? config.granularity : undefined, seed);
}

export async function alignRun(inputs: RunInputs): Promise<RunMetrics> {
  const { config, method, seed } = inputs;
  const granularity = method === 'pama' ? config.granularity : undefined;
  const targets = method === 'pama' ? pamaTargetsByObjective(config) : undefined;
  const label = inputs.label ?? runDirName(method, granularity, seed);
  const dir = join(inputs.outDir, 'runs', label);
  const objectives = effectiveObjectives(config);
  const names = objectives.map((o) => o.name);
  const finished = readResult(dir, names);
  if (finished) {
    process.stdout.write(`${label}: already finished, reusing its result\n`);
    return finished;
  }
  mkdirSync(dir, { recursive: true });

  const model = await startingModel(inputs, valueHeadCount(config));
  const reference = model.cloneFrozen();
  // A Hugging Face model may end a response with any of several ids (Qwen2: <|im_end|>, <|endoftext|>).
  const stopIds = inputs.huggingFace?.stopIds;
  const steered = method === 'pama' && inputs.preference !== undefined;
  const trainerOptions: TrainerOptions = {
    model,
    reference,
    tokenizer: inputs.tokenizer,
    rewardSources: inputs.sources,
    method,
    granularity: granularity ?? 'token',
    ...(config.noon !== null ? { noon: config.noon === 'on' } : {}),
    klPlacement: klPlacementOf(config),
    estimator: config.estimator.kind,
    groupSize: config.estimator.groupSize,
    groupScale: config.estimator.groupScale,
    objectiveWeights: method === 'morlhf' || method === 'gdpo' ? (inputs.preference ?? objectives.map((o) => o.weight)) : undefined,
    objectiveTargets: targets ? objectives.map((o) => o.target) : undefined,
    normalizer: objectiveNormalizer(objectives),
    // Every training setting of the config, at its TRAINING_SETTINGS path (config/training-settings).
    ...trainerOptionsFromConfig(config),
    sampling: { ...trainerOptionsFromConfig(config).sampling, eosId: inputs.tokenizer.eosId },
    rng: createRng(seed),
    promptSampler: uniformPromptSampler(inputs.trainPrompts),
    generate: stopIds === undefined ? generate : (m, prompts, options) => generate(m, prompts, { ...options, stopIds }),
  };
  const trainer = steered
    ? createTrainerWithSolvers(trainerOptions, {
        combine: preferenceCombinerWithPamaCore(inputs.preference!),
        minNorm: minNormFromGramWithPamaCore,
      })
    : createTrainer(trainerOptions);

  try {
    const started = Date.now();
    let progress = readProgress(dir, names);
    if (progress) {
      await restoreRun(trainer, dir, progress);
    } else {
      const before = await evaluate(model, inputs.tokenizer, inputs.evalPrompts, inputs.sources, config, stopIds);
      await saveCheckpoint(join(dir, checkpointName(0)), await trainer.checkpoint());
      progress = { steps: [], before, checkpoint: checkpointName(0), seconds: 0 };
      writeProgress(dir, progress);
    }
    const steps = [...progress.steps];
    const priorSeconds = progress.seconds;
    const bar = inputs.startProgress
      ? inputs.startProgress(label, config.steps, steps.length)
      : startPhase(label, config.steps, undefined, steps.length);
    while (steps.length < config.steps) {
      const s = toStepRecord(await trainer.step(), names);
      steps.push(s);
      const name = checkpointName(steps.length);
      await saveCheckpoint(join(dir, name), await trainer.checkpoint());
      writeProgress(dir, { steps, before: progress.before, checkpoint: name, seconds: priorSeconds + (Date.now() - started) / 1000 });
      bar.update(steps.length, statusLine(s, steps));
    }
    const after = await evaluate(model, inputs.tokenizer, inputs.evalPrompts, inputs.sources, config, stopIds);
    const shown = config.prompts.samplesShown;
    const result: RunMetrics = {
      method,
      ...(granularity ? { granularity } : {}),
      noon: trainer.options.noon,
      klPlacement: trainer.options.klPlacement,
      estimator: trainer.options.estimator,
      ...(targets ? { targets } : {}),
      seed,
      steps,
      test: { before: progress.before.means, after: after.means },
      samples: after.prompts
        .slice(0, shown)
        .map((prompt, i) => ({ prompt, before: progress.before.responses[i], after: after.responses[i] })),
      seconds: priorSeconds + (Date.now() - started) / 1000,
    };
    // The aligned model (`pama generate --model DIR/policy`), before the result that marks the run
    // finished: a Hugging Face model in its source's layout (LoRA merged, the adapter beside it),
    // the built-in model in TensorFlow.js's format.
    const metadata = policyMetadata(config, {
      kind: 'aligned',
      method,
      ...(granularity ? { granularity } : {}),
      seed,
      steps: config.steps,
    });
    if (model instanceof PretrainedPolicyModel) await exportPretrainedPolicy(model, join(dir, 'policy'), { objectives: names, metadata });
    else await savePolicy(join(dir, 'policy'), model, inputs.tokenizer, { metadata });
    writeResult(dir, result);
    const stall = vetoStall(steps);
    const stallNote = stall.sustained ? `; sustained veto stall: ${stall.longest} steps in a row with nearly every response vetoed` : '';
    bar.finish(`test after: ${names.map((o) => `${o} ${after.means[o].toFixed(3)}`).join(', ')}${stallNote}`);
    return result;
  } catch (error) {
    throw outOfWasmMemory(error, model) ?? error;
  } finally {
    trainer.dispose();
    reference.dispose();
    model.dispose();
  }
}
