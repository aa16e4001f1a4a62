/**
 * Post-apply verification, the pure part: the before and after windows of an applied change, the
 * sequential verdict on its realised effect (a normal-mixture SPRT, analysis/stats/mixture-sprt.ts, on
 * the metric's daily means after the apply against the period before it, with its guardrail metrics
 * watched the same way for harm), and the revert proposal for a change that made things worse.
 * docs/policy.md#verification gives the test and its guarantees.
 */
import { sampleMean, sampleVariance } from '../analysis/stats/sample-moments.js';
import { type SequentialDecision, type SequentialLook, sequentialDecision } from '../analysis/stats/mixture-sprt.js';
import { z } from 'zod';
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

/** NO_CHANGE is the fixed-horizon verdict of verifications stored before the sequential test; new ones end INCONCLUSIVE. */
export const VERIFICATION_OUTCOMES = ['IMPROVED', 'INCONCLUSIVE', 'NO_CHANGE', 'WORSE', 'INSUFFICIENT_DATA'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** Count, mean and sample variance (ddof 1) of a metric's bucket means (days) in one window. */
export interface SampleSummary {
  n: number;
  mean: number | null;
  variance: number | null;
}

export interface VerificationSettings {
  /** Fewest buckets (days) each window needs before any look. */
  minBuckets: number;
  /** Level of the whole verdict: the chance that a change that changed nothing is ever called IMPROVED or WORSE, or breaches a guardrail. */
  alpha: number;
}

export const DEFAULT_VERIFICATION_SETTINGS: VerificationSettings = { minBuckets: 5, alpha: 0.05 };

/** The metric's value per bucket, in time order. */
export type BucketSeries = number[];

/** A guardrail metric: its buckets before and after, and which direction of change is harm. */
export interface GuardrailSeries {
  metric: string;
  harm: 'increase' | 'decrease';
  before: BucketSeries;
  after: BucketSeries;
}

/** What the sequential test found on one metric. */
export interface SequentialResult {
  before: SampleSummary;
  after: SampleSummary;
  /** Buckets after the apply at the look the result rests on (the crossing, or the last). */
  looks: number;
  /** mean(after) − mean(before) at that look, in the metric's units. */
  delta: number | null;
  /** The always-valid 95 %-level (1 − its α) confidence sequence of delta at that look. */
  ci: [number, number] | null;
  /** The always-valid p-value. */
  p: number | null;
  /** True when the test crossed its boundary (a conclusion before or at the end of the period). */
  crossed: boolean;
}

export interface GuardrailCheck extends SequentialResult {
  metric: string;
  harm: GuardrailSeries['harm'];
  breached: boolean;
}

export interface RealisedEffect extends SequentialResult {
  metric: ExpectedImpact['metric'];
  /** delta signed so that positive means better in the expected direction. */
  improvement: number | null;
  /** A conclusion before the end of the evaluation period. */
  early: boolean;
  guardrails: GuardrailCheck[];
}

export interface VerificationWindows {
  before: { start: Date; end: Date };
  after: { start: Date; end: Date };
  /** When the evaluation period ends: INCONCLUSIVE then if nothing was concluded. */
  dueAt: Date;
  /** The length of one bucket: a day, or a seventh of a period shorter than a week. */
  bucketMs: number;
}

const DAY_MS = 86_400_000;
/** A period shorter than this many days is cut into this many buckets instead of days. */
const MIN_BUCKETS_PER_PERIOD = 7;

/**
 * The windows compared: the evaluation period before the apply and the one after it, cut into days
 * (the unit that carries the shared daily market move, so observations within a day are not counted as independent).
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
    bucketMs: Math.min(DAY_MS, period / MIN_BUCKETS_PER_PERIOD),
  };
}

function summary(values: number[]): SampleSummary {
  return { n: values.length, mean: values.length ? sampleMean(values) : null, variance: values.length > 1 ? sampleVariance(values, 1) : null };
}

/**
 * The looks of the two-sample test after each bucket: mean(after[0..k]) − mean(before) with the pooled
 * bucket variance s² (1/k + 1/m), from the `minBuckets`-th bucket on.
 */
export function sequentialLooks(before: BucketSeries, after: BucketSeries, minBuckets: number): SequentialLook[] {
  const m = before.length;
  if (m < Math.max(2, minBuckets)) return [];
  const baseline = sampleMean(before);
  const looks: SequentialLook[] = [];
  for (let k = Math.max(2, minBuckets); k <= after.length; k += 1) {
    const prefix = after.slice(0, k);
    const pooled = ((m - 1) * sampleVariance(before, 1) + (k - 1) * sampleVariance(prefix, 1)) / (m + k - 2);
    looks.push({ estimate: sampleMean(prefix) - baseline, variance: pooled * (1 / k + 1 / m) });
  }
  return looks;
}

/**
 * The mixing variance τ² of the test: the effect the proposal expects, squared, and at least the
 * variance of one bucket (a day). A mixture as narrow as the period mean's own noise would need a
 * very large z to cross at the early looks; one bucket's variance puts the boundary's tightest part
 * within the first weeks, where an early call on harm matters (Johari et al. 2017, section 4).
 */
export function mixingVariance(before: BucketSeries, expectedEffect: number | null): number {
  const floor = before.length > 1 ? sampleVariance(before, 1) : 0;
  const expected = expectedEffect !== null && Number.isFinite(expectedEffect) ? expectedEffect * expectedEffect : 0;
  return Math.max(expected, floor, Number.MIN_VALUE);
}

function sequentialResult(before: BucketSeries, after: BucketSeries, expectedEffect: number | null, alpha: number, minBuckets: number): SequentialResult {
  const looks = sequentialLooks(before, after, minBuckets);
  const decision: SequentialDecision = sequentialDecision(looks, mixingVariance(before, expectedEffect), alpha);
  // Look i rests on the first firstLook + i buckets after the apply.
  const firstLook = Math.max(2, minBuckets);
  const lookCount = looks.length === 0 ? 0 : decision.crossedAt === null ? after.length : firstLook + decision.crossedAt;
  return {
    before: summary(before),
    after: summary(lookCount ? after.slice(0, lookCount) : after),
    looks: lookCount,
    delta: decision.look?.estimate ?? null,
    ci: decision.ci,
    p: looks.length ? decision.p : null,
    crossed: decision.crossedAt !== null,
  };
}

/**
 * The verdict on an applied change so far. WORSE as soon as the primary metric crosses the boundary
 * against the expected direction or a guardrail crosses it in its harm direction; IMPROVED when the
 * primary metric crosses it in the expected direction; otherwise NOT_DUE while the period runs and
 * INCONCLUSIVE at its end (INSUFFICIENT_DATA when too few buckets were ever seen). The level α is
 * split evenly between the primary metric and the guardrails (Bonferroni), each test always valid.
 *
 * @example
 * judgeSequential(impact, daysBefore, daysSoFar, { final: false, guardrails: [] }).outcome; // 'NOT_DUE' or 'WORSE' / 'IMPROVED'
 */
export function judgeSequential(
  expected: ExpectedImpact,
  before: BucketSeries,
  after: BucketSeries,
  { final, guardrails, settings = DEFAULT_VERIFICATION_SETTINGS }: { final: boolean; guardrails: GuardrailSeries[]; settings?: VerificationSettings },
): { outcome: VerificationOutcome | 'NOT_DUE'; realised: RealisedEffect } {
  const alpha = settings.alpha / (1 + guardrails.length);
  const expectedEffect = expected.expected !== null && expected.baseline !== null ? expected.expected - expected.baseline : null;
  const primary = sequentialResult(before, after, expectedEffect, alpha, settings.minBuckets);
  const sign = expected.direction === 'decrease' ? -1 : 1;
  const checks: GuardrailCheck[] = guardrails.map((g) => {
    const result = sequentialResult(g.before, g.after, null, alpha, settings.minBuckets);
    const harmful = result.delta !== null && (g.harm === 'increase' ? result.delta > 0 : result.delta < 0);
    return { metric: g.metric, harm: g.harm, ...result, breached: result.crossed && harmful };
  });
  const improvement = primary.delta === null ? null : sign * primary.delta;
  const realised: RealisedEffect = { metric: expected.metric, ...primary, improvement, early: !final, guardrails: checks };
  if (expected.direction === 'none') return { outcome: 'INSUFFICIENT_DATA', realised };
  if ((primary.crossed && (improvement ?? 0) < 0) || checks.some((c) => c.breached)) return { outcome: 'WORSE', realised };
  if (primary.crossed) return { outcome: 'IMPROVED', realised };
  if (!final) return { outcome: 'NOT_DUE', realised };
  return { outcome: primary.looks === 0 ? 'INSUFFICIENT_DATA' : 'INCONCLUSIVE', realised };
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
export function revertDraft(
  original: AppliedProposal,
  live: ConfigSnapshot & { config_version_id: string },
  realised: RealisedEffect,
  policy: Policy,
): ProposalDraft {
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
  const run: RunContext = { dataQualityScore: null, priors: {}, windowToEvaluation: null, histories: null };
  const confidence = proposalConfidence([finding], run);
  const guardrails = evaluateGuardrails({
    targetType: original.target_type,
    diff,
    strategies: [],
    risk: {},
    limits: policy.guardrails,
    maxChangeMagnitude: Number.POSITIVE_INFINITY,
  });
  const autoApplicable = rule.auto_apply && guardrails.pass && confidence.value >= rule.min_confidence;
  const before = original.expected_impact_json;
  const impact: ExpectedImpact = {
    ...before,
    baseline: realised.after.mean,
    expected: realised.before.mean,
    description: `back to the config before ${original.proposal_id}`,
  };
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
// Verdicts stored before the sequential test (one fixed-horizon look, no guardrails) read as one uncrossed look.
const sequentialResultShape = {
  before: sampleSummarySchema,
  after: sampleSummarySchema,
  looks: z.number().default(1),
  delta: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  p: z.number().nullable(),
  crossed: z.boolean().default(false),
};
export const storedRealisedSchema: z.ZodType<RealisedEffect & { revert_proposal_id: string | null }> = z.object({
  ...sequentialResultShape,
  metric: expectedImpactSchema.shape.metric,
  improvement: z.number().nullable(),
  early: z.boolean().default(false),
  guardrails: z.array(z.object({ ...sequentialResultShape, metric: z.string(), harm: z.enum(['increase', 'decrease']), breached: z.boolean() })).default([]),
  revert_proposal_id: z.string().nullable(),
});
