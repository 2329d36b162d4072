import { FieldError, renderValue } from 'pama-core/support';

/**
 * Why a reward source failed a batch. `kind` discriminates; every variant carries what a caller
 * needs to decide whether to retry, fix its input, or fix the server.
 */
export type RewardErrorCause =
  | { readonly kind: 'timeout'; readonly timeoutMs: number; readonly attempts: number }
  | { readonly kind: 'http-status'; readonly status: number; readonly body: string; readonly attempts: number }
  | { readonly kind: 'connection'; readonly code: string | undefined; readonly detail: string; readonly attempts: number }
  | { readonly kind: 'too-large'; readonly limitBytes: number }
  | { readonly kind: 'bad-json'; readonly detail: string; readonly body: string }
  | { readonly kind: 'bad-shape'; readonly field: string; readonly value: unknown; readonly detail: string }
  | { readonly kind: 'non-finite'; readonly value: number }
  | { readonly kind: 'function-threw'; readonly error: unknown }
  | { readonly kind: 'bad-input'; readonly field: string; readonly value: unknown };

/** What went wrong, for branching: the `kind` of a {@link RewardErrorCause}. */
export type RewardErrorKind = RewardErrorCause['kind'];

/** The half-open range of batch items a failed sub-request covered. */
export interface ItemRange {
  readonly start: number;
  readonly end: number;
}

/**
 * A failed scoring of one batch by one source: a pama-core `FieldError` whose message opens with
 * the source and the items at fault. `item` is the index (in the caller's batch) of the item at
 * fault when one item is; `range` the items a failed HTTP sub-batch covered.
 *
 * @example
 * const result = await lengthReward().score([{ prompt: 'p', response: 7 as never }])();
 * if (E.isLeft(result)) console.log(result.left.message);
 * // reward source "length" at item 0: items[0].response: invalid input (got 7)
 */
export class RewardError extends FieldError {
  override readonly name = 'RewardError';
  readonly source: string;
  readonly item: number | undefined;
  readonly range: ItemRange | undefined;
  override readonly cause: RewardErrorCause;

  constructor(source: string, cause: RewardErrorCause, where: { item?: number; range?: ItemRange } = {}) {
    super(fieldOf(cause, where.item), offendingValue(cause), causeText(cause), context(source, where));
    this.source = source;
    this.cause = cause;
    this.item = where.item;
    this.range = where.range;
  }

  /** The cause's kind, for branching. */
  get kind(): RewardErrorKind {
    return this.cause.kind;
  }

  /** The same error re-addressed: item indices shifted into the caller's batch. */
  shifted(offset: number): RewardError {
    return new RewardError(this.source, this.cause, {
      ...(this.item === undefined ? {} : { item: this.item + offset }),
      ...(this.range === undefined ? {} : { range: { start: this.range.start + offset, end: this.range.end + offset } }),
    });
  }

  /** A JSON-safe summary (the `error` value of `function-threw` is rendered as its message). */
  toJSON(): Record<string, unknown> {
    const cause =
      this.cause.kind === 'function-threw'
        ? { kind: this.cause.kind, error: errorText(this.cause.error) }
        : this.cause.kind === 'bad-shape'
          ? { ...this.cause, value: renderValue(this.cause.value) }
          : this.cause;
    return { source: this.source, item: this.item, range: this.range, cause, message: this.message };
  }
}

/** Where the fault is: the item field, the score, or `response` for a failed HTTP exchange. */
function fieldOf(cause: RewardErrorCause, item: number | undefined): string {
  switch (cause.kind) {
    case 'bad-input':
    case 'bad-shape':
      return cause.field;
    case 'non-finite':
      return item === undefined ? 'scores' : `scores[${item}]`;
    case 'function-threw':
      return item === undefined ? 'items' : `items[${item}]`;
    default:
      return 'response';
  }
}

/** The offending value: the bad input or score, the HTTP status, the error code or limit. */
function offendingValue(cause: RewardErrorCause): unknown {
  switch (cause.kind) {
    case 'bad-input':
    case 'bad-shape':
    case 'non-finite':
      return cause.value;
    case 'http-status':
      return cause.status;
    case 'connection':
      return cause.code;
    case 'timeout':
      return cause.timeoutMs;
    case 'too-large':
      return cause.limitBytes;
    case 'function-threw':
      return errorText(cause.error);
    case 'bad-json':
      return cause.body;
  }
}

/** The source and the items at fault: `reward source "name" at item 3`. */
function context(source: string, where: { item?: number; range?: ItemRange }): string {
  const at =
    where.item !== undefined
      ? ` at item ${where.item}`
      : where.range !== undefined
        ? ` for items ${where.range.start}..${where.range.end - 1}`
        : '';
  return `reward source "${source}"${at}`;
}

/** The cause in words; the value is rendered by the message (`(got …)`), so it is not repeated. */
function causeText(cause: RewardErrorCause): string {
  const attempts = 'attempts' in cause ? ` after ${cause.attempts} attempt${cause.attempts === 1 ? '' : 's'}` : '';
  switch (cause.kind) {
    case 'timeout':
      return `timed out${attempts} (timeout in ms)`;
    case 'http-status':
      return `HTTP error status${attempts}: ${cause.body.slice(0, 200)}`;
    case 'connection':
      return `connection failed${attempts}: ${cause.detail}`;
    case 'too-large':
      return 'response larger than the limit in bytes';
    case 'bad-json':
      return `response is not valid JSON (${cause.detail})`;
    case 'bad-shape':
      return cause.detail;
    case 'non-finite':
      return 'score is not a finite number';
    case 'function-threw':
      return 'scoring function threw';
    case 'bad-input':
      return 'invalid input';
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
