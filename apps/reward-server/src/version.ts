// `pama-reward-server --version`: the version of the package this code ships in.
import { readFileSync } from 'node:fs';

/** Set by the bundler (`npm run bundle`), whose single file has no package.json beside it. */
declare const PAMA_REWARD_SERVER_VERSION: string | undefined;

/** The pama-reward-server version: the bundle's, else the one in the package.json above dist/. */
export function serverVersion(): string {
  if (typeof PAMA_REWARD_SERVER_VERSION === 'string') return PAMA_REWARD_SERVER_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
