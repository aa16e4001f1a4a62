/**
 * The messages of proposalApprovalWorkflow: what people send (approve, reject, revert: as updates from
 * `kronos` and the API, as signals from the Temporal UI and `temporal workflow signal`), what they can
 * ask (`status`), and the shapes of its input and state. Imported by the workflow and by its clients.
 */
import { ApplicationFailure, type SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProposalStatus } from '../proposals/statuses.js';
import type { ApprovalPhase } from '../proposals/lifecycle.js';
import { parseDurationMs, type TargetPolicy, type TrackRecord } from '../proposals/policy-rules.js';
import { ConfidenceKey, ProposalStatusKey, TargetIdKey, TargetTypeKey } from './search-attributes.js';

/**
 * What a person sends with approve, reject or revert: `{"by": "alice", "reason": "checked the evidence"}`,
 * or the same with the fields of a signature (`kronos sign approve ID --reason …` prints them).
 */
export interface DecisionRequest {
  by: string;
  reason: string;
  signed?: DecisionSignature;
}

/** The signed fields besides `by` and `reason` (src/proposals/signed-decision.ts). */
export interface DecisionSignature {
  proposal_id: string;
  action: string;
  issued_at: string;
  nonce: string;
  key_id: string;
  signature: string;
}

/**
 * What a message carries on the wire: `by` and `reason`, and for a signed decision the signature's fields
 * beside them (the JSON `kronos sign` prints). The handlers parse it with parseDecisionRequest.
 */
export type DecisionPayload = { by: string; reason: string } & Partial<DecisionSignature>;

/** Where a decision message is in the workflow's history, so an activity can read who sent it. */
export type MessageRef = { kind: 'update'; updateId: string } | { kind: 'signal'; name: DecisionAction; ordinal: number };

/** What the identity check of a decision (the `verifyDecision` activity) is given. */
export interface DecisionCheck {
  proposalId: string;
  targetType: string;
  workflowId: string;
  runId: string;
  action: DecisionAction;
  request: DecisionRequest;
  /** The policy's `identity` for the target type: `signed` refuses unsigned decisions. */
  identity: 'signed' | 'claimed';
  message: MessageRef;
}

/**
 * Who decided, as far as it is known: the name a valid signature proves (null: unsigned, the claimed
 * name only), and what Temporal recorded of the sender — the client's self-chosen `identity` (a hint,
 * spoofable) and the server's authenticated principal when it computes one.
 */
export interface DecisionIdentity {
  verifiedBy: string | null;
  keyId: string | null;
  sentBy: string | null;
  principal: string | null;
}

/** The identity check's answer: the identity, and the reason the decision is refused (null: accepted). */
export interface DecisionVerdict extends DecisionIdentity {
  refusal: string | null;
}

export type DecisionAction = 'approve' | 'reject' | 'revert';

export type { ApprovalPhase } from '../proposals/lifecycle.js';

/** A decision taken, by a person (update or signal) or by the review window's end. */
export interface Decision {
  action: DecisionAction | 'auto-apply' | 'expire' | 'supersede';
  by: string;
  reason: string;
  via: 'update' | 'signal' | 'timer';
  at: string;
  /** A person's decision: who the signature proves and who Temporal says sent it. */
  identity?: DecisionIdentity;
}

/** A message that failed the policy's checks; kept in the workflow's state and written to the audit log. */
export interface Refusal {
  action: DecisionAction | 'supersede';
  by: string;
  reason: string;
  via: 'update' | 'signal';
  at: string;
  /** Who Temporal says sent it, when the identity check read it. */
  sentBy?: string | null;
}

/** The failure type of a refused update; its message is the one-line reason. */
export const DECISION_REFUSED = 'DECISION_REFUSED';

/** The last refusals kept in state (their count is kept in full), so a flood of bad signals stays small. */
export const MAX_KEPT_REFUSALS = 20;

/** What the post-apply verification found (NOT_DUE: measured too early; due at `dueAt`). */
export interface Verification {
  outcome: string;
  reason: string;
  dueAt: string | null;
  revertProposalId: string | null;
}

/** What a config write did: APPLIED, ALREADY_APPLIED, CONFLICT or REFUSED (REVERTED, ALREADY_REVERTED for a revert), and why. */
export interface ChangeResult {
  outcome: string;
  reason: string;
}

interface StateBase {
  /** When the review window ends (ISO time): then auto-apply or expire. */
  reviewDeadline: string;
  refusals: Refusal[];
  refusalCount: number;
}

/** After an apply: the decision that applied it, what the apply did, and until when a revert is possible (ISO time). */
interface AppliedState extends StateBase {
  status: 'APPLIED';
  decision: Decision;
  applyResult: ChangeResult;
  evaluationDeadline: string;
  /** The post-apply verification: IMPROVED, NO_CHANGE, WORSE (a revert is proposed), INSUFFICIENT_DATA, NOT_APPLICABLE, NOT_DUE. */
  verification?: Verification;
}

/**
 * The workflow's state, typed by phase: each phase carries exactly what it has (an APPLYING state has its
 * decision, a REVERTING one its revert request). Carried across continue-as-new in the input's `resume`.
 */
export type ApprovalState =
  | (StateBase & {
      phase: 'REVIEW';
      status: 'PENDING';
      /** People were told the auto-apply is due within the hour. */
      autoApplyNoticeSent?: boolean;
      /** The window ended on inconclusive evidence: the review goes on, with no deadline, until a person decides; why. */
      waitingForPerson?: string;
    })
  | (StateBase & { phase: 'APPLYING'; status: 'APPROVED'; decision: Decision })
  | (AppliedState & { phase: 'EVALUATION' | 'VERIFYING' })
  | (AppliedState & { phase: 'REVERTING'; revertRequest: Decision })
  | (StateBase & {
      phase: 'CLOSED';
      status: ProposalStatus;
      decision: Decision;
      applyResult?: ChangeResult;
      evaluationDeadline?: string;
      revertRequest?: Decision;
      revertResult?: ChangeResult;
      verification?: Verification;
    });

export interface ApprovalInput {
  proposalId: string;
  targetType: string;
  targetId: string;
  confidence: number;
  /** False when a guardrail (Expected Shortfall, drawdown, exposure) failed: never applied automatically. */
  autoApplicable: boolean;
  proposedBy: string;
  /**
   * The policy for the target type when the workflow started: approvers, four-eyes, auto-apply settings,
   * the review window and evaluation period (durations such as "72h"; tests use seconds).
   */
  rule: TargetPolicy;
  /** Set for an SOP proposal from a black-swan review: the policy's expedited review window applies. */
  blackSwan?: { eventId: string; severity: number };
  /** Severity behind an SOP_TEMPLATE change (1–5): above the policy's ceiling it is never auto-applied. */
  severity?: number | null;
  /** A person reverted the same change before. */
  revertedBefore: boolean;
  /** Verified outcomes of earlier proposals of the same kind. */
  trackRecord: TrackRecord;
  /** Why the evidence is inconclusive (inconclusiveEvidence): never auto-applied, and at the window's end it waits for a person instead of expiring. */
  inconclusive?: string | null;
  /** State carried across continue-as-new. */
  resume?: ApprovalState;
  /** Continue as new once history has this many events (tests); the server's suggestion otherwise. */
  continueAsNewAfterEvents?: number;
}

/** The answer of the `status` query and of every update: the state of any phase, flattened. */
export interface ApprovalStatus extends StateBase {
  proposalId: string;
  targetType: string;
  targetId: string;
  confidence: number;
  status: ProposalStatus;
  phase: ApprovalPhase;
  /** Set once the review window ended on inconclusive evidence: why the proposal waits for a person. */
  waitingForPerson?: string;
  evaluationDeadline?: string;
  /** The decision taken (during the review: accepted and about to be carried out). */
  decision?: Decision;
  revertRequest?: Decision;
  applyResult?: ChangeResult;
  revertResult?: ChangeResult;
  verification?: Verification;
}

export const approveUpdate = defineUpdate<ApprovalStatus, [DecisionPayload]>('approve');
export const rejectUpdate = defineUpdate<ApprovalStatus, [DecisionPayload]>('reject');
export const revertUpdate = defineUpdate<ApprovalStatus, [DecisionPayload]>('revert');
export const approveSignal = defineSignal<[DecisionPayload]>('approve');
export const rejectSignal = defineSignal<[DecisionPayload]>('reject');
export const revertSignal = defineSignal<[DecisionPayload]>('revert');
/** Sent by the analysis when a newer proposal replaced this one; honoured only if the database agrees. */
export const supersedeSignal = defineSignal<[DecisionPayload]>('supersede');
export const statusQuery = defineQuery<ApprovalStatus>('status');

/** The one approval workflow of a proposal: starting it twice finds the first. */
export function approvalWorkflowId(proposalId: string): string {
  return `proposal-${proposalId}`;
}

/** The typed search attributes the Temporal UI filters on (`ProposalStatus="PENDING"`). */
export function approvalSearchAttributes(input: Pick<ApprovalInput, 'targetType' | 'targetId' | 'confidence'>, status: ProposalStatus): SearchAttributePair[] {
  return [
    { key: ProposalStatusKey, value: status },
    { key: TargetTypeKey, value: input.targetType },
    { key: TargetIdKey, value: input.targetId },
    { key: ConfidenceKey, value: input.confidence },
  ];
}

/**
 * The review window and evaluation period in milliseconds: the rule's, or its black-swan window for an
 * expedited review. A malformed duration (which the policy's validation prevents) fails the workflow.
 *
 * @example
 * approvalTimings({ ...input, rule: { ...rule, review_window: '5s' } }).reviewWindowMs; // 5000
 */
export function approvalTimings(input: Pick<ApprovalInput, 'rule' | 'blackSwan'>): { reviewWindowMs: number; evaluationPeriodMs: number } {
  const review = input.blackSwan ? input.rule.black_swan.review_window : input.rule.review_window;
  const reviewWindowMs = parseDurationMs(review);
  const evaluationPeriodMs = parseDurationMs(input.rule.evaluation_period);
  if (reviewWindowMs === null || evaluationPeriodMs === null) {
    throw ApplicationFailure.nonRetryable(
      `malformed durations in the policy rule: review ${review}, evaluation ${input.rule.evaluation_period}`,
      'InvalidPolicy',
    );
  }
  return { reviewWindowMs, evaluationPeriodMs };
}

const MAX_BY_LENGTH = 128;
const MAX_REASON_LENGTH = 2_000;

const SIGNATURE_FIELDS = ['proposal_id', 'action', 'issued_at', 'nonce', 'key_id', 'signature'] as const;
const MAX_SIGNATURE_FIELD_LENGTH = 256;

/**
 * Checks a message's payload without trusting it: a JSON object with a non-empty `by` and an optional
 * string `reason`. Returns the request, or the reason it is malformed.
 *
 * @example
 * parseDecisionRequest({ by: 'alice', reason: 'ok' }); // { request: { by: 'alice', reason: 'ok' } }
 * parseDecisionRequest('alice'); // { refusal: 'malformed payload: expected {"by": "<name>", "reason": "<text>"}' }
 */
export function parseDecisionRequest(raw: unknown): { request: DecisionRequest } | { refusal: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { refusal: 'malformed payload: expected {"by": "<name>", "reason": "<text>"}' };
  }
  const { by, reason } = raw as Record<string, unknown>;
  if (typeof by !== 'string' || by.trim() === '') return { refusal: 'malformed payload: "by" must be a non-empty string' };
  if (by.length > MAX_BY_LENGTH) return { refusal: `malformed payload: "by" is longer than ${MAX_BY_LENGTH} characters` };
  if (reason !== undefined && typeof reason !== 'string') return { refusal: 'malformed payload: "reason" must be a string' };
  if (typeof reason === 'string' && reason.length > MAX_REASON_LENGTH) {
    return { refusal: `malformed payload: "reason" is longer than ${MAX_REASON_LENGTH} characters` };
  }
  const request: DecisionRequest = { by: by.trim(), reason: reason ?? '' };
  if (!('signature' in raw)) return { request };
  const signed: Partial<Record<keyof DecisionSignature, string>> = {};
  for (const field of SIGNATURE_FIELDS) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value !== 'string' || value === '' || value.length > MAX_SIGNATURE_FIELD_LENGTH) {
      return { refusal: `malformed payload: "${field}" of a signed decision must be a non-empty string` };
    }
    signed[field] = value;
  }
  return { request: { ...request, signed: signed as DecisionSignature } };
}
