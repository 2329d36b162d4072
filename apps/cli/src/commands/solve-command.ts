// `pama solve [file]`: PAMA's weighting for advantages given as JSON (file or stdin), printed as JSON.
import { noonPpoCombine, pamaScalar, type PamaError } from 'pama-core';
import { CliError } from '../cli-error.js';
import { ExperimentError } from 'pama-experiment';
import { renderValue } from 'pama-core/support';
import { nest } from '../solve/nested-array.js';
import { parseSolveJson, readSolveInput, type SolveInput } from '../solve/solve-input.js';
import { readBoundedStdin, readBoundedText } from 'pama-experiment/io';

function coreError(e: PamaError): CliError {
  return new CliError(`invalid input ${e.field}: ${e.message.split('\n')[0]}`);
}

export function solve(input: SolveInput): unknown {
  if (input.kind === 'vector') {
    const r = pamaScalar(input.values);
    if (r._tag === 'Left') throw coreError(r.left);
    return { value: r.right.value, weights: Array.from(r.right.weights) };
  }
  const r = noonPpoCombine({
    advantages: input.advantages,
    mask: input.mask,
    ratios: input.ratios,
    granularity: input.granularity as 'token',
    clipEpsilon: input.clipEpsilon as number,
    noon: input.noon as boolean,
  });
  if (r._tag === 'Left') throw coreError(r.left);
  const [b, t] = input.advantages.shape;
  return {
    granularity: input.granularity,
    combined: nest(r.right.combined, [b, t]),
    weights: r.right.weightsShape.length === 1 ? Array.from(r.right.weights) : nest(r.right.weights, r.right.weightsShape),
    validTokens: r.right.validTokens,
  };
}

function readStdin(): string {
  try {
    return readBoundedStdin('solve input');
  } catch (e) {
    if (e instanceof ExperimentError) throw e;
    throw new CliError(`cannot read stdin: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export async function solveCommand(file: string | undefined): Promise<number> {
  let text: string;
  if (file === undefined || file === '-') text = readStdin();
  else {
    try {
      text = readBoundedText(file, 'solve input');
    } catch (e) {
      if (e instanceof ExperimentError) throw e;
      throw new CliError(`cannot read ${renderValue(file)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  const output = solve(readSolveInput(parseSolveJson(text, file ?? 'stdin')));
  process.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
}
