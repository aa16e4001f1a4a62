/** `kronos analyze`: starts metaAnalysisWorkflow on the worker and, with --wait, follows it to its summary. */
import { startAnalysis } from '../../temporal/analysis-client.js';
import { describeSummary, followAnalysis } from '../analysis-progress.js';
import { withTemporalClient } from '../temporal-client.js';

export interface AnalyzeOptions {
  asOf?: string;
  window?: number;
  /** Recompute every day's trade rollup (--dry-run only). */
  full?: boolean;
  wait?: boolean;
  json?: boolean;
  dryRun?: boolean;
  databaseUrl?: string;
}

export async function analyzeOnTemporal(opts: AnalyzeOptions): Promise<void> {
  await withTemporalClient(async (client) => {
    const handle = await startAnalysis(client, { asOf: opts.asOf, windowDays: opts.window, trigger: 'manual' });
    if (!opts.wait) {
      console.log(
        opts.json
          ? JSON.stringify({ workflowId: handle.workflowId, runId: handle.workflowId })
          : `analysis ${handle.workflowId} started; follow it with --wait, in the Temporal UI, or \`npx kronos proposals list\` when done`,
      );
      return;
    }
    const summary = await followAnalysis(handle, { live: Boolean(process.stderr.isTTY), quiet: opts.json });
    console.log(opts.json ? JSON.stringify(summary, null, 2) : describeSummary(summary));
  });
}
