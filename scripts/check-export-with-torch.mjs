#!/usr/bin/env node
// Development check (needs /usr/bin/python3 with PyTorch and the `regex` module; CI never runs it):
// for each exported policy directory (runs/<run>/policy of `pama align --model DIR`), decode a
// prompt greedily with `pama generate --json --temperature 0` and with the independent PyTorch
// implementation in packages/tfjs/test/fixtures/hf/make_fixtures.py reading the same files, and
// compare the tokens and log-probabilities. Exit 1 on any difference.
//
//   node scripts/check-export-with-torch.mjs [--prompt TEXT] [--tokens N] DIR...
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pama = `${root}apps/cli/dist/bin.js`;
const reference = `${root}packages/tfjs/test/fixtures/hf/make_fixtures.py`;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i === -1) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
};
const prompt = option('--prompt', 'the cat sat on');
const tokens = Number(option('--tokens', '10'));
if (args.length === 0) {
  process.stderr.write('usage: node scripts/check-export-with-torch.mjs [--prompt TEXT] [--tokens N] DIR...\n');
  process.exit(2);
}

function run(command, argv) {
  const r = spawnSync(command, argv, { encoding: 'utf8', cwd: root });
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

let failed = 0;
for (const dir of args) {
  const out = run(process.execPath, [
    pama,
    'generate',
    '--model',
    dir,
    '--prompt',
    prompt,
    '--temperature',
    '0',
    '--max-new-tokens',
    String(tokens),
    '--backend',
    'cpu',
    '--json',
  ]);
  const line = JSON.parse(out);
  const ours = line.responses[0];
  const torch = JSON.parse(
    run('/usr/bin/python3', [reference, 'greedy', dir, String(ours.tokenIds.length), ...line.promptTokenIds.map(String)]),
  );
  const sameTokens = JSON.stringify(torch.tokens) === JSON.stringify(ours.tokenIds);
  const maxDiff = Math.max(...ours.logprobs.map((lp, i) => Math.abs(lp - torch.logprobs[i])));
  const ok = sameTokens && maxDiff < 1e-4;
  if (!ok) failed++;
  process.stdout.write(
    `${ok ? 'same' : 'DIFFERENT'}  ${dir}: ${ours.tokenIds.length} greedy tokens ${sameTokens ? 'equal' : `pama ${ours.tokenIds} vs torch ${torch.tokens}`}, largest log-probability difference ${maxDiff.toExponential(2)}\n`,
  );
}
process.exit(failed === 0 ? 0 : 1);
