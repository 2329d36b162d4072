// Runs every @example of the libraries' exported declarations, each as its own ES module, and
// prints one JSON line per example: { id, ok, error }. An example sees the exports of its
// package's entry points and of its own module (as a reader of the API docs would have them in
// scope); a line `EXPR; // VALUE` whose VALUE is a JavaScript literal (number, string, array,
// object, boolean, null), alone or followed by `: ` and an explanation, asserts that EXPR equals
// VALUE, so an example's stated result is checked.
import ts from 'typescript';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url).pathname;
/** The libraries and the entry points an example sees. */
export const LIBRARIES = [
  { dir: 'packages/core', entries: ['pama-core', 'pama-core/support'] },
  // `E` and `pipe` are fp-ts's, as in its own documentation.
  {
    dir: 'packages/rewards',
    entries: ['pama-rewards'],
    scope: { E: 'fp-ts/lib/Either.js', TE: 'fp-ts/lib/TaskEither.js', pipe: ['fp-ts/lib/function.js', 'pipe'] },
  },
  { dir: 'packages/rewards-onnx', entries: ['pama-rewards-onnx'] },
  // `tf` is TensorFlow.js, as in its own documentation.
  { dir: 'packages/tfjs', entries: ['pama-tfjs', 'pama-tfjs/settings'], scope: { tf: '@tensorflow/tfjs-core' } },
  { dir: 'packages/experiment', entries: ['pama-experiment', 'pama-experiment/report'] },
];

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'bench' ? [] : sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

const textOf = (tag) => (typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? ''));

/** Every @example of an exported declaration (and of the members of an exported class or interface). */
export function collectExamples() {
  const out = [];
  for (const lib of LIBRARIES) {
    for (const file of sourceFiles(join(root, lib.dir, 'src'))) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      const rel = relative(root, file);
      const add = (node, name) => {
        ts.getJSDocTags(node)
          .filter((t) => t.tagName.text === 'example')
          .forEach((t, k) =>
            out.push({
              id: `${rel}#${name}${k > 0 ? `.${k + 1}` : ''}`,
              lib,
              file: rel,
              name,
              code: textOf(t),
              callable: ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isMethodSignature(node),
            }),
          );
      };
      for (const s of sf.statements) {
        if (!(ts.getCombinedModifierFlags(s) & ts.ModifierFlags.Export)) continue;
        if (ts.isVariableStatement(s)) {
          for (const d of s.declarationList.declarations) add(s, d.name.getText());
        } else if (s.name) {
          add(s, s.name.getText());
          if (ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s)) {
            for (const m of s.members) if (m.name) add(m, `${s.name.getText()}.${m.name.getText()}`);
          }
        }
      }
    }
  }
  return out;
}

/** Names the example declares at its top level (they shadow the prelude's). */
function declaredNames(code) {
  const sf = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set();
  const bind = (n) => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else if (ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n.elements.forEach((e) => e.name && bind(e.name));
  };
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause) {
      if (s.importClause.name) names.add(s.importClause.name.text);
      const b = s.importClause.namedBindings;
      if (b && ts.isNamespaceImport(b)) names.add(b.name.text);
      if (b && ts.isNamedImports(b)) b.elements.forEach((e) => names.add(e.name.text));
    } else if (ts.isVariableStatement(s)) s.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) names.add(s.name.text);
  }
  return names;
}

/**
 * The literal a trailing `// …` comment states (its source text), or undefined when it is prose.
 * The literal may be followed by an explanation after `: ` (`// 1: Llama's BOS`).
 */
function statedLiteral(comment) {
  const text = comment.replace(/^→\s*/, '').trim();
  if (!/^(-?\d|'|"|\[|\{|true\b|false\b|null\b|-?Infinity\b|NaN\b)/.test(text)) return undefined;
  const parses = (candidate) => {
    try {
      new Function(`"use strict"; return (${candidate});`)();
      return true;
    } catch {
      return false;
    }
  };
  if (parses(text)) return text;
  for (let at = text.indexOf(': '); at > 0; at = text.indexOf(': ', at + 1)) {
    if (parses(text.slice(0, at))) return text.slice(0, at);
  }
  return undefined;
}

/**
 * Turns each `EXPR; // LITERAL` line into a check of EXPR against LITERAL, and each
 * `EXPR; // throws[ Name][:] message` line into a check that EXPR throws (or rejects) that error.
 */
function withChecks(code) {
  return code
    .split('\n')
    .map((line, i) => {
      const m = line.match(/^(\s*)(.+?);?\s*\/\/\s*(.+)$/);
      if (m === null || /^(const|let|var|import|export|if|for|while|return|throw|await\s+using|\}|\{)\b/.test(m[2].trim())) return line;
      const throws = m[3].match(/^throws\b\s*(?:([A-Z]\w*)\b)?:?\s*(.*)$/);
      if (throws !== null) {
        const [, name, message] = throws;
        return `${m[1]}await __throws(async () => (${m[2].trim()}), ${JSON.stringify(name ?? null)}, ${JSON.stringify(message.trim())}, ${i + 1});`;
      }
      const stated = statedLiteral(m[3]);
      if (stated === undefined) return line;
      // `console.log(x); // 2` states x.
      const expr = m[2].trim().replace(/^console\.log\((.*)\)$/, '$1');
      // Only an expression statement can be checked; a declaration or a call whose value is prose is left alone.
      const probe = ts.createSourceFile('p.ts', `(${expr});`, ts.ScriptTarget.ES2022, true);
      if (probe.parseDiagnostics?.length) return line;
      return `${m[1]}__check(await (${expr}), (${stated}), ${i + 1});`;
    })
    .join('\n');
}

function near(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  if (ArrayBuffer.isView(a)) a = Array.from(a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, k) => near(x, b[k]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    const keys = Object.keys(b);
    return keys.length === Object.keys(a).length && keys.every((k) => near(a[k], b[k]));
  }
  return isDeepStrictEqual(a, b);
}

globalThis.__check = (actual, expected, line) => {
  let value = actual;
  if (value && typeof value.arraySync === 'function') value = value.arraySync(); // a tensor, as its values
  if (!near(value, expected)) {
    throw new Error(`line ${line}: got ${JSON.stringify(value)}, the example states ${JSON.stringify(expected)}`);
  }
};

globalThis.__throws = async (run, name, message, line) => {
  try {
    await run();
  } catch (e) {
    if (name !== null && e?.name !== name) throw new Error(`line ${line}: threw ${e?.name}, the example states ${name}`);
    if (message !== '' && !String(e?.message).includes(message))
      throw new Error(`line ${line}: threw "${e?.message}", the example states "${message}"`);
    return;
  }
  throw new Error(`line ${line}: did not throw, the example states it throws`);
};

export async function runExample(example, index) {
  const own = join(
    root,
    example.lib.dir,
    example.file
      .slice(example.lib.dir.length)
      .replace(/^\/src\//, 'dist/')
      .replace(/\.ts$/, '.js'),
  );
  const scope = example.lib.scope ?? {};
  const sources = [...example.lib.entries, pathToFileURL(own).href];
  const modules = await Promise.all(sources.map((s) => import(s)));
  const declared = declaredNames(example.code);
  const names = [...new Set(modules.flatMap((m) => Object.keys(m)))].filter((n) => n !== 'default' && !declared.has(n));
  const js = ts.transpileModule(withChecks(example.code), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false },
  }).outputText;
  const scoped = Object.entries(scope)
    .filter(([name]) => !declared.has(name))
    .map(([name, spec]) =>
      Array.isArray(spec)
        ? `import { ${spec[1]} as ${name} } from ${JSON.stringify(spec[0])};`
        : `import * as ${name} from ${JSON.stringify(spec)};`,
    );
  const prelude = `${[...sources.map((s, k) => `import * as __m${k} from ${JSON.stringify(s)};`), ...scoped].join('\n')}\nconst { ${names.filter((n) => !(n in scope)).join(', ')} } = { ${sources.map((_, k) => `...__m${k}`).join(', ')} };\n`;
  const dir = join(root, example.lib.dir, '.test-results', 'examples');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `example-${index}.mjs`);
  writeFileSync(file, `${prelude}${js}\nexport {};\n`);
  await import(pathToFileURL(file).href);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const examples = collectExamples();
  const log = console.log;
  console.log = () => {}; // examples print; the report is the JSON lines below
  console.info = () => {};
  console.warn = () => {};
  for (const [i, example] of examples.entries()) {
    // A function's example calls it (an example copied from another function does not).
    const mentions = !example.callable || new RegExp(`\\b${example.name.split('.').pop()}\\b`).test(example.code);
    let error = mentions ? null : `does not use ${example.name}`;
    if (error === null) {
      try {
        await runExample(example, i);
      } catch (e) {
        error = String(e?.message ?? e)
          .split('\n')[0]
          .slice(0, 300);
      }
    }
    log(JSON.stringify({ id: example.id, ok: error === null, error }));
  }
  process.exit(0);
}
