/** `kronos black-swan review --event ID [--wait] [--json]`: the SOP review of one black-swan event. */
import type { Command } from 'commander';
import { startBlackSwanReview } from '../../temporal/black-swan-client.js';
import { describeSummary, followAnalysis } from '../analysis-progress.js';
import { withTemporalClient } from '../temporal-client.js';

export function registerBlackSwanCommands(program: Command): void {
  const blackSwan = program.command('black-swan').description('reviews after black-swan events');
  blackSwan
    .command('review')
    .description('review the emergency SOPs that ran for an event and propose SOP_TEMPLATE changes (joins a review already running)')
    .requiredOption('--event <id>', 'black_swan_events.event_id')
    .option('--wait', 'follow the review until it ends')
    .option('--json', 'print the result as JSON (with --wait), or the workflow id')
    .action(async (opts: { event: string; wait?: boolean; json?: boolean }) => {
      await withTemporalClient(async (client) => {
        const handle = await startBlackSwanReview(client, opts.event);
        if (!opts.wait) {
          console.log(opts.json ? JSON.stringify({ workflowId: handle.workflowId }) : `black-swan review ${handle.workflowId} running; follow it with --wait or in the Temporal UI`);
          return;
        }
        const summary = await followAnalysis(handle, { live: Boolean(process.stderr.isTTY), quiet: opts.json });
        console.log(opts.json ? JSON.stringify(summary, null, 2) : describeSummary(summary));
      });
    });
}
