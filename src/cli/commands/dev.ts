/** `kronos dev` (npm start) and `kronos dev --once` (npm run demo): the whole stack on this machine. */
import type { Command } from 'commander';
import { listProposals } from '../../db/repositories/proposals.js';
import type { DevStack, DevStackOptions } from '../dev-stack.js';
import { positiveInteger } from '../options.js';

type DevOptions = Omit<DevStackOptions, 'log'> & { once?: boolean };

function printWhereToLook(stack: DevStack): void {
  const [identity, token] = [...stack.tokens][0] ?? ['', ''];
  const embedded = stack.database.kind === 'embedded';
  const lines = [
    '',
    'Kronos is running.',
    `  Temporal Web UI   ${stack.uiUrl ?? '(external cluster)'}   — list waiting proposals with: ProposalStatus="PENDING"`,
    `  Review page       ${stack.apiUrl}/review/   (token for ${identity}: ${token})`,
    `  API               ${stack.apiUrl}/openapi.json   metrics: ${stack.apiUrl}/metrics, ${stack.metricsUrl}`,
    `  Database          ${embedded ? `embedded PostgreSQL in ${stack.database.location} (this process only)` : stack.database.location}`,
    '',
    'Try:',
    ...(embedded
      ? ['  the review page above: approve or reject there (the kronos CLI needs a PostgreSQL server)']
      : [
          '  kronos proposals list --status PENDING',
          '  kronos approve <proposal_id> --by head-of-trading --reason "looks right"',
          '  kronos reject <proposal_id> --by risk-lead --reason "not now"',
        ]),
    `  temporal workflow signal --address ${stack.temporalAddress} --workflow-id proposal-<proposal_id> --name approve --input '{"by":"risk-lead","reason":"ok"}'`,
    '',
    `Analysis ${stack.firstAnalysisId} is running. Ctrl-C stops everything.`,
  ];
  console.log(lines.join('\n'));
}

async function printSummary(stack: DevStack): Promise<void> {
  const summary = await stack.firstAnalysis;
  const proposals = await listProposals(stack.database.db, { limit: 500 });
  const byStatus = new Map<string, number>();
  for (const p of proposals) byStatus.set(p.status, (byStatus.get(p.status) ?? 0) + 1);
  console.log(`analysis ${stack.firstAnalysisId}: ${JSON.stringify(summary)}`);
  console.log(`proposals: ${[...byStatus].map(([status, n]) => `${n} ${status}`).join(', ') || 'none'}`);
  for (const p of proposals.slice(0, 20)) {
    console.log(`  ${p.proposal_id}  ${p.status.padEnd(9)} ${p.target_type}/${p.target_id}  confidence ${p.confidence.toFixed(2)}  ${p.kind}`);
  }
}

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('run the whole stack locally: Temporal dev server + Web UI, database, demo history, worker, weekly schedule, API')
    .option('--once', 'seed, analyse and propose once, print a summary and exit (npm run demo)')
    .option('--temporal-port <port>', 'Temporal dev server gRPC port', positiveInteger, 7233)
    .option('--ui-port <port>', 'Temporal Web UI port', positiveInteger, 8233)
    .option('--api-port <port>', 'API and review page port', positiveInteger, 8080)
    .option('--metrics-port <port>', 'Prometheus port of the Temporal SDK metrics (service metrics are at the API\'s /metrics)', positiveInteger, 9464)
    .option('--scenario <name>', 'synthetic history seeded into an empty database', 'demo')
    .option('--seed <n>', 'seed of the synthetic history', positiveInteger, 1)
    .option('--trades <n>', 'trades in the synthetic history', positiveInteger, 20_000)
    .action(async (opts: DevOptions) => {
      // Loaded on use: the worker, the API and the embedded database are heavy for the other commands.
      const { startDevStack } = await import('../dev-stack.js');
      const stack = await startDevStack({ ...opts, log: (line) => console.log(line) });
      if (opts.once) {
        try {
          await printSummary(stack);
        } finally {
          await stack.stop();
        }
        return;
      }
      printWhereToLook(stack);
      stack.firstAnalysis.then(
        () => console.log(`analysis ${stack.firstAnalysisId} finished: see the proposals above (kronos proposals list)`),
        (err: unknown) => console.error(`analysis ${stack.firstAnalysisId} failed: ${String(err)}`),
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      console.log('stopping…');
      await stack.stop();
    });
}
