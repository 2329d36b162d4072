// A small declarative schema language for JSON config: enough to say which keys exist, their
// types and their ranges, so one validator can name the first offending key and value.

export type FieldSchema =
  | {
      readonly kind: 'number';
      readonly integer?: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: boolean;
      readonly exclusiveMax?: boolean;
    }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string'; readonly oneOf?: readonly string[]; readonly minLength?: number }
  | { readonly kind: 'nullable'; readonly of: FieldSchema }
  | { readonly kind: 'array'; readonly of: FieldSchema; readonly minItems?: number; readonly maxItems?: number; readonly unique?: boolean }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, FieldSchema>> };

export const num = (opts: Omit<Extract<FieldSchema, { kind: 'number' }>, 'kind'> = {}): FieldSchema => ({ kind: 'number', ...opts });
export const int = (min?: number, max?: number): FieldSchema => ({ kind: 'number', integer: true, min, max });
export const bool: FieldSchema = { kind: 'boolean' };
export const str = (opts: Omit<Extract<FieldSchema, { kind: 'string' }>, 'kind'> = {}): FieldSchema => ({ kind: 'string', ...opts });
export const oneOf = (...values: string[]): FieldSchema => ({ kind: 'string', oneOf: values });
export const nullable = (of: FieldSchema): FieldSchema => ({ kind: 'nullable', of });
export const arrayOf = (of: FieldSchema, opts: { minItems?: number; maxItems?: number; unique?: boolean } = {}): FieldSchema => ({
  kind: 'array',
  of,
  ...opts,
});
export const obj = (fields: Record<string, FieldSchema>): FieldSchema => ({ kind: 'object', fields });
