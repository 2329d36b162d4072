import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALIGN_CONFIG_SCHEMA, DEFAULT_ALIGN_CONFIG, klPlacementOf } from '../src/config/align-config.js';
import { resolveAlignConfig, flagsToOverrides } from '../src/config/resolve-align-config.js';
import type { FieldSchema } from '../src/config/schema-dsl.js';
import { ExperimentError } from '../src/experiment-error.js';
import { renderValue } from 'pama-core/support';

/** Every leaf key path of the schema with its schema. */
function leaves(schema: FieldSchema, path: string[] = []): Array<{ path: string[]; schema: FieldSchema }> {
  if (schema.kind === 'object') return Object.entries(schema.fields).flatMap(([k, s]) => leaves(s, [...path, k]));
  return [{ path, schema }];
}

/** Values that violate a leaf schema: wrong types and out-of-range values. */
function invalidFor(schema: FieldSchema): fc.Arbitrary<unknown> {
  const wrongType = fc.oneof(
    fc.constant({ nested: 1 }),
    fc.string().map((s) => `x${s}`),
    fc.boolean(),
    fc.constant([]),
  );
  switch (schema.kind) {
    case 'number': {
      const options: fc.Arbitrary<unknown>[] = [fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant({ a: 1 }))];
      if (schema.min !== undefined)
        options.push(
          fc
            .double({ max: schema.min, noNaN: true, noDefaultInfinity: true })
            .filter((v) => (schema.exclusiveMin ? v <= schema.min! : v < schema.min!)),
        );
      if (schema.max !== undefined)
        options.push(
          fc
            .double({ min: schema.max, noNaN: true, noDefaultInfinity: true })
            .filter((v) => (schema.exclusiveMax ? v >= schema.max! : v > schema.max!)),
        );
      if (schema.integer) options.push(fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((v) => !Number.isInteger(v)));
      return fc.oneof(...options);
    }
    case 'boolean':
      return fc.oneof(fc.integer(), fc.string(), fc.constant(null));
    case 'string':
      return schema.oneOf
        ? fc.oneof(
            fc.string().filter((s) => !schema.oneOf!.includes(s)),
            fc.integer(),
          )
        : fc.oneof(fc.integer(), fc.boolean(), fc.constant(['a']));
    case 'nullable':
      return invalidFor(schema.of).filter((v) => v !== null);
    case 'array':
      return fc.oneof(
        wrongType.filter((v) => !Array.isArray(v)),
        schema.maxItems !== undefined ? fc.constant(Array.from({ length: schema.maxItems + 1 }, () => 1)) : fc.constant([]),
      );
    case 'object':
      return wrongType.filter((v) => typeof v !== 'object' || Array.isArray(v));
  }
}

function setPath(path: string[], value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function failureOf(run: () => unknown): ExperimentError {
  try {
    run();
  } catch (e) {
    if (e instanceof ExperimentError) return e;
    throw e;
  }
  throw new Error('expected a ExperimentError, got success');
}

const leafArb = fc.constantFrom(...leaves(ALIGN_CONFIG_SCHEMA));

describe('align config', () => {
  it('the preset defaults and the --quick preset validate', () => {
    expect(resolveAlignConfig(undefined, {}, false)).toEqual(DEFAULT_ALIGN_CONFIG);
    const quick = resolveAlignConfig(undefined, {}, true);
    expect(quick.seeds).toEqual([1]);
    expect(quick.methods).toEqual(['pama', 'morlhf', 'mgda-ub']);
    expect(quick.model.dModel).toBeLessThan(DEFAULT_ALIGN_CONFIG.model.dModel);
  });

  it('for any key and any value of the wrong type or out of range, resolving fails with one line naming that key and value', () => {
    fc.assert(
      fc.property(
        leafArb.chain((leaf) => fc.tuple(fc.constant(leaf), invalidFor(leaf.schema))),
        ([leaf, bad]) => {
          const error = failureOf(() => resolveAlignConfig(setPath(leaf.path, bad), {}, false));
          expect(error.message).not.toContain('\n');
          expect(error.message).toContain(leaf.path.join('.'));
          expect(error.message).toContain(renderValue(bad).slice(0, 40));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('for any unknown key at any level, resolving fails with one line naming the key', () => {
    const objectPaths = [
      [] as string[],
      ['model'],
      ['ppo'],
      ['rewards'],
      ['rewards', 'length'],
      ['prompts'],
      ['corpus'],
      ['pretrain'],
      ['generation'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...objectPaths),
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => /^[A-Za-z_]\w*$/.test(k) && !['methods', 'steps'].includes(k)),
        fc.jsonValue(),
        (path, key, value) => {
          fc.pre(!leaves(ALIGN_CONFIG_SCHEMA).some((l) => l.path.join('.') === [...path, key].join('.')));
          fc.pre(!(path.length === 0 && key in DEFAULT_ALIGN_CONFIG));
          fc.pre(!(path.length === 1 && key in (DEFAULT_ALIGN_CONFIG as unknown as Record<string, Record<string, unknown>>)[path[0]]));
          const error = failureOf(() => resolveAlignConfig(setPath([...path, key], value), {}, false));
          expect(error.message).not.toContain('\n');
          expect(error.message).toContain([...path, key].join('.'));
          expect(error.message).toContain('unknown key');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('flags override the config file, which overrides the preset', () => {
    const c = resolveAlignConfig({ steps: 7, seeds: [4, 5] }, flagsToOverrides({ seeds: '9', methods: 'pama' }), false);
    expect(c.steps).toBe(7);
    expect(c.seeds).toEqual([9]);
    expect(c.methods).toEqual(['pama']);
  });

  it('for any non-integer text given to --steps, flag parsing fails with one line naming the flag', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\s*[+-]?\d+\s*$/.test(s)),
        (text) => {
          const error = failureOf(() => flagsToOverrides({ steps: text }));
          expect(error.message).toContain('--steps');
          expect(error.message).not.toContain('\n');
        },
      ),
    );
  });

  it('cross-key constraints are named: heads must divide the model width', () => {
    const error = failureOf(() => resolveAlignConfig({ model: { dModel: 30, nHeads: 4 } }, {}, false));
    expect(error.message).toContain('model.nHeads');
  });

  it('--pama-targets takes a number or none per objective, and names a bad entry', () => {
    expect(resolveAlignConfig(undefined, flagsToOverrides({ pamaTargets: 'none,1.5' }), false).rewards.pamaTargets).toEqual([null, 1.5]);
    expect(failureOf(() => flagsToOverrides({ pamaTargets: 'none,tall' })).message).toContain(
      '--pama-targets: each entry a number or none (got "tall")',
    );
    expect(failureOf(() => resolveAlignConfig(undefined, flagsToOverrides({ pamaTargets: '1.5' }), false)).message).toContain(
      'rewards.pamaTargets',
    );
  });

  it('--noon and --kl-placement become the noon and kl.placement keys, and a bad value names the key', () => {
    const config = resolveAlignConfig(undefined, flagsToOverrides({ noon: 'off', klPlacement: 'loss' }), false);
    expect(config.noon).toBe('off');
    expect(config.kl.placement).toBe('loss');
    expect(resolveAlignConfig({ noon: 'on' }, flagsToOverrides({ noon: 'default' }), false).noon).toBe(null);
    expect(resolveAlignConfig({ kl: { placement: 'combined' } }, flagsToOverrides({ klPlacement: 'default' }), false).kl.placement).toBe(
      null,
    );
    expect(failureOf(() => resolveAlignConfig(undefined, flagsToOverrides({ klPlacement: 'everywhere' }), false)).message).toContain(
      'kl.placement',
    );
    expect(failureOf(() => resolveAlignConfig(undefined, flagsToOverrides({ noon: 'maybe' }), false)).message).toContain('noon');
  });

  it('--estimator, --group-size and --group-scale set estimator.*; a group size that does not divide the batch is named', () => {
    const config = resolveAlignConfig(undefined, flagsToOverrides({ estimator: 'group', groupSize: '8', groupScale: 'batch' }), false);
    expect(config.estimator).toEqual({ kind: 'group', groupSize: 8, groupScale: 'batch' });
    expect(
      failureOf(() => resolveAlignConfig(undefined, flagsToOverrides({ estimator: 'group', groupSize: '5' }), false)).message,
    ).toContain('estimator.groupSize');
    expect(failureOf(() => flagsToOverrides({ groupSize: 'four' })).message).toContain('--group-size');
    expect(failureOf(() => resolveAlignConfig(undefined, flagsToOverrides({ estimator: 'critic' }), false)).message).toContain(
      'estimator.kind',
    );
  });

  it('the default is the critic-free group estimator with the KL in the loss; --estimator gae alone restores the former default', () => {
    const byDefault = resolveAlignConfig(undefined, {}, false);
    expect(byDefault.estimator).toEqual({ kind: 'group', groupSize: 4, groupScale: 'group' });
    expect(byDefault.granularity).toBe('sample');
    expect(byDefault.kl.placement).toBe(null);
    expect(klPlacementOf(byDefault)).toBe('loss');
    const former = resolveAlignConfig(undefined, flagsToOverrides({ estimator: 'gae' }), false);
    expect(klPlacementOf(former)).toBe('per-objective');
    expect({ granularity: former.granularity, noon: former.noon, klCoef: former.ppo.klCoef }).toEqual({
      granularity: 'sample',
      noon: null,
      klCoef: 0.05,
    });
    // A placement that is set wins over the estimator's own.
    expect(klPlacementOf(resolveAlignConfig(undefined, flagsToOverrides({ klPlacement: 'combined' }), false))).toBe('combined');
    expect(klPlacementOf(resolveAlignConfig({ kl: { placement: 'per-objective' } }, {}, false))).toBe('per-objective');
  });

  it('--paper gives the published PAMA (token, Noon, per-objective KL with β 0.2, GAE, no targets); other flags still apply over it', () => {
    const paper = resolveAlignConfig({ granularity: 'batch', ppo: { klCoef: 0.01 } }, flagsToOverrides({ paper: true }), false);
    expect(paper).toMatchObject({
      methods: ['pama'],
      granularity: 'token',
      noon: 'on',
      kl: { placement: 'per-objective' },
      estimator: { kind: 'gae', groupSize: 4 },
      rewards: { pamaTargets: [null, null] },
    });
    expect(paper.ppo.klCoef).toBe(0.2);
    const changed = resolveAlignConfig(undefined, flagsToOverrides({ paper: true, granularity: 'sample', estimator: 'group' }), false);
    expect(changed.granularity).toBe('sample');
    expect(changed.estimator.kind).toBe('group');
    expect(changed.noon).toBe('on');
  });

  it('cross-key constraints are named: PAMA targets need a per-response granularity', () => {
    const error = failureOf(() => resolveAlignConfig({ granularity: 'gram', rewards: { pamaTargets: [null, 1.5] } }, {}, false));
    expect(error.message).toContain('rewards.pamaTargets');
    expect(resolveAlignConfig({ granularity: 'token', rewards: { pamaTargets: [null, 1.5] } }, {}, false).rewards.pamaTargets).toEqual([
      null,
      1.5,
    ]);
  });
});
