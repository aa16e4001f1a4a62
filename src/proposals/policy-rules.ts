/**
 * The policy's decisions as pure functions over plain data: who may approve, and whether a proposal
 * may be applied automatically. This file imports nothing, so the approval workflow's update
 * validators (which run in the deterministic workflow sandbox) use exactly the same rules as the API
 * and the CLI.
 */

/** The policy for one target type, with the policy-wide black-swan settings beside it. */
export interface TargetPolicy {
  auto_apply: boolean;
  /** Lowest confidence (a probability of improvement) at which a proposal may be applied without a person. */
  min_confidence: number;
  /**
   * Smallest expected gain in account currency per week (evidence_json.impact_estimate) for an auto-apply;
   * a proposal without a money estimate cannot meet a positive minimum. Absent: no minimum.
   */
  min_expected_gain_per_week?: number;
  /** Largest relative change of a numeric config value one proposal may make (0.25 = ±25 %). */
  max_change_magnitude: number;
  /** How long people have to decide before the proposal is auto-applied or expires, e.g. "72h". */
  review_window: string;
  /** How long an applied change runs before its effect is verified, e.g. "14d". */
  evaluation_period: string;
  /** Identities allowed to approve or reject; "*" allows anyone. */
  approvers: string[];
  /** Whoever proposed a change may not approve it. */
  four_eyes: boolean;
  /**
   * `signed`: only decisions signed by a registered key count (the name is proven); `claimed`: the name
   * in the message is taken as given and marked unverified. Absent in workflows started before it existed: claimed.
   */
  identity?: 'signed' | 'claimed';
  /** The verified record this kind of proposal needs before it is applied automatically. */
  require_track_record: { min_verified: number; min_hit_rate: number };
  black_swan: { review_window: string; max_auto_apply_severity: number };
}

/** Verified outcomes of applied proposals of one kind. */
export interface TrackRecord {
  /** Verifications with a verdict (IMPROVED, INCONCLUSIVE, the earlier NO_CHANGE, or WORSE). */
  verified: number;
  improved: number;
  /** improved / verified; null before the first verdict. */
  hit_rate: number | null;
}

/** What the auto-apply decision needs to know about one proposal. */
export interface AutoApplyFacts {
  confidence: number;
  /** False when a guardrail failed (the proposal is then never applied automatically). */
  autoApplicable: boolean;
  /** The same change to the same target was reverted before. */
  revertedBefore: boolean;
  trackRecord: TrackRecord;
  /** Why the evidence is inconclusive (inconclusiveEvidence), or absent/null when it is not: then the proposal waits for a person. */
  inconclusive?: string | null;
}

/** The part of a proposal's expected impact (evidence_json.impact_estimate) that says whether it is conclusive. */
export interface ImpactInterval {
  metric: string;
  change_ci: [number, number];
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration such as "72h", "30m", "14d", "1.5s" or "250ms" in milliseconds; null when malformed.
 *
 * @example
 * parseDurationMs('72h'); // 259200000
 */
export function parseDurationMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * DURATION_UNITS_MS[match[2]];
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

function missingIdentity(by: string): string | null {
  return typeof by !== 'string' || by.trim() === '' ? 'the identity of whoever decides is missing' : null;
}

function notAnApprover(rule: TargetPolicy, by: string): string | null {
  return rule.approvers.includes('*') || rule.approvers.includes(by) ? null : `${by} is not an allowed approver for this target type`;
}

function refuseDecision(rule: TargetPolicy, status: string, by: string): string | null {
  return missingIdentity(by) ?? (status !== 'PENDING' ? `the proposal is already ${status}` : notAnApprover(rule, by));
}

/**
 * Why `by` may not approve the proposal, or null when the approval is allowed. Refused: a missing
 * identity, a proposal no longer PENDING, an identity not among the approvers, and under the
 * four-eyes rule the proposer approving their own change.
 *
 * @example
 * refuseApproval(rule, { proposedBy: 'alice', status: 'PENDING' }, 'alice');
 * // 'alice proposed this change and may not approve it (four-eyes rule)'
 */
export function refuseApproval(rule: TargetPolicy, proposal: { proposedBy: string; status: string }, by: string): string | null {
  const refused = refuseDecision(rule, proposal.status, by);
  if (refused) return refused;
  if (rule.four_eyes && by === proposal.proposedBy) return `${by} proposed this change and may not approve it (four-eyes rule)`;
  return null;
}

/**
 * Why `by` may not reject the proposal, or null. The same checks as an approval except four-eyes:
 * a proposer may withdraw their own change.
 *
 * @example
 * refuseRejection(rule, { proposedBy: 'kronos', status: 'APPLIED' }, 'bob'); // 'the proposal is already APPLIED'
 */
export function refuseRejection(rule: TargetPolicy, proposal: { proposedBy: string; status: string }, by: string): string | null {
  return refuseDecision(rule, proposal.status, by);
}

/**
 * Why `by` may not revert the proposal, or null: a missing identity, a proposal that is not APPLIED, an
 * identity not among the approvers. Anyone allowed to decide may revert, the proposer too (four-eyes
 * guards a change going live, not one being undone).
 *
 * @example
 * refuseRevert(rule, { status: 'REJECTED' }, 'bob'); // 'the proposal is REJECTED, not APPLIED: nothing to revert'
 */
export function refuseRevert(rule: TargetPolicy, proposal: { status: string }, by: string): string | null {
  return (
    missingIdentity(by) ?? (proposal.status !== 'APPLIED' ? `the proposal is ${proposal.status}, not APPLIED: nothing to revert` : notAnApprover(rule, by))
  );
}

/**
 * Why a proposal's evidence is inconclusive, or null when it is not: the 95 % interval of its expected
 * change straddles zero (the evidence does not tell whether the change helps or harms its target metric).
 * A proposal without an impact estimate (it moves nothing live, e.g. an experiment) is not judged here.
 *
 * @example
 * inconclusiveEvidence({ metric: 'mean_return', change_ci: [-0.001, 0.004] });
 * // 'the 95 % interval of the expected mean_return change, [-0.001, 0.004], includes zero'
 */
export function inconclusiveEvidence(impact: ImpactInterval | null | undefined): string | null {
  if (!impact) return null;
  const [low, high] = impact.change_ci;
  if (!(low <= 0 && high >= 0)) return null;
  return `the 95 % interval of the expected ${impact.metric} change, [${low.toPrecision(3)}, ${high.toPrecision(3)}], includes zero`;
}

/**
 * Whether a proposal whose review window ended without a decision is applied automatically, and why.
 * All must hold: auto-apply allowed for the target type, no failed guardrail, conclusive evidence, confidence at least
 * the minimum, the same change never reverted before, the kind's verified track record good enough,
 * and (for a black-swan review) the event's severity at most the policy's auto-apply ceiling.
 *
 * @example
 * autoApplyDecision(rule, { confidence: 0.8, autoApplicable: true, revertedBefore: false,
 *   trackRecord: { verified: 0, improved: 0, hit_rate: null } });
 * // { apply: true, reason: 'confidence 0.800 ≥ 0.600, guardrails pass, track record 0/0' }
 */
export function autoApplyDecision(rule: TargetPolicy, facts: AutoApplyFacts, severity?: number | null): { apply: boolean; reason: string } {
  const record = facts.trackRecord;
  const refuse = (reason: string) => ({ apply: false, reason });
  if (!rule.auto_apply) return refuse('auto-apply is off for this target type');
  if (!facts.autoApplicable) return refuse('a guardrail failed: the proposal needs a person');
  if (facts.inconclusive) return refuse(`the evidence is inconclusive (${facts.inconclusive}): the proposal waits for a person`);
  if (!(facts.confidence >= rule.min_confidence)) {
    return refuse(`confidence ${facts.confidence.toFixed(3)} is below the minimum ${rule.min_confidence.toFixed(3)}`);
  }
  if (facts.revertedBefore) return refuse('the same change was reverted before');
  if (record.verified < rule.require_track_record.min_verified) {
    return refuse(`only ${record.verified} verified outcomes of this kind; the policy needs ${rule.require_track_record.min_verified}`);
  }
  if (record.hit_rate !== null && record.hit_rate < rule.require_track_record.min_hit_rate) {
    return refuse(`the hit rate of this kind is ${record.hit_rate.toFixed(3)}, below ${rule.require_track_record.min_hit_rate.toFixed(3)}`);
  }
  if (severity !== undefined && severity !== null && !(severity <= rule.black_swan.max_auto_apply_severity)) {
    return refuse(`black-swan severity ${severity} is above the auto-apply ceiling ${rule.black_swan.max_auto_apply_severity}`);
  }
  return {
    apply: true,
    reason: `confidence ${facts.confidence.toFixed(3)} ≥ ${rule.min_confidence.toFixed(3)}, guardrails pass, track record ${record.improved}/${record.verified}`,
  };
}
