/**
 * The core's benchmark program as a library (the CLI's `pama bench core` runs it).
 *
 * @module pama-core/bench
 */
export { runCoreBenchmarks } from './core-benchmarks.js';
export type { CoreBenchmarkOptions } from './core-benchmarks.js';
export { formatBenchTable } from './bench-row.js';
export type { BenchRow } from './bench-row.js';
