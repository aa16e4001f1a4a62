import { expectedMaxSharpe } from './expected-max-sharpe.js';
import { type SharpeMoments, probabilisticSharpeRatio } from './probabilistic-sharpe-ratio.js';

export interface DsrInput extends SharpeMoments {
  /** Number of returns T behind the selected `sharpe`. */
  n: number;
  /** Number of (effectively independent) trials N the selected configuration was chosen from. */
  trials: number;
  /** Variance of the per-period Sharpe ratios of every trial. */
  trialsVariance: number;
}

/**
 * Deflated Sharpe Ratio (Bailey & López de Prado 2014): the PSR of the selected configuration against the
 * Sharpe ratio expected from the best of N worthless trials, DSR = PSR(SR₀) with
 * SR₀ = expectedMaxSharpe({trialsVariance, trials}). Per-period quantities and RAW kurtosis throughout.
 * With N ≤ 1 it is the plain PSR against 0. Edge cases as {@link probabilisticSharpeRatio}.
 *
 * @example
 * deflatedSharpeRatio({ sharpe: 0.3, n: 250, skew: 0, kurtosis: 3, trials: 100, trialsVariance: 0.01 });
 * // PSR against SR₀ ≈ 0.2531: Φ(0.0469·√249/√1.045) = Φ(0.7245) ≈ 0.7656
 */
export function deflatedSharpeRatio(input: DsrInput): number {
  const benchmark = expectedMaxSharpe(input);
  return probabilisticSharpeRatio({ ...input, benchmark });
}
