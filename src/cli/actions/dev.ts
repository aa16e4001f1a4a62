/**
 * `kronos dev`: brings the local stack up, says where to look and runs until SIGINT or SIGTERM;
 * with --once, waits for the first analysis, prints its proposals and stops.
 */
import { listProposals } from '../../db/repositories/proposals.js';
import { type DevStack, type DevStackOptions, startDevStack } from '../dev-stack.js';

export type DevOptions = Omit<DevStackOptions, 'log'> & { once?: boolean };

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
          '  kronos keys create --as head-of-trading     # then add the printed entry to config/approvers.json',
          '  kronos approve <proposal_id> --by head-of-trading --reason "looks right"   # signed with that key',
          '  kronos reject <proposal_id> --by risk-lead --reason "not now"',
          `  temporal workflow update execute --address ${stack.temporalAddress} --workflow-id proposal-<proposal_id> --name approve --input "$(kronos sign approve <proposal_id> --by head-of-trading --reason ok)"`,
        ]),
    `  temporal workflow signal --address ${stack.temporalAddress} --workflow-id proposal-<proposal_id> --name approve --input '{"by":"risk-lead","reason":"ok"}'   # unsigned: refused for RISK_CONFIG and SOP_TEMPLATE`,
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

export async function runDevStack(opts: DevOptions): Promise<void> {
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
}
