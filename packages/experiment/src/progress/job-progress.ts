// Progress of several runs at once (`pama align --jobs N`): on a terminal one bar per running job
// (a cli-progress multi-bar; finished and failed jobs leave a line above the bars); when output is
// piped, each job prints the plain lines of a single phase, prefixed with its run name.
import cliProgress from 'cli-progress';
import { startPhase, type PhaseProgress, type ProgressSink } from './phase-progress.js';

export interface JobBar extends PhaseProgress {
  /** Takes the bar of a job that ended without finishing (it failed) off the display. */
  remove(): void;
}

export interface JobProgress {
  /** A one-off line about a job (started in a process, failed, reused). */
  note(name: string, text: string): void;
  /** The job's steps start: `startAt` of `total` already done (a resumed run). */
  start(name: string, total: number, startAt: number): JobBar;
  /** Removes the display (bars) once every job is done. */
  stop(): void;
}

const stdoutSink: ProgressSink = {
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  write: (text) => process.stdout.write(text),
};

/**
 * The display for concurrently running jobs.
 * @example
 *   const display = startJobProgress();
 *   const bar = display.start('pama-sample-seed1', 30, 0);
 *   bar.update(1, 'sent 0.21 len 1.02 kl 0.01');
 *   bar.finish('test after: sentiment 0.40');
 *   display.stop();
 */
export function startJobProgress(sink: ProgressSink = stdoutSink): JobProgress {
  if (!sink.isTTY) {
    return {
      note: (name, text) => sink.write(`${name}: ${text}\n`),
      start: (name, total, startAt) => ({ ...startPhase(name, total, sink, startAt), remove: () => undefined }),
      stop: () => undefined,
    };
  }
  // Bars and lines both go to stdout, the stream whose terminal was checked.
  const bars = new cliProgress.MultiBar(
    {
      format: '{name} {bar} {value}/{total} | {status} | ETA {eta_formatted}',
      hideCursor: true,
      barsize: 24,
      etaBuffer: 20,
      stream: process.stdout,
    },
    cliProgress.Presets.shades_classic,
  );
  let shown = 0;
  // While bars are shown a line must go through the multi-bar (it prints it above them on the next
  // redraw); with none shown it is written directly, as the multi-bar would keep it unflushed.
  const line = (text: string) => (shown > 0 ? bars.log(text) : sink.write(text));
  return {
    note: (name, text) => line(`${name}: ${text}\n`),
    start: (name, total, startAt) => {
      const started = Date.now();
      const bar = bars.create(total, startAt, { name: name.padEnd(24), status: '' });
      shown++;
      let removed = false;
      const remove = () => {
        if (removed) return;
        removed = true;
        shown--;
        bars.remove(bar);
      };
      return {
        update: (done, status) => bar.update(done, { status }),
        remove,
        finish: (summary) => {
          bar.update(total, { status: summary });
          line(`${name}: done ${summary} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
          remove();
        },
      };
    },
    stop: () => bars.stop(),
  };
}
