/**
 * The workflows with one change that is not behind `patched()`: the approval workflow sleeps before it
 * starts. Replaying a recorded approval history against this must fail with a determinism violation.
 */
import { sleep } from '@temporalio/workflow';
import type { ApprovalInput, ApprovalStatus } from '../../src/workflows/approval-messages.js';
import { proposalApprovalWorkflow as current } from '../../src/workflows/proposal-approval.js';

export { blackSwanSopReviewWorkflow, metaAnalysisWorkflow } from '../../src/workflows/index.js';

export async function proposalApprovalWorkflow(input: ApprovalInput): Promise<ApprovalStatus> {
  await sleep('1 second');
  return current(input);
}
