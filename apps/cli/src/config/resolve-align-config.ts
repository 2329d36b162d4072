// Builds the effective align config: preset (default or --quick) ← config file ← flags,
// validated as a whole before any work starts.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ALIGN_CONFIG_SCHEMA, DEFAULT_ALIGN_CONFIG, QUICK_OVERRIDES, crossFieldIssue, resolveDataPaths, type AlignConfig } from './align-config.js';
import { deepMerge, formatIssue, validateAgainst } from './validate.js';
import { CliError, showValue } from '../cli-error.js';
import { parseJsonBounded } from '../io/read-json.js';

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
}

const INTEGER = /^[+-]?\d+$/;

function parseIntFlag(flag: string, text: string): number {
  if (!INTEGER.test(text.trim())) throw new CliError(`invalid flag --${flag} = ${showValue(text)}: an integer`);
  return Number(text.trim());
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseTargetFlag(text: string): number | null {
  if (text === 'none' || text === 'null') return null;
  if (!NUMBER.test(text)) throw new CliError(`invalid flag --pama-targets entry ${showValue(text)}: a number or none`);
  return Number(text);
}

function parseListFlag(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** Turns flags into an override layer, in the config's own key names. */
export function flagsToOverrides(flags: AlignFlags): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (flags.methods !== undefined) o.methods = parseListFlag(flags.methods);
  if (flags.granularity !== undefined) o.granularity = flags.granularity;
  if (flags.seeds !== undefined) o.seeds = parseListFlag(flags.seeds).map((s) => parseIntFlag('seeds', s));
  if (flags.steps !== undefined) o.steps = parseIntFlag('steps', flags.steps);
  if (flags.out !== undefined) o.outDir = flags.out;
  if (flags.backend !== undefined) o.backend = flags.backend;
  if (flags.pamaTargets !== undefined) o.rewards = { pamaTargets: parseListFlag(flags.pamaTargets).map(parseTargetFlag) };
  return o;
}

/** Reads and parses a JSON config file; any failure becomes one line naming the file. */
export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read config file ${showValue(path)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseJsonBounded(text, `config file ${showValue(path)}`);
}

/** Validates layers (config file, then flags) over the preset; throws a one-line CliError. */
export function resolveAlignConfig(fileLayer: unknown, flagLayer: Record<string, unknown>, quick: boolean): AlignConfig {
  const base = quick ? deepMerge(DEFAULT_ALIGN_CONFIG, QUICK_OVERRIDES) : DEFAULT_ALIGN_CONFIG;
  for (const [label, layer] of [['config', fileLayer], ['flag', flagLayer]] as const) {
    if (layer === undefined) continue;
    const issue = validateAgainst(ALIGN_CONFIG_SCHEMA, layer, '', true);
    if (issue) throw new CliError(`invalid ${label} ${formatIssue(issue)}`);
  }
  const merged = deepMerge(deepMerge(base, fileLayer), flagLayer);
  const full = validateAgainst(ALIGN_CONFIG_SCHEMA, merged, '', false);
  if (full) throw new CliError(`invalid config ${formatIssue(full)}`);
  const cross = crossFieldIssue(merged);
  if (cross) throw new CliError(`invalid config ${formatIssue(cross)}`);
  return merged;
}

export function alignConfigFromFlags(flags: AlignFlags): AlignConfig {
  const fileLayer = flags.config === undefined ? undefined : resolveDataPaths(readConfigFile(flags.config), dirname(resolve(flags.config)));
  return resolveAlignConfig(fileLayer, flagsToOverrides(flags), flags.quick === true);
}
