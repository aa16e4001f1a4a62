import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';

/**
 * Direction of an alternative hypothesis about an effect θ (a difference, a mean minus its null value):
 * 'two-sided' θ ≠ 0, 'less' θ < 0, 'greater' θ > 0. Names as scipy's `alternative`.
 */
export type Alternative = 'two-sided' | 'less' | 'greater';

/**
 * p-value of a test statistic whose null distribution is symmetric about 0 (normal, Student t), given its
 * CDF F: two-sided 2·F(−|s|), 'less' F(s), 'greater' F(−s). The upper tail is read as F(−s), not 1 − F(s),
 * which rounds to 0 once it falls below about 1e-16 and would report strong effects as p = 0. A NaN
 * statistic → NaN.
 *
 * @example
 * pValueFromSymmetricCdf(1.96, (s) => normalCdf(s, 0, 1), 'two-sided'); // 0.04999…
 * pValueFromSymmetricCdf(10, (s) => normalCdf(s, 0, 1), 'greater'); // 7.62e-24, not 0
 */
export function pValueFromSymmetricCdf(statistic: number, cdf: (s: number) => number, alternative: Alternative): number {
  if (Number.isNaN(statistic)) return NaN;
  if (alternative === 'less') return cdf(statistic);
  if (alternative === 'greater') return cdf(-statistic);
  return Math.min(1, 2 * cdf(-Math.abs(statistic)));
}

/**
 * p-value of a Student-t statistic with `df` degrees of freedom.
 *
 * @example
 * studentTPValue(2.228, 10, 'two-sided'); // ≈ 0.05
 */
export function studentTPValue(t: number, df: number, alternative: Alternative): number {
  return pValueFromSymmetricCdf(t, (s) => tCdf(s, df), alternative);
}

/**
 * p-value of a standard-normal statistic.
 *
 * @example
 * normalPValue(-1.645, 'less'); // ≈ 0.05
 */
export function normalPValue(z: number, alternative: Alternative): number {
  return pValueFromSymmetricCdf(z, (s) => normalCdf(s, 0, 1), alternative);
}
