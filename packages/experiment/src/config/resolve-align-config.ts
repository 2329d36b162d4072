// Builds the effective align config: preset (default or --quick) ← config file ← flags,
// validated as a whole before any work starts.
import { dirname, resolve } from 'node:path';
import {
  ALIGN_CONFIG_SCHEMA,
  DEFAULT_ALIGN_CONFIG,
  PAPER_OVERRIDES,
  QUICK_OVERRIDES,
  crossFieldIssue,
  pretrainedModelOverrides,
  resolveDataPaths,
  type AlignConfig,
} from './align-config.js';
import { deepMerge, issueError, validateAgainst } from './validate.js';
import { ExperimentError } from '../experiment-error.js';
import { renderValue } from 'pama-core/support';
import { parseJsonBounded } from '../io/read-json.js';
import { objectivesFromFlag, objectivesIssue } from '../objectives/objective-spec.js';
import { readBoundedText } from '../io/bounded-read.js';

export interface AlignFlags {
  readonly config?: string;
  readonly methods?: string;
  readonly granularity?: string;
  readonly seeds?: string;
  readonly steps?: string;
  readonly out?: string;
  readonly quick?: boolean;
  readonly resume?: boolean;
  /** `--pama-targets`: one entry per objective (sentiment, length), a number or `none`. */
  readonly pamaTargets?: string;
  /** `--backend`: auto (the fastest found; never a software WebGPU adapter) or one backend by name. */
  readonly backend?: string;
  /** `--objectives sentiment,length`: built-in sources by name (replaces the config's objectives). */
  readonly objectives?: string;
  /** `--noon on|off|default`. */
  readonly noon?: string;
  /** `--kl-placement per-objective|combined|loss|default` (default: the estimator's own). */
  readonly klPlacement?: string;
  /** `--paper`: the published configuration (PAPER_OVERRIDES), under the other flags. */
  readonly paper?: boolean;
  /** `--estimator gae|group`, `--group-size G`, `--group-scale group|batch|none`. */
  readonly estimator?: string;
  readonly groupSize?: string;
  readonly groupScale?: string;
  /** `--model DIR`: a Hugging Face model directory to align (model.path). */
  readonly model?: string;
  readonly loraRank?: string;
  readonly loraAlpha?: string;
  /** `--lora-targets c_attn,c_proj`. */
  readonly loraTargets?: string;
}

const INTEGER = /^[+-]?\d+$/;

function parseIntFlag(flag: string, text: string): number {
  if (!INTEGER.test(text.trim())) throw new ExperimentError(`--${flag}`, text, 'an integer');
  return Number(text.trim());
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseTargetFlag(text: string): number | null {
  if (text === 'none' || text === 'null') return null;
  if (!NUMBER.test(text)) throw new ExperimentError('--pama-targets', text, 'each entry a number or none');
  return Number(text);
}

function parseListFlag(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** Turns flags into an override layer, in the config's own key names. */
export function flagsToOverrides(flags: AlignFlags): Record<string, unknown> {
  // --paper first, so that any other flag given with it still applies.
  const o: Record<string, unknown> = flags.paper ? (structuredClone(PAPER_OVERRIDES) as Record<string, unknown>) : {};
  if (flags.methods !== undefined) o.methods = parseListFlag(flags.methods);
  if (flags.granularity !== undefined) o.granularity = flags.granularity;
  if (flags.noon !== undefined) o.noon = flags.noon === 'default' ? null : flags.noon;
  if (flags.klPlacement !== undefined) o.kl = { placement: flags.klPlacement === 'default' ? null : flags.klPlacement };
  const estimator: Record<string, unknown> = { ...((o.estimator as Record<string, unknown> | undefined) ?? {}) };
  if (flags.estimator !== undefined) estimator.kind = flags.estimator;
  if (flags.groupSize !== undefined) estimator.groupSize = parseIntFlag('group-size', flags.groupSize);
  if (flags.groupScale !== undefined) estimator.groupScale = flags.groupScale;
  if (Object.keys(estimator).length > 0) o.estimator = estimator;
  if (flags.seeds !== undefined) o.seeds = parseListFlag(flags.seeds).map((s) => parseIntFlag('seeds', s));
  if (flags.steps !== undefined) o.steps = parseIntFlag('steps', flags.steps);
  if (flags.out !== undefined) o.outDir = flags.out;
  if (flags.backend !== undefined) o.backend = flags.backend;
  if (flags.objectives !== undefined) {
    const specs = objectivesFromFlag(flags.objectives);
    if (!Array.isArray(specs)) throw issueError('flag', specs);
    o.objectives = specs;
  }
  const lora: Record<string, unknown> = {};
  if (flags.loraRank !== undefined) lora.rank = parseIntFlag('lora-rank', flags.loraRank);
  if (flags.loraAlpha !== undefined) {
    if (!NUMBER.test(flags.loraAlpha.trim())) throw new ExperimentError('--lora-alpha', flags.loraAlpha, 'a number > 0');
    lora.alpha = Number(flags.loraAlpha.trim());
  }
  if (flags.loraTargets !== undefined) lora.targets = parseListFlag(flags.loraTargets);
  if (flags.model !== undefined || Object.keys(lora).length > 0)
    o.model = { ...(flags.model === undefined ? {} : { path: resolve(flags.model) }), ...(Object.keys(lora).length > 0 ? { lora } : {}) };
  if (flags.pamaTargets !== undefined) o.rewards = { pamaTargets: parseListFlag(flags.pamaTargets).map(parseTargetFlag) };
  return o;
}

/** Reads and parses a JSON config file; any failure becomes one line naming the file. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readBoundedText(path, 'config file');
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    throw new ExperimentError(`cannot read config file ${renderValue(path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return resolveObjectivePaths(parseJsonBounded(text, `config file ${renderValue(path)}`), dirname(resolve(path)));
}

/**
 * Relative `path`s and `dir`s of objectives (lexicon and module files, classifier folders) name
 * files beside the config file; they are made absolute here so the saved config (and every worker
 * process) finds the same file.
 */
export function resolveObjectivePaths(layer: unknown, baseDir: string): unknown {
  if (typeof layer !== 'object' || layer === null || !Array.isArray((layer as { objectives?: unknown }).objectives)) return layer;
  const absolute = (o: Record<string, unknown>, key: 'path' | 'dir') =>
    typeof o[key] === 'string' && o[key] !== '' ? { [key]: resolve(baseDir, o[key] as string) } : {};
  const objectives = (layer as { objectives: unknown[] }).objectives.map((o) =>
    typeof o === 'object' && o !== null
      ? { ...o, ...absolute(o as Record<string, unknown>, 'path'), ...absolute(o as Record<string, unknown>, 'dir') }
      : o,
  );
  return { ...layer, objectives };
}

/** Checks a layer's `objectives` (the schema language has no tagged unions) and returns the rest. */
function withoutObjectives(label: 'config' | 'flag', layer: unknown): unknown {
  if (typeof layer !== 'object' || layer === null || Array.isArray(layer) || !('objectives' in layer)) return layer;
  const { objectives, ...rest } = layer as Record<string, unknown>;
  const issue = objectivesIssue(objectives);
  if (issue) throw issueError(label, issue);
  return rest;
}

/** Validates layers (config file, then flags) over the preset; throws a one-line ExperimentError. */
/** `model.path` and `model.lora.rank` of a layer, where it sets them. */
function modelKeys(layer: unknown): { path?: unknown; rank?: unknown } {
  const model = (layer as { model?: { path?: unknown; lora?: { rank?: unknown } } } | undefined)?.model;
  return { path: model?.path, rank: model?.lora?.rank };
}

export function resolveAlignConfig(fileLayer: unknown, flagLayer: Record<string, unknown>, quick: boolean): AlignConfig {
  const preset = quick ? deepMerge(DEFAULT_ALIGN_CONFIG, QUICK_OVERRIDES) : DEFAULT_ALIGN_CONFIG;
  // A Hugging Face model has its own preset layer, under the file's and the flags' own values.
  const path = modelKeys(flagLayer).path ?? modelKeys(fileLayer).path;
  const rank = modelKeys(flagLayer).rank ?? modelKeys(fileLayer).rank;
  const base = typeof path === 'string' ? deepMerge(preset, pretrainedModelOverrides(quick, typeof rank === 'number' && rank > 0)) : preset;
  for (const [label, layer] of [
    ['config', fileLayer],
    ['flag', flagLayer],
  ] as const) {
    if (layer === undefined) continue;
    const issue = validateAgainst(ALIGN_CONFIG_SCHEMA, withoutObjectives(label, layer), '', true);
    if (issue) throw issueError(label, issue);
  }
  const merged = deepMerge(deepMerge(base, fileLayer), flagLayer);
  if (merged.objectives !== undefined) {
    // rewards.* shape only the built-in pair; with objectives they would be silently ignored.
    for (const [label, layer] of [
      ['config', fileLayer],
      ['flag', flagLayer],
    ] as const) {
      const rewards = (layer as { rewards?: Record<string, unknown> } | undefined)?.rewards;
      const key = rewards === undefined ? undefined : Object.keys(rewards)[0];
      if (key !== undefined) {
        const what = label === 'flag' ? `invalid flag --pama-targets` : `invalid config rewards.${key}`;
        throw new ExperimentError(`${what}: the objectives key replaces rewards.*; give each objective its own target, weight or options`);
      }
    }
  }
  const full = validateAgainst(ALIGN_CONFIG_SCHEMA, withoutObjectives('config', merged), '', false);
  if (full) throw issueError('config', full);
  const cross = crossFieldIssue(merged);
  if (cross) throw issueError('config', cross);
  return merged;
}

export function alignConfigFromFlags(flags: AlignFlags): AlignConfig {
  const fileLayer = flags.config === undefined ? undefined : resolveDataPaths(readConfigFile(flags.config), dirname(resolve(flags.config)));
  return resolveAlignConfig(fileLayer, flagsToOverrides(flags), flags.quick === true);
}
