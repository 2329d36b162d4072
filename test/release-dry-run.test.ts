// A release, rehearsed: on a throwaway copy of the repository (its tracked and new files, and each
// publishable workspace's built dist/), `changeset version` consumes the pending changesets, then
// `npm publish --dry-run` runs for every publishable workspace, as the release would. It fails on a
// changeset the tool cannot read, a sibling dependency left on an old version, and a package.json
// that npm would have to correct while publishing — so a release cannot break on packaging.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCommand } from './support/run-pama.js';
import { npmEnv, type PackageManifest, publishableWorkspaces } from './support/workspaces.js';

const workspaces = publishableWorkspaces();
const copy = mkdtempSync(join(tmpdir(), 'pama-release-'));
const manifestIn = (dir: string) =>
  JSON.parse(readFileSync(join(copy, relative(repoRoot, dir), 'package.json'), 'utf8')) as PackageManifest;
const pending = readdirSync(join(repoRoot, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
let version: Awaited<ReturnType<typeof runCommand>>;

beforeAll(async () => {
  const listed = await runCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
  for (const file of listed.stdout.split('\0').filter((f) => f !== '' && existsSync(join(repoRoot, f)))) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file));
  }
  for (const w of workspaces) cpSync(join(w.dir, 'dist'), join(copy, relative(repoRoot, w.dir), 'dist'), { recursive: true });
  version = await runCommand(join(repoRoot, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: copy, env: npmEnv() });
}, 300_000);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('a release rehearsal: changeset version, then npm publish --dry-run', () => {
  it('changeset version reads every pending changeset and consumes it', () => {
    expect(version.stdout + version.stderr).not.toMatch(/error/i);
    expect(version.status).toBe(0);
    const left = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(left).toEqual([]);
    if (pending.length > 0) expect(workspaces.some((w) => manifestIn(w.dir).version !== w.version)).toBe(true);
  });

  it('every sibling dependency names the version the release gives that sibling', () => {
    const released = new Map(workspaces.map((w) => [w.name, manifestIn(w.dir).version]));
    for (const w of workspaces) {
      const manifest = manifestIn(w.dir);
      for (const [dep, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.optionalDependencies,
        ...manifest.peerDependencies,
      })) {
        const sibling = released.get(dep);
        if (sibling !== undefined) expect(range, `${w.name} → ${dep}`).toBe(`^${sibling}`);
      }
    }
  });

  it('npm publish --dry-run accepts every publishable workspace as it is, with nothing to correct', async () => {
    for (const w of workspaces) {
      const r = await runCommand('npm', ['publish', '--dry-run', '-w', w.name], { cwd: copy, env: npmEnv() });
      const said = `${w.name}:\n${r.stderr}`;
      expect(r.status, said).toBe(0);
      expect(r.stdout, said).toContain(`+ ${w.name}@${manifestIn(w.dir).version}`);
      expect(r.stderr, said).not.toMatch(/auto-corrected|npm error/);
    }
  });
});
