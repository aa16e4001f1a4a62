/**
 * Post-apply verification, the pure part: the before and after windows of an applied change, the
 * verdict on its realised effect against the expected one (a Welch test on the two windows' summary
 * statistics, which PostgreSQL computes), and the revert proposal for a change that made things worse.
 */
import { z } from 'zod';
import { studentTPValue } from '../analysis/stats/alternative.js';
import { studentTInterval } from '../analysis/stats/t-interval.js';
import type { TargetType } from './target-types.js';
import { proposalConfidence, type RunContext } from './confidence.js';
import { changedFields, diffConfigs } from './diff.js';
import type { ProposalDraft } from './draft.js';
import type { Evidence } from './evidence.js';
import { type ExpectedImpact, expectedImpactSchema } from './expected-impact.js';
import { evaluateGuardrails } from './guardrails.js';
import { changeKey, dedupeKey } from './keys.js';
import type { ConfigSnapshot } from './live-configs.js';
import { type Policy, policyForTarget } from './policy.js';
import { parseDurationMs } from './policy-rules.js';
import { deterministicRationale } from './rationale.js';

export const VERIFICATION_OUTCOMES = ['IMPROVED', 'NO_CHANGE', 'WORSE', 'INSUFFICIENT_DATA'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** Count, mean and sample variance (ddof 1) of a metric's rows in one window. */
export interface SampleSummary {
  n: number;
  mean: number | null;
  variance: number | null;
}

export interface VerificationSettings {
  /** Fewest rows each window needs for a verdict. */
  minSample: number;
  /** Two-sided level at which a change counts as IMPROVED or WORSE rather than NO_CHANGE. */
  alpha: number;
}

export const DEFAULT_VERIFICATION_SETTINGS: VerificationSettings = { minSample: 30, alpha: 0.05 };

export interface RealisedEffect {
  metric: ExpectedImpact['metric'];
  before: SampleSummary;
  after: SampleSummary;
  /** after − before, in the metric's units. */
  delta: number | null;
  /** 95 % interval of delta. */
  ci: [number, number] | null;
  p: number | null;
  /** delta signed so that positive means better in the expected direction. */
  improvement: number | null;
}

export interface VerificationWindows {
  before: { start: Date; end: Date };
  after: { start: Date; end: Date };
  /** When the evaluation period ends: no verdict before. */
  dueAt: Date;
}

/**
 * The windows compared: the evaluation period before the apply and the one after it.
 *
 * @example
 * verificationWindows(new Date('2025-01-01T00:00:00Z'), '14d').dueAt; // 2025-01-15T00:00:00Z
 */
export function verificationWindows(appliedAt: Date, evaluationPeriod: string): VerificationWindows {
  const period = parseDurationMs(evaluationPeriod);
  if (period === null) throw new Error(`malformed evaluation period ${JSON.stringify(evaluationPeriod)}`);
  const at = appliedAt.getTime();
  return {
    before: { start: new Date(at - period), end: appliedAt },
    after: { start: appliedAt, end: new Date(at + period) },
    dueAt: new Date(at + period),
  };
}

/**
 * Welch's test of mean(after) − mean(before) from summary statistics (the formula of
 * analysis/stats/welch-t-test.ts, which needs the raw values): t = Δ / √(s²_a/n_a + s²_b/n_b) with
 * Welch–Satterthwaite degrees of freedom.
 */
function welchFromSummaries(after: Required<SampleSummary>, before: Required<SampleSummary>): { delta: number; ci: [number, number]; p: number } {
  const delta = (after.mean as number) - (before.mean as number);
  const va = (after.variance as number) / after.n;
  const vb = (before.variance as number) / before.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { delta, ci: [delta, delta], p: delta === 0 ? 1 : 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (after.n - 1) + vb ** 2 / (before.n - 1));
  return { delta, ci: studentTInterval(delta, se, df, 0.95), p: studentTPValue(delta / se, df, 'two-sided') };
}

/**
 * The verdict on an applied change: INSUFFICIENT_DATA when either window has fewer than
 * `minSample` rows; otherwise IMPROVED or WORSE when the change of the metric is significant at
 * `alpha` in, or against, the expected direction, else NO_CHANGE.
 *
 * @example
 * judgeVerification(impact, { n: 400, mean: -0.002, variance: 1e-4 }, { n: 380, mean: 0.001, variance: 1e-4 });
 * // { outcome: 'IMPROVED', realised: { delta: 0.003, p: 0.00003, … } }
 */
export function judgeVerification(
  expected: ExpectedImpact,
  before: SampleSummary,
  after: SampleSummary,
  settings: VerificationSettings = DEFAULT_VERIFICATION_SETTINGS,
): { outcome: VerificationOutcome; realised: RealisedEffect } {
  const empty: RealisedEffect = { metric: expected.metric, before, after, delta: null, ci: null, p: null, improvement: null };
  const usable = (s: SampleSummary) => s.n >= settings.minSample && s.mean !== null && s.variance !== null;
  if (expected.direction === 'none' || !usable(before) || !usable(after)) return { outcome: 'INSUFFICIENT_DATA', realised: empty };
  const { delta, ci, p } = welchFromSummaries(after as Required<SampleSummary>, before as Required<SampleSummary>);
  const improvement = expected.direction === 'increase' ? delta : -delta;
  const outcome: VerificationOutcome = p < settings.alpha ? (improvement > 0 ? 'IMPROVED' : 'WORSE') : 'NO_CHANGE';
  return { outcome, realised: { ...empty, delta, ci, p, improvement } };
}

/** The applied proposal a revert proposal undoes (the columns it needs). */
export interface AppliedProposal {
  proposal_id: string;
  target_type: TargetType;
  target_id: string;
  kind: string;
  current_config_snapshot_json: ConfigSnapshot;
  expected_impact_json: ExpectedImpact;
}

/**
 * The REVERT proposal for an applied change whose verification came out WORSE: from the live
 * version the apply created back to the proposal's snapshot. Its confidence treats the verification
 * as one observational finding (n = the smaller window, its p-value, no regime information).
 *
 * @example
 * const draft = revertDraft(original, live, realised, policy);
 */
export function revertDraft(original: AppliedProposal, live: ConfigSnapshot & { config_version_id: string }, realised: RealisedEffect, policy: Policy): ProposalDraft {
  const restored = original.current_config_snapshot_json.config_json as Record<string, unknown>;
  const diff = diffConfigs(live.config_json, restored);
  const rule = policyForTarget(policy, original.target_type);
  const summary = `revert ${original.kind} proposal ${original.proposal_id} on ${original.target_type} ${original.target_id}: its verification found it made things worse`;
  const n = Math.min(realised.before.n, realised.after.n);
  const finding = {
    id: `VERIFICATION:${original.proposal_id}`,
    kind: 'VERIFICATION_WORSE',
    subject: { proposal_id: original.proposal_id },
    metric: `${realised.metric}_change`,
    n,
    effect: realised.improvement ?? 0,
    ci: realised.ci ?? [0, 0],
    ci_level: 0.95,
    p: realised.p ?? 1,
    q: realised.p ?? 1,
    value: realised.after.mean ?? 0,
    baseline: realised.before.mean ?? 0,
    regimes_covered: [],
    provenance: 'LIVE',
    observational: true,
    extra: {},
  };
  // The verification compares one before/after pair: nothing to shrink towards, and no data-quality score.
  const run: RunContext = { dataQualityScore: null, priors: {}, windowToEvaluation: null };
  const confidence = proposalConfidence([finding], run);
  const guardrails = evaluateGuardrails({ targetType: original.target_type, diff, strategies: [], risk: {}, limits: policy.guardrails, maxChangeMagnitude: Number.POSITIVE_INFINITY });
  const autoApplicable = rule.auto_apply && guardrails.pass && confidence.value >= rule.min_confidence;
  const before = original.expected_impact_json;
  const impact: ExpectedImpact = { ...before, baseline: realised.after.mean, expected: realised.before.mean, description: `back to the config before ${original.proposal_id}` };
  const evidence: Evidence = {
    analysis_run_id: null,
    window: null,
    findings: [finding],
    data_quality: null,
    tests: 1,
    fdr_level: null,
    summary,
    changed_fields: changedFields(diff),
    reverts_proposal_id: original.proposal_id,
    verification: realised,
  };
  return {
    target_type: original.target_type,
    target_id: original.target_id,
    kind: 'REVERT',
    current_config_snapshot_json: { config_version_id: live.config_version_id, version_no: live.version_no, config_json: live.config_json },
    proposed_config_json: restored,
    diff_json: diff,
    evidence_json: evidence,
    expected_impact_json: impact,
    confidence: confidence.value,
    confidence_json: confidence,
    guardrails_json: guardrails,
    auto_applicable: autoApplicable,
    dedupe_key: dedupeKey('REVERT', original.target_type, original.target_id, live.config_version_id, restored),
    change_key: changeKey(original.target_type, original.target_id, diff),
    deterministic_rationale_text: deterministicRationale({
      summary,
      kind: 'REVERT',
      target_type: original.target_type,
      target_id: original.target_id,
      snapshot: live,
      diff,
      evidence,
      impact,
      confidence,
      guardrails,
      auto_applicable: autoApplicable,
    }),
    proposed_by: 'kronos',
  };
}

const sampleSummarySchema = z.object({ n: z.number(), mean: z.number().nullable(), variance: z.number().nullable() });

/** A stored verification's realised effect (meta_verifications.realised_json) with the revert it proposed. */
export const storedRealisedSchema: z.ZodType<RealisedEffect & { revert_proposal_id: string | null }> = z.object({
  metric: expectedImpactSchema.shape.metric,
  before: sampleSummarySchema,
  after: sampleSummarySchema,
  delta: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  p: z.number().nullable(),
  improvement: z.number().nullable(),
  revert_proposal_id: z.string().nullable(),
});
