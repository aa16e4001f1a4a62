/**
 * The rationale step alone, with the options the analysis workflow gives it except a long first retry
 * interval (20 s), so a test can tell a retry that followed the server's Retry-After from one that
 * followed the policy.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createRationaleActivities } from '../../../../src/activities/rationale.js';
import { RATIONALE_STEP } from '../../../../src/workflows/activity-options.js';

const { generateRationale } = proxyActivities<ReturnType<typeof createRationaleActivities>>({
  ...RATIONALE_STEP,
  retry: { ...RATIONALE_STEP.retry, initialInterval: '20s' },
});

/** Writes the rationale of one proposal and returns the activity's summary. */
export async function rationaleStep(proposalId: string): Promise<{ proposalId: string; status: string }> {
  return generateRationale(proposalId);
}
