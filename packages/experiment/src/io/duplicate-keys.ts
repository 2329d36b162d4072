// JSON.parse keeps the last of two equal keys, so `{"steps": 2, "steps": 100000}` silently trains for
// 100000 steps. This scan finds the first key repeated within one object of a text that JSON.parse
// has already accepted (so only valid JSON is scanned), in one linear pass without recursion.

interface Container {
  /** The keys seen so far (objects), or null (arrays). */
  readonly keys: Set<string> | null;
  /** Path of this container: `ppo`, `objectives[1]`, or '' at the top. */
  readonly path: string;
  /** Arrays: index of the current element. */
  index: number;
  /** Objects: the last key read, naming the path of a nested container. */
  lastKey: string;
}

function childPath(parent: Container | undefined): string {
  if (parent === undefined) return '';
  if (parent.keys === null) return `${parent.path}[${parent.index}]`;
  return parent.path === '' ? parent.lastKey : `${parent.path}.${parent.lastKey}`;
}

/**
 * The first repeated key of `text` (valid JSON) with the path of the object holding it, or null.
 * @example findDuplicateKey('{"ppo": {"epochs": 1, "epochs": 4}}') // { key: 'epochs', path: 'ppo' }
 */
export function findDuplicateKey(text: string): { key: string; path: string } | null {
  const stack: Container[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      const top = stack[stack.length - 1];
      // A string directly inside an object, followed by a colon, is a key.
      if (top?.keys) {
        let k = j + 1;
        while (k < n && /\s/.test(text[k])) k++;
        if (text[k] === ':') {
          const key = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
          if (top.keys.has(key)) return { key, path: top.path };
          top.keys.add(key);
          top.lastKey = key;
        }
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      stack.push({ keys: c === 0x7b ? new Set() : null, path: childPath(stack[stack.length - 1]), index: 0, lastKey: '' });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top && top.keys === null) top.index++;
    }
    i++;
  }
  return null;
}
