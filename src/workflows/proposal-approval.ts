/**
 * proposalApprovalWorkflow: one per proposal (workflow id `proposal-<proposal_id>`). It waits for a
 * person's decision until the review window ends, then auto-applies or expires the proposal as the policy
 * says; an applied change is watched for a revert during its evaluation period and then verified.
 *
 * Messages (approval-messages.ts): updates `approve`, `reject`, `revert` whose synchronous validators
 * refuse bad requests before they reach history; signals of the same names for the Temporal UI and CLI,
 * whose refusals are recorded (state, audit log) without failing the workflow; the `status` query.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { KronosActivities } from '../activities/index.js';
import type { ProposalStatus } from '../proposals/statuses.js';
import { autoApplyDecision, refuseApproval, refuseRejection } from '../proposals/policy-rules.js';
import { AUDIT_STEP, DATABASE_STEP, HEAVY_STEP } from './activity-options.js';
import {
  type ApprovalInput,
  type ApprovalState,
  type ApprovalStatus,
  approvalSearchAttributes,
  approvalTimings,
  approveSignal,
  approveUpdate,
  type Decision,
  type DecisionAction,
  type DecisionRequest,
  MAX_KEPT_REFUSALS,
  parseDecisionRequest,
  rejectSignal,
  rejectUpdate,
  revertSignal,
  revertUpdate,
  statusQuery,
  supersedeSignal,
} from './approval-messages.js';

const store = proxyActivities<KronosActivities>(DATABASE_STEP);
const audit = proxyActivities<KronosActivities>(AUDIT_STEP);
const verifier = proxyActivities<KronosActivities>(HEAVY_STEP);

/** The reason a decision may not be taken now, or null. Pure: validators and signal handlers share it. */
function refusalOf(action: DecisionAction, input: ApprovalInput, state: ApprovalState, request: DecisionRequest): string | null {
  if (action === 'revert') {
    if (state.phase !== 'EVALUATION') {
      return state.status === 'APPLIED'
        ? `proposal ${input.proposalId} can no longer be reverted here (${state.phase.toLowerCase()})`
        : `proposal ${input.proposalId} is ${state.status}, not APPLIED: nothing to revert`;
    }
    if (state.revertRequest) return `a revert of proposal ${input.proposalId} was already requested by ${state.revertRequest.by}`;
    // The state was checked above; what remains is the authority of a decision, as for a rejection.
    return refuseRejection(input.rule, { proposedBy: input.proposedBy, status: 'PENDING' }, request.by);
  }
  const proposal = { proposedBy: input.proposedBy, status: state.status };
  return action === 'approve' ? refuseApproval(input.rule, proposal, request.by) : refuseRejection(input.rule, proposal, request.by);
}

/** Who a (possibly malformed) payload says it is from, for the record of a refusal. */
function claimedBy(raw: unknown): string {
  const by = typeof raw === 'object' && raw !== null ? (raw as { by?: unknown }).by : undefined;
  return typeof by === 'string' ? by.slice(0, 128) : '';
}

function initialState(input: ApprovalInput): ApprovalState {
  return {
    status: 'PENDING',
    phase: 'REVIEW',
    reviewDeadline: new Date(Date.now() + approvalTimings(input).reviewWindowMs).toISOString(),
    refusals: [],
    refusalCount: 0,
  };
}

function statusView(input: ApprovalInput, state: ApprovalState): ApprovalStatus {
  return { proposalId: input.proposalId, targetType: input.targetType, targetId: input.targetId, confidence: input.confidence, ...state };
}

/** One line for the Temporal UI's "current details". */
function summary(input: ApprovalInput, state: ApprovalState): string {
  const what = `${input.targetType} ${input.targetId}, confidence ${input.confidence.toFixed(2)}`;
  const by = state.decision ? ` (${state.decision.action} by ${state.decision.by})` : '';
  const waiting =
    state.phase === 'REVIEW'
      ? `: waiting for approve/reject until ${state.reviewDeadline}`
      : state.phase === 'EVALUATION'
        ? `: revert possible until ${state.evaluationDeadline}`
        : '';
  const refused = state.refusalCount ? `; ${state.refusalCount} refused message(s)` : '';
  return `Proposal ${input.proposalId} is ${state.status}${by} — ${what}${waiting}${refused}`;
}

export async function proposalApprovalWorkflow(input: ApprovalInput): Promise<ApprovalStatus> {
  const state: ApprovalState = input.resume ?? initialState(input);
  const now = () => new Date(Date.now()).toISOString();

  const publish = () => {
    upsertSearchAttributes(approvalSearchAttributes(input, state.status));
    setCurrentDetails(summary(input, state));
  };
  const moveTo = (status: ProposalStatus, phase: ApprovalState['phase']) => {
    state.status = status;
    state.phase = phase;
    publish();
  };

  /** Accepts a decision; the main loop carries it out. */
  const decide = (action: DecisionAction, request: DecisionRequest, via: Decision['via']) => {
    const decision: Decision = { action, by: request.by, reason: request.reason, via, at: now() };
    if (action === 'revert') state.revertRequest = decision;
    else state.decision = decision;
  };

  const recordRefusal = async (action: DecisionAction | 'supersede', by: string, reason: string) => {
    state.refusals = [...state.refusals, { action, by, reason, via: 'signal' as const, at: now() }].slice(-MAX_KEPT_REFUSALS);
    state.refusalCount += 1;
    publish();
    try {
      await audit.recordProposalEvent(input.proposalId, 'REFUSED', by, { action, reason, via: 'signal' });
    } catch (err) {
      // The refusal stays in the workflow's state; losing its audit row must not wedge the workflow.
      log.warn('could not write the audit event of a refused signal', { proposalId: input.proposalId, error: String(err) });
    }
  };

  const outcomeReached = (action: DecisionAction) => () =>
    action === 'revert' ? state.phase === 'CLOSED' : state.phase !== 'REVIEW' && state.phase !== 'APPLYING';

  /** The request if it may be carried out now, else the reason it is refused. */
  const check = (action: DecisionAction, raw: unknown): { request: DecisionRequest } | { refusal: string } => {
    const parsed = parseDecisionRequest(raw);
    if ('refusal' in parsed) return parsed;
    const refusal = refusalOf(action, input, state, parsed.request);
    return refusal ? { refusal } : parsed;
  };
  const refused = (reason: string) => ApplicationFailure.create({ type: 'DECISION_REFUSED', message: reason, nonRetryable: true });

  for (const [action, update, signal] of [
    ['approve', approveUpdate, approveSignal],
    ['reject', rejectUpdate, rejectSignal],
    ['revert', revertUpdate, revertSignal],
  ] as const) {
    const description = `${action} the proposal: {"by": "<name>", "reason": "<text>"}`;
    setHandler(
      update,
      async (raw: DecisionRequest) => {
        // Checked again here: an earlier update in the same workflow task may have decided meanwhile.
        const checked = check(action, raw);
        if ('refusal' in checked) throw refused(checked.refusal);
        decide(action, checked.request, 'update');
        await condition(outcomeReached(action));
        return statusView(input, state);
      },
      {
        // Synchronous: a refused update is rejected before it is written to history.
        validator: (raw: DecisionRequest) => {
          const checked = check(action, raw);
          if ('refusal' in checked) throw refused(checked.refusal);
        },
        description,
      },
    );
    setHandler(
      signal,
      async (raw: unknown) => {
        // Never throws: a refused signal is recorded and the workflow goes on waiting.
        const checked = check(action, raw);
        if ('request' in checked) decide(action, checked.request, 'signal');
        else await recordRefusal(action, claimedBy(raw), checked.refusal);
      },
      { description },
    );
  }
  let supersedeRequest: DecisionRequest | undefined;
  setHandler(supersedeSignal, (raw: unknown) => {
    const parsed = parseDecisionRequest(raw);
    if ('request' in parsed && state.phase === 'REVIEW') supersedeRequest = parsed.request;
  });
  setHandler(statusQuery, () => statusView(input, state));

  const continueAsNewDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents);
  };
  /** Waits for `done` until `deadline`; continues as new (carrying the state) when history grows long. */
  const waitUntil = async (done: () => boolean, deadline: string): Promise<boolean> => {
    for (;;) {
      const remaining = Date.parse(deadline) - Date.now();
      if (remaining <= 0) return done();
      const woke = await condition(() => done() || continueAsNewDue(), remaining);
      if (done()) return true;
      if (!woke) return false;
      await condition(allHandlersFinished);
      if (done()) return true;
      await continueAsNew<typeof proposalApprovalWorkflow>({ ...input, resume: state });
    }
  };

  publish();

  while (state.phase === 'REVIEW') {
    const decided = await waitUntil(() => state.decision !== undefined || supersedeRequest !== undefined, state.reviewDeadline);
    if (!state.decision && supersedeRequest) {
      const request = supersedeRequest;
      supersedeRequest = undefined;
      if ((await store.proposalStatus(input.proposalId)) === 'SUPERSEDED') {
        state.decision = { action: 'supersede', by: request.by, reason: request.reason, via: 'signal', at: now() };
        moveTo('SUPERSEDED', 'CLOSED');
      } else {
        await recordRefusal('supersede', request.by, 'the proposal is not SUPERSEDED in the database');
      }
      continue;
    }
    if (!decided) {
      const verdict = autoApplyDecision(
        input.rule,
        { confidence: input.confidence, autoApplicable: input.autoApplicable, revertedBefore: input.revertedBefore, trackRecord: input.trackRecord },
        input.severity,
      );
      state.decision = { action: verdict.apply ? 'auto-apply' : 'expire', by: 'kronos', reason: verdict.reason, via: 'timer', at: now() };
    }
    const decision = state.decision as Decision;
    if (decision.action === 'approve' || decision.action === 'auto-apply') {
      moveTo('APPROVED', 'APPLYING');
    } else {
      const wanted = decision.action === 'reject' ? 'REJECTED' : 'EXPIRED';
      // The database has the last word: a proposal superseded meanwhile stays SUPERSEDED.
      moveTo(await store.setProposalStatus(input.proposalId, wanted, { by: decision.by, reason: decision.reason }), 'CLOSED');
    }
  }

  if (state.phase === 'APPLYING') {
    const decision = state.decision as Decision;
    const actorType = decision.action === 'approve' ? 'HUMAN' : 'AUTO';
    const applied = await store.applyProposal(input.proposalId, { actor: decision.by, actorType, reason: decision.reason });
    state.applyResult = { outcome: applied.outcome, reason: applied.reason };
    if (applied.status === 'APPLIED') {
      state.evaluationDeadline = new Date(Date.now() + approvalTimings(input).evaluationPeriodMs).toISOString();
      moveTo('APPLIED', 'EVALUATION');
    } else {
      // CONFLICT (the config changed since the proposal), or the proposal was closed meanwhile.
      moveTo(applied.status, 'CLOSED');
    }
  }

  while (state.phase === 'EVALUATION') {
    const revertAsked = await waitUntil(() => state.revertRequest !== undefined, state.evaluationDeadline as string);
    if (revertAsked) {
      const request = state.revertRequest as Decision;
      moveTo('APPLIED', 'REVERTING');
      const reverted = await store.revertProposal(input.proposalId, { actor: request.by, actorType: 'HUMAN', reason: request.reason });
      state.revertResult = { outcome: reverted.outcome, reason: reverted.reason };
      // A CONFLICT leaves the proposal APPLIED: someone changed the config since, and that change stays.
      moveTo(reverted.status, 'CLOSED');
      break;
    }
    moveTo('APPLIED', 'VERIFYING');
    state.verification = await verifier.verifyAppliedProposal(input.proposalId);
    const dueAt = state.verification.dueAt;
    if (state.verification.outcome === 'NOT_DUE' && dueAt !== null && dueAt > (state.evaluationDeadline as string)) {
      // The expected impact needs a longer look than the policy's period: keep watching (and revertable) until then.
      state.evaluationDeadline = dueAt;
      moveTo('APPLIED', 'EVALUATION');
    } else {
      moveTo('APPLIED', 'CLOSED');
    }
  }

  await condition(allHandlersFinished);
  return statusView(input, state);
}
