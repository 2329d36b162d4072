// The runner: the method x seed runs of an experiment, their jobs in worker processes, shards, inputs sealed against change, merging shards, and the sweep.
export * from './align-pipeline.js';
export * from './first-difference.js';
export * from './input-seal.js';
export * from './merge-metrics.js';
export * from './pipeline-start.js';
export * from './run-context.js';
export * from './run-matrix.js';
export * from './run-pool.js';
export * from './run-runs.js';
export * from './runner-options.js';
export * from './shard-info.js';
export * from './sweep-matrix.js';
export * from './sweep-pipeline.js';
export * from './worker-protocol.js';
export * from './run-alignment.js';
export * from './run-sweep.js';
