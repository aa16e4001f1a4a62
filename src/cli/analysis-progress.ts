/**
 * Follows a running analysis workflow (metaAnalysisWorkflow or blackSwanSopReviewWorkflow) by polling its
 * `progress` query: a live bar on a terminal, one line per stage otherwise, then the summary.
 */
import { type WorkflowHandle, WorkflowFailedError } from '@temporalio/client';
import { rootCause } from '@temporalio/common';
import cliProgress from 'cli-progress';
import { ConfigError } from '../config.js';
import { type AnalysisProgress, type AnalysisStage, type AnalysisSummary, progressQuery } from '../workflows/analysis-pipeline.js';

const STAGES: AnalysisStage[] = ['create-run', 'aggregate', 'diagnose', 'propose', 'rationale', 'approvals', 'finish', 'done'];
const POLL_MS = 500;

function countsLine(progress: AnalysisProgress): string {
  const c = progress.counts;
  return `findings ${c.findings}/${c.tests} tests · proposals ${c.proposals} (+${c.proposalsCarriedOver} still open from earlier runs) · rationales ${c.rationalesDone} · approvals started ${c.approvalsStarted}`;
}

/** The human summary of a finished analysis. */
export function describeSummary(summary: AnalysisSummary): string {
  const window = summary.window ? ` (${summary.window.start} → ${summary.window.end})` : '';
  const lines = [`analysis ${summary.runId}${window}: ${countsLine(summary)}`];
  for (const id of summary.proposalIds) lines.push(`  proposal ${id}: kronos proposals show ${id}`);
  return lines.join('\n');
}

/**
 * Polls `progress` until the workflow ends and returns its result; a failed analysis becomes one line.
 *
 * @example
 * const summary = await followAnalysis(handle, { live: process.stderr.isTTY });
 */
export async function followAnalysis(handle: WorkflowHandle, options: { live: boolean; quiet?: boolean }): Promise<AnalysisSummary> {
  const bar =
    options.live && !options.quiet
      ? new cliProgress.SingleBar({ format: '{bar} {stage} | {counts}', hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
  bar?.start(STAGES.length - 1, 0, { stage: 'starting', counts: '' });
  let lastStage: string | undefined;
  let finished = false;
  const result = handle.result().finally(() => {
    finished = true;
  });
  try {
    while (!finished) {
      const progress = await handle.query(progressQuery).catch(() => undefined);
      if (progress) {
        bar?.update(Math.max(0, STAGES.indexOf(progress.stage)), { stage: progress.stage, counts: countsLine(progress) });
        if (!bar && !options.quiet && progress.stage !== lastStage) console.error(`${progress.stage}: ${countsLine(progress)}`);
        lastStage = progress.stage;
      }
      await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, POLL_MS))]);
    }
    const summary = (await result) as AnalysisSummary;
    bar?.update(STAGES.length - 1, { stage: 'done', counts: countsLine(summary) });
    return summary;
  } catch (err) {
    if (err instanceof WorkflowFailedError) {
      throw new ConfigError(`analysis ${handle.workflowId} failed: ${rootCause(err.cause) ?? err.message}`);
    }
    throw err;
  } finally {
    bar?.stop();
  }
}
