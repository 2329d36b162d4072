// The `objectives` key, the --objectives flag, relative paths, the probe batch and reward failures.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildWordTokenizer } from 'pama-tfjs';
import { describe, expect, it } from 'vitest';
import { flagsToOverrides, readConfigFile, resolveAlignConfig } from '../src/config/resolve-align-config.js';
import { effectiveObjectives } from '../src/align/objectives.js';
import { buildObjectiveSources } from '../src/objectives/objective-sources.js';
import { probeItems, probeObjectives } from '../src/objectives/probe.js';
import { objectiveNormalizer } from '../src/objectives/column-normalizer.js';
import { describeRewardFailure, rewardFailureOf } from '../src/objectives/reward-failure.js';
import { ExperimentError } from '../src/experiment-error.js';
import { RewardSourceError, TrainingError } from 'pama-tfjs';

const tokenizer = buildWordTokenizer(['the concert was a joy', 'a dull play about nothing'], { maxVocab: 64 });
const failure = (f: () => unknown): ExperimentError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ExperimentError) return e;
    throw e;
  }
  throw new Error('expected a ExperimentError');
};
const dir = mkdtempSync(join(tmpdir(), 'pama-objectives-'));

describe('objectives config', () => {
  it('without objectives, the rewards.* keys shape the default pair (sentiment, length)', () => {
    const config = resolveAlignConfig(
      { granularity: 'sample', rewards: { morlhfWeights: [0.25, 0.75], pamaTargets: [null, 1.2] } },
      {},
      false,
    );
    expect(config.objectives).toBeUndefined();
    const objectives = effectiveObjectives(config);
    expect(objectives.map((o) => [o.name, o.spec.source, o.target, o.weight])).toEqual([
      ['sentiment', 'sentiment', null, 0.25],
      ['length', 'length', 1.2, 0.75],
    ]);
  });

  it('accepts 1 to 8 objectives and refuses 0 or 9 naming the key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), (n) => {
        const objectives = Array.from({ length: n }, (_, i) => ({ name: `o${i}`, source: i % 2 ? 'length' : 'sentiment' }));
        if (n >= 1 && n <= 8) expect(resolveAlignConfig({ objectives }, {}, false).objectives).toHaveLength(n);
        else
          expect(failure(() => resolveAlignConfig({ objectives }, {}, false)).message).toBe(
            `invalid config: objectives: 1..8 objectives (got "${n} objectives")`,
          );
      }),
      { numRuns: 26 },
    );
  });

  it('names the objective field of a bad entry', () => {
    const bad: Array<[unknown, RegExp]> = [
      [
        [{ name: 'a', source: 'nope' }],
        /objectives\[0\]\.source: one of length, sentiment, lexicon, module, http, classifier \(got "nope"\)/,
      ],
      [[{ name: 'a', source: 'lexicon' }], /objectives\[0\]\.path: a required key of a 'lexicon' objective \(got undefined\)/],
      [[{ name: 'a', source: 'http', url: 'ftp://x' }], /objectives\[0\]\.url: .*\(got "ftp:\/\/x"\)/],
      [
        [{ name: 'a', source: 'sentiment', analyser: 'vader', scale: 2 }],
        /objectives\[0\]\.scale: unknown key for a 'sentiment' objective .*\(got 2\)/,
      ],
      [
        [
          { name: 'a', source: 'sentiment' },
          { name: 'a', source: 'length' },
        ],
        /objectives\[1\]\.name: a name no other objective has \(got "a"\)/,
      ],
      [[{ name: 'a', source: 'length', low: 2, high: 1 }], /objectives\[0\]\.low: at most objectives\[0\]\.high.*\(got 2\)/],
      [
        [
          { name: 'a', source: 'length', weight: 0 },
          { name: 'b', source: 'length', weight: 0 },
        ],
        /weights with a positive sum/,
      ],
    ];
    for (const [objectives, message] of bad) expect(failure(() => resolveAlignConfig({ objectives }, {}, false)).message).toMatch(message);
    expect(
      failure(() => resolveAlignConfig({ granularity: 'batch', objectives: [{ name: 'a', source: 'length', target: 1 }] }, {}, false))
        .message,
    ).toMatch(/objectives\[0\]\.target: need granularity 'token' or 'sample', not 'batch'.*\(got 1\)/);
  });

  it('weights default to equal and are scaled to sum to 1; targets and normalisation carry through', () => {
    const config = resolveAlignConfig(
      {
        objectives: [
          { name: 'a', source: 'sentiment', weight: 3 },
          { name: 'b', source: 'length', target: 1.4, weight: 1, normalize: 'running' },
        ],
      },
      {},
      false,
    );
    expect(effectiveObjectives(config).map((o) => [o.weight, o.target, o.normalize])).toEqual([
      [0.75, null, 'none'],
      [0.25, 1.4, 'running'],
    ]);
    const equal = resolveAlignConfig(
      {
        objectives: [
          { name: 'a', source: 'sentiment' },
          { name: 'b', source: 'length' },
          { name: 'c', source: 'length' },
        ],
      },
      {},
      false,
    );
    expect(effectiveObjectives(equal).map((o) => o.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('rewards.* beside objectives (file or --pama-targets) is refused rather than ignored', () => {
    const objectives = [{ name: 'a', source: 'sentiment' }];
    expect(failure(() => resolveAlignConfig({ objectives, rewards: { morlhfWeights: [0.5, 0.5] } }, {}, false)).message).toMatch(
      /^invalid config rewards\.morlhfWeights: the objectives key replaces rewards\.\*/,
    );
    expect(failure(() => resolveAlignConfig({ objectives }, flagsToOverrides({ pamaTargets: 'none,1.5' }), false)).message).toMatch(
      /^invalid flag --pama-targets: the objectives key replaces/,
    );
    expect(
      failure(() => resolveAlignConfig({ rewards: { pamaTargets: [null, 1] } }, flagsToOverrides({ objectives: 'sentiment' }), false))
        .message,
    ).toMatch(/rewards\.pamaTargets/);
  });

  it('--objectives sentiment,length lists built-in sources; others are refused naming the flag', () => {
    const config = resolveAlignConfig(undefined, flagsToOverrides({ objectives: 'length,sentiment' }), false);
    expect(config.objectives).toEqual([
      { name: 'length', source: 'length' },
      { name: 'sentiment', source: 'sentiment' },
    ]);
    expect(failure(() => flagsToOverrides({ objectives: 'sentiment,harm' })).message).toMatch(
      /invalid flag: --objectives: a built-in source.*\(got "harm"\)/,
    );
  });

  it('relative lexicon and module paths resolve against the config file’s directory', () => {
    const file = join(dir, 'c.json');
    writeFileSync(
      file,
      JSON.stringify({
        objectives: [
          { name: 'l', source: 'lexicon', path: 'words.txt' },
          { name: 'm', source: 'module', path: '../m.mjs' },
          { name: 's', source: 'sentiment' },
        ],
      }),
    );
    const config = resolveAlignConfig(readConfigFile(file), {}, false);
    expect(config.objectives?.map((o) => ('path' in o ? o.path : null))).toEqual([join(dir, 'words.txt'), join(dir, '..', 'm.mjs'), null]);
  });
});

describe('objective sources and the probe batch', () => {
  const items = probeItems(['the concert was', 'a dull play', 'rare words stay']);

  it('builds each source kind and scores the probe batch', async () => {
    writeFileSync(join(dir, 'words.txt'), 'dull -1\n');
    writeFileSync(join(dir, 'good.mjs'), 'export async function score(items) { return items.map((i) => i.response.length); }\n');
    const config = resolveAlignConfig(
      {
        objectives: [
          { name: 's', source: 'sentiment', analyser: 'afinn' },
          { name: 'len', source: 'length', unit: 'words', preset: 'paper' },
          { name: 'lex', source: 'lexicon', path: join(dir, 'words.txt') },
          { name: 'm', source: 'module', path: join(dir, 'good.mjs') },
        ],
      },
      {},
      false,
    );
    const sources = buildObjectiveSources(config, tokenizer);
    await probeObjectives(effectiveObjectives(config), sources, items);
    const lex = await sources[2].score(items)();
    expect(lex._tag === 'Right' && Array.from(lex.right)).toEqual([-1 / 3, 0, 0]);
    const mod = await sources[3].score(items)();
    expect(mod._tag === 'Right' && Array.from(mod.right)).toEqual(items.map((i) => i.response.length));
  });

  const probeFails = async (objective: Record<string, unknown>, message: RegExp) => {
    const config = resolveAlignConfig({ objectives: [{ name: 'ok', source: 'sentiment' }, objective] }, {}, false);
    const sources = buildObjectiveSources(config, tokenizer);
    const error = await probeObjectives(effectiveObjectives(config), sources, items).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExperimentError);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toMatch(message);
  };

  it('a module that does not load, lacks a score function, returns a wrong count or a non-finite value stops with one line naming the objective', async () => {
    writeFileSync(join(dir, 'syntax.mjs'), 'export default (items => ;\n');
    writeFileSync(join(dir, 'none.mjs'), 'export const other = 1;\n');
    writeFileSync(join(dir, 'short.mjs'), 'export default (items) => [1];\n');
    writeFileSync(join(dir, 'nan.mjs'), 'export default (items) => items.map(() => NaN);\n');
    await probeFails(
      { name: 'gone', source: 'module', path: join(dir, 'missing.mjs') },
      /^objective 'gone' \(module .*missing\.mjs\) failed the probe batch: cannot load module .*: not found$/,
    );
    await probeFails(
      { name: 'broken', source: 'module', path: join(dir, 'syntax.mjs') },
      /^objective 'broken' .* cannot load module .*(SyntaxError|syntax)/i,
    );
    await probeFails(
      { name: 'none', source: 'module', path: join(dir, 'none.mjs') },
      /objective 'none' .* has no a default export or an export named score|objective 'none' .*no .*score/,
    );
    await probeFails(
      { name: 'short', source: 'module', path: join(dir, 'short.mjs') },
      /^objective 'short' .*failed the probe batch: .*(1|length)/,
    );
    await probeFails(
      { name: 'nan', source: 'module', path: join(dir, 'nan.mjs') },
      /^objective 'nan' .*failed the probe batch: .*(NaN|non-finite)/,
    );
  });

  it('an HTTP server that does not answer stops with one line naming the objective and URL', async () => {
    await probeFails(
      { name: 'served', source: 'http', url: 'http://127.0.0.1:9/v1/score', retries: 0, timeoutMs: 2000 },
      /^objective 'served' \(http http:\/\/127\.0\.0\.1:9\/v1\/score\) failed the probe batch: .*(ECONNREFUSED|connection)/,
    );
  });

  it('a missing or bad lexicon file is one line naming the objective and the file', () => {
    writeFileSync(join(dir, 'bad-words.txt'), 'dull lots\n');
    const build = (path: string) => () =>
      buildObjectiveSources(resolveAlignConfig({ objectives: [{ name: 'lex', source: 'lexicon', path }] }, {}, false), tokenizer);
    expect(failure(build(join(dir, 'nope.txt'))).message).toMatch(/^objective 'lex' \(lexicon\): cannot read .*nope\.txt: ENOENT$/);
    expect(failure(build(join(dir, 'bad-words.txt'))).message).toMatch(
      /^objective 'lex' \(lexicon\): .*bad-words\.txt line 1: .*\(got "lots"\)/,
    );
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect(failure(build(join(dir, 'latin1.txt'))).message).toMatch(/^objective 'lex' \(lexicon\): .*latin1\.txt is not UTF-8 text$/);
  });
});

describe('normalisation and reward failures', () => {
  it('normalize: running changes only the chosen columns, and its state round-trips', () => {
    const config = resolveAlignConfig(
      {
        objectives: [
          { name: 'a', source: 'sentiment' },
          { name: 'b', source: 'length', normalize: 'running' },
        ],
      },
      {},
      false,
    );
    const normalizer = objectiveNormalizer(effectiveObjectives(config))!;
    const scores = Float64Array.from([1, 10, 2, 20, 3, 30]);
    const out = normalizer.normalize(scores, 3, 2);
    expect([out[0], out[2], out[4]]).toEqual([1, 2, 3]);
    expect(out[1] + out[3] + out[5]).toBeCloseTo(0, 9);
    const again = objectiveNormalizer(effectiveObjectives(config))!;
    again.setState(JSON.parse(JSON.stringify(normalizer.getState())));
    const next = Float64Array.from([0, 5, 1, 7, 2, 9]);
    expect(Array.from(again.normalize(next, 3, 2))).toEqual(Array.from(normalizer.normalize(next, 3, 2)));
    expect(objectiveNormalizer(effectiveObjectives(resolveAlignConfig(undefined, {}, false)))).toBeUndefined();
  });

  it("the trainer's reward-source failure becomes one line naming the objective and how to resume", () => {
    const source = new Error('served: connection to http://127.0.0.1:9\nfailed (ECONNREFUSED) after 4 attempts');
    const error = new RewardSourceError(0, 'served', source.message, 'failed to score the batch', source);
    const line = describeRewardFailure(error, 'resume with: pama align --out x --resume');
    expect(line).toBe(
      "objective 'served' failed: served: connection to http://127.0.0.1:9 failed (ECONNREFUSED) after 4 attempts; the run stopped at its last checkpoint, and once the source answers again, resume with: pama align --out x --resume",
    );
    expect(rewardFailureOf(error)?.cause).toBe(error);
    const short = new RewardSourceError(1, 'length', 3, 'must return one score per response, 4');
    expect(rewardFailureOf(short)?.message).toBe("objective 'length' failed: must return one score per response, 4 (got 3)");
    // A TrainingError that is not a source's failure is not one, whatever its field says.
    expect(rewardFailureOf(new TrainingError('rewardSources[0] (served)', 'x', 'failed to score the batch'))).toBeNull();
    expect(describeRewardFailure(new Error('other'), 'x')).toBeNull();
  });
});
