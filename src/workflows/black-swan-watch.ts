/**
 * blackSwanWatchWorkflow: one look for black-swan events whose review is due, started by the watch
 * schedule (src/temporal/black-swan-watch-schedule.ts) every `black_swan.watch.interval`. Each due review
 * starts as a child blackSwanSopReviewWorkflow, abandoned on close, under its own workflow id (interim or
 * final); a closed id is never reused, so a review already started (by an earlier look, a look that
 * overlapped a restart, or a person) is refused and skipped, and no event is reviewed twice.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { KronosActivities } from '../activities/index.js';
import { DATABASE_STEP } from './activity-options.js';
import { blackSwanSopReviewWorkflow } from './black-swan-review.js';

const database = proxyActivities<KronosActivities>(DATABASE_STEP);

export interface BlackSwanWatchResult {
  /** The workflow ids of the reviews this look started. */
  started: string[];
  /** Reviews found due whose workflow already existed. */
  alreadyStarted: number;
}

export async function blackSwanWatchWorkflow(): Promise<BlackSwanWatchResult> {
  const due = await database.blackSwanReviewsDue();
  const outcomes = await Promise.all(
    due.map(async ({ eventId, stage, workflowId }) => {
      try {
        await startChild(blackSwanSopReviewWorkflow, {
          workflowId,
          args: [eventId],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `${stage} SOP review of black-swan event ${eventId}`,
        });
        return workflowId;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
        throw err;
      }
    }),
  );
  const started = outcomes.filter((id): id is string => id !== undefined);
  return { started, alreadyStarted: due.length - started.length };
}
