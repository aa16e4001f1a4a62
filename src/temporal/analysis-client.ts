/** Starting an analysis on demand (`kronos analyze`, the HTTP API) and following its progress. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { loadEnv } from '../config.js';
import type { MetaAnalysisInput, metaAnalysisWorkflow } from '../workflows/meta-analysis.js';

/** A readable, unique workflow id (and so analysis run id) for an on-demand run started at `now`. */
export function manualAnalysisWorkflowId(now: Date): string {
  return `kronos-analysis-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Starts metaAnalysisWorkflow; the workflow id doubles as the analysis run id.
 *
 * @example
 * const handle = await startAnalysis(client, { trigger: 'manual', windowDays: 30 });
 * const summary = await handle.result();
 */
export async function startAnalysis(
  client: Client,
  input: MetaAnalysisInput,
  options: { taskQueue?: string; workflowId?: string } = {},
): Promise<WorkflowHandle<typeof metaAnalysisWorkflow>> {
  return client.workflow.start<typeof metaAnalysisWorkflow>('metaAnalysisWorkflow', {
    workflowId: options.workflowId ?? manualAnalysisWorkflowId(new Date()),
    taskQueue: options.taskQueue ?? loadEnv().KRONOS_TASK_QUEUE,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
    staticSummary: `Kronos analysis (${input.trigger})`,
  });
}
