import { finiteValues } from './finite-values.js';
import { centralMoment } from './sample-moments.js';

/**
 * Sample skewness, the biased (population) estimator γ̂₃ = m₃ / m₂^{3/2} with mₖ = Σ(x − x̄)ᵏ/n.
 *
 * This is scipy.stats.skew with its default `bias=True`, the estimator skfolio and Bailey & López de
 * Prado use in the Probabilistic Sharpe Ratio. pandas' `.skew()` (and so quantstats) is the bias-corrected
 * G₁ = γ̂₃·√(n(n−1))/(n−2) instead. Non-finite values are dropped; empty or constant input → NaN.
 *
 * @example
 * skewness([1, 2, 3, 10]); // 1.0182... (m₂ = 12.5, m₃ = 45)
 */
export function skewness(values: ArrayLike<number>): number {
  const x = finiteValues(values);
  return centralMoment(x, 3) / centralMoment(x, 2) ** 1.5;
}
