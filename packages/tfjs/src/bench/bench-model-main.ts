// `node dist/bench/bench-model-main.js [--quick]`: prints the model benchmark table as markdown.
import { formatModelBenchmarks, runModelBenchmarks } from './bench-model.js';

const quick = process.argv.includes('--quick');
const rows = await runModelBenchmarks({ minMillis: quick ? 300 : 3000 });
console.log(formatModelBenchmarks(rows));
