#!/usr/bin/env node
import { classifierSources } from './classifier-sources.js';
import { startRewardServer } from './reward-server.js';
import { parseServerArgs, usage } from './server-args.js';
import { serverVersion } from './version.js';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseServerArgs>;
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
  if (args.version) {
    process.stdout.write(`${serverVersion()}\n`);
    return;
  }
  let options = args.options;
  try {
    options = { ...options, sources: [...options.sources, ...(await classifierSources(args.classifiers))] };
  } catch (error) {
    // A classifier folder that cannot be served: one line naming the source and the folder's problem.
    process.stderr.write(`pama-reward-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  let server: Awaited<ReturnType<typeof startRewardServer>>;
  try {
    server = await startRewardServer(options);
  } catch (error) {
    // The flags were valid, but the address cannot be bound (in use, not local, no permission).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    process.stderr.write(`pama-reward-server: cannot listen on ${args.options.host}:${args.options.port} (--host, --port): ${code}\n`);
    process.exit(1);
  }
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
