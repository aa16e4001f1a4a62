/**
 * Sample quantile with linear interpolation between order statistics: numpy's default
 * (`np.percentile(x, 100·p)`, method "linear", Hyndman–Fan type 7), which empyrical's VaR and tail ratio use.
 *
 * For sorted x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ and h = p·(n − 1): Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
 * Empty input → NaN. p outside [0, 1] throws.
 *
 * @example
 * quantile([4, 1, 3, 2], 0.5); // 2.5
 */
export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
}

/**
 * {@link quantile} for input already sorted ascending (skips the sort when several quantiles are taken).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.05); // 1.15
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = p * (n - 1);
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}
