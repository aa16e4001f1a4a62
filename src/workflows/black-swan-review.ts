/**
 * blackSwanSopReviewWorkflow: after a black-swan event, reviews how the emergency SOPs that ran did
 * (loss avoided, time to action, exposure cut, against earlier events and SOP versions) and proposes
 * SOP_TEMPLATE changes for the templates that ran, with the policy's expedited review window and no
 * auto-apply above its severity ceiling. Workflow id `black-swan-<event_id>` (the final review, once the
 * event is resolved) or `black-swan-<event_id>-interim` (the watcher's review of a severe event still
 * unfolding): a second trigger for the same review joins it (src/temporal/black-swan-client.ts).
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { KronosActivities } from '../activities/index.js';
import { DATABASE_STEP } from './activity-options.js';
import { type AnalysisSummary, runAnalysisPipeline } from './analysis-pipeline.js';

const database = proxyActivities<KronosActivities>(DATABASE_STEP);

export async function blackSwanSopReviewWorkflow(eventId: string): Promise<AnalysisSummary> {
  const review = await database.prepareBlackSwanReview(eventId);
  return runAnalysisPipeline({
    runId: workflowInfo().workflowId,
    asOf: review.asOf,
    windowDays: review.windowDays,
    trigger: `black-swan:${eventId}`,
    scope: { targetTypes: ['SOP_TEMPLATE'], targetIds: review.sopTemplateIds },
    blackSwan: { eventId, severity: review.severity },
  });
}
