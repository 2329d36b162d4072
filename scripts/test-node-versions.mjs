#!/usr/bin/env node
// Runs every workspace's tests and a `pama align --quick` on other Node versions than the one at hand:
// `node scripts/test-node-versions.mjs [22 24 …]` (default: 22 24), after `npm ci && npm run build`.
// Each Node comes from the `node` package on the npm registry (`npx -y node@22`, cached after the
// first run), so nothing but the registry is needed. Prints one line per version and check, and
// exits non-zero when any failed. `npm test` covers less on these versions (the installed tarballs'
// smoke run in test/packed-install.test.ts); this is the thorough run, for a release. Tests that need
// the WebGPU driver skip themselves unless CI=true, as under npm test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const versions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['22', '24'];
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
// The workspaces as npm lists them, so a new package is covered without editing this file.
const workspaces = JSON.parse(spawnSync('npm', ['query', '.workspace'], { cwd: root, env, encoding: 'utf8' }).stdout).map(
  (w) => w.location,
);

/** Runs `node@<major> …args` in `cwd`; returns its status, the last lines of its output and the seconds it took. */
function node(major, args, cwd) {
  const start = Date.now();
  const r = spawnSync('npx', ['-y', `node@${major}`, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const output = `${r.stdout}${r.stderr}`.trimEnd().split('\n');
  return { ok: r.status === 0, tail: output.slice(-3).join('\n'), output, seconds: Math.round((Date.now() - start) / 1000) };
}

let failed = 0;
const report = (major, what, r, detail) => {
  if (!r.ok) failed++;
  console.log(`node ${major}  ${r.ok ? 'ok    ' : 'FAILED'}  ${what}  ${detail} (${r.seconds} s)`);
  if (!r.ok) console.log(r.tail.replace(/^/gm, '    '));
};

for (const major of versions) {
  const version = node(major, ['--version'], root);
  if (!version.ok) {
    report(major, 'node --version', version, 'cannot run this Node');
    continue;
  }
  console.log(`node ${major}  is ${version.output.at(-1)}`);
  for (const lib of workspaces) {
    const r = node(major, [vitest, 'run', '--reporter', 'dot'], join(root, lib));
    const tests = r.output.find((line) => /^\s*Tests\s/.test(line))?.trim() ?? 'no test summary';
    report(major, `${lib} tests`, r, tests);
  }
  const out = mkdtempSync(join(tmpdir(), `pama-node${major}-`));
  const quick = node(major, [join(root, 'apps/cli/dist/bin.js'), 'align', '--quick', '--out', join(out, 'quick')], root);
  let detail = 'no metrics.json';
  if (quick.ok) {
    const metrics = JSON.parse(readFileSync(join(out, 'quick', 'metrics.json'), 'utf8'));
    detail = `${metrics.runs.length} runs on ${metrics.backend}`;
  }
  report(major, 'pama align --quick', quick, detail);
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed > 0 ? 1 : 0);
