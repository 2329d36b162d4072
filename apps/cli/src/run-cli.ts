// Subcommand dispatch and flag parsing for `pama`: one table entry per command (its flags, how
// many positional arguments it takes, and the call into its *-command.ts, loaded only when run).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';
import { COMMAND_USAGE, USAGE } from './usage.js';
import { cliVersion } from './version.js';

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]} (see pama --help)`);
  }
}

/** `--help`/`-h` anywhere before a `--` asks for the command's usage instead of running it. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

type Options = NonNullable<ParseArgsConfig['options']>;
/** Parsed flags under camelCase names (`--kl-placement` → `klPlacement`). */
type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Command {
  readonly options: Options;
  /** Positional arguments: none unless given; how many, and the line a wrong count ends with. */
  readonly positionals?: { readonly min?: number; readonly max: number; readonly problem?: (count: number) => string };
  /** Runs the command; `argv` is the command's own arguments, for messages that repeat the command line. */
  readonly run: (flags: Flags, positionals: string[], argv: string[]) => Promise<number>;
}

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** `kl-placement` → `klPlacement`, as a type. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** The flags a command's options parse to, under their camelCase names. */
type FlagsOf<O extends Options> = {
  readonly [K in keyof O & string as Camel<K>]?: O[K] extends { readonly type: 'boolean' }
    ? boolean
    : O[K] extends { readonly multiple: true }
      ? string[]
      : string;
};

/** A table entry whose `run` sees its own flags typed by its options. */
function command<const O extends Options>(spec: {
  readonly options: O;
  readonly positionals?: Command['positionals'];
  readonly run: (flags: FlagsOf<O>, positionals: string[], argv: string[]) => Promise<number>;
}): Command {
  return spec as unknown as Command;
}

const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;

const COMMANDS: Readonly<Record<string, Command>> = {
  align: command({
    options: {
      config: string,
      methods: string,
      granularity: string,
      noon: string,
      'kl-placement': string,
      estimator: string,
      'group-size': string,
      'group-scale': string,
      paper: boolean,
      seeds: string,
      steps: string,
      out: string,
      quick: boolean,
      resume: boolean,
      'accept-changed-inputs': boolean,
      'pama-targets': string,
      objectives: string,
      backend: string,
      jobs: string,
      shard: string,
      pretrained: string,
      model: string,
      'lora-rank': string,
      'lora-alpha': string,
      'lora-targets': string,
    },
    run: async (flags, _positionals, argv) => (await import('./commands/align-command.js')).alignCommand(flags, argv),
  }),
  sweep: command({
    options: {
      config: string,
      weights: string,
      methods: string,
      seeds: string,
      steps: string,
      jobs: string,
      out: string,
      resume: boolean,
      'accept-changed-inputs': boolean,
      quick: boolean,
      reference: string,
      backend: string,
    },
    run: async (flags, _positionals, argv) => (await import('./commands/sweep-command.js')).sweepCommand(flags, argv),
  }),
  pretrain: command({
    options: { config: string, quick: boolean, out: string },
    run: async (flags) => (await import('./commands/pretrain-command.js')).pretrainCommand(flags),
  }),
  merge: command({
    options: { out: string },
    positionals: { max: Number.POSITIVE_INFINITY },
    run: async (flags, positionals) =>
      (await import('./commands/merge-command.js')).mergeCommand({ positionals, values: { out: flags.out } }),
  }),
  generate: command({
    options: {
      model: string,
      prompt: string,
      prompts: string,
      n: string,
      temperature: string,
      'top-k': string,
      seed: string,
      'max-new-tokens': string,
      backend: string,
      json: boolean,
      'chat-template': boolean,
    },
    run: async (flags) => (await import('./commands/generate-command.js')).generateCommand(flags),
  }),
  eval: command({
    options: { model: string, config: string, quick: boolean, backend: string, json: boolean },
    run: async (flags) => (await import('./commands/eval-command.js')).evalCommand(flags),
  }),
  score: command({
    options: { config: string, objectives: string, text: { type: 'string', multiple: true }, texts: string, prompt: string, json: boolean },
    run: async (flags) => (await import('./commands/score-command.js')).scoreCommand(flags),
  }),
  solve: command({
    options: {},
    positionals: { max: 1, problem: (count) => `solve takes at most one input file, got ${count}` },
    run: async (_flags, positionals) => (await import('./commands/solve-command.js')).solveCommand(positionals[0]),
  }),
  report: command({
    options: { out: string },
    positionals: { min: 1, max: 1, problem: () => 'report takes one metrics.json path' },
    run: async (flags, positionals) => (await import('./commands/report-command.js')).reportCommand(positionals[0], flags.out),
  }),
  bench: command({
    options: { json: boolean, 'd-model': string, 'train-step-only': boolean, backends: string },
    positionals: { max: 1, problem: () => 'bench takes at most one suite name' },
    run: async (flags, positionals) =>
      (await import('./commands/bench-command.js')).benchCommand(positionals[0] ?? 'all', {
        json: flags.json === true,
        dModel: flags.dModel,
        trainStepOnly: flags.trainStepOnly === true,
        backends: flags.backends,
      }),
  }),
};

function printUsage(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) {
    if (Object.hasOwn(COMMAND_USAGE, command) && asksForHelp(rest)) return printUsage(COMMAND_USAGE[command]);
    const spec = COMMANDS[command];
    const { values, positionals } = parse(rest, spec.options, spec.positionals !== undefined);
    const bounds = spec.positionals;
    if (bounds?.problem !== undefined && (positionals.length > bounds.max || positionals.length < (bounds.min ?? 0))) {
      throw new CliError(bounds.problem(positionals.length));
    }
    const flags = Object.fromEntries(Object.entries(values).map(([flag, value]) => [camelCase(flag), value]));
    return spec.run(flags, positionals, rest);
  }
  switch (command) {
    case '--version':
      process.stdout.write(`${cliVersion()}\n`);
      return 0;
    case 'help':
      return printUsage(rest.length === 1 && Object.hasOwn(COMMAND_USAGE, rest[0] as string) ? COMMAND_USAGE[rest[0] as string] : USAGE);
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command ${JSON.stringify(command)} (see pama --help)`);
  }
}
