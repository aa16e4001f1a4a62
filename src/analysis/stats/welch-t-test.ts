import { type Alternative, studentTPValue } from './alternative.js';
import { finiteValues } from './finite-values.js';
import { sampleMean, sampleVariance } from './sample-moments.js';
import { studentTInterval } from './t-interval.js';

export interface TestOptions {
  alternative?: Alternative;
  /** Confidence level of the interval; default 0.95. */
  level?: number;
}

export interface WelchResult {
  /** mean(a) − mean(b), the effect. */
  diff: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  p: number;
  /** Two-sided interval for diff at `level` (whatever the alternative). */
  ci: [number, number];
  n_a: number;
  n_b: number;
}

/**
 * Welch's unequal-variance t-test of mean(a) − mean(b) (scipy.stats.ttest_ind(a, b, equal_var=False)):
 *
 *   t = (ā − b̄) / √(s²_a/n_a + s²_b/n_b),
 *   df = (s²_a/n_a + s²_b/n_b)² / ((s²_a/n_a)²/(n_a − 1) + (s²_b/n_b)²/(n_b − 1)),  s² with ddof = 1.
 *
 * 'greater' tests ā > b̄. Assumes independent observations: for autocorrelated series prefer a block
 * bootstrap (bootstrapDifference). Non-finite values are dropped from each sample; a sample with fewer than
 * two values → NaN statistics. Two constant samples: t = ±Infinity (p = 0) when the means differ, NaN when equal.
 *
 * @example
 * welchTTest([0.02, 0.01, 0.03], [0.0, -0.01, 0.01]).diff; // 0.02
 */
export function welchTTest(a: ArrayLike<number>, b: ArrayLike<number>, options: TestOptions = {}): WelchResult {
  const { alternative = 'two-sided', level = 0.95 } = options;
  const x = finiteValues(a);
  const y = finiteValues(b);
  const diff = sampleMean(x) - sampleMean(y);
  const va = sampleVariance(x, 1) / x.length;
  const vb = sampleVariance(y, 1) / y.length;
  const se = Math.sqrt(va + vb);
  const t = diff / se;
  const df = (va + vb) ** 2 / (va ** 2 / (x.length - 1) + vb ** 2 / (y.length - 1));
  return {
    diff,
    t,
    df,
    p: studentTPValue(t, df, alternative),
    ci: studentTInterval(diff, se, df, level),
    n_a: x.length,
    n_b: y.length,
  };
}
