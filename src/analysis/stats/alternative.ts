import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/**
 * Direction of an alternative hypothesis about an effect θ (a difference, a mean minus its null value):
 * 'two-sided' θ ≠ 0, 'less' θ < 0, 'greater' θ > 0. Names as scipy's `alternative`.
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

/**
 * p-value of a test statistic whose null distribution is given by its CDF: two-sided 2·min(F(s), 1 − F(s)),
 * 'less' F(s), 'greater' 1 − F(s). A NaN statistic → NaN.
 *
 * @example
 * pValueFromCdf(1.96, (s) => normalCdf(s, 0, 1), 'two-sided'); // 0.04999…
 */
export function pValueFromCdf(statistic: number, cdf: (s: number) => number, alternative: Alternative): number {
  if (Number.isNaN(statistic)) return NaN;
  const lower = cdf(statistic);
  if (alternative === 'less') return lower;
  const upper = 1 - lower;
  if (alternative === 'greater') return upper;
  return Math.min(1, 2 * Math.min(lower, upper));
}

/**
 * p-value of a Student-t statistic with `df` degrees of freedom.
 *
 * @example
 * studentTPValue(2.228, 10, 'two-sided'); // ≈ 0.05
 */
export function studentTPValue(t: number, df: number, alternative: Alternative): number {
  return pValueFromCdf(t, (s) => tCdf(s, df), alternative);
}

/**
 * p-value of a standard-normal statistic.
 *
 * @example
 * normalPValue(-1.645, 'less'); // ≈ 0.05
 */
export function normalPValue(z: number, alternative: Alternative): number {
  return pValueFromCdf(z, (s) => normalCdf(s, 0, 1), alternative);
}
