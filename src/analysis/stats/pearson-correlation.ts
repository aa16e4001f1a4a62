import { sampleMean } from './sample-moments.js';

/**
 * Pearson's product-moment correlation of two clean, aligned series:
 * r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²). Fewer than 2 pairs or a constant series → NaN.
 *
 * @example
 * pearsonCorrelation([1, 2, 3], [2, 4, 7]); // 0.9934
 */
export function pearsonCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length < 2) return NaN;
  const mx = sampleMean(x);
  const my = sampleMean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
