// Reading `pama solve` input: a vector of per-objective advantages, or a B×T×N batch with
// optional B×T mask and ratios. Every rejection names the field and the value.
import { type DenseArray, flattenNested, inputError } from './nested-array.js';
import { CliError } from '../cli-error.js';
import { ExperimentError } from 'pama-experiment';
import { parseJsonBounded } from 'pama-experiment/io';

export type SolveInput =
  | { readonly kind: 'vector'; readonly values: Float64Array }
  | {
      readonly kind: 'batch';
      readonly advantages: DenseArray;
      readonly mask?: DenseArray;
      readonly ratios?: DenseArray;
      readonly granularity: unknown;
      readonly clipEpsilon: unknown;
      readonly noon: unknown;
    };

const BATCH_KEYS = ['advantages', 'mask', 'ratios', 'granularity', 'clipEpsilon', 'noon'];
export const DEFAULT_CLIP_EPSILON = 0.2;

export function parseSolveJson(text: string, source: string): unknown {
  if (text.trim() === '')
    throw new CliError(`invalid input: ${source} is empty; expected JSON (a vector, {"values": [...]}, or {"advantages": B×T×N})`);
  try {
    return parseJsonBounded(text, source);
  } catch (e) {
    throw e instanceof ExperimentError ? new CliError(`invalid input: ${e.message}`) : e;
  }
}

export function readSolveInput(json: unknown): SolveInput {
  if (Array.isArray(json)) return { kind: 'vector', values: flattenNested(json, 1, 'values').data };
  if (typeof json !== 'object' || json === null) {
    throw inputError('(top level)', json, 'expected a vector of numbers or an object with "values" or "advantages"');
  }
  const o = json as Record<string, unknown>;
  if ('values' in o) {
    const extra = Object.keys(o).find((k) => k !== 'values');
    if (extra) throw inputError(extra, o[extra], 'unknown key next to "values"');
    return { kind: 'vector', values: flattenNested(o.values, 1, 'values').data };
  }
  if (!('advantages' in o)) throw inputError('(top level)', json, 'expected a "values" vector or an "advantages" B×T×N array');
  const extra = Object.keys(o).find((k) => !BATCH_KEYS.includes(k));
  if (extra) throw inputError(extra, o[extra], `unknown key (known: ${BATCH_KEYS.join(', ')})`);
  const advantages = flattenNested(o.advantages, 3, 'advantages');
  const [b, t] = advantages.shape;
  const perToken = (field: 'mask' | 'ratios'): DenseArray | undefined => {
    if (o[field] === undefined) return undefined;
    const view = flattenNested(o[field], 2, field);
    if (view.shape[0] !== b || view.shape[1] !== t)
      throw inputError(`${field}.shape`, view.shape, `does not match advantages' B×T = ${b}×${t}`);
    return view;
  };
  return {
    kind: 'batch',
    advantages,
    mask: perToken('mask'),
    ratios: perToken('ratios'),
    granularity: o.granularity ?? 'token',
    clipEpsilon: o.clipEpsilon ?? DEFAULT_CLIP_EPSILON,
    noon: o.noon ?? true,
  };
}
