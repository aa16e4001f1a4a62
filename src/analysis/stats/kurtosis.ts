import { finiteValues } from './finite-values.js';
import { centralMoment } from './sample-moments.js';

/**
 * Sample kurtosis, RAW (not excess: 3 for a normal distribution), biased estimator γ̂₄ = m₄ / m₂² with
 * mₖ = Σ(x − x̄)ᵏ/n.
 *
 * This is scipy.stats.kurtosis(x, fisher=False, bias=True), the γ̂₄ the Probabilistic Sharpe Ratio
 * expects. pandas' `.kurt()` (and so quantstats) returns bias-corrected EXCESS kurtosis; feeding that into
 * PSR subtracts 3 twice, the known quantstats bug. Non-finite values are dropped; empty or constant
 * input → NaN.
 *
 * @example
 * kurtosis([1, 2, 3, 10]); // 2.2304 (m₄ = 348.5, m₂ = 12.5)
 */
export function kurtosis(values: ArrayLike<number>): number {
  const x = finiteValues(values);
  return centralMoment(x, 4) / centralMoment(x, 2) ** 2;
}
