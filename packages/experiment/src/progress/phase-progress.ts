// Progress of one phase (pre-training, one alignment run): a cli-progress bar with step,
// rewards, KL and ETA on a terminal; plain lines (about ten per phase) when output is piped.
import cliProgress from 'cli-progress';

export interface PhaseProgress {
  /** Reports that `done` of `total` steps are finished, with a short status (rewards, KL, loss). */
  update(done: number, status: string): void;
  finish(summary: string): void;
}

export interface ProgressSink {
  readonly isTTY: boolean;
  write(text: string): void;
}

const stdoutSink: ProgressSink = {
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  write: (text) => process.stdout.write(text),
};

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
}

export function startPhase(name: string, total: number, sink: ProgressSink = stdoutSink, startAt = 0): PhaseProgress {
  const started = Date.now();
  if (sink.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${name.padEnd(24)} {bar} {value}/{total} | {status} | ETA {eta_formatted}`, hideCursor: true, barsize: 24, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, startAt, { status: '' });
    return {
      update: (done, status) => bar.update(done, { status }),
      finish: (summary) => {
        bar.update(total, { status: summary });
        bar.stop();
      },
    };
  }
  const every = Math.max(1, Math.ceil(total / 10));
  sink.write(`${name}: ${startAt}/${total} starting\n`);
  return {
    update: (done, status) => {
      if (done % every !== 0 && done !== total) return;
      const elapsed = (Date.now() - started) / 1000;
      const rate = (done - startAt) / Math.max(elapsed, 1e-9);
      sink.write(`${name}: ${done}/${total} ${status} eta ${formatEta((total - done) / rate)}\n`);
    },
    finish: (summary) => sink.write(`${name}: done ${summary} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`),
  };
}
