/**
 * Why a reward source failed a batch. `kind` discriminates; every variant carries what a caller
 * needs to decide whether to retry, fix its input, or fix the server.
 */
export type RewardErrorCause =
  | { readonly kind: 'timeout'; readonly timeoutMs: number; readonly attempts: number }
  | { readonly kind: 'http-status'; readonly status: number; readonly body: string; readonly attempts: number }
  | { readonly kind: 'connection'; readonly code: string | undefined; readonly detail: string; readonly attempts: number }
  | { readonly kind: 'too-large'; readonly limitBytes: number }
  | { readonly kind: 'bad-json'; readonly detail: string }
  | { readonly kind: 'bad-shape'; readonly field: string; readonly detail: string }
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
 * What every error of this package carries: where (`field`, e.g. `items[4].response`,
 * `rewards.shape`, `retry.jitter`), the offending `value`, and the `reason` in words.
 */
export interface FieldError {
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

/**
 * A failed scoring of one batch by one source. `item` is the index (in the caller's batch) of the
 * item at fault when one item is; `range` the items a failed HTTP sub-batch covered.
 */
export class RewardError extends Error implements FieldError {
  override readonly name = 'RewardError';
  readonly source: string;
  readonly item: number | undefined;
  readonly range: ItemRange | undefined;
  override readonly cause: RewardErrorCause;

  constructor(source: string, cause: RewardErrorCause, where: { item?: number; range?: ItemRange } = {}) {
    super(describe(source, cause, where));
    this.source = source;
    this.cause = cause;
    this.item = where.item;
    this.range = where.range;
  }

  /** The cause's kind, for branching. */
  get kind(): RewardErrorKind {
    return this.cause.kind;
  }

  /** Where the fault is: the item field, the score, or `response` for a failed HTTP exchange. */
  get field(): string {
    const cause = this.cause;
    switch (cause.kind) {
      case 'bad-input':
      case 'bad-shape':
        return cause.field;
      case 'non-finite':
        return this.item === undefined ? 'scores' : `scores[${this.item}]`;
      case 'function-threw':
        return this.item === undefined ? 'items' : `items[${this.item}]`;
      default:
        return 'response';
    }
  }

  /** The offending value: the bad input or score, the HTTP status, the error code or limit. */
  get value(): unknown {
    const cause = this.cause;
    switch (cause.kind) {
      case 'bad-input':
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
      case 'bad-shape':
        return cause.detail;
      default:
        return undefined;
    }
  }

  /** The cause in words, without the source name and position. */
  get reason(): string {
    return causeText(this.cause);
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
    const cause = this.cause.kind === 'function-threw' ? { kind: this.cause.kind, error: errorText(this.cause.error) } : this.cause;
    return { source: this.source, item: this.item, range: this.range, cause, message: this.message };
  }
}

function describe(source: string, cause: RewardErrorCause, where: { item?: number; range?: ItemRange }): string {
  const at =
    where.item !== undefined
      ? ` at item ${where.item}`
      : where.range !== undefined
        ? ` for items ${where.range.start}..${where.range.end - 1}`
        : '';
  return `reward source "${source}"${at}: ${causeText(cause)}`;
}

function causeText(cause: RewardErrorCause): string {
  switch (cause.kind) {
    case 'timeout':
      return `timed out after ${cause.timeoutMs} ms (${cause.attempts} attempt${cause.attempts === 1 ? '' : 's'})`;
    case 'http-status':
      return `HTTP status ${cause.status} after ${cause.attempts} attempt${cause.attempts === 1 ? '' : 's'}: ${cause.body.slice(0, 200)}`;
    case 'connection':
      return `connection failed (${cause.code ?? 'no code'}) after ${cause.attempts} attempt${cause.attempts === 1 ? '' : 's'}: ${cause.detail}`;
    case 'too-large':
      return `response larger than the ${cause.limitBytes}-byte limit`;
    case 'bad-json':
      return `response is not valid JSON: ${cause.detail}`;
    case 'bad-shape':
      return `field ${cause.field}: ${cause.detail}`;
    case 'non-finite':
      return `score is not a finite number: ${String(cause.value)}`;
    case 'function-threw':
      return `scoring function threw: ${errorText(cause.error)}`;
    case 'bad-input':
      return `invalid input ${cause.field} = ${renderValue(cause.value)}`;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one value renderer of this package's messages: JSON where possible (cut at 120 characters),
 * the length of a typed array, never throwing.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'function') return '[function]';
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(length ${(value as unknown as ArrayLike<unknown>).length})`;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 120)}…` : text;
  } catch {
    return String(value);
  }
}
