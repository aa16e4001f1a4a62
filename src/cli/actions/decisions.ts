/**
 * `kronos approve|reject|revert`: sends the decision as the approval workflow's update, signed when the
 * user holds a key for `--by`, and prints where the proposal ended up.
 */
import { loadEnv } from '../../config.js';
import { decisionPayload } from '../../proposals/signed-decision.js';
import { keysDir, signingKeyOf } from '../../proposals/signing-keys.js';
import { approveProposal, DecisionRefusedError, rejectProposal, revertAppliedProposal } from '../../temporal/proposal-client.js';
import type { ApprovalStatus, DecisionRequest } from '../../workflows/approval-messages.js';
import { withTemporalClient } from '../temporal-client.js';

export type Decision = 'approve' | 'reject' | 'revert';
export type DecisionOptions = DecisionRequest & { json?: boolean };

const SEND: Record<Decision, typeof approveProposal> = {
  approve: approveProposal,
  reject: rejectProposal,
  revert: revertAppliedProposal,
};

/** One line saying where the proposal ended up. */
export function describeOutcome(status: ApprovalStatus): string {
  const revert = status.revertResult ? `; revert ${status.revertResult.outcome}: ${status.revertResult.reason}` : '';
  const apply = status.applyResult && status.applyResult.outcome !== 'APPLIED' ? `; ${status.applyResult.outcome}: ${status.applyResult.reason}` : '';
  const decision = status.decision ? ` (${status.decision.action} by ${status.decision.by})` : '';
  return `proposal ${status.proposalId}: ${status.status}${decision}${apply}${revert}`;
}

/** The workflow's refusal as `refused: <its reason>` (printed as `kronos: refused: …`); other failures unchanged. */
function asRefusal(err: unknown): unknown {
  return err instanceof DecisionRefusedError ? new Error(`refused: ${err.message}`) : err;
}

export async function decide(decision: Decision, proposalId: string, opts: DecisionOptions): Promise<void> {
  const send = SEND[decision];
  const payload = decisionPayload(decision, proposalId, opts, signingKeyOf(keysDir(loadEnv()), opts.by));
  const status = await withTemporalClient((client) => send(client, proposalId, payload)).catch((err: unknown) => {
    throw asRefusal(err);
  });
  console.log(opts.json ? JSON.stringify(status, null, 2) : describeOutcome(status));
}
