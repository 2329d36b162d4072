// scripts/install-webgpu-driver.sh runs under `set -euo pipefail`. Its "installed version" probe must
// read a package dpkg has never heard of (every fresh machine's mesa-vulkan-drivers) as "not
// installed" rather than end the script with no message.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const script = readFileSync(new URL('../scripts/install-webgpu-driver.sh', import.meta.url), 'utf8');
const probe = script.match(/^installed_version\(\) \{[\s\S]*?^\}/m)?.[0];
const hasDpkg = spawnSync('sh', ['-c', 'command -v dpkg-query'], { encoding: 'utf8' }).status === 0;

describe('install-webgpu-driver.sh installed_version', () => {
  it('is defined in the script', () => {
    expect(probe).toBeDefined();
  });

  it.skipIf(!hasDpkg)('reads an unknown package as empty and lets the script go on', () => {
    const r = spawnSync(
      'bash',
      ['-c', `set -euo pipefail\n${probe}\nv=$(installed_version pama-no-such-package-xyz)\necho "version=[$v]"`],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('version=[]');
  });
});
