/**
 * The confidence of a proposal, in [0, 1]: a product of components, each in [0, 1], then hard caps.
 * docs/confidence.md gives the formula, its sources and worked numbers; the components are stored
 * beside the value (confidence_json) so a reviewer sees how it was made.
 *
 *   confidence = min(caps, adequacy × strength × robustness × coverage × quality × provenance)
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { deflatedSharpeRatio } from '../analysis/stats/deflated-sharpe-ratio.js';
import { minTrackRecordLength } from '../analysis/stats/min-track-record-length.js';
import { type EvidenceFinding, extraNumber } from './evidence.js';

/** What the confidence reads from a finding (a Finding, or the stored copy in a proposal's evidence). */
export type ConfidenceInput = Pick<EvidenceFinding, 'id' | 'subject' | 'n' | 'effect' | 'ci' | 'ci_level' | 'p' | 'q' | 'regimes_covered' | 'provenance' | 'observational' | 'extra'>;

/** Tunable constants of the formula (the defaults are the documented ones). */
export interface ConfidenceSettings {
  /** Fewest observations any claim needs, whatever its minimum track record length says. */
  minSample: number;
  /** One-sided significance of the minimum track record length. */
  alpha: number;
  /** Robustness when the evidence measures neither sign consistency nor PBO. */
  unmeasuredRobustness: number;
  /** Factor for observational (live, not randomised) evidence. */
  observationalFactor: number;
  /** Data-quality score below which the evidence counts as unusable (Kayenta: half the data missing). */
  minDataQuality: number;
  /** Cap when the sample is below the minimum track record length. */
  lowDataCap: number;
  /** Cap when the probability of backtest overfitting exceeds 0.5, or q exceeds the FDR level. */
  weakEvidenceCap: number;
}

export const DEFAULT_CONFIDENCE_SETTINGS: ConfidenceSettings = {
  minSample: 30,
  alpha: 0.05,
  unmeasuredRobustness: 0.8,
  observationalFactor: 0.7,
  minDataQuality: 0.5,
  lowDataCap: 0.3,
  weakEvidenceCap: 0.2,
};

/** What the whole run contributes to every finding's confidence. */
export interface RunContext {
  /** Hypotheses tested in the run: the trial count N of the deflated Sharpe ratio. */
  tests: number;
  fdrLevel: number;
  /** DataQuality.score of the run. */
  dataQualityScore: number;
  /** Distinct regimes present in the run, K in the normalised regime entropy. */
  regimesInRun: number;
}

export interface ConfidenceComponent {
  value: number;
  detail: string;
}

export interface ConfidenceCap {
  limit: number;
  reason: string;
}

export interface ConfidenceBreakdown {
  value: number;
  /** The finding whose confidence this is (for a proposal: the weakest finding behind it). */
  finding_id: string;
  components: {
    adequacy: ConfidenceComponent;
    strength: ConfidenceComponent;
    robustness: ConfidenceComponent;
    coverage: ConfidenceComponent;
    quality: ConfidenceComponent;
    provenance: ConfidenceComponent;
  };
  caps: ConfidenceCap[];
  /** For a proposal built from several findings: each one's confidence. */
  per_finding?: { finding_id: string; value: number }[];
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Largest signal-to-noise ratio used: a p-value of 0 (an exhausted permutation test) is read as z = 8 (p ≈ 1e-15). */
const MAX_Z = 8;

/**
 * The effect's signal-to-noise ratio |effect| / se, with the standard error read from the
 * interval (half-width / z of the interval level), or, for a degenerate interval, from the
 * two-sided p-value; at most 8.
 *
 * @example
 * effectZ({ effect: -0.01, ci: [-0.0149, -0.0051], ci_level: 0.95, p: 0.0001 }); // ≈ 4.0
 */
export function effectZ(f: Pick<ConfidenceInput, 'effect' | 'ci' | 'ci_level' | 'p'>): number {
  // An interval may be absent (null after JSON) when the test gives none, e.g. a permutation test.
  const [low, high] = (f.ci ?? []) as (number | null)[];
  const halfWidth = typeof low === 'number' && typeof high === 'number' ? (high - low) / 2 : NaN;
  const zLevel = normalQuantile((1 + f.ci_level) / 2, 0, 1);
  let z = 0;
  if (halfWidth > 0 && Number.isFinite(halfWidth) && zLevel > 0) z = Math.abs(f.effect) / (halfWidth / zLevel);
  else if (f.p >= 0 && f.p < 1) z = normalQuantile(1 - f.p / 2, 0, 1);
  return Number.isNaN(z) ? 0 : Math.min(z, MAX_Z);
}

/** Skewness and raw kurtosis of the observations behind a finding, normal when the diagnostics give none. */
function shapeOf(f: ConfidenceInput): { skew: number; kurtosis: number } {
  return { skew: extraNumber(f, 'skew') ?? 0, kurtosis: extraNumber(f, 'kurtosis') ?? 3 };
}

function adequacyOf(f: ConfidenceInput, z: number, s: ConfidenceSettings): { component: ConfidenceComponent; required: number } {
  const given = extraNumber(f, 'min_trl');
  const perObservation = f.n > 0 ? z / Math.sqrt(f.n) : 0;
  const computed = minTrackRecordLength({ sharpe: perObservation, benchmark: 0, alpha: s.alpha, ...shapeOf(f) });
  // NaN: a degenerate sample shape (MinTRL undefined), so only the floor applies.
  const minTrl = given !== null && given > 0 ? given : Number.isNaN(computed) ? 0 : computed;
  const required = Math.max(s.minSample, minTrl);
  const value = clamp01(f.n / required);
  const source = given !== null && given > 0 ? 'from the diagnostics' : `from the effect's signal-to-noise ${perObservation.toFixed(4)} per observation`;
  return { component: { value, detail: `n=${f.n} against a required ${Number.isFinite(required) ? Math.ceil(required) : '∞'} (MinTRL ${source}, floor ${s.minSample})` }, required };
}

/**
 * Deflated Sharpe ratio of the finding's effect, treating the effect's per-observation
 * signal-to-noise z/√n as a per-period Sharpe and the run's tests as the trials: the null variance
 * of a Sharpe estimate over n observations is 1/(n − 1), so SR₀ is the expected best of `tests`
 * worthless cells.
 */
function deflatedStrength(f: ConfidenceInput, z: number, trials: number): number {
  if (!(f.n >= 2)) return 0;
  const dsr = deflatedSharpeRatio({ sharpe: z / Math.sqrt(f.n), n: f.n, trials, trialsVariance: 1 / (f.n - 1), ...shapeOf(f) });
  return Number.isNaN(dsr) ? 0 : dsr;
}

function strengthOf(f: ConfidenceInput, z: number, ctx: RunContext): ConfidenceComponent {
  const trials = Math.max(1, ctx.tests);
  const given = extraNumber(f, 'dsr');
  const dsr = clamp01(given ?? deflatedStrength(f, z, trials));
  const value = Math.min(clamp01(1 - f.q), dsr);
  const dsrText = given !== null ? `DSR ${dsr.toFixed(4)} (diagnostics)` : `DSR ${dsr.toFixed(4)} with z=${z.toFixed(2)} over ${trials} trials`;
  return { value, detail: `min(1 − q = ${(1 - f.q).toFixed(4)}, ${dsrText})` };
}

function robustnessOf(f: ConfidenceInput, s: ConfidenceSettings): ConfidenceComponent {
  const sign = extraNumber(f, 'sign_consistency');
  const pbo = extraNumber(f, 'pbo');
  if (sign === null && pbo === null) return { value: s.unmeasuredRobustness, detail: 'neither sign consistency nor PBO measured' };
  const parts: string[] = [];
  let value = 1;
  if (sign !== null) {
    value *= clamp01(sign);
    parts.push(`same sign in ${(clamp01(sign) * 100).toFixed(0)} % of sub-periods/regimes`);
  }
  if (pbo !== null) {
    value *= clamp01(1 - pbo);
    parts.push(`1 − PBO = ${clamp01(1 - pbo).toFixed(3)}`);
  }
  return { value, detail: parts.join('; ') };
}

/** Normalised regime entropy assumed when the evidence records no regimes: unknown, not a single regime. */
const UNRECORDED_ENTROPY = 0.5;

function coverageOf(f: ConfidenceInput, ctx: RunContext): ConfidenceComponent {
  if (f.subject.regime_label !== undefined) return { value: 1, detail: `the claim is about regime ${f.subject.regime_label} only` };
  const given = extraNumber(f, 'regime_entropy');
  const k = new Set(f.regimes_covered).size;
  const K = Math.max(k, ctx.regimesInRun);
  if (given === null && k === 0) return { value: 0.5 + 0.5 * UNRECORDED_ENTROPY, detail: `regimes not recorded (entropy taken as ${UNRECORDED_ENTROPY})` };
  const entropy = given !== null ? clamp01(given) : k > 1 && K > 1 ? Math.log(k) / Math.log(K) : 0;
  const source = given !== null ? 'from the diagnostics' : `${k} of ${K} regimes, equal shares`;
  return { value: 0.5 + 0.5 * entropy, detail: `normalised regime entropy ${entropy.toFixed(3)} (${source})` };
}

function qualityOf(ctx: RunContext, s: ConfidenceSettings): ConfidenceComponent {
  const score = clamp01(ctx.dataQualityScore);
  if (score < s.minDataQuality) return { value: 0, detail: `data quality ${score.toFixed(3)} is below ${s.minDataQuality}: unusable` };
  return { value: score, detail: `data quality score ${score.toFixed(3)}` };
}

/**
 * The confidence of one finding, with its components and the caps that bound it.
 *
 * @example
 * const c = findingConfidence(finding, { tests: 240, fdrLevel: 0.1, dataQualityScore: 1, regimesInRun: 4 });
 * c.value; // e.g. 0.6613
 */
export function findingConfidence(finding: ConfidenceInput, ctx: RunContext, settings: ConfidenceSettings = DEFAULT_CONFIDENCE_SETTINGS): ConfidenceBreakdown {
  const z = effectZ(finding);
  const { component: adequacy, required } = adequacyOf(finding, z, settings);
  const components = {
    adequacy,
    strength: strengthOf(finding, z, ctx),
    robustness: robustnessOf(finding, settings),
    coverage: coverageOf(finding, ctx),
    quality: qualityOf(ctx, settings),
    provenance: finding.observational
      ? { value: settings.observationalFactor, detail: `observational ${finding.provenance.toLowerCase()} evidence (confounding possible)` }
      : { value: 1, detail: `${finding.provenance.toLowerCase()} evidence` },
  };
  const caps: ConfidenceCap[] = [];
  if (finding.n < required) caps.push({ limit: settings.lowDataCap, reason: `too little data: n=${finding.n} is below the required ${Number.isFinite(required) ? Math.ceil(required) : '∞'}` });
  if (finding.q > ctx.fdrLevel) caps.push({ limit: settings.weakEvidenceCap, reason: `q=${finding.q} is above the FDR level ${ctx.fdrLevel}` });
  const pbo = extraNumber(finding, 'pbo');
  if (pbo !== null && pbo > 0.5) caps.push({ limit: settings.weakEvidenceCap, reason: `probability of backtest overfitting ${pbo} is above 0.5` });
  const product = Object.values(components).reduce((acc, c) => acc * c.value, 1);
  const value = round4(clamp01(Math.min(product, ...caps.map((c) => c.limit))));
  return { value, finding_id: finding.id, components, caps };
}

/**
 * The confidence of a proposal resting on several findings: every part of the change must be
 * justified, so it is the weakest finding's confidence (its breakdown, plus each finding's value).
 *
 * @example
 * proposalConfidence([a, b], ctx).value === Math.min(findingConfidence(a, ctx).value, findingConfidence(b, ctx).value);
 */
export function proposalConfidence(findings: ConfidenceInput[], ctx: RunContext, settings: ConfidenceSettings = DEFAULT_CONFIDENCE_SETTINGS): ConfidenceBreakdown {
  if (findings.length === 0) throw new Error('a proposal needs at least one finding');
  const each = findings.map((f) => findingConfidence(f, ctx, settings));
  const weakest = each.reduce((min, c) => (c.value < min.value ? c : min));
  return each.length === 1 ? weakest : { ...weakest, per_finding: each.map((c) => ({ finding_id: c.finding_id, value: c.value })) };
}
