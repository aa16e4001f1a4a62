/**
 * `kronos approve|reject|revert ID --by NAME --reason TEXT`: a person's decision on a proposal, sent as
 * its approval workflow's update, so the policy's checks (approvers, four-eyes, state) apply; a refusal is
 * printed as one line (`kronos: refused: …`).
 */
import type { Command } from 'commander';
import {
  approveProposal,
  rejectProposal,
  revertAppliedProposal,
} from '../../temporal/proposal-client.js';
import type { ApprovalStatus, DecisionRequest } from '../../workflows/approval-messages.js';
import { withTemporalClient } from '../temporal-client.js';

type Send = typeof approveProposal;

const DECISIONS: Array<{ name: string; description: string; send: Send }> = [
  { name: 'approve', description: 'approve a pending proposal; waits until it is applied (or found in conflict)', send: approveProposal },
  { name: 'reject', description: 'reject a pending proposal', send: rejectProposal },
  { name: 'revert', description: 'revert an applied proposal during its evaluation period', send: revertAppliedProposal },
];

/** One line saying where the proposal ended up. */
export function describeOutcome(status: ApprovalStatus): string {
  const revert = status.revertResult ? `; revert ${status.revertResult.outcome}: ${status.revertResult.reason}` : '';
  const apply = status.applyResult && status.applyResult.outcome !== 'APPLIED' ? `; ${status.applyResult.outcome}: ${status.applyResult.reason}` : '';
  const decision = status.decision ? ` (${status.decision.action} by ${status.decision.by})` : '';
  return `proposal ${status.proposalId}: ${status.status}${decision}${apply}${revert}`;
}

export function registerDecisionCommands(program: Command): void {
  for (const { name, description, send } of DECISIONS) {
    program
      .command(`${name} <proposal-id>`)
      .description(description)
      .requiredOption('--by <name>', 'who decides (checked against the policy\'s approvers)')
      .requiredOption('--reason <text>', 'why; kept in the audit log')
      .option('--json', 'print the approval workflow\'s status as JSON')
      .action(async (proposalId: string, opts: DecisionRequest & { json?: boolean }) => {
        const status = await withTemporalClient((client) => send(client, proposalId, { by: opts.by, reason: opts.reason }));
        console.log(opts.json ? JSON.stringify(status, null, 2) : describeOutcome(status));
      });
  }
}
