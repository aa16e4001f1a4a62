/** `kronos black-swan review`: starts (or joins) blackSwanSopReviewWorkflow and, with --wait, follows it. */
import { startBlackSwanReview } from '../../temporal/black-swan-client.js';
import { describeSummary, followAnalysis } from '../analysis-progress.js';
import { withTemporalClient } from '../temporal-client.js';

export interface BlackSwanReviewOptions {
  event: string;
  wait?: boolean;
  json?: boolean;
}

export async function reviewBlackSwan(opts: BlackSwanReviewOptions): Promise<void> {
  await withTemporalClient(async (client) => {
    const handle = await startBlackSwanReview(client, opts.event);
    if (!opts.wait) {
      console.log(
        opts.json
          ? JSON.stringify({ workflowId: handle.workflowId })
          : `black-swan review ${handle.workflowId} running; follow it with --wait or in the Temporal UI`,
      );
      return;
    }
    const summary = await followAnalysis(handle, { live: Boolean(process.stderr.isTTY), quiet: opts.json });
    console.log(opts.json ? JSON.stringify(summary, null, 2) : describeSummary(summary));
  });
}
