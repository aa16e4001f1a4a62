/** `kronos dev` (npm start) and `kronos dev --once` (npm run demo): the whole stack on this machine. */
import type { Command } from 'commander';
import { positiveInteger } from '../options.js';
import type { DevOptions } from '../actions/dev.js';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run the whole stack locally: Temporal dev server + Web UI, database, demo history, worker, weekly schedule, API')
    .option('--once', 'seed, analyse and propose once, print a summary and exit (npm run demo)')
    .option('--temporal-port <port>', 'Temporal dev server gRPC port', positiveInteger, 7233)
    .option('--ui-port <port>', 'Temporal Web UI port', positiveInteger, 8233)
    .option('--api-port <port>', 'API and review page port', positiveInteger, 8080)
    .option('--metrics-port <port>', "Prometheus port of the Temporal SDK metrics (service metrics are at the API's /metrics)", positiveInteger, 9464)
    .option('--scenario <name>', 'synthetic history seeded into an empty database', 'demo')
    .option('--seed <n>', 'seed of the synthetic history', positiveInteger, 1)
    .option('--trades <n>', 'trades in the synthetic history', positiveInteger, 20_000)
    .action(async (opts: DevOptions) => {
      const { runDevStack } = await import('../actions/dev.js');
      await runDevStack(opts);
    });
}
