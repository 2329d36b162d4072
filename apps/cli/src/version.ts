// `pama --version`: the version of the pama-cli package this code ships in.
import { readFileSync } from 'node:fs';

/** Set by the bundler (`npm run bundle`), whose single file has no package.json beside it. */
declare const PAMA_CLI_VERSION: string | undefined;

/**
 * The pama-cli version: the bundle's, else the one in the package.json one level above dist/.
 *
 * @example
 * cliVersion(); // '0.1.0'
 */
export function cliVersion(): string {
  if (typeof PAMA_CLI_VERSION === 'string') return PAMA_CLI_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
