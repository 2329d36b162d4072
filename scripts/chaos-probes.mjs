#!/usr/bin/env node
// The reliability audit's probes of `pama`, as one runnable script with bounded time: user modules
// that hang, spin or exit, a sweep of one objective, resumes and merges of changed or edited inputs,
// pretrain into a run's out dir, repeated JSON keys, reference points that overflow, files that never
// end, a million prompts, failures that must be one line with the right exit status, and a sweep
// interrupted by SIGTERM. Each probe runs the built CLI (`npm run build` first) on a tiny CPU config
// in a temporary directory and is killed after its deadline (a hang is a failed probe, not a hung
// script). Prints one line per probe and a summary; exits 1 when any probe fails.
//
//   node scripts/chaos-probes.mjs            # all probes, about 2 minutes on 2 cores
//   node scripts/chaos-probes.mjs sweep      # only the probes whose name contains "sweep"
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pama = join(root, 'apps/cli/dist/bin.js');
if (!existsSync(pama)) {
  console.error('chaos-probes: apps/cli/dist/bin.js is missing; run npm run build first');
  process.exit(2);
}
const only = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'pama-chaos-probes-'));
const DEADLINE_MS = 60_000;

/** Runs pama with a deadline; `onStdout` may signal the child. */
function run(args, { deadlineMs = DEADLINE_MS, onStdout } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [pama, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.stdout.setEncoding('utf8').on('data', (c) => {
      stdout += c;
      onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut, deadlineMs, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// --- fixtures -------------------------------------------------------------------------------
const tiny = (overrides = {}) => ({
  backend: 'cpu',
  cacheDir: join(dir, 'cache'),
  corpus: { categories: ['c'], maxSentenceWords: 40, tokenizer: 'word', maxVocabulary: 300 },
  model: { contextLength: 16, dModel: 16, nHeads: 2, nLayers: 1, dMlp: 32 },
  pretrain: { steps: 8, batchSize: 8 },
  ppo: { batchSize: 8, minibatchSize: 8 },
  generation: { maxNewTokens: 8 },
  prompts: { evalCount: 16, samplesShown: 2 },
  methods: ['pama'],
  seeds: [1],
  steps: 2,
  ...overrides,
});
function file(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const config = (name, overrides) => file(`${name}.json`, JSON.stringify(tiny(overrides)));
const withModule = (name, source, extra = {}) =>
  config(name, {
    objectives: [
      { name: 'sentiment', source: 'sentiment' },
      { name: 'custom', source: 'module', path: file(`${name}.mjs`, source), timeoutMs: 3000, ...extra },
    ],
  });
const AFTER_PROBE = (body) => `let calls = 0; export default (items) => { if (calls++ < 1) return items.map(() => 0.5); ${body} };`;
const base = config('base', {});
const run1 = join(dir, 'run1');
const policy = join(run1, 'runs', 'pama-sample-seed1', 'policy');

// --- the probes: [name, async () => null | reason it failed] ------------------------------------
/** One clean `pama:` line on stderr with this status, matching `pattern`, within the deadline. */
function expectLine(r, status, pattern) {
  if (r.timedOut) return `hung (killed after ${r.deadlineMs / 1000} s)`;
  const lines = r.stderr.trimEnd().split('\n');
  if (r.status !== status) return `exit ${r.status ?? r.signal}, expected ${status}: ${lines.at(-1)}`;
  if (lines.length !== 1 || !lines[0].startsWith('pama: ') || /unexpected failure|\n\s+at /.test(r.stderr))
    return `not one clean line: ${JSON.stringify(r.stderr.slice(0, 300))}`;
  if (!pattern.test(lines[0])) return `line does not match ${pattern}: ${lines[0]}`;
  return null;
}

const probes = [
  [
    'module never settles (score)',
    async () =>
      expectLine(
        await run(['score', '--config', withModule('never', 'export default () => new Promise(() => {});'), '--text', 'hi']),
        1,
        /objective 'custom' .*gave no answer within 3000 ms/,
      ),
  ],
  [
    'module with a live timer never settles (align)',
    async () =>
      expectLine(
        await run([
          'align',
          '--jobs',
          '1',
          '--config',
          withModule('timer', AFTER_PROBE('return new Promise(() => setInterval(() => {}, 1000));')),
          '--out',
          join(dir, 'timer'),
        ]),
        1,
        /objective 'custom' failed: .*gave no answer.*--resume/,
      ),
  ],
  [
    'module with a live timer, --jobs 2',
    async () =>
      expectLine(
        await run([
          'align',
          '--jobs',
          '2',
          '--config',
          withModule('timer2', AFTER_PROBE('return new Promise(() => setInterval(() => {}, 1000));')),
          '--out',
          join(dir, 'timer2'),
        ]),
        1,
        /objective 'custom' failed: .*gave no answer.*--resume/,
      ),
  ],
  [
    'module calls process.exit(0) mid-run',
    async () =>
      expectLine(
        await run(['align', '--jobs', '1', '--config', withModule('exit', AFTER_PROBE('process.exit(0);')), '--out', join(dir, 'exit')]),
        1,
        /objective 'custom' failed: .*process\.exit\(0\)/,
      ),
  ],
  [
    'module spins',
    async () =>
      expectLine(
        await run(['score', '--config', withModule('spin', 'export default () => { for (;;) {} };'), '--text', 'hi']),
        1,
        /gave no answer within 3000 ms/,
      ),
  ],
  [
    'module returns 1e308',
    async () =>
      expectLine(
        await run([
          'align',
          '--config',
          withModule('huge', 'export default (items) => items.map(() => 1e308);'),
          '--out',
          join(dir, 'huge'),
        ]),
        2,
        /objective 'custom' .*failed the probe batch: .*beyond ±1e15/,
      ),
  ],
  [
    'sweep of one objective',
    async () =>
      expectLine(
        await run(['sweep', '--config', config('one', { objectives: [{ name: 'sentiment', source: 'sentiment' }] })], {
          deadlineMs: 20_000,
        }),
        2,
        /needs 2 or more objectives/,
      ),
  ],
  [
    'sweep --reference=1e400,0',
    async () =>
      expectLine(
        await run(['sweep', '--config', base, '--reference=1e400,0', '--out', join(dir, 'ref1')]),
        2,
        /--reference: entry 1 is not a finite number/,
      ),
  ],
  [
    'sweep --reference=-1e308,-1e308',
    async () =>
      expectLine(
        await run(['sweep', '--config', base, '--reference=-1e308,-1e308', '--out', join(dir, 'ref2')]),
        2,
        /--reference: entry 1 is not a finite number/,
      ),
  ],
  [
    'sweep --out an align dir',
    async () => expectLine(await run(['sweep', '--config', base, '--out', run1]), 2, /holds a pama align run, not a sweep/),
  ],
  [
    'sweep SIGTERM: resume command, lock released; resume with a corrected reference',
    async () => {
      const out = join(dir, 'sweep-signal');
      let sent = false;
      const args = ['sweep', '--config', base, '--methods', 'morlhf', '--weights', '2', '--jobs', '1', '--out', out];
      const r = await run(args, {
        onStdout: (text, child) => {
          if (!sent && /morlhf-w/.test(text)) {
            sent = true;
            child.kill('SIGTERM');
          }
        },
      });
      if (r.status !== 143) return `exit ${r.status ?? r.signal}, expected 143`;
      if (!r.stderr.includes('--resume')) return `no resume command: ${r.stderr}`;
      if (existsSync(join(out, '.pama.lock'))) return 'lock file left behind';
      const resumed = await run([...args, '--resume', '--reference=-1,-1'], { deadlineMs: 120_000 });
      return resumed.status === 0 ? null : `resume exit ${resumed.status}: ${resumed.stderr}`;
    },
  ],
  [
    '--resume after the lexicon changed',
    async () => {
      const lexicon = file('lex.txt', 'awful 1\n');
      const cfg = config('lexicon', {
        steps: 1,
        objectives: [
          { name: 'sentiment', source: 'sentiment' },
          { name: 'lex', source: 'lexicon', path: lexicon },
        ],
      });
      const out = join(dir, 'lexicon-run');
      const first = await run(['align', '--jobs', '1', '--config', cfg, '--out', out]);
      if (first.status !== 0) return `first run exit ${first.status}: ${first.stderr}`;
      writeFileSync(lexicon, 'awful 1\nbad 1\n');
      return expectLine(
        await run(['align', '--jobs', '1', '--config', cfg, '--out', out, '--resume']),
        2,
        /lex.txt changed since the run started/,
      );
    },
  ],
  [
    '--resume after the module changed',
    async () => {
      const cfg = withModule('changing', 'export default (items) => items.map(() => 0.5);');
      const out = join(dir, 'module-run');
      const first = await run(['align', '--jobs', '1', '--config', cfg, '--out', out, '--steps', '1']);
      if (first.status !== 0) return `first run exit ${first.status}: ${first.stderr}`;
      writeFileSync(join(dir, 'changing.mjs'), 'export default (items) => items.map(() => 0.9);');
      return expectLine(
        await run(['align', '--jobs', '1', '--config', cfg, '--out', out, '--steps', '1', '--resume']),
        2,
        /changing\.mjs changed since the run started/,
      );
    },
  ],
  [
    'merge of a shard with an edited metrics.json',
    async () => {
      const shard = join(dir, 'shard-edited');
      cpSync(join(dir, 'shard'), shard, { recursive: true });
      const metrics = JSON.parse(readFileSync(join(shard, 'metrics.json'), 'utf8'));
      metrics.runs[0].test.after.sentiment = 0.999;
      writeFileSync(join(shard, 'metrics.json'), JSON.stringify(metrics));
      const reason = expectLine(await run(['merge', shard, '--out', join(dir, 'merged-edited')]), 2, /the file was edited/);
      return reason ?? (existsSync(join(dir, 'merged-edited', 'metrics.json')) ? 'wrote metrics.json anyway' : null);
    },
  ],
  [
    'merge of a malformed shard run',
    async () => {
      const shard = join(dir, 'shard-malformed');
      cpSync(join(dir, 'shard'), shard, { recursive: true });
      const metrics = JSON.parse(readFileSync(join(shard, 'metrics.json'), 'utf8'));
      metrics.runs[0].steps = 'many';
      writeFileSync(join(shard, 'metrics.json'), JSON.stringify(metrics));
      const reason = expectLine(await run(['merge', shard, '--out', join(dir, 'merged-malformed')]), 2, /runs\[0\]\.steps/);
      return reason ?? (existsSync(join(dir, 'merged-malformed', 'metrics.json')) ? 'left a partial metrics.json' : null);
    },
  ],
  [
    'merge --out SHARD/runs',
    async () => expectLine(await run(['merge', join(dir, 'shard'), '--out', join(dir, 'shard', 'runs')]), 2, /lies inside the out dir/),
  ],
  [
    'report --out another shard',
    async () =>
      expectLine(
        await run(['report', join(run1, 'metrics.json'), '--out', join(dir, 'shard')]),
        2,
        /lies in the out dir .* of another run or shard/,
      ),
  ],
  [
    'pretrain --out an align dir',
    async () => expectLine(await run(['pretrain', '--config', base, '--out', run1]), 2, /holds the runs of a pama align or sweep/),
  ],
  [
    'pretrain --out a dir whose lock is held',
    async () => {
      const locked = join(dir, 'locked');
      mkdirSync(locked, { recursive: true });
      writeFileSync(
        join(locked, '.pama.lock'),
        JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'pama align' }),
      );
      return expectLine(await run(['pretrain', '--config', base, '--out', locked]), 3, /is in use by pama align/);
    },
  ],
  [
    'pretrain config mismatch names pretrain --out',
    async () =>
      expectLine(
        await run([
          'pretrain',
          '--config',
          config('wider', { model: { contextLength: 16, dModel: 32, nHeads: 2, nLayers: 1, dMlp: 32 } }),
          '--out',
          join(dir, 'pretrained'),
        ]),
        2,
        /^pama: pretrain --out: model\.dModel is 32 here/,
      ),
  ],
  [
    'a corrupt --pretrained model',
    async () => {
      const copy = join(dir, 'pretrained-corrupt');
      cpSync(join(dir, 'pretrained'), copy, { recursive: true });
      const { key } = JSON.parse(readFileSync(join(copy, 'pretrain.json'), 'utf8'));
      const entry = join(copy, `pretrained-${key}.json`);
      writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 500));
      return expectLine(
        await run(['align', '--config', base, '--out', join(dir, 'from-corrupt'), '--pretrained', copy]),
        2,
        /--pretrained: .*pre-train it again/,
      );
    },
  ],
  [
    'a config with a repeated key',
    async () =>
      expectLine(
        await run(['align', '--config', file('twice.json', '{"steps": 2, "steps": 100000}')]),
        2,
        /the key "steps" is given twice/,
      ),
  ],
  [
    'a lexicon of /dev/zero',
    async () =>
      expectLine(
        await run(
          [
            'align',
            '--config',
            config('zero-lexicon', {
              objectives: [
                { name: 'sentiment', source: 'sentiment' },
                { name: 'lex', source: 'lexicon', path: '/dev/zero' },
              ],
            }),
          ],
          { deadlineMs: 20_000 },
        ),
        2,
        /\/dev\/zero is a character device/,
      ),
  ],
  [
    'generate --prompts /dev/zero',
    async () =>
      expectLine(
        await run(['generate', '--backend', 'cpu', '--model', policy, '--prompts', '/dev/zero'], { deadlineMs: 20_000 }),
        2,
        /\/dev\/zero is a character device/,
      ),
  ],
  [
    'generate with 1e6 + 1 prompts',
    async () =>
      expectLine(
        await run(['generate', '--model', policy, '--prompts', file('million.txt', 'the jury said\n'.repeat(1_000_001))], {
          deadlineMs: 30_000,
        }),
        2,
        /one command samples at most 1000000/,
      ),
  ],
  [
    'generate: a prompt longer than the context',
    async () =>
      expectLine(
        await run([
          'generate',
          '--backend',
          'cpu',
          '--model',
          policy,
          '--prompts',
          file('long.txt', `hi\n${'the jury said that '.repeat(20)}\n`),
        ]),
        2,
        /long\.txt:2: the prompt is \d+ tokens/,
      ),
  ],
  [
    'generate checks number flags before loading',
    async () => expectLine(await run(['generate', '--model', join(dir, 'nowhere'), '--temperature', 'hot']), 2, /--temperature/),
  ],
  [
    'eval with a failing source',
    async () =>
      expectLine(
        await run([
          'eval',
          '--backend',
          'cpu',
          '--model',
          policy,
          '--config',
          withModule('eval-throws', "export default () => { throw new Error('no scores'); };"),
        ]),
        1,
        /objective 'custom' failed: .*no scores/,
      ),
  ],
  [
    'a backend that is not installed',
    async () =>
      expectLine(await run(['generate', '--model', policy, '--prompt', 'hi', '--backend', 'tensorflow']), 2, /^pama: --backend: /),
  ],
];

// --- run --------------------------------------------------------------------------------------
const started = Date.now();
const setup = [
  ['align', '--jobs', '1', '--config', base, '--out', run1, '--steps', '1'],
  ['align', '--jobs', '1', '--config', base, '--out', join(dir, 'shard'), '--steps', '1', '--shard', '1/1'],
  ['pretrain', '--config', base, '--out', join(dir, 'pretrained')],
];
for (const args of setup) {
  const r = await run(args, { deadlineMs: 180_000 });
  if (r.status !== 0) {
    console.error(`chaos-probes: setup \`pama ${args.join(' ')}\` failed (exit ${r.status}): ${r.stderr}`);
    process.exit(2);
  }
}
let failed = 0;
const selected = probes.filter(([name]) => only === undefined || name.includes(only));
for (const [name, probe] of selected) {
  const t = Date.now();
  let reason;
  try {
    reason = await probe();
  } catch (error) {
    reason = `probe threw: ${error instanceof Error ? error.message : String(error)}`;
  }
  const seconds = ((Date.now() - t) / 1000).toFixed(1).padStart(5);
  if (reason) failed++;
  console.log(`${reason ? 'FAIL' : 'ok  '} ${seconds}s  ${name}${reason ? `\n           ${reason}` : ''}`);
}
console.log(
  `\n${selected.length - failed} of ${selected.length} probes held, ${failed} failed, in ${((Date.now() - started) / 1000).toFixed(0)} s (temporary files in ${dir})`,
);
if (failed === 0) rmSync(dir, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
