// The one renderer of offending values in error messages, for every package: short (an error is
// one line), faithful where it matters (-0, NaN, the first entries of an array) and never throwing
// (a getter that throws, a revoked proxy or a cyclic object still renders).

/** The longest rendering, in characters (longer ones end in `…`). */
const MAX_CHARS = 120;
/** How many entries of an array or keys of an object are shown. */
const MAX_ENTRIES = 8;
/** How deep nested arrays and objects are opened. */
const MAX_DEPTH = 2;
/** How many characters of a string are shown. */
const MAX_STRING_CHARS = 80;

/**
 * Renders any value for an error message, in at most 120 characters, without throwing: strings
 * quoted (cut at 80 characters), `-0`, `NaN` and `Infinity` as such, arrays and typed arrays as
 * their first 8 entries plus their length, objects as their first 8 keys, cycles as `[cycle]`,
 * a value whose reading throws as `<unreadable>`.
 *
 * @example
 * renderValue(-0); // '-0'
 * renderValue([1, NaN, 3]); // '[1, NaN, 3]'
 * renderValue(new Float32Array(1000)); // 'Float32Array(length 1000) [0, 0, 0, 0, 0, 0, 0, 0, …]'
 * renderValue({ lr: 'fast' }); // '{ lr: "fast" }'
 */
export function renderValue(value: unknown): string {
  let text: string;
  try {
    text = render(value, 0, []);
  } catch {
    text = '<unreadable>';
  }
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

function render(value: unknown, depth: number, open: unknown[]): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'string':
      return JSON.stringify(value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}…` : value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return value.name ? `[function ${value.name}]` : '[function]';
  }
  if (value === null) return 'null';
  if (open.includes(value)) return '[cycle]';
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor?.name ?? 'TypedArray';
    if (!('length' in value)) return `${name}(byteLength ${value.byteLength})`;
    const list = value as unknown as ArrayLike<number | bigint>;
    return `${name}(length ${list.length}) ${entries(list, depth, open, list.length)}`;
  }
  if (Array.isArray(value)) {
    return value.length > MAX_ENTRIES
      ? `${entries(value, depth, open, value.length)} (length ${value.length})`
      : entries(value, depth, open, value.length);
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof Map || value instanceof Set) return `${value.constructor.name}(size ${value.size})`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (depth >= MAX_DEPTH) return '{…}';
  const keys = Object.keys(value as object);
  const shown = keys
    .slice(0, MAX_ENTRIES)
    .map(
      (key) =>
        `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${readAndRender(value as Record<string, unknown>, key, depth, open)}`,
    );
  if (keys.length > MAX_ENTRIES) shown.push('…');
  const prefix = className(value as object);
  return shown.length === 0 ? `${prefix}{}` : `${prefix}{ ${shown.join(', ')} }`;
}

function entries(list: ArrayLike<unknown>, depth: number, open: unknown[], length: number): string {
  if (length === 0) return '[]';
  if (depth >= MAX_DEPTH) return '[…]';
  const shown: string[] = [];
  for (let k = 0; k < Math.min(length, MAX_ENTRIES); k++) shown.push(readAndRender(list as Record<number, unknown>, k, depth, open));
  if (length > MAX_ENTRIES) shown.push('…');
  return `[${shown.join(', ')}]`;
}

/** Reads one property (a getter may throw) and renders it one level deeper. */
function readAndRender(holder: Record<string | number, unknown>, key: string | number, depth: number, open: unknown[]): string {
  let item: unknown;
  try {
    item = holder[key];
  } catch {
    return '<unreadable>';
  }
  open.push(holder);
  try {
    return render(item, depth + 1, open);
  } catch {
    return '<unreadable>';
  } finally {
    open.pop();
  }
}

/** `Name ` for an instance of a named class other than Object, else ''. */
function className(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return '';
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `${name} ` : '';
}
