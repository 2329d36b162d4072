/**
 * Benchmarks of pama-tfjs as a library (the CLI's `pama bench trainer` runs the trainer's), and
 * the matrix products the model is measured with. Kept out of the main entry point.
 *
 * @module pama-tfjs/bench
 */
export { runTrainerBenchmarks } from './bench-trainer.js';
export type {
  BackendBenchmark,
  BenchBackend,
  MethodBenchmark,
  TrainerBenchmarkOptions,
  TrainerBenchmarkReport,
} from './bench-trainer.js';
export { formatTrainerBenchmark } from './bench-trainer-format.js';
export { formatModelBenchmarks, runModelBenchmarks } from './bench-model.js';
export type { ModelBenchmarkOptions, ModelBenchmarkRow } from './bench-model.js';
export { plainMatMul, plainMatMulTransposed } from '../models/plain-matmul.js';
