import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { type SharpeMoments, sharpeVarianceFactor } from './probabilistic-sharpe-ratio.js';

export interface MinTrlInput extends SharpeMoments {
  /** Benchmark per-period Sharpe SR*. */
  benchmark: number;
  /** Significance level α; the track record must give PSR(SR*) ≥ 1 − α. Default 0.05. */
  alpha?: number;
}

/**
 * Minimum Track Record Length (Bailey & López de Prado 2012): how many returns are needed before an
 * observed per-period Sharpe SR̂ exceeds SR* with confidence 1 − α:
 *
 *   MinTRL = 1 + (1 − γ̂₃·SR̂ + (γ̂₄ − 1)/4·SR̂²) · (Z_{1−α} / (SR̂ − SR*))²
 *
 * In periods of the returns (per-period Sharpe, RAW kurtosis, as for PSR). A sample of n returns is
 * adequate when n ≥ MinTRL. SR̂ ≤ SR* → +Infinity (no track record is long enough); non-finite inputs or a
 * non-positive variance factor → NaN.
 *
 * @example
 * minTrackRecordLength({ sharpe: 0.1, benchmark: 0, skew: 0, kurtosis: 3 });
 * // 1 + 1.005·(1.6449/0.1)² ≈ 272.9 periods
 */
export function minTrackRecordLength(input: MinTrlInput): number {
  const { sharpe, benchmark, alpha = 0.05 } = input;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const factor = sharpeVarianceFactor(input);
  if (![sharpe, benchmark, factor].every(Number.isFinite) || !(factor > 0)) return NaN;
  if (sharpe <= benchmark) return Infinity;
  return 1 + factor * (normalQuantile(1 - alpha, 0, 1) / (sharpe - benchmark)) ** 2;
}
