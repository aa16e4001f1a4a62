import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * Two-sided confidence interval for an effect estimated with a Student-t pivot:
 * estimate ± t_{df, (1 + level)/2}·se. Always two-sided, whatever a test's alternative, so it is a finite
 * pair that can be stored and compared across cells. NaN inputs → [NaN, NaN].
 *
 * @example
 * studentTInterval(1.0, 0.5, 10, 0.95); // [1 − 2.228·0.5, 1 + 2.228·0.5] = [−0.114, 2.114]
 */
export function studentTInterval(estimate: number, standardError: number, df: number, level: number): [number, number] {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  if ([estimate, standardError, df].some(Number.isNaN)) return [NaN, NaN];
  const halfWidth = tQuantile((1 + level) / 2, df) * standardError;
  return [estimate - halfWidth, estimate + halfWidth];
}
