// Subcommand dispatch and flag parsing for `pama`.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

export const USAGE = `usage:
  pama align [--config file.json] [--methods pama,morlhf,mgda-ub] [--granularity token|sample|batch|gram]
             [--seeds 1,2,3] [--steps N] [--out DIR] [--quick] [--resume]
             [--backend auto|tensorflow-gpu|webgpu|tensorflow|wasm|cpu]
             [--pama-targets SENTIMENT,LENGTH]   (each a score or none; e.g. none,1.5)
             [--objectives sentiment,length]    (built-in sources; others via the config's objectives key)
             [--jobs N] [--shard K/N] [--pretrained DIR]
  pama sweep [--config file.json] [--weights K | --weights "0.2,0.8;0.5,0.5"] [--methods morlhf,pama-pref,pama,mgda-ub]
             [--seeds 1,2,3] [--steps N] [--jobs N] [--out DIR] [--resume] [--quick] [--reference SENTIMENT,LENGTH]
             [--backend auto|tensorflow-gpu|webgpu|tensorflow|wasm|cpu]
  pama pretrain --out DIR [--config file.json] [--quick]
  pama merge SHARD_DIR... --out DIR
  pama generate --model DIR [--prompt TEXT | --prompts FILE] [--n K] [--temperature T] [--top-k K] [--seed S]
             [--max-new-tokens N] [--backend B] [--json]   (DIR: OUT/pretrained or OUT/runs/<run>/policy)
  pama eval --model DIR [--config file.json] [--quick] [--backend B] [--json]
  pama solve [file.json]            (reads stdin when no file is given)
  pama report <metrics.json> [--out report.html | --out DIR]   (a directory receives DIR/report.html)
  pama bench [core|rewards|trainer|all] [--json] [--d-model N] [--train-step-only] [--backends webgpu,wasm,cpu]   (all but --json: trainer only)`;

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]} (see pama --help)`);
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'align': {
      const { values, positionals } = parse(
        rest,
        {
          config: { type: 'string' },
          methods: { type: 'string' },
          granularity: { type: 'string' },
          seeds: { type: 'string' },
          steps: { type: 'string' },
          out: { type: 'string' },
          quick: { type: 'boolean' },
          resume: { type: 'boolean' },
          'pama-targets': { type: 'string' },
          objectives: { type: 'string' },
          backend: { type: 'string' },
          jobs: { type: 'string' },
          shard: { type: 'string' },
          pretrained: { type: 'string' },
        },
        false,
      );
      void positionals;
      const { alignCommand } = await import('./align/align-command.js');
      const { 'pama-targets': pamaTargets, ...others } = values;
      return alignCommand({ ...others, pamaTargets } as Record<string, string | boolean | undefined>, rest);
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
        quick: { type: 'boolean' },
        reference: { type: 'string' },
        backend: { type: 'string' },
      } as const;
      const { sweepCommand } = await import('./sweep/sweep-command.js');
      return sweepCommand(parse(rest, opts, false).values as Record<string, string | boolean | undefined>);
    }
    case 'pretrain':
      return (await import('./pretrain/pretrain-command.js')).pretrainCommand(
        parse(rest, { config: { type: 'string' }, quick: { type: 'boolean' }, out: { type: 'string' } }, false).values,
      );
    case 'merge':
      return (await import('./merge/merge-command.js')).mergeCommand(parse(rest, { out: { type: 'string' } }, true));
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
        },
        false,
      );
      const { 'top-k': topK, 'max-new-tokens': maxNewTokens, ...others } = values;
      return (await import('./generate/generate-command.js')).generateCommand({
        ...others,
        topK,
        maxNewTokens,
      } as import('./generate/generate-command.js').GenerateFlags);
    }
    case 'eval':
      return (await import('./eval/eval-command.js')).evalCommand(
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
    case 'solve': {
      const { positionals } = parse(rest, {}, true);
      if (positionals.length > 1) throw new CliError(`solve takes at most one input file, got ${positionals.length}`);
      const { solveCommand } = await import('./solve/solve-command.js');
      return solveCommand(positionals[0]);
    }
    case 'report': {
      const { values, positionals } = parse(rest, { out: { type: 'string' } }, true);
      if (positionals.length !== 1) throw new CliError(`report takes one metrics.json path`);
      const { reportCommand } = await import('./report/report-command.js');
      return reportCommand(positionals[0], values.out as string | undefined);
    }
    case 'bench': {
      const { values, positionals } = parse(
        rest,
        { json: { type: 'boolean' }, 'd-model': { type: 'string' }, 'train-step-only': { type: 'boolean' }, backends: { type: 'string' } },
        true,
      );
      if (positionals.length > 1) throw new CliError(`bench takes at most one suite name`);
      const { benchCommand } = await import('./bench/bench-command.js');
      return benchCommand(positionals[0] ?? 'all', {
        json: values.json === true,
        dModel: values['d-model'] as string | undefined,
        trainStepOnly: values['train-step-only'] === true,
        backends: values.backends as string | undefined,
      });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command ${JSON.stringify(command)} (see pama --help)`);
  }
}
