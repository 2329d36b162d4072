// Subcommand dispatch and flag parsing for `pama`.
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

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command) && asksForHelp(rest)) {
    process.stdout.write(`${COMMAND_USAGE[command]}\n`);
    return 0;
  }
  switch (command) {
    case 'align': {
      const { values, positionals } = parse(
        rest,
        {
          config: { type: 'string' },
          methods: { type: 'string' },
          granularity: { type: 'string' },
          noon: { type: 'string' },
          'kl-placement': { type: 'string' },
          estimator: { type: 'string' },
          'group-size': { type: 'string' },
          'group-scale': { type: 'string' },
          seeds: { type: 'string' },
          steps: { type: 'string' },
          out: { type: 'string' },
          quick: { type: 'boolean' },
          resume: { type: 'boolean' },
          'accept-changed-inputs': { type: 'boolean' },
          'pama-targets': { type: 'string' },
          objectives: { type: 'string' },
          backend: { type: 'string' },
          jobs: { type: 'string' },
          shard: { type: 'string' },
          pretrained: { type: 'string' },
          model: { type: 'string' },
          'lora-rank': { type: 'string' },
          'lora-alpha': { type: 'string' },
          'lora-targets': { type: 'string' },
        },
        false,
      );
      void positionals;
      const { alignCommand } = await import('./commands/align-command.js');
      const {
        'pama-targets': pamaTargets,
        'lora-rank': loraRank,
        'lora-alpha': loraAlpha,
        'lora-targets': loraTargets,
        'kl-placement': klPlacement,
        'group-size': groupSize,
        'group-scale': groupScale,
        'accept-changed-inputs': acceptChangedInputs,
        ...others
      } = values;
      return alignCommand(
        { ...others, pamaTargets, loraRank, loraAlpha, loraTargets, klPlacement, groupSize, groupScale, acceptChangedInputs } as Record<
          string,
          string | boolean | undefined
        >,
        rest,
      );
    }
    case 'sweep': {
      const opts = {
        config: { type: 'string' },
        weights: { type: 'string' },
        methods: { type: 'string' },
        seeds: { type: 'string' },
        steps: { type: 'string' },
        jobs: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        'accept-changed-inputs': { type: 'boolean' },
        quick: { type: 'boolean' },
        reference: { type: 'string' },
        backend: { type: 'string' },
      } as const;
      const { sweepCommand } = await import('./commands/sweep-command.js');
      const { 'accept-changed-inputs': acceptChangedInputs, ...sweepValues } = parse(rest, opts, false).values;
      return sweepCommand({ ...sweepValues, acceptChangedInputs } as Record<string, string | boolean | undefined>, rest);
    }
    case 'pretrain':
      return (await import('./commands/pretrain-command.js')).pretrainCommand(
        parse(rest, { config: { type: 'string' }, quick: { type: 'boolean' }, out: { type: 'string' } }, false).values,
      );
    case 'merge':
      return (await import('./commands/merge-command.js')).mergeCommand(parse(rest, { out: { type: 'string' } }, true));
    case 'generate': {
      const { values } = parse(
        rest,
        {
          model: { type: 'string' },
          prompt: { type: 'string' },
          prompts: { type: 'string' },
          n: { type: 'string' },
          temperature: { type: 'string' },
          'top-k': { type: 'string' },
          seed: { type: 'string' },
          'max-new-tokens': { type: 'string' },
          backend: { type: 'string' },
          json: { type: 'boolean' },
          'chat-template': { type: 'boolean' },
        },
        false,
      );
      const { 'top-k': topK, 'max-new-tokens': maxNewTokens, 'chat-template': chatTemplate, ...others } = values;
      return (await import('./commands/generate-command.js')).generateCommand({
        ...others,
        topK,
        maxNewTokens,
        chatTemplate,
      } as import('./commands/generate-command.js').GenerateFlags);
    }
    case 'eval':
      return (await import('./commands/eval-command.js')).evalCommand(
        parse(
          rest,
          {
            model: { type: 'string' },
            config: { type: 'string' },
            quick: { type: 'boolean' },
            backend: { type: 'string' },
            json: { type: 'boolean' },
          },
          false,
        ).values,
      );
    case 'score': {
      const { values } = parse(
        rest,
        {
          config: { type: 'string' },
          objectives: { type: 'string' },
          text: { type: 'string', multiple: true },
          texts: { type: 'string' },
          prompt: { type: 'string' },
          json: { type: 'boolean' },
        },
        false,
      );
      return (await import('./commands/score-command.js')).scoreCommand(values as import('./commands/score-command.js').ScoreFlags);
    }
    case 'solve': {
      const { positionals } = parse(rest, {}, true);
      if (positionals.length > 1) throw new CliError(`solve takes at most one input file, got ${positionals.length}`);
      const { solveCommand } = await import('./commands/solve-command.js');
      return solveCommand(positionals[0]);
    }
    case 'report': {
      const { values, positionals } = parse(rest, { out: { type: 'string' } }, true);
      if (positionals.length !== 1) throw new CliError(`report takes one metrics.json path`);
      const { reportCommand } = await import('./commands/report-command.js');
      return reportCommand(positionals[0], values.out as string | undefined);
    }
    case 'bench': {
      const { values, positionals } = parse(
        rest,
        { json: { type: 'boolean' }, 'd-model': { type: 'string' }, 'train-step-only': { type: 'boolean' }, backends: { type: 'string' } },
        true,
      );
      if (positionals.length > 1) throw new CliError(`bench takes at most one suite name`);
      const { benchCommand } = await import('./commands/bench-command.js');
      return benchCommand(positionals[0] ?? 'all', {
        json: values.json === true,
        dModel: values['d-model'] as string | undefined,
        trainStepOnly: values['train-step-only'] === true,
        backends: values.backends as string | undefined,
      });
    }
    case '--version':
      process.stdout.write(`${cliVersion()}\n`);
      return 0;
    case 'help':
      if (rest.length === 1 && Object.hasOwn(COMMAND_USAGE, rest[0] as string)) {
        process.stdout.write(`${COMMAND_USAGE[rest[0] as string]}\n`);
        return 0;
      }
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command ${JSON.stringify(command)} (see pama --help)`);
  }
}
