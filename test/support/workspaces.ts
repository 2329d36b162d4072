// The repository's publishable packages, found the way npm finds them (`npm query .workspace`), so a
// package added to the workspaces is checked without editing a list; and an environment for running
// npm on a folder outside the repository.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCommand } from './run-pama.js';

/** What the tests read from a workspace's package.json. */
export interface Workspace {
  readonly name: string;
  readonly version: string;
  /** Absolute directory of the workspace. */
  readonly dir: string;
  readonly manifest: PackageManifest;
}

/** The package.json fields the packaging tests check. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly main?: string;
  readonly types?: string;
  readonly bin?: string | Record<string, string>;
  readonly exports?: string | Record<string, unknown>;
  readonly files?: string[];
  readonly engines?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/**
 * The environment for an npm run on a folder outside the repository: without the `npm_*` variables
 * that `npm test` passes down (npm_config_local_prefix and the like would point npm back here).
 *
 * @example
 * execFileSync('npm', ['install', tarball], { cwd: emptyDir, env: npmEnv() });
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/**
 * Every workspace that is not private, as `npm query .workspace` lists them.
 *
 * @example
 * publishableWorkspaces().map((w) => w.name); // ['pama-cli', 'pama-reward-server', 'pama-core', …]
 */
export function publishableWorkspaces(): Workspace[] {
  const listed = JSON.parse(execFileSync('npm', ['query', '.workspace'], { cwd: repoRoot, encoding: 'utf8', env: npmEnv() })) as {
    name: string;
    path: string;
  }[];
  return listed
    .map(({ path }) => {
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as PackageManifest;
      return { name: manifest.name, version: manifest.version, dir: path, manifest };
    })
    .filter((w) => w.manifest.private !== true);
}

/**
 * Packs the workspaces into `dest` with `npm pack` and returns each tarball's path by package name.
 *
 * @example
 * const tarballs = await packWorkspaces(publishableWorkspaces(), mkdtempSync(join(tmpdir(), 'tgz-')));
 */
export async function packWorkspaces(workspaces: readonly Workspace[], dest: string): Promise<Map<string, string>> {
  const r = await runCommand('npm', ['pack', ...workspaces.flatMap((w) => ['-w', w.name]), '--pack-destination', dest, '--json'], {
    env: npmEnv(),
  });
  if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
  const packed = JSON.parse(r.stdout) as { name: string; filename: string }[];
  return new Map(packed.map((p) => [p.name, join(dest, p.filename)]));
}
