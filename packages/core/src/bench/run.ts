// `npm run bench -w pama-core`: runs the core benchmarks and prints a markdown table.
import { cpus } from 'node:os';
import { formatBenchTable, runCoreBenchmarks } from './index.js';

const cpu = cpus();
console.log(`Node ${process.version}, ${cpu.length} logical CPUs, ${cpu[0]?.model ?? 'unknown CPU'}\n`);
console.log(formatBenchTable(runCoreBenchmarks()));
