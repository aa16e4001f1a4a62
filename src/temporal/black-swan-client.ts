/**
 * How the trading system (or `kronos black-swan review`) asks for the SOP review of a black-swan event.
 * The workflow id is `black-swan-<event_id>`: a trigger while the review runs joins it (conflict policy
 * USE_EXISTING), and one after it completed gets the completed review (only a failed review runs again).
 */
import { type Client, type WorkflowHandle, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { loadEnv } from '../config.js';
import { blackSwanWorkflowId } from '../proposals/black-swan-review-ids.js';
import type { blackSwanSopReviewWorkflow } from '../workflows/black-swan-review.js';

/**
 * Starts the review of an event, or returns the handle of the review that already exists for it.
 *
 * @example
 * const handle = await startBlackSwanReview(client, 'evt-2026-03-flash-crash');
 * const summary = await handle.result(); // { runId, counts: { proposals, … }, proposalIds }
 */
export async function startBlackSwanReview(
  client: Client,
  eventId: string,
  options: { taskQueue?: string } = {},
): Promise<WorkflowHandle<typeof blackSwanSopReviewWorkflow>> {
  try {
    return await client.workflow.start<typeof blackSwanSopReviewWorkflow>('blackSwanSopReviewWorkflow', {
      workflowId: blackSwanWorkflowId(eventId),
      taskQueue: options.taskQueue ?? loadEnv().KRONOS_TASK_QUEUE,
      args: [eventId],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      staticSummary: `SOP review of black-swan event ${eventId}`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(blackSwanWorkflowId(eventId));
    throw err;
  }
}
