/**
 * metaAnalysisWorkflow: the weekly (or on-demand) analysis of the trading system's history. Its workflow
 * id is also the analysis run's id, so every retry of a step finds the same run and the same proposals.
 * Started by the schedule (src/temporal/schedule.ts) and by `kronos analyze`.
 */
import { workflowInfo } from '@temporalio/workflow';
import { type AnalysisSummary, runAnalysisPipeline } from './analysis-pipeline.js';

export type { AnalysisProgress, AnalysisSummary } from './analysis-pipeline.js';

export interface MetaAnalysisInput {
  /** ISO time the analysis window ends at; the workflow's start time when omitted. */
  asOf?: string;
  /** Length of the window in days; the analysis' default (90) when omitted. */
  windowDays?: number;
  /** Who started it: `schedule`, `manual`, `api`. */
  trigger: string;
}

export async function metaAnalysisWorkflow(input: MetaAnalysisInput): Promise<AnalysisSummary> {
  const info = workflowInfo();
  return runAnalysisPipeline({
    runId: info.workflowId,
    asOf: input.asOf ?? info.startTime.toISOString(),
    windowDays: input.windowDays,
    trigger: input.trigger,
  });
}
