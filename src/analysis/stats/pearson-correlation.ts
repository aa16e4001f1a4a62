import { centredSums } from './centred-sums.js';

/**
 * Pearson's product-moment correlation of two clean, aligned series:
 * r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²). Fewer than 2 pairs or a constant series → NaN.
 *
 * @example
 * pearsonCorrelation([1, 2, 3], [2, 4, 7]); // 5/√(2·12.667) ≈ 0.9934
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2) return NaN;
  const { sxx, syy, sxy } = centredSums(x, y);
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
