/**
 * One proposal's approval: its phase-typed state and the handlers of its messages, apart from the
 * workflow's main flow (proposal-approval.ts), in the shape of Temporal's safe-message-handlers sample.
 * Handlers check and record; the main flow carries decisions out and moves the phase along the lifecycle
 * (src/proposals/lifecycle.ts). Temporal is reached only through the ports, so the handlers are
 * unit-tested without a server.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Notification } from '../notifications/notification.js';
import type { ProposalStatus } from '../proposals/statuses.js';
import { refusePhaseMove } from '../proposals/lifecycle.js';
import { autoApplyDecision, refuseApproval, refuseRejection, refuseRevert } from '../proposals/policy-rules.js';
import {
  type ApprovalInput,
  type ApprovalState,
  type ApprovalStatus,
  approvalTimings,
  type ChangeResult,
  DECISION_REFUSED,
  type Decision,
  type DecisionAction,
  type DecisionRequest,
  type DecisionVerdict,
  MAX_KEPT_REFUSALS,
  type MessageRef,
  parseDecisionRequest,
  type Refusal,
  type Verification,
} from './approval-messages.js';

/** What the manager needs from its workflow: the clock, the audit log, and where to publish each change. */

/** The sequential verification looks once a day, or this many times over a shorter evaluation period (tests). */
const LOOK_INTERVAL_MS = 86_400_000;
const LOOKS_PER_SHORT_PERIOD = 7;
/** Never two looks closer than this, so a due time a little past the deadline cannot spin the loop. */
const MIN_LOOK_INTERVAL_MS = 1_000;

export interface ApprovalPorts {
  /** Workflow time in milliseconds (deterministic inside the workflow sandbox). */
  now(): number;
  /** Writes an audit event of the proposal. */
  recordEvent(kind: 'REFUSED', actor: string, detail: Record<string, unknown>): Promise<void>;
  /** Whether decisions go through the identity check (false when replaying a history from before it). */
  checksIdentity(): boolean;
  /** The identity check (an activity): signature, nonce, and who Temporal says sent the message. */
  verifyDecision(action: DecisionAction, request: DecisionRequest, message: MessageRef): Promise<DecisionVerdict>;
  /** Called after every change of state (search attributes, the Temporal UI's current details). */
  publish(manager: ApprovalManager): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  /** Tells people (webhooks) without waiting for the delivery. */
  notify(event: Notification['event'], summary: string, detail: Notification['detail']): void;
}

/** How long before an automatic apply people are told it is coming. */
export const AUTO_APPLY_NOTICE_MS = 3_600_000;

function decisionRefused(reason: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DECISION_REFUSED, message: reason, nonRetryable: true });
}

/** Who a (possibly malformed) payload says it is from, for the record of a refusal. */
function claimedBy(raw: unknown): string {
  const by = typeof raw === 'object' && raw !== null ? (raw as { by?: unknown }).by : undefined;
  return typeof by === 'string' ? by.slice(0, 128) : '';
}

type Checked = { request: DecisionRequest } | { refusal: string };

function messageOf(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return ((cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err)) || 'unknown error').split('\n')[0] ?? '';
}

export class ApprovalManager {
  state: ApprovalState;
  /** A person's approve or reject, accepted during the review, until the main flow takes it. */
  private decided?: Decision;
  private revertAsked?: Decision;
  private supersedeAsked?: DecisionRequest;
  /** Decisions whose identity is being checked: the main flow lets them finish before it moves on. */
  private verifying = 0;
  /** Signals of each name received in this run: the n-th one is the n-th of its name in history. */
  private readonly signalsSeen: Record<DecisionAction, number> = { approve: 0, reject: 0, revert: 0 };

  constructor(
    readonly input: ApprovalInput,
    private readonly ports: ApprovalPorts,
  ) {
    this.state = input.resume ?? {
      phase: 'REVIEW',
      status: 'PENDING',
      reviewDeadline: this.isoIn(approvalTimings(input).reviewWindowMs),
      refusals: [],
      refusalCount: 0,
    };
  }

  // ── Message handlers ────────────────────────────────────────────────────────────────────────────

  /** The update validator: synchronous, so a refused update never reaches history. */
  validate(action: DecisionAction, raw: unknown): void {
    const checked = this.check(action, raw);
    if ('refusal' in checked) throw decisionRefused(checked.refusal);
  }

  /**
   * An accepted update: its identity checked, then checked again against the state (another message may
   * have decided meanwhile). A refusal now is recorded, since the update is in history.
   */
  async takeUpdate(action: DecisionAction, raw: unknown, updateId: string): Promise<void> {
    const checked = this.check(action, raw);
    if ('refusal' in checked) throw decisionRefused(checked.refusal);
    const identity = await this.checkIdentity(action, checked.request, { kind: 'update', updateId });
    if ('refusal' in identity) throw decisionRefused(identity.refusal);
    this.accept(action, checked.request, 'update', identity.verdict);
  }

  /** A signal: never throws; a refused one is recorded and the workflow goes on waiting. */
  async takeSignal(action: DecisionAction, raw: unknown): Promise<void> {
    const ordinal = this.signalsSeen[action]++;
    const checked = this.check(action, raw);
    if ('refusal' in checked) return this.recordRefusal(action, claimedBy(raw), checked.refusal, 'signal');
    const identity = await this.checkIdentity(action, checked.request, { kind: 'signal', name: action, ordinal });
    if (!('refusal' in identity)) this.accept(action, checked.request, 'signal', identity.verdict);
  }

  /**
   * The identity check of a request that passed the policy for its claimed name; the policy is then
   * applied again to the verified name (four-eyes on who signed, not who typed). A refusal is recorded.
   */
  private async checkIdentity(
    action: DecisionAction,
    request: DecisionRequest,
    message: MessageRef,
  ): Promise<{ verdict?: DecisionVerdict } | { refusal: string }> {
    if (!this.ports.checksIdentity()) return {};
    this.verifying += 1;
    let verdict: DecisionVerdict;
    try {
      verdict = await this.ports.verifyDecision(action, request, message);
    } catch (err) {
      // An activity failure must not fail a signal's workflow: the decision is refused instead.
      verdict = { verifiedBy: null, keyId: null, sentBy: null, principal: null, refusal: `the identity could not be checked: ${messageOf(err)}` };
    } finally {
      this.verifying -= 1;
    }
    const refusal =
      verdict.refusal ??
      (action === 'revert' ? this.refuseRevert(verdict.verifiedBy ?? request.by) : this.refuseDecision(action, verdict.verifiedBy ?? request.by));
    if (refusal === null) return { verdict };
    await this.recordRefusal(action, request.by, refusal, message.kind, verdict.sentBy);
    return { refusal };
  }

  /** The analysis' supersede signal, honoured by the main flow only if the database agrees. */
  takeSupersede(raw: unknown): void {
    const parsed = parseDecisionRequest(raw);
    if ('request' in parsed && this.state.phase === 'REVIEW') this.supersedeAsked = parsed.request;
  }

  /** Whether an update's decision has been carried out, so its handler can answer. */
  outcomeReached(action: DecisionAction): boolean {
    const { phase } = this.state;
    return action === 'revert' ? phase === 'CLOSED' : phase !== 'REVIEW' && phase !== 'APPLYING';
  }

  /** The request if `action` may be taken now, else the reason it is refused. */
  check(action: DecisionAction, raw: unknown): Checked {
    const parsed = parseDecisionRequest(raw);
    if ('refusal' in parsed) return parsed;
    const refusal = action === 'revert' ? this.refuseRevert(parsed.request.by) : this.refuseDecision(action, parsed.request.by);
    return refusal ? { refusal } : parsed;
  }

  private refuseDecision(action: 'approve' | 'reject', by: string): string | null {
    if (this.decided && this.state.phase === 'REVIEW') return `the proposal is already decided (${this.decided.action} by ${this.decided.by})`;
    const proposal = { proposedBy: this.input.proposedBy, status: this.state.status };
    return action === 'approve' ? refuseApproval(this.input.rule, proposal, by) : refuseRejection(this.input.rule, proposal, by);
  }

  private refuseRevert(by: string): string | null {
    const { phase, status } = this.state;
    const id = this.input.proposalId;
    if (status === 'APPLIED' && phase !== 'EVALUATION') return `proposal ${id} can no longer be reverted here (${phase.toLowerCase()})`;
    if (this.revertAsked) return `a revert of proposal ${id} was already requested by ${this.revertAsked.by}`;
    return refuseRevert(this.input.rule, { status }, by);
  }

  private accept(action: DecisionAction, request: DecisionRequest, via: Decision['via'], verdict?: DecisionVerdict): void {
    const identity = verdict ? { verifiedBy: verdict.verifiedBy, keyId: verdict.keyId, sentBy: verdict.sentBy, principal: verdict.principal } : undefined;
    const decision: Decision = { action, by: request.by, reason: request.reason, via, at: this.isoIn(0), ...(identity ? { identity } : {}) };
    if (action === 'revert') this.revertAsked = decision;
    else this.decided = decision;
  }

  private async recordRefusal(action: Refusal['action'], by: string, reason: string, via: Refusal['via'], sentBy?: string | null): Promise<void> {
    const refusal: Refusal = { action, by, reason, via, at: this.isoIn(0), ...(sentBy !== undefined ? { sentBy } : {}) };
    this.state.refusals = [...this.state.refusals, refusal].slice(-MAX_KEPT_REFUSALS);
    this.state.refusalCount += 1;
    this.publish();
    // A refused signal is silent for whoever sent it (the UI says "signaled" regardless): tell people.
    if (action !== 'supersede') this.ports.notify('decision.refused', `${by || 'someone'}'s ${action} was refused: ${reason}`, { action, by, reason, via });
    try {
      await this.ports.recordEvent('REFUSED', by, { action, reason, via, ...(sentBy !== undefined ? { sent_by: sentBy } : {}) });
    } catch (err) {
      // The refusal stays in the workflow's state; losing its audit row must not wedge the workflow.
      this.ports.warn('could not write the audit event of a refused message', { proposalId: this.input.proposalId, error: String(err) });
    }
  }

  // ── What the main flow reads ────────────────────────────────────────────────────────────────────

  /** The review has something to act on: a person's decision or a supersede request. */
  reviewDecided(): boolean {
    return this.decided !== undefined || this.supersedeAsked !== undefined;
  }

  /** Why the review window's end leaves the proposal to a person rather than expiring it, or null. */
  inconclusiveEvidence(): string | null {
    return this.input.inconclusive ?? null;
  }

  /** The window ended on inconclusive evidence: the review goes on without a deadline until a person decides. */
  waitForPerson(why: string): void {
    if (this.state.phase !== 'REVIEW') throw new Error(`expected the REVIEW phase, not ${this.state.phase}`);
    this.state = { ...this.state, waitingForPerson: why };
    this.publish();
  }

  /** A supersede request to confirm with the database, when no person decided first. */
  nextSupersede(): DecisionRequest | undefined {
    const request = this.decided ? undefined : this.supersedeAsked;
    this.supersedeAsked = undefined;
    return request;
  }

  /** The person's decision, or the policy's at the end of the review window: auto-apply or expire. */
  reviewDecision(): Decision {
    if (this.decided) return this.decided;
    const verdict = this.policyVerdict();
    // The audit row of an auto-applied change names the policy rule that allowed it.
    const reason = verdict.apply ? `auto-applied under the policy rule for ${this.input.targetType} (auto_apply on): ${verdict.reason}` : verdict.reason;
    return { action: verdict.apply ? 'auto-apply' : 'expire', by: 'kronos', reason, via: 'timer', at: this.isoIn(0) };
  }

  /**
   * When people should hear that the policy will apply the proposal (an hour before the review window
   * ends, or now for a shorter window), or undefined when it will not, or they heard already.
   */
  autoApplyNoticeAt(): string | undefined {
    const { state } = this;
    if (state.phase !== 'REVIEW' || state.autoApplyNoticeSent || this.decided || !this.policyVerdict().apply) return undefined;
    return new Date(Date.parse(state.reviewDeadline) - AUTO_APPLY_NOTICE_MS).toISOString();
  }

  /** Tells people the policy applies the proposal when the window ends, unless someone decides first. */
  sendAutoApplyNotice(): void {
    if (this.state.phase !== 'REVIEW') return;
    const { reviewDeadline } = this.state;
    this.state = { ...this.state, autoApplyNoticeSent: true };
    this.ports.notify('auto_apply.due', `applies automatically at ${reviewDeadline} unless someone approves or rejects it first`, {
      auto_apply_at: reviewDeadline,
      confidence: this.input.confidence,
    });
  }

  /** Tells people a new proposal waits for them: once, in the run that opens the review. */
  announce(): void {
    const { input, state } = this;
    if (input.resume || state.phase !== 'REVIEW') return;
    const { reviewDeadline } = state;
    this.ports.notify(
      'proposal.created',
      `${input.targetType} ${input.targetId}, confidence ${input.confidence.toFixed(2)}: waiting for approve/reject until ${reviewDeadline}`,
      { confidence: input.confidence, review_deadline: reviewDeadline, proposed_by: input.proposedBy },
    );
  }

  revertRequested(): boolean {
    return this.revertAsked !== undefined;
  }

  /** No decision is having its identity checked. */
  idle(): boolean {
    return this.verifying === 0;
  }

  /** Publishes the current state (search attributes, current details). */
  publish(): void {
    this.ports.publish(this);
  }

  // ── Moves along the lifecycle ───────────────────────────────────────────────────────────────────

  /** An approval (a person's or the policy's): the change is applied next. */
  approve(decision: Decision): void {
    this.moveTo({ ...this.base(), phase: 'APPLYING', status: 'APPROVED', decision });
  }

  /** A decision that changes no config, with the status the database recorded (it has the last word). */
  close(decision: Decision, status: ProposalStatus): void {
    this.moveTo({ ...this.base(), phase: 'CLOSED', status, decision });
  }

  /** The database's answer to a supersede request: SUPERSEDED closes the review, anything else is a refusal. */
  async superseded(request: DecisionRequest, status: ProposalStatus): Promise<void> {
    if (status !== 'SUPERSEDED') return this.recordRefusal('supersede', request.by, 'the proposal is not SUPERSEDED in the database', 'signal');
    this.close({ action: 'supersede', by: request.by, reason: request.reason, via: 'signal', at: this.isoIn(0) }, status);
  }

  /** What the apply did: APPLIED starts the evaluation period; CONFLICT (or a proposal closed meanwhile) ends here. */
  applied(applied: ChangeResult & { status: ProposalStatus }): void {
    const state = this.applyingState();
    const applyResult = { outcome: applied.outcome, reason: applied.reason };
    if (applied.status !== 'APPLIED') return this.moveTo({ ...state, phase: 'CLOSED', status: applied.status, applyResult });
    const evaluationDeadline = this.isoIn(approvalTimings(this.input).evaluationPeriodMs);
    this.moveTo({ ...state, phase: 'EVALUATION', status: 'APPLIED', applyResult, evaluationDeadline });
  }

  /** The accepted revert request, now being carried out. */
  startRevert(): Decision {
    const state = this.appliedState();
    const revertRequest = this.revertAsked;
    if (!revertRequest) throw new Error('no revert was requested');
    this.moveTo({ ...state, phase: 'REVERTING', revertRequest });
    return revertRequest;
  }

  /** What the revert did; a CONFLICT leaves the proposal APPLIED (someone changed the config since, and that stays). */
  reverted(reverted: ChangeResult & { status: ProposalStatus }): void {
    const state = this.appliedState();
    this.moveTo({ ...state, phase: 'CLOSED', status: reverted.status, revertResult: { outcome: reverted.outcome, reason: reverted.reason } });
  }

  startVerifying(): void {
    this.moveTo({ ...this.appliedState(), phase: 'VERIFYING' });
  }

  /**
   * When the sequential verification looks next: a day on (its buckets are days), or a seventh of a
   * shorter evaluation period, and never after the period's end.
   */
  nextLookAt(): string {
    const state = this.appliedState();
    const step = Math.min(LOOK_INTERVAL_MS, approvalTimings(this.input).evaluationPeriodMs / LOOKS_PER_SHORT_PERIOD);
    const next = this.isoIn(Math.max(MIN_LOOK_INTERVAL_MS, step));
    return next < state.evaluationDeadline ? next : state.evaluationDeadline;
  }

  /**
   * The verification's verdict. NOT_DUE keeps the change watched (and revertable): with the sequential
   * test until its next look, up to the later of the deadline and the due time; without it (workflows
   * started before the sequential test) only when the due time is later than the deadline. People hear
   * of a change found harmful.
   */
  verified(verification: Verification, sequential: boolean): void {
    const state = this.appliedState();
    const { dueAt } = verification;
    if (verification.outcome === 'NOT_DUE' && dueAt !== null && (sequential || dueAt > state.evaluationDeadline)) {
      const evaluationDeadline = dueAt > state.evaluationDeadline ? dueAt : state.evaluationDeadline;
      return this.moveTo({ ...state, phase: 'EVALUATION', evaluationDeadline, verification });
    }
    this.moveTo({ ...state, phase: 'CLOSED', verification });
    if (verification.outcome === 'WORSE') {
      this.ports.notify('verification.harm', `the applied change made things worse: ${verification.reason}`, {
        verdict: verification.outcome,
        reason: verification.reason,
        revert_proposal_id: verification.revertProposalId,
      });
    }
  }

  // ── Views ───────────────────────────────────────────────────────────────────────────────────────

  /** The answer of the `status` query and of every update. */
  view(): ApprovalStatus {
    const { proposalId, targetType, targetId, confidence } = this.input;
    const decision = this.state.phase === 'REVIEW' ? this.decided : this.state.decision;
    return { proposalId, targetType, targetId, confidence, ...this.state, ...(decision ? { decision } : {}) };
  }

  /** One line for the Temporal UI's "current details". */
  summary(): string {
    const { input, state } = this;
    const what = `${input.targetType} ${input.targetId}, confidence ${input.confidence.toFixed(2)}`;
    const decision = this.view().decision;
    const by = decision ? ` (${decision.action} by ${decision.by})` : '';
    const waiting =
      state.phase === 'REVIEW'
        ? state.waitingForPerson
          ? `: waiting for a person to approve or reject (${state.waitingForPerson})`
          : `: waiting for approve/reject until ${state.reviewDeadline}`
        : state.phase === 'EVALUATION'
          ? `: revert possible until ${state.evaluationDeadline}`
          : '';
    const refused = state.refusalCount ? `; ${state.refusalCount} refused message(s)` : '';
    return `Proposal ${input.proposalId} is ${state.status}${by} — ${what}${waiting}${refused}`;
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────────────────

  /** What the policy does with the proposal when the review window ends without a decision. */
  private policyVerdict() {
    const { rule, confidence, autoApplicable, revertedBefore, trackRecord, severity, inconclusive } = this.input;
    return autoApplyDecision(rule, { confidence, autoApplicable, revertedBefore, trackRecord, inconclusive }, severity);
  }

  private moveTo(next: ApprovalState): void {
    const refused = refusePhaseMove(this.state, next);
    // A move outside the lifecycle is a bug: failing the workflow task keeps the workflow until a fix is deployed.
    if (refused) throw new Error(`approval workflow of proposal ${this.input.proposalId}: ${refused}`);
    this.state = next;
    this.publish();
  }

  private base() {
    const { reviewDeadline, refusals, refusalCount } = this.state;
    return { reviewDeadline, refusals, refusalCount };
  }

  private applyingState(): Extract<ApprovalState, { phase: 'APPLYING' }> {
    if (this.state.phase !== 'APPLYING') throw new Error(`expected the APPLYING phase, not ${this.state.phase}`);
    return this.state;
  }

  private appliedState(): Extract<ApprovalState, { status: 'APPLIED' }> {
    const { state } = this;
    if (state.phase !== 'EVALUATION' && state.phase !== 'VERIFYING' && state.phase !== 'REVERTING') {
      throw new Error(`expected an applied phase, not ${state.phase}`);
    }
    return state;
  }

  private isoIn(ms: number): string {
    return new Date(this.ports.now() + ms).toISOString();
  }
}
