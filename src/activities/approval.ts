/**
 * The approval workflow's activities: thin adapters over the config store and the proposal repository.
 * Each is idempotent by proposal id (the change log is unique per proposal and action), so a retry after
 * a crash between COMMIT and the activity's report changes nothing twice.
 */
import { applyProposal, type ChangeActor, revertProposal } from '../db/repositories/config-store.js';
import { getProposal, recordProposalEvent, setProposalStatus } from '../db/repositories/proposals.js';
import { verifyAppliedProposal } from '../db/repositories/verifications.js';
import type { ProposalEventKind } from '../proposals/event-kinds.js';
import type { ProposalStatus } from '../proposals/statuses.js';
import { loadPolicy } from '../proposals/policy.js';
import type { Verification } from '../workflows/approval-messages.js';
import type { ActivityDeps } from './deps.js';
import { failFastOnBadInput, notFound } from './failures.js';
import { withHeartbeats } from './heartbeats.js';

/** What a config write did, and the proposal's status afterwards (small: it goes through history). */
export interface ChangeOutcome {
  outcome: string;
  status: ProposalStatus;
  reason: string;
}

/**
 * The approval activities, bound to the worker's database.
 *
 * @example
 * const { applyProposal } = createApprovalActivities({ db, llm });
 * await applyProposal('p-1', { actor: 'alice', actorType: 'HUMAN', reason: 'ok' }); // { outcome: 'APPLIED' }
 */
export function createApprovalActivities({ db, policyPath }: ActivityDeps) {
  return {
    /**
     * Compare-and-swap of the target's version: APPLIED, ALREADY_APPLIED (a retry), CONFLICT (changed
     * meanwhile) or REFUSED (the proposal is no longer open, e.g. SUPERSEDED).
     */
    async applyProposal(proposalId: string, actor: ChangeActor): Promise<ChangeOutcome> {
      const { outcome, status, reason } = await failFastOnBadInput(() => applyProposal(db, proposalId, actor));
      return { outcome, status, reason };
    },

    /** Restores the snapshot as a new version: REVERTED, ALREADY_REVERTED (a retry), CONFLICT or REFUSED. */
    async revertProposal(proposalId: string, actor: ChangeActor): Promise<ChangeOutcome> {
      const { outcome, status, reason } = await failFastOnBadInput(() => revertProposal(db, proposalId, actor));
      return { outcome, status, reason };
    },

    /** Records a decision that changes no config (REJECTED, EXPIRED); returns the status the proposal has after it. */
    async setProposalStatus(proposalId: string, status: ProposalStatus, decision: { by: string; reason: string }): Promise<ProposalStatus> {
      return (await failFastOnBadInput(() => setProposalStatus(db, proposalId, status, decision))).status;
    },

    /**
     * The realised effect of an applied change against its expected impact, stored once; a WORSE
     * outcome comes with a REVERT proposal. NOT_DUE (with `dueAt`) when measured too early.
     */
    async verifyAppliedProposal(proposalId: string): Promise<Verification> {
      const result = await failFastOnBadInput(() =>
        withHeartbeats(() => verifyAppliedProposal(db, proposalId, { asOf: new Date(), policy: loadPolicy(policyPath) })),
      );
      return { outcome: result.outcome, reason: result.reason, dueAt: result.dueAt, revertProposalId: result.revertProposalId };
    },

    /** An audit event (e.g. a refused signal) in meta_proposal_events. */
    async recordProposalEvent(proposalId: string, kind: ProposalEventKind, actor: string | null, detail: Record<string, unknown>): Promise<void> {
      await recordProposalEvent(db, proposalId, kind, { actor, detail });
    },

    /** The proposal's status as the database has it. */
    async proposalStatus(proposalId: string): Promise<ProposalStatus> {
      const row = await getProposal(db, proposalId);
      if (!row) throw notFound(`proposal ${proposalId}`);
      return row.status;
    },
  };
}
