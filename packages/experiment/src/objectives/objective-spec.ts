// The `objectives` key of `pama align`'s config: one entry per objective, each naming its reward
// source and that source's options, plus the objective's PAMA target, MORLHF weight and
// normalisation. Without the key, the objectives are the built-in pair (sentiment, length) shaped
// by the older `rewards.*` keys.
import type { ConfigIssue } from '../config/validate.js';
import type { ClassifierObjectiveOptions } from './classifier-objective.js';

export const SOURCE_KINDS = ['length', 'sentiment', 'lexicon', 'module', 'http', 'classifier'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Sources a bare name can stand for (`--objectives sentiment,length`). */
export const BUILTIN_KINDS = ['length', 'sentiment'] as const;
export const MAX_OBJECTIVES = 8;
export const NORMALIZATIONS = ['none', 'running'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

interface Common {
  /** The objective's name in metrics, report and progress lines. */
  readonly name: string;
  /** PAMA's target: a raw score at or above which the objective is met (null/absent: never met). */
  readonly target?: number | null;
  /** MORLHF's weight; absent weights are equal, and all are scaled to sum to 1. */
  readonly weight?: number;
  /** `running`: scores pass through a running mean/variance normalisation (default `none`). */
  readonly normalize?: Normalization;
}

export type ObjectiveSpec = Common &
  (
    | {
        readonly source: 'length';
        /** `budget` (default): clip(l / (⅔ maxNewTokens), 0.5, 1.5); `paper`: clip(l / 140, 0.5, 1.5). */
        readonly preset?: 'budget' | 'paper';
        readonly unit?: 'tokens' | 'words' | 'characters';
        readonly scale?: number;
        readonly low?: number;
        readonly high?: number;
      }
    | { readonly source: 'sentiment'; readonly analyser?: 'vader' | 'afinn' }
    | { readonly source: 'lexicon'; readonly path: string }
    | {
        readonly source: 'module';
        readonly path: string;
        readonly export?: string;
        /** Time limit of one scoring call in ms (the first includes loading the module); default 300000. */
        readonly timeoutMs?: number;
      }
    | {
        readonly source: 'http';
        readonly url: string;
        readonly protocol?: 'score' | 'predict';
        readonly objective?: string;
        readonly label?: string;
        readonly rawScores?: boolean;
        readonly predictInput?: 'response' | 'pair';
        readonly maxBatchSize?: number;
        readonly timeoutMs?: number;
        readonly retries?: number;
        readonly concurrency?: number;
        /** Request headers, each read from an environment variable: `{ "Authorization": { "env": "REWARD_TOKEN", "prefix": "Bearer " } }`. */
        readonly headers?: Readonly<Record<string, { readonly env: string; readonly prefix?: string }>>;
      }
    | ({ readonly source: 'classifier' } & ClassifierObjectiveOptions)
  );

type Check = (value: unknown) => string | null;
const finite: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a finite number');
const positive: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? null : 'a finite number > 0');
const nonNegative: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'a finite number >= 0');
const intIn =
  (lo: number, hi: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? null : `an integer >= ${lo} and <= ${hi}`;
const oneOf =
  (...values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? null : `one of ${values.join(', ')}`;
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? null : 'a non-empty string');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const targetCheck: Check = (v) => (v === null ? null : finite(v));
/** Header values come from environment variables only, so that no secret is written into a config. */
const headersFromEnv: Check = (v) => {
  const expected = 'an object of header names to { "env": VARIABLE, "prefix"?: text } (values come from the environment, never the config)';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return expected;
  for (const [name, value] of Object.entries(v)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return `${expected}; "${name}" is not a header name`;
    const { env, prefix, ...other } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (
      typeof env !== 'string' ||
      !/^[A-Za-z_][A-Za-z0-9_]*$/.test(env) ||
      (prefix !== undefined && typeof prefix !== 'string') ||
      Object.keys(other).length > 0
    ) {
      return `${expected}; "${name}" is not`;
    }
  }
  return null;
};

const COMMON: Record<string, Check> = {
  name: (v) =>
    typeof v === 'string' && /^[A-Za-z][\w-]{0,31}$/.test(v)
      ? null
      : 'a name of letters, digits, _ or - (starting with a letter, at most 32)',
  source: oneOf(...SOURCE_KINDS),
  target: targetCheck,
  weight: nonNegative,
  normalize: oneOf(...NORMALIZATIONS),
};

const OPTIONS: Record<SourceKind, { required: readonly string[]; checks: Record<string, Check> }> = {
  length: {
    required: [],
    checks: {
      preset: oneOf('budget', 'paper'),
      unit: oneOf('tokens', 'words', 'characters'),
      scale: positive,
      low: nonNegative,
      high: positive,
    },
  },
  sentiment: { required: [], checks: { analyser: oneOf('vader', 'afinn') } },
  lexicon: { required: ['path'], checks: { path: text } },
  module: { required: ['path'], checks: { path: text, export: text, timeoutMs: intIn(1, 86_400_000) } },
  http: {
    required: ['url'],
    checks: {
      url: (v) => (typeof v === 'string' && /^https?:\/\/\S+$/.test(v) ? null : 'an http:// or https:// URL'),
      protocol: oneOf('score', 'predict'),
      objective: text,
      label: text,
      rawScores: bool,
      predictInput: oneOf('response', 'pair'),
      maxBatchSize: intIn(1, 4096),
      timeoutMs: intIn(1, 600_000),
      retries: intIn(0, 20),
      concurrency: intIn(1, 64),
      headers: headersFromEnv,
    },
  },
  classifier: {
    required: ['dir'],
    checks: {
      dir: text,
      label: text,
      logit: (v) => (typeof v === 'string' ? text(v) : intIn(0, 1_000_000)(v) && 'a label or an output index (an integer >= 0)'),
      pair: bool,
      maxLength: intIn(2, 1_000_000),
      batchSize: intIn(1, 4096),
      runtime: oneOf('auto', 'onnxruntime-node', 'onnxruntime-web'),
      threads: intIn(1, 256),
      model: text,
    },
  },
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem of an `objectives` value (at `key`), or null when it is valid. */
export function objectivesIssue(value: unknown, key = 'objectives'): ConfigIssue | null {
  if (!Array.isArray(value)) return { key, value, expected: `an array of 1..${MAX_OBJECTIVES} objectives` };
  if (value.length < 1 || value.length > MAX_OBJECTIVES) {
    return { key, value: `${value.length} objectives`, expected: `1..${MAX_OBJECTIVES} objectives` };
  }
  const names = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const at = `${key}[${i}]`;
    const entry = value[i];
    if (!isObject(entry)) return { key: at, value: entry, expected: 'an object { name, source, ... }' };
    for (const k of ['name', 'source']) if (!(k in entry)) return { key: `${at}.${k}`, value: undefined, expected: 'a required key' };
    for (const [k, check] of Object.entries(COMMON)) {
      if (k in entry) {
        const expected = check(entry[k]);
        if (expected) return { key: `${at}.${k}`, value: entry[k], expected };
      }
    }
    const kind = entry.source as SourceKind;
    const options = OPTIONS[kind];
    for (const k of options.required)
      if (!(k in entry)) return { key: `${at}.${k}`, value: undefined, expected: `a required key of a '${kind}' objective` };
    for (const [k, v] of Object.entries(entry)) {
      if (k in COMMON) continue;
      const check = options.checks[k];
      if (!check)
        return {
          key: `${at}.${k}`,
          value: v,
          expected: `unknown key for a '${kind}' objective (known: ${[...Object.keys(COMMON), ...Object.keys(options.checks)].join(', ')})`,
        };
      const expected = check(v);
      // A header value written into the config may be a secret: the error shows the header names only.
      if (expected)
        return { key: `${at}.${k}`, value: k === 'headers' && typeof v === 'object' && v !== null ? Object.keys(v) : v, expected };
    }
    if (kind === 'length' && typeof entry.low === 'number' && typeof entry.high === 'number' && entry.low > entry.high) {
      return { key: `${at}.low`, value: entry.low, expected: `at most ${at}.high (${entry.high})` };
    }
    if (names.has(entry.name as string)) return { key: `${at}.name`, value: entry.name, expected: 'a name no other objective has' };
    names.add(entry.name as string);
  }
  const weights = value.map((o) => (o as Common).weight);
  if (weights.every((w) => w !== undefined) && weights.reduce<number>((a, w) => a + (w as number), 0) <= 0) {
    return { key: `${key}[0].weight`, value: weights, expected: 'weights with a positive sum' };
  }
  return null;
}

/** `--objectives sentiment,length`: built-in sources by name, in that order. */
export function objectivesFromFlag(list: string): ObjectiveSpec[] | ConfigIssue {
  const names = list.split(',').map((s) => s.trim());
  const specs: ObjectiveSpec[] = [];
  for (const name of names) {
    if (!(BUILTIN_KINDS as readonly string[]).includes(name)) {
      return {
        key: '--objectives',
        value: name,
        expected: `a built-in source (${BUILTIN_KINDS.join(', ')}); other sources need the objectives key of a config file`,
      };
    }
    specs.push({ name, source: name as 'length' | 'sentiment' });
  }
  return specs;
}
