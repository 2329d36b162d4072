// The files a run's results depend on besides its config — lexicons and modules its objectives read,
// its corpus and prompt files — are part of its identity: their SHA-256 is written to OUT/inputs.json
// when the run starts, and `--resume` refuses to continue when one has changed (a run whose "before"
// and "after" were scored by different objectives is silently wrong), naming the file, unless
// `--accept-changed-inputs` says the change is meant. A module's own imports are not followed.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AlignConfig } from '../config/align-config.js';
import { ExperimentError } from '../experiment-error.js';
import { readBoundedFile } from '../io/bounded-read.js';
import { readSealedJson, writeSealedJson } from '../io/sealed-json.js';
import { effectiveObjectives } from '../objectives/effective-objectives.js';

export const INPUTS_FILE = 'inputs.json';
export const ACCEPT_CHANGED_INPUTS = '--accept-changed-inputs';

interface InputFile {
  /** What the file is to the run: `objective 'harmless' (lexicon)`, `data.prompts`. */
  readonly role: string;
  readonly path: string;
}

/** Every file other than the config that the run's results depend on, in a stable order. */
export function inputFilesOf(config: AlignConfig): InputFile[] {
  const files: InputFile[] = [];
  for (const o of effectiveObjectives(config)) {
    if (o.spec.source === 'lexicon' || o.spec.source === 'module')
      files.push({ role: `objective '${o.name}' (${o.spec.source})`, path: o.spec.path });
  }
  if (config.data.corpus !== 'brown') files.push({ role: 'data.corpus', path: config.data.corpus });
  if (config.data.prompts !== null) files.push({ role: 'data.prompts', path: config.data.prompts });
  if (config.data.testPrompts !== null) files.push({ role: 'data.testPrompts', path: config.data.testPrompts });
  return files;
}

/** SHA-256 of each input file by path; a file that cannot be read is left to the command's own check. */
function digests(files: readonly InputFile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) {
    try {
      out[f.path] = createHash('sha256').update(readBoundedFile(f.path, f.role)).digest('hex');
    } catch (error) {
      if (error instanceof ExperimentError) throw error;
      out[f.path] = 'unreadable';
    }
  }
  return out;
}

/**
 * Writes OUT/inputs.json for a fresh start; for a resume, first compares it with the files as they
 * are now and throws a one-line ExperimentError naming the first changed file, unless `accept` (then the
 * new contents are recorded and a note says so).
 * @example
 * import { mkdirSync } from 'node:fs';
 * mkdirSync('runs/x', { recursive: true });
 * sealInputs('runs/x', DEFAULT_ALIGN_CONFIG, { resume: false, accept: false }); // writes runs/x/inputs.json
 * sealInputs('runs/x', DEFAULT_ALIGN_CONFIG, { resume: true, accept: false }); // the same files: no complaint
 */
export function sealInputs(outDir: string, config: AlignConfig, options: { readonly resume: boolean; readonly accept: boolean }): void {
  const path = join(outDir, INPUTS_FILE);
  const files = inputFilesOf(config);
  const now = digests(files);
  if (options.resume) {
    const saved = readSealedJson(path, `delete it to record the files as they are now, or start afresh`) as {
      files?: Record<string, string>;
    } | null;
    // An out dir from before inputs were sealed: record them now.
    const before = saved?.files ?? now;
    for (const f of files) {
      const then = before[f.path];
      if (then === undefined || then === now[f.path]) continue;
      if (!options.accept)
        throw new ExperimentError(
          `--resume: ${f.role} ${f.path} changed since the run started (sha256 ${then.slice(0, 12)}… then, ${now[f.path].slice(0, 12)}… now); restore it, or add ${ACCEPT_CHANGED_INPUTS} to continue with the new content (scores before and after the change then come from different versions)`,
        );
      process.stdout.write(
        `${ACCEPT_CHANGED_INPUTS}: ${f.role} ${f.path} changed since the run started; continuing with the new content\n`,
      );
    }
  }
  writeSealedJson(path, { files: now });
}
