#!/usr/bin/env node
import { startRewardServer } from './reward-server.js';
import { parseServerArgs, usage } from './server-args.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseServerArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`pama-reward-server: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(usage);
    return;
  }
  const server = await startRewardServer(args.options);
  process.stdout.write(`listening on ${server.url}\n`);

  const shutdown = (signal: string) => {
    process.stderr.write(`${signal}: draining in-flight requests\n`);
    server.close().then((clean) => {
      if (!clean) process.stderr.write('drain timeout: cut remaining connections\n');
      process.exit(clean ? 0 : 1);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`pama-reward-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
