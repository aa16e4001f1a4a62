/**
 * How people and services act on a proposal: through its approval workflow's updates (so the policy's
 * checks run in one place, the workflow's validators) and its `status` query. Used by `kronos
 * approve|reject|revert`, by the HTTP API and by the benchmark.
 *
 * A refused decision throws DecisionRefusedError, whose message is the one-line reason (`bob is not an
 * allowed approver for this target type`, or `proposal … is already REJECTED (its approval workflow has
 * finished)`); a proposal without an approval workflow throws ProposalWorkflowNotFoundError.
 */
import { ApplicationFailure } from '@temporalio/common';
import { type Client, WorkflowNotFoundError, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  type ApprovalInput,
  type ApprovalStatus,
  approvalSearchAttributes,
  approvalWorkflowId,
  approveUpdate,
  DECISION_REFUSED,
  type DecisionPayload,
  rejectUpdate,
  revertUpdate,
  statusQuery,
} from '../workflows/approval-messages.js';
import type { proposalApprovalWorkflow } from '../workflows/proposal-approval.js';

/** No approval workflow exists for the proposal id (never started, or not in this namespace). */
export class ProposalWorkflowNotFoundError extends Error {
  override name = 'ProposalWorkflowNotFoundError';
  constructor(readonly proposalId: string) {
    super(`no approval workflow for proposal ${proposalId} (workflow id ${approvalWorkflowId(proposalId)})`);
  }
}

/**
 * A decision the approval workflow refused (the policy, the four-eyes rule, the proposal's state, an
 * identity that could not be verified), or one sent after the workflow finished; the message is the reason.
 */
export class DecisionRefusedError extends Error {
  override name = 'DecisionRefusedError';
  constructor(
    readonly proposalId: string,
    reason: string,
  ) {
    super(reason);
  }
}

function approvalHandle(client: Client, proposalId: string): WorkflowHandle<typeof proposalApprovalWorkflow> {
  return client.workflow.getHandle(approvalWorkflowId(proposalId));
}

/** Why the workflow could not be reached: it never existed, or it has closed (and how it ended). */
async function missingWorkflowError(client: Client, proposalId: string): Promise<Error> {
  const handle = approvalHandle(client, proposalId);
  try {
    const description = await handle.describe();
    const status = description.status.name !== 'COMPLETED' ? description.status.name : (await handle.result()).status;
    return new DecisionRefusedError(proposalId, `proposal ${proposalId} is already ${status} (its approval workflow has finished)`);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return new ProposalWorkflowNotFoundError(proposalId);
    throw err;
  }
}

async function throughWorkflow<T>(
  client: Client,
  proposalId: string,
  call: (handle: WorkflowHandle<typeof proposalApprovalWorkflow>) => Promise<T>,
): Promise<T> {
  try {
    return await call(approvalHandle(client, proposalId));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw await missingWorkflowError(client, proposalId);
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === DECISION_REFUSED)
      throw new DecisionRefusedError(proposalId, err.cause.message);
    throw err;
  }
}

/**
 * Approves a pending proposal as `by`; resolves once it is applied (APPLIED) or found in conflict (CONFLICT).
 *
 * @example
 * const status = await approveProposal(client, 'p-123', { by: 'alice', reason: 'evidence checked' });
 * status.status; // 'APPLIED'
 */
export async function approveProposal(client: Client, proposalId: string, request: DecisionPayload): Promise<ApprovalStatus> {
  return throughWorkflow(client, proposalId, (handle) => handle.executeUpdate(approveUpdate, { args: [request] }));
}

/**
 * Rejects a pending proposal as `by`; resolves once it is REJECTED.
 *
 * @example
 * await rejectProposal(client, 'p-123', { by: 'bob', reason: 'the regime filter is too broad' });
 */
export async function rejectProposal(client: Client, proposalId: string, request: DecisionPayload): Promise<ApprovalStatus> {
  return throughWorkflow(client, proposalId, (handle) => handle.executeUpdate(rejectUpdate, { args: [request] }));
}

/**
 * Reverts an applied proposal during its evaluation period; resolves with REVERTED (or the revert's
 * CONFLICT in `revertResult` when the config was changed by hand since).
 *
 * @example
 * await revertAppliedProposal(client, 'p-123', { by: 'alice', reason: 'drawdown since the change' });
 */
export async function revertAppliedProposal(client: Client, proposalId: string, request: DecisionPayload): Promise<ApprovalStatus> {
  return throughWorkflow(client, proposalId, (handle) => handle.executeUpdate(revertUpdate, { args: [request] }));
}

/**
 * The approval workflow's view of a proposal: status, phase, deadlines, decision, refusals.
 *
 * @example
 * const { status, phase, reviewDeadline } = await proposalStatus(client, 'p-123');
 */
export async function proposalStatus(client: Client, proposalId: string): Promise<ApprovalStatus> {
  return throughWorkflow(client, proposalId, (handle) => handle.query(statusQuery));
}

/**
 * Starts a proposal's approval workflow, or returns the running one (conflict policy USE_EXISTING;
 * a closed one is never started again).
 *
 * @example
 * const handle = await startProposalApproval(client, input, 'kronos-meta');
 */
export async function startProposalApproval(client: Client, input: ApprovalInput, taskQueue: string): Promise<WorkflowHandle<typeof proposalApprovalWorkflow>> {
  return client.workflow.start('proposalApprovalWorkflow', {
    workflowId: approvalWorkflowId(input.proposalId),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: approvalSearchAttributes(input, 'PENDING'),
  });
}
