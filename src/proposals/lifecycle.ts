/**
 * The lifecycle of a proposal in one place: which status may follow which (the repositories write only
 * these moves) and which phase of the approval workflow may follow which, with the statuses each phase
 * allows (the workflow moves only along these). Pure and import-free but for types, so the workflow
 * sandbox uses the same table as the database code. The diagram is in docs/workflows.md.
 */
import type { ProposalStatus } from './statuses.js';

/**
 * Status moves: PENDING is decided (approved, rejected, expired, superseded) or applied; an APPROVED
 * proposal is applied (or found in CONFLICT) unless it is closed first; only an APPLIED one is reverted.
 */
export const STATUS_MOVES: Readonly<Record<ProposalStatus, readonly ProposalStatus[]>> = {
  PENDING: ['APPROVED', 'REJECTED', 'EXPIRED', 'SUPERSEDED', 'CONFLICT', 'APPLIED'],
  APPROVED: ['REJECTED', 'EXPIRED', 'CONFLICT', 'APPLIED'],
  APPLIED: ['REVERTED'],
  REJECTED: [],
  EXPIRED: [],
  SUPERSEDED: [],
  CONFLICT: [],
  REVERTED: [],
};

/** Statuses written only by a config write (applyProposal, revertProposal), never by a bare status change. */
export const CONFIG_WRITE_STATUSES: readonly ProposalStatus[] = ['APPLIED', 'REVERTED'];

/**
 * Whether a proposal may move from `from` to `to`.
 *
 * @example
 * canMoveStatus('PENDING', 'APPLIED'); // true
 * canMoveStatus('REJECTED', 'APPLIED'); // false
 */
export function canMoveStatus(from: ProposalStatus, to: ProposalStatus): boolean {
  return STATUS_MOVES[from].includes(to);
}

/**
 * The statuses from which `to` may be reached: the `WHERE status IN (…)` of a guarded update.
 *
 * @example
 * statusesBefore('REVERTED'); // ['APPLIED']
 */
export function statusesBefore(to: ProposalStatus): ProposalStatus[] {
  return (Object.keys(STATUS_MOVES) as ProposalStatus[]).filter((from) => canMoveStatus(from, to));
}

/** The approval workflow's step: waiting for a decision, applying, watching the applied change, or done. */
export type ApprovalPhase = 'REVIEW' | 'APPLYING' | 'EVALUATION' | 'REVERTING' | 'VERIFYING' | 'CLOSED';

/** Phase moves: review → apply → evaluate (⇄ verify, or revert) → closed; every step may close. */
export const PHASE_MOVES: Readonly<Record<ApprovalPhase, readonly ApprovalPhase[]>> = {
  REVIEW: ['APPLYING', 'CLOSED'],
  APPLYING: ['EVALUATION', 'CLOSED'],
  EVALUATION: ['REVERTING', 'VERIFYING'],
  VERIFYING: ['EVALUATION', 'CLOSED'],
  REVERTING: ['CLOSED'],
  CLOSED: [],
};

/**
 * The proposal statuses each phase holds. CLOSED holds whatever the database answered last (it has the
 * last word: a proposal superseded while the workflow applied it stays SUPERSEDED), except PENDING and APPROVED.
 */
export const PHASE_STATUSES: Readonly<Record<ApprovalPhase, readonly ProposalStatus[]>> = {
  REVIEW: ['PENDING'],
  APPLYING: ['APPROVED'],
  EVALUATION: ['APPLIED'],
  VERIFYING: ['APPLIED'],
  REVERTING: ['APPLIED'],
  CLOSED: ['REJECTED', 'EXPIRED', 'SUPERSEDED', 'CONFLICT', 'APPLIED', 'REVERTED'],
};

/**
 * Why the workflow may not move from its phase to another phase and status, or null when it may.
 *
 * @example
 * refusePhaseMove({ phase: 'REVIEW' }, { phase: 'APPLYING', status: 'APPROVED' }); // null
 * refusePhaseMove({ phase: 'REVIEW' }, { phase: 'EVALUATION', status: 'APPLIED' });
 * // 'phase REVIEW cannot move to EVALUATION'
 */
export function refusePhaseMove(from: { phase: ApprovalPhase }, to: { phase: ApprovalPhase; status: ProposalStatus }): string | null {
  if (!PHASE_MOVES[from.phase].includes(to.phase)) return `phase ${from.phase} cannot move to ${to.phase}`;
  if (!PHASE_STATUSES[to.phase].includes(to.status)) return `phase ${to.phase} cannot hold status ${to.status}`;
  return null;
}
