/**
 * proposalApprovalWorkflow: one per proposal (workflow id `proposal-<proposal_id>`). It waits for a
 * person's decision until the review window ends, then auto-applies or expires the proposal as the policy
 * says; an applied change is watched for a revert during its evaluation period, and verified by a
 * sequential test that looks daily and may conclude early for harm (a revert proposal at once) or success.
 *
 * Messages (approval-messages.ts): updates `approve`, `reject`, `revert` whose synchronous validators
 * refuse bad requests before they reach history; signals of the same names for the Temporal UI and CLI,
 * whose refusals are recorded (state, audit log) without failing the workflow; the `status` query. Their
 * handlers and the phase-typed state live in ApprovalManager (approval-manager.ts); this file is the flow.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { KronosActivities } from '../activities/index.js';
import { AUDIT_STEP, DATABASE_STEP, HEAVY_STEP } from './activity-options.js';
import { ApprovalManager, type ApprovalPorts } from './approval-manager.js';
import {
  type ApprovalInput,
  type ApprovalStatus,
  approvalSearchAttributes,
  approveSignal,
  approveUpdate,
  type Decision,
  rejectSignal,
  rejectUpdate,
  revertSignal,
  revertUpdate,
  statusQuery,
  supersedeSignal,
} from './approval-messages.js';
import { Notifier } from './notifier.js';

const store = proxyActivities<KronosActivities>(DATABASE_STEP);
const audit = proxyActivities<KronosActivities>(AUDIT_STEP);
const verifier = proxyActivities<KronosActivities>(HEAVY_STEP);

/** Decisions go through the identity check activity (workflows started before it replay without). */
const IDENTITY_CHECK_PATCH = 'decision-identity-check';
/** Inconclusive evidence waits for a person at the window's end instead of expiring (histories from before expire as they did). */
const INCONCLUSIVE_WAITS_PATCH = 'inconclusive-waits-for-person';
/** The evaluation phase looks at the sequential verification on a timer (workflows started before it verify once at the end). */
const SEQUENTIAL_VERIFICATION_PATCH = 'sequential-verification';

export async function proposalApprovalWorkflow(input: ApprovalInput): Promise<ApprovalStatus> {
  const notices = new Notifier(input);
  const approval = new ApprovalManager(input, workflowPorts(input, notices));
  registerHandlers(approval);
  approval.publish();
  approval.announce();
  const { proposalId } = input;
  const carryOver = async () => {
    await condition(() => notices.settled());
    return continueAsNew<typeof proposalApprovalWorkflow>({ ...input, resume: approval.state });
  };

  // Review: a person's decision, a supersede the database confirms, or the window's end (auto-apply or expire).
  while (approval.state.phase === 'REVIEW') {
    // People hear of an auto-apply an hour before it (patched: histories from before notifications wait as they did).
    const noticeAt = notices.enabled() ? approval.autoApplyNoticeAt() : undefined;
    const waited = await waitFor(() => approval.reviewDecided(), approval.state.waitingForPerson ? null : (noticeAt ?? approval.state.reviewDeadline), input);
    if (waited === 'continue-as-new') return carryOver();
    if (noticeAt !== undefined && waited === 'deadline') {
      approval.sendAutoApplyNotice();
      continue;
    }
    // A decision whose identity is being checked at the window's end is taken or refused first.
    await condition(() => approval.idle());
    const supersede = approval.nextSupersede();
    if (supersede) {
      await approval.superseded(supersede, await store.proposalStatus(proposalId));
      continue;
    }
    const decision = approval.reviewDecision();
    const inconclusive = approval.inconclusiveEvidence();
    if (decision.action === 'expire' && inconclusive !== null && patched(INCONCLUSIVE_WAITS_PATCH)) {
      approval.waitForPerson(inconclusive);
      continue;
    }
    if (decision.action === 'approve' || decision.action === 'auto-apply') approval.approve(decision);
    else
      approval.close(
        decision,
        await store.setProposalStatus(proposalId, decision.action === 'reject' ? 'REJECTED' : 'EXPIRED', { by: decision.by, reason: decision.reason }),
      );
  }

  // Apply: one compare-and-swap of the live config; CONFLICT when it changed since the proposal.
  if (approval.state.phase === 'APPLYING') {
    const { decision } = approval.state;
    approval.applied(await store.applyProposal(proposalId, changeActor(decision)));
  }

  // Evaluate: a person's revert, or the verification of the realised effect. The sequential test looks on a
  // timer and may conclude early (patched: histories from before it wait for the period's end and verify once).
  const sequential = approval.state.phase === 'EVALUATION' && patched(SEQUENTIAL_VERIFICATION_PATCH);
  while (approval.state.phase === 'EVALUATION') {
    const wakeAt = sequential ? approval.nextLookAt() : approval.state.evaluationDeadline;
    const waited = await waitFor(() => approval.revertRequested(), wakeAt, input);
    if (waited === 'continue-as-new') return carryOver();
    await condition(() => approval.idle());
    if (approval.revertRequested()) {
      const request = approval.startRevert();
      approval.reverted(await store.revertProposal(proposalId, changeActor(request)));
    } else {
      approval.startVerifying();
      const verification = await verifier.verifyAppliedProposal(proposalId);
      approval.verified(verification, sequential);
    }
  }

  await condition(allHandlersFinished);
  await condition(() => notices.settled());
  return approval.view();
}

/** Who the change log names for a decision: the person, or AUTO for the policy's auto-apply. */
function changeActor(decision: Decision) {
  return { actor: decision.by, actorType: decision.via === 'timer' ? ('AUTO' as const) : ('HUMAN' as const), reason: decision.reason };
}

function workflowPorts(input: ApprovalInput, notices: Notifier): ApprovalPorts {
  return {
    notify: (event, summary, detail) => notices.send(event, summary, detail),
    now: () => Date.now(),
    recordEvent: (kind, actor, detail) => audit.recordProposalEvent(input.proposalId, kind, actor, detail),
    publish: (approval) => {
      upsertSearchAttributes(approvalSearchAttributes(input, approval.state.status));
      setCurrentDetails(approval.summary());
    },
    warn: (message, attributes) => log.warn(message, attributes),
    checksIdentity: () => patched(IDENTITY_CHECK_PATCH),
    verifyDecision: (action, request, message) => {
      const { workflowId, runId } = workflowInfo();
      const check = {
        proposalId: input.proposalId,
        targetType: input.targetType,
        workflowId,
        runId,
        action,
        request,
        identity: input.rule.identity ?? 'claimed',
        message,
      };
      return audit.verifyDecision(check);
    },
  };
}

function registerHandlers(approval: ApprovalManager): void {
  for (const [action, update, signal] of [
    ['approve', approveUpdate, approveSignal],
    ['reject', rejectUpdate, rejectSignal],
    ['revert', revertUpdate, revertSignal],
  ] as const) {
    const description = `${action} the proposal: {"by": "<name>", "reason": "<text>"}`;
    setHandler(
      update,
      async (raw) => {
        await approval.takeUpdate(action, raw, currentUpdateInfo()?.id ?? '');
        await condition(() => approval.outcomeReached(action));
        return approval.view();
      },
      { validator: (raw) => approval.validate(action, raw), description },
    );
    setHandler(signal, (raw) => approval.takeSignal(action, raw), { description });
  }
  setHandler(supersedeSignal, (raw) => approval.takeSupersede(raw));
  setHandler(statusQuery, () => approval.view());
}

/**
 * Waits for `done` until `deadline` (null: no deadline). When Temporal suggests continuing as new (or the test threshold is
 * reached) it lets the handlers finish and says so: the caller continues as new, carrying the state.
 */
async function waitFor(done: () => boolean, deadline: string | null, input: ApprovalInput): Promise<'done' | 'deadline' | 'continue-as-new'> {
  const wake = () => done() || continueAsNewDue(input);
  let woke = true;
  if (deadline === null) await condition(wake);
  else {
    const remaining = Date.parse(deadline) - Date.now();
    if (remaining <= 0) return done() ? 'done' : 'deadline';
    woke = await condition(wake, remaining);
  }
  if (done()) return 'done';
  if (!woke) return 'deadline';
  await condition(allHandlersFinished);
  return done() ? 'done' : 'continue-as-new';
}

function continueAsNewDue(input: ApprovalInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (input.continueAsNewAfterEvents !== undefined && info.historyLength >= input.continueAsNewAfterEvents);
}
