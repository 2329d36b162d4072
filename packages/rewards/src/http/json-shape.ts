import * as E from 'fp-ts/lib/Either.js';
import { errorText, RewardError } from '../reward-error.js';

/** Parses JSON, turning a syntax error into a `bad-json` RewardError. */
export function parseJson(source: string, text: string): E.Either<RewardError, unknown> {
  return E.tryCatch(
    (): unknown => JSON.parse(text),
    (error) =>
      new RewardError(source, { kind: 'bad-json', detail: `${errorText(error)} (body starts ${JSON.stringify(text.slice(0, 60))})` }),
  );
}

export function badShape(source: string, field: string, detail: string, item?: number): E.Either<RewardError, never> {
  return E.left(new RewardError(source, { kind: 'bad-shape', field, detail }, item === undefined ? {} : { item }));
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
