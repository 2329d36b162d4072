// Each library's public surface is what its README documents: every name exported from an entry
// point of its package.json (`pama-core`, `pama-core/bench`, …) is named in the README's API
// section, and every name the section's `export` tables list is exported. Exports are read from
// the sources syntactically, following `export … from` and `export * from` to the declaring file.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['packages/core', 'packages/rewards', 'packages/rewards-onnx', 'packages/tfjs'];

/** Names a module exports, following re-exports through relative imports. */
function exportedNames(file: string, seen = new Set<string>()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const target = (specifier: ts.Expression) => resolve(dirname(file), (specifier as ts.StringLiteral).text.replace(/\.js$/, '.ts'));
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier;
      if (statement.exportClause === undefined && from !== undefined) {
        for (const name of exportedNames(target(from), seen)) names.add(name);
      } else if (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) names.add(element.name.text);
      }
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) names.add((declaration.name as ts.Identifier).text);
    } else if ('name' in statement && statement.name !== undefined) {
      names.add((statement.name as ts.Identifier).text);
    }
  }
  return names;
}

/** Every entry point of a package (subpath → exported names), from package.json `exports`. */
function entryPoints(pkg: string): Map<string, Set<string>> {
  const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const out = new Map<string, Set<string>>();
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target !== 'object' || target === null) continue;
    const dist = (target as { import: string }).import;
    const src = join(root, pkg, dist.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    out.set(`${manifest.name}${subpath.slice(1)}`, exportedNames(src));
  }
  return out;
}

/** The README's `## API` section, up to the next second-level heading. */
function apiSection(pkg: string): string {
  const readme = readFileSync(join(root, pkg, 'README.md'), 'utf8');
  const start = readme.search(/^## API$/m);
  if (start < 0) return '';
  const rest = readme.slice(start + 1);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** Identifiers that open a backticked span: `name`, `name(args)`, `name.member`. */
const backticked = (text: string): Set<string> => new Set([...text.matchAll(/`([A-Za-z_$][\w$]*)/g)].map((m) => m[1]));

/** Names in the first cell of the rows of every table whose first header cell is `export`. */
function listedExports(section: string): Set<string> {
  const names = new Set<string>();
  let inExportTable = false;
  for (const line of section.split('\n')) {
    if (!line.startsWith('|')) {
      inExportTable = false;
      continue;
    }
    const first = line.split('|')[1].trim();
    if (first === 'export') inExportTable = true;
    else if (inExportTable && !/^-+$/.test(first)) for (const name of backticked(first)) names.add(name);
  }
  return names;
}

describe('public surface', () => {
  for (const pkg of PACKAGES) {
    it(`${pkg}: the README's API section names every export of every entry point, and its export tables list only exports`, () => {
      const section = apiSection(pkg);
      expect(section, `${pkg}/README.md has no "## API" section`).not.toBe('');
      const documented = backticked(section);
      const entries = entryPoints(pkg);
      const all = new Set<string>();
      for (const [entry, names] of entries) {
        expect(names.size, `${entry} exports nothing (entry point not found?)`).toBeGreaterThan(0);
        const undocumented = [...names].filter((name) => !documented.has(name)).sort();
        expect(undocumented, `exported from ${entry} but not named in the README's API section`).toEqual([]);
        for (const name of names) all.add(name);
      }
      const listed = listedExports(section);
      expect(listed.size, `${pkg}/README.md's API section has no table headed "export"`).toBeGreaterThan(0);
      const notExported = [...listed].filter((name) => !all.has(name)).sort();
      expect(notExported, 'listed in the README as an export but exported by no entry point').toEqual([]);
    });
  }
});
