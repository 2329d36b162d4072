// A private single-node Slurm for a test: its own munge key and munged, a slurm.conf for this host on
// ports of its own, `slurmctld -i` and `slurmd` — no systemd, nothing in /etc, and it does not touch a
// Slurm or munge this machine already runs. Its files live in the given directory (munge's in one of
// its own); stop() ends the daemons.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './run-pama.js';

/** A running private Slurm. */
export interface PrivateSlurm {
  /** The environment for Slurm's commands (sbatch, scontrol …): SLURM_CONF names this instance. */
  readonly env: NodeJS.ProcessEnv;
  /** The controller's and node daemon's logs, for a failure message. */
  logs(): string;
  /** Shuts the daemons down and waits until they are gone. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function alive(pidFile: string): boolean {
  if (!existsSync(pidFile)) return false;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs a daemon that forks into the background; throws with its output when it fails to start. */
async function daemon(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const r = await runCommand(command, args, { env });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
}

/**
 * Starts munged, slurmctld and slurmd for this host in `dir` (as root: slurmd runs jobs as their user).
 *
 * @example
 * const slurm = await startPrivateSlurm(mkdtempSync(join(tmpdir(), 'slurm-')));
 * await runCommand('sbatch', ['--wrap', 'hostname'], { env: slurm.env });
 * await slurm.stop();
 */
export async function startPrivateSlurm(dir: string): Promise<PrivateSlurm> {
  // munged insists that every directory on its socket's path lets anyone through (x for all), which a
  // private temporary directory does not: its files go in a directory of their own under the temp root.
  const munge = mkdtempSync(join(tmpdir(), 'pama-munge-'));
  chmodSync(munge, 0o711);
  for (const sub of ['state', 'spool', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  const key = join(munge, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o600 });
  const socket = join(munge, 'munge.sock');
  const mungePid = join(munge, 'munged.pid');
  await daemon(
    'munged',
    [
      `--socket=${socket}`,
      `--key-file=${key}`,
      `--pid-file=${mungePid}`,
      `--log-file=${join(munge, 'munged.log')}`,
      `--seed-file=${join(munge, 'seed')}`,
    ],
    process.env,
  );

  const host = spawnSync('hostname', ['-s'], { encoding: 'utf8' }).stdout.trim();
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=pamatest',
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      // No cgroups and no accounting database: what a container without systemd can run.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'SchedulerType=sched/backfill',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'ReturnToService=2',
      `NodeName=${host} CPUs=${cpus().length} State=UNKNOWN`,
      `PartitionName=pama Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const logs = () =>
    ['slurmctld.log', 'slurmd.log']
      .map((f) => join(dir, 'log', f))
      .filter((f) => existsSync(f))
      .map((f) => `${f}:\n${readFileSync(f, 'utf8').split('\n').slice(-15).join('\n')}`)
      .join('\n');
  const stop = async () => {
    await runCommand('scontrol', ['shutdown'], { env });
    for (let i = 0; i < 100 && (alive(join(dir, 'slurmctld.pid')) || alive(join(dir, 'slurmd.pid'))); i++) await sleep(100);
    if (alive(mungePid)) process.kill(Number(readFileSync(mungePid, 'utf8').trim()), 'SIGTERM');
    for (let i = 0; i < 50 && alive(mungePid); i++) await sleep(100);
    rmSync(munge, { recursive: true, force: true });
  };

  try {
    await daemon('slurmctld', ['-i', '-f', conf], env);
    await daemon('slurmd', ['-f', conf], env);
    for (let i = 0; ; i++) {
      const state = (await runCommand('sinfo', ['-h', '-o', '%t'], { env })).stdout.trim();
      if (state === 'idle') break;
      if (i === 300) throw new Error(`the node did not become idle in 30 s (sinfo: ${state || 'nothing'})\n${logs()}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, logs, stop };
}
