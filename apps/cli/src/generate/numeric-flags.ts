// Numeric flags of `pama generate` / `pama eval`: each checked with a one-line error naming the flag.
import { CliError } from '../cli-error.js';

export function intFlag(flag: string, text: string | undefined, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw new CliError(`--${flag}`, text, `an integer from ${min} to ${max}`);
  return value;
}

export function positiveFlag(flag: string, text: string | undefined, fallback: number, expected = 'a finite number > 0'): number {
  if (text === undefined) return fallback;
  const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new CliError(`--${flag}`, text, expected);
  return value;
}
