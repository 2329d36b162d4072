// Display names of methods, as the paper writes them.
import type { RunMetrics } from './metrics.js';

const NAMES: Record<string, string> = { pama: 'PAMA', morlhf: 'MORLHF', gdpo: 'GDPO', 'mgda-ub': 'MGDA-UB', ppo: 'PPO' };

export function methodLabel(run: Pick<RunMetrics, 'method' | 'granularity' | 'targets'>): string {
  const name = NAMES[run.method] ?? run.method;
  if (run.method !== 'pama') return name;
  // Targets change what PAMA optimises, so a run with them must not pass for the paper's PAMA.
  const parts = [run.granularity, ...Object.entries(run.targets ?? {}).map(([o, t]) => `${o} met at ${t}`)].filter(Boolean);
  return parts.length > 0 ? `${name} (${parts.join(', ')})` : name;
}
