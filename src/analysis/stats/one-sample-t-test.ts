import { type Alternative, studentTPValue } from './alternative.js';
import { finiteValues } from './finite-values.js';
import { sampleMean, sampleVariance } from './sample-moments.js';
import { studentTInterval } from './t-interval.js';

export interface OneSampleResult {
  /** mean(x) − mu, the effect. */
  diff: number;
  mean: number;
  t: number;
  df: number;
  p: number;
  /** Two-sided interval for diff at `level` (whatever the alternative). */
  ci: [number, number];
  n: number;
}

/**
 * One-sample t-test of mean(x) against `mu` (scipy.stats.ttest_1samp): t = (x̄ − μ)/(s/√n), df = n − 1, s with
 * ddof = 1. 'less' tests x̄ < μ (e.g. "this regime loses"). Assumes independent observations: for a time
 * series prefer bootstrapInterval with a block bootstrap. Non-finite values are dropped; n < 2 → NaN
 * statistics; a constant sample gives t = ±Infinity (p = 0) unless it equals μ (NaN).
 *
 * @example
 * oneSampleTTest([-0.01, -0.02, 0.005, -0.015], 0, 'less').t; // −0.01/(0.01080/2) ≈ −1.852
 */
export function oneSampleTTest(x: ArrayLike<number>, mu = 0, alternative: Alternative = 'two-sided', level = 0.95): OneSampleResult {
  const values = finiteValues(x);
  const n = values.length;
  const mean = sampleMean(values);
  const se = Math.sqrt(sampleVariance(values, 1) / n);
  const diff = mean - mu;
  const t = diff / se;
  const df = n - 1;
  return { diff, mean, t, df, p: studentTPValue(t, df, alternative), ci: studentTInterval(diff, se, df, level), n };
}
