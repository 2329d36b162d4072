#!/usr/bin/env node
// Lints and format-checks the tree (Biome, biome.jsonc), typechecks every workspace (tests included), checks each library's API documentation (TypeDoc,
// warnings as errors), runs every workspace's tests and the cross-package tests through turbo,
// then prints one summary line `N passed, N failed` gathered from each vitest JSON report. Exits
// non-zero when turbo failed or any test failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = ['packages/core', 'packages/rewards', 'packages/rewards-onnx', 'packages/tfjs', 'apps/cli', 'apps/reward-server', '.'];
const reportOf = (ws) => join(root, ws, '.test-results', 'vitest.json');
for (const ws of workspaces) rmSync(reportOf(ws), { force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const turbo = spawnSync(
  'npx',
  [
    'turbo',
    'run',
    'lint',
    'typecheck',
    'typecheck:integration',
    'docs:check',
    'test',
    'test:integration',
    '--continue',
    '--concurrency=1',
    '--force',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit', env },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const ws of workspaces) {
  const file = reportOf(ws);
  if (!existsSync(file)) {
    missing.push(ws);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load counts its file as a failure even with no test inside.
  failed += (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
}
if (missing.length > 0) console.log(`no test report from: ${missing.join(', ')}`);
const turboFailed = turbo.status !== 0;
if (turboFailed && failed === 0) failed = 1; // a build or runner failure with no test result still fails
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(turboFailed || failed > 0 ? 1 : 0);
