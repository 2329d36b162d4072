import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../src/io/duplicate-keys.js';
import { parseJsonBounded } from '../src/io/read-json.js';

describe('duplicate JSON keys', () => {
  it('finds the first repeated key with the path of its object', () => {
    expect(findDuplicateKey('{"steps": 2, "steps": 100000}')).toEqual({ key: 'steps', path: '' });
    expect(findDuplicateKey('{"ppo": {"epochs": 1, "lr": 2, "epochs": 4}}')).toEqual({ key: 'epochs', path: 'ppo' });
    expect(findDuplicateKey('{"objectives": [{"name": "a"}, {"name": "b", "name": "c"}]}')).toEqual({ key: 'name', path: 'objectives[1]' });
    expect(findDuplicateKey('{"a\\u0062": 1, "ab": 2}')).toEqual({ key: 'ab', path: '' });
  });

  it('equal keys in different objects, keys inside strings and values equal to keys are not duplicates', () => {
    expect(findDuplicateKey('{"a": {"x": 1}, "b": {"x": 2}, "c": "\\"a\\": 1", "d": ["a", "a"], "e": "a"}')).toBeNull();
    expect(findDuplicateKey('[{"k": 1}, {"k": 2}]')).toBeNull();
  });

  it('on generated JSON trees (repeated keys allowed): the first repeat in document order, with its path', () => {
    type Node = { obj: Array<[string, Node]> } | { arr: Node[] } | { leaf: string };
    const key = fc.constantFrom('a', 'b', 'c', 'x"y', 'é', '{"a":1}');
    const tree = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom('1', 'true', 'null', '"a"', '"b: {"', '"\\\\"').map((leaf) => ({ leaf })),
        fc.array(tie('node'), { maxLength: 3 }).map((arr) => ({ arr })),
        fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((obj) => ({ obj })),
      ),
    })).node;
    const render = (n: Node): string =>
      'leaf' in n
        ? n.leaf
        : 'arr' in n
          ? `[${n.arr.map(render).join(', ')}]`
          : `{${n.obj.map(([k, v]) => `${JSON.stringify(k)} : ${render(v)}`).join(',')}}`;
    /** The expected answer, from the tree: keys are checked before their values are entered. */
    const firstRepeat = (n: Node, path: string): { key: string; path: string } | null => {
      if ('leaf' in n) return null;
      if ('arr' in n) {
        for (let i = 0; i < n.arr.length; i++) {
          const found = firstRepeat(n.arr[i], `${path}[${i}]`);
          if (found) return found;
        }
        return null;
      }
      const seen = new Set<string>();
      for (const [k, v] of n.obj) {
        if (seen.has(k)) return { key: k, path };
        seen.add(k);
        const found = firstRepeat(v, path === '' ? k : `${path}.${k}`);
        if (found) return found;
      }
      return null;
    };
    fc.assert(
      fc.property(tree, (t) => {
        const text = render(t);
        JSON.parse(text); // the scan assumes valid JSON, as parseJsonBounded gives it
        expect(findDuplicateKey(text)).toEqual(firstRepeat(t, ''));
      }),
      { numRuns: 500 },
    );
  });

  it('parseJsonBounded refuses a repeated key with one line naming it', () => {
    expect(() => parseJsonBounded('{"steps": 2, "steps": 100000}', 'config file run.json')).toThrow(
      'config file run.json: the key "steps" is given twice at the top level (JSON would keep only the last); keep one',
    );
    expect(() => parseJsonBounded('{"ppo": {"epochs": 1, "epochs": 4}}', 'config file run.json')).toThrow(/"epochs" is given twice in ppo/);
  });
});
