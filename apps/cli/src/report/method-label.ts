// Display names of methods, as the paper writes them.
import type { RunMetrics } from './metrics.js';

const NAMES: Record<string, string> = { pama: 'PAMA', morlhf: 'MORLHF', 'mgda-ub': 'MGDA-UB', ppo: 'PPO' };

export function methodLabel(run: Pick<RunMetrics, 'method' | 'granularity'>): string {
  const name = NAMES[run.method] ?? run.method;
  return run.method === 'pama' && run.granularity ? `${name} (${run.granularity})` : name;
}
