/**
 * Sample moments of an already-clean series (finite numbers only; see finite-values.ts). These are the
 * building blocks of the metrics, so each is written once here.
 */

/**
 * Arithmetic mean, Σx/n. Empty input → NaN.
 *
 * @example
 * sampleMean([1, 2, 3]); // 2
 */
export function sampleMean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Variance with `ddof` delta degrees of freedom, Σ(x − x̄)²/(n − ddof), computed in two passes for
 * accuracy. Returns exactly 0 when every value is identical (so ratios over it are exactly ±∞ or NaN,
 * not a huge number from rounding noise), and NaN when n ≤ ddof.
 *
 * @example
 * sampleVariance([1, 2, 3, 4], 1); // 1.6666666666666667
 */
export function sampleVariance(values: readonly number[], ddof: number): number {
  const n = values.length;
  if (n <= ddof) return NaN;
  if (isConstant(values)) return 0;
  const mean = sampleMean(values);
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return sum / (n - ddof);
}

/**
 * Biased k-th central moment, Σ(x − x̄)^k / n (the population formula, as scipy.stats.moment). Empty → NaN;
 * 0 when every value is identical.
 *
 * @example
 * centralMoment([1, 2, 3, 4], 2); // 1.25
 */
export function centralMoment(values: readonly number[], k: number): number {
  if (values.length === 0) return NaN;
  if (isConstant(values)) return 0;
  const mean = sampleMean(values);
  let sum = 0;
  for (const v of values) sum += (v - mean) ** k;
  return sum / values.length;
}

function isConstant(values: readonly number[]): boolean {
  for (const v of values) if (v !== values[0]) return false;
  return true;
}
