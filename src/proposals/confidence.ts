/**
 * The confidence of a proposal: the probability that the change improves its target metric, from the
 * finding's shrunk effect and its posterior uncertainty, discounted by what the evidence measured about
 * its robustness and the adequacy of its data. docs/confidence.md gives the formula and worked numbers;
 * the parts are stored beside the value (confidence_json) so a reviewer sees how it was made, and what
 * was not measured is named there rather than replaced by a constant.
 *
 *   confidence = P(the effect realised over the evaluation period has the claimed sign) × robustness × adequacy × selection
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { type ShrinkagePrior, shrinkEstimate } from '../analysis/stats/normal-shrinkage.js';
import { type EvidenceFinding, extraNumber } from './evidence.js';
import { type HypothesisHistory, selectionFactor } from './hypothesis-ledger.js';
import { effectStandardError } from './shrinkage.js';

/** What the confidence reads from a finding (a Finding, or the stored copy in a proposal's evidence). */
export type ConfidenceInput = Pick<EvidenceFinding, 'id' | 'kind' | 'n' | 'effect' | 'ci' | 'ci_level' | 'p' | 'provenance' | 'observational' | 'extra'>;

/** Data-quality score below which the evidence counts as unusable (Kayenta: half the data missing). */
export const MIN_DATA_QUALITY = 0.5;

/** What the whole run contributes to every finding's confidence. */
export interface RunContext {
  /** DataQuality.score of the run; null when the evidence has none (it is then left out). */
  dataQualityScore: number | null;
  /** The shrinkage prior of each finding kind, fitted on the run's tested cells of that kind (shrinkage.ts). */
  priors: Record<string, ShrinkagePrior | null>;
  /**
   * Length of the evidence's window over the evaluation period's (both in days): the realised effect over
   * the evaluation period is measured on that many times fewer observations, so its sampling variance is
   * the finding's times this ratio. Null when unknown: the probability is then of the true effect's sign.
   */
  windowToEvaluation: number | null;
  /** Each finding's earlier tests in the hypothesis ledger, by finding id; null when no ledger was read (selection is then left out). */
  histories: Record<string, HypothesisHistory> | null;
}

export interface ConfidenceComponent {
  value: number;
  detail: string;
}

/** The finding's effect before and after shrinkage, in the units of its metric. */
export interface ShrunkEffect {
  raw: number;
  raw_se: number;
  shrunk: number;
  shrunk_sd: number;
  /** The share of the pull towards the kind's mean (0: raw kept). */
  shrinkage: number;
  /** The prior it was shrunk with: cells of the kind, their mean and between-cell variance; null when too few cells. */
  prior: { k: number; mean: number; tau2: number } | null;
  /** sd of the effect realised over the evaluation period: the posterior sd and that period's sampling noise. */
  predictive_sd: number;
}

export interface ConfidenceBreakdown {
  value: number;
  /** The finding whose confidence this is (for a proposal: the weakest finding behind it). */
  finding_id: string;
  effect: ShrunkEffect;
  components: {
    /** P(the effect realised over the evaluation period has the sign the finding claims), from the shrunk effect and its predictive sd. */
    probability: ConfidenceComponent;
    robustness: ConfidenceComponent;
    adequacy: ConfidenceComponent;
    /** The share left after charging the tries of the same hypothesis in earlier runs (hypothesis-ledger.ts). */
    selection: ConfidenceComponent;
  };
  /** The finding's hypothesis in earlier runs; absent when no ledger was read. */
  history?: HypothesisHistory;
  /** What the evidence did not measure, left out of the value (never replaced by a constant). */
  not_measured: string[];
  /** For a proposal built from several findings: each one's confidence. */
  per_finding?: { finding_id: string; value: number }[];
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The finding's effect shrunk with its kind's prior.
 *
 * @example
 * shrunkEffect(finding, priors).shrunk; // −0.0076 for a raw −0.01 among cells of mean −0.00175
 */
export function shrunkEffect(f: ConfidenceInput, ctx: Pick<RunContext, 'priors' | 'windowToEvaluation'>): ShrunkEffect {
  const se = effectStandardError(f);
  const prior = ctx.priors[f.kind] ?? null;
  const post = Number.isFinite(se) ? shrinkEstimate(f.effect, se, prior) : { mean: f.effect, sd: NaN, shrinkage: 0 };
  return {
    raw: f.effect,
    raw_se: se,
    shrunk: post.mean,
    shrunk_sd: post.sd,
    shrinkage: post.shrinkage,
    prior: prior ? { k: prior.k, mean: prior.mean, tau2: prior.tau2 } : null,
    predictive_sd: Math.sqrt(post.sd ** 2 + (ctx.windowToEvaluation === null ? 0 : se ** 2 * ctx.windowToEvaluation)),
  };
}

function probabilityOf(effect: ShrunkEffect, ctx: RunContext, notMeasured: string[]): ConfidenceComponent {
  const claimed = Math.sign(effect.raw);
  if (!(effect.predictive_sd > 0)) return { value: 0, detail: 'the effect has no standard error (no interval and no p-value below 1)' };
  if (ctx.windowToEvaluation === null) notMeasured.push("the evaluation period's own noise: its length against the evidence window is unknown");
  const value = normalCdf((claimed * effect.shrunk) / effect.predictive_sd, 0, 1);
  const pooled = effect.prior
    ? `shrunk from ${effect.raw.toPrecision(3)} by ${(effect.shrinkage * 100).toFixed(0)} % towards the mean ${effect.prior.mean.toPrecision(3)} of ${effect.prior.k} cells of its kind`
    : `raw ${effect.raw.toPrecision(3)}, not shrunk (too few cells of its kind)`;
  const horizon = ctx.windowToEvaluation === null ? '' : ` over the evaluation period (window / evaluation period = ${ctx.windowToEvaluation.toPrecision(3)})`;
  return {
    value,
    detail: `P(realised effect ${claimed < 0 ? '< 0' : '> 0'}${horizon}) from ${effect.shrunk.toPrecision(3)} ± ${effect.predictive_sd.toPrecision(3)} (${pooled})`,
  };
}

/** The robustness measures a finding may carry, each a share in [0, 1] where 1 is robust. */
const ROBUSTNESS_MEASURES: { key: string; value: (x: number) => number; describe: (x: number) => string }[] = [
  { key: 'sign_consistency', value: (x) => x, describe: (x) => `same sign in ${(x * 100).toFixed(0)} % of time blocks` },
  { key: 'loo_sign_agreement', value: (x) => x, describe: (x) => `sign kept leaving out each time block in ${(x * 100).toFixed(0)} % of cases` },
  { key: 'pbo', value: (x) => 1 - x, describe: (x) => `1 − PBO = ${(1 - x).toFixed(3)}` },
];

function robustnessOf(f: ConfidenceInput, notMeasured: string[]): ConfidenceComponent {
  const measured = ROBUSTNESS_MEASURES.flatMap((m) => {
    const x = extraNumber(f, m.key);
    return x === null ? [] : [{ value: clamp01(m.value(clamp01(x))), detail: m.describe(clamp01(x)) }];
  });
  if (measured.length === 0) {
    notMeasured.push('robustness: the evidence carries no sign consistency over time blocks, leave-one-block-out or PBO');
    return { value: 1, detail: 'not measured: left out' };
  }
  return { value: measured.reduce((acc, m) => acc * m.value, 1), detail: measured.map((m) => m.detail).join('; ') };
}

function adequacyOf(ctx: RunContext, notMeasured: string[]): ConfidenceComponent {
  if (ctx.dataQualityScore === null) {
    notMeasured.push('data quality: the evidence has no data-quality score');
    return { value: 1, detail: 'not measured: left out' };
  }
  const score = clamp01(ctx.dataQualityScore);
  if (score < MIN_DATA_QUALITY) return { value: 0, detail: `data quality ${score.toFixed(3)} is below ${MIN_DATA_QUALITY}: unusable` };
  return { value: score, detail: `data quality score ${score.toFixed(3)}` };
}

function selectionOf(f: ConfidenceInput, history: HypothesisHistory | undefined, notMeasured: string[]): ConfidenceComponent {
  if (!history) {
    notMeasured.push('selection across runs: no ledger of earlier tests of this hypothesis was read');
    return { value: 1, detail: 'not measured: left out' };
  }
  if (history.earlier_tests === 0) return { value: 1, detail: 'first test of this hypothesis: no earlier tries to charge' };
  const found = `a finding in ${history.earlier_findings} of ${history.earlier_tests} earlier runs, same sign in ${history.same_sign}`;
  const data = `${history.windows_of_data.toFixed(2)} windows of distinct data`;
  return {
    value: selectionFactor(f.p, history.trials),
    detail: `tested in ${history.earlier_tests} earlier runs since ${history.first_window_start} (${found}); ${history.trials} distinct windows with this one (${data}), so (1 − p)^${history.trials - 1}`,
  };
}

/**
 * The confidence of one finding, with its shrunk effect and its components.
 *
 * @example
 * const c = findingConfidence(finding, { dataQualityScore: 1, priors: kindPriors(result) });
 * c.value; // e.g. 0.9412
 */
export function findingConfidence(finding: ConfidenceInput, ctx: RunContext): ConfidenceBreakdown {
  const notMeasured: string[] = [];
  const effect = shrunkEffect(finding, ctx);
  const history = ctx.histories?.[finding.id];
  const components = {
    probability: probabilityOf(effect, ctx, notMeasured),
    robustness: robustnessOf(finding, notMeasured),
    adequacy: adequacyOf(ctx, notMeasured),
    selection: selectionOf(finding, history, notMeasured),
  };
  if (finding.observational)
    notMeasured.push(`causality: ${finding.provenance.toLowerCase()} evidence is observational, so confounding is possible and is not priced`);
  const value = round4(clamp01(Object.values(components).reduce((acc, part) => acc * part.value, 1)));
  return { value, finding_id: finding.id, effect, components, not_measured: notMeasured, ...(history ? { history } : {}) };
}

/**
 * The confidence of a proposal resting on several findings: every part of the change must be
 * justified, so it is the weakest finding's confidence (its breakdown, plus each finding's value).
 *
 * @example
 * proposalConfidence([a, b], ctx).value === Math.min(findingConfidence(a, ctx).value, findingConfidence(b, ctx).value);
 */
export function proposalConfidence(findings: ConfidenceInput[], ctx: RunContext): ConfidenceBreakdown {
  if (findings.length === 0) throw new Error('a proposal needs at least one finding');
  const each = findings.map((f) => findingConfidence(f, ctx));
  const weakest = each.reduce((min, c) => (c.value < min.value ? c : min));
  return each.length === 1 ? weakest : { ...weakest, per_finding: each.map((c) => ({ finding_id: c.finding_id, value: c.value })) };
}
