import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { sharpeRatio } from '../metrics/sharpe-ratio.js';
import { finiteValues } from './finite-values.js';
import { kurtosis } from './kurtosis.js';
import { skewness } from './skewness.js';

/** The sample moments a Sharpe-ratio test needs; every quantity PER PERIOD, never annualised. */
export interface SharpeMoments {
  /** Observed per-period Sharpe ratio SR̂ = mean/std. */
  sharpe: number;
  /** Skewness γ̂₃ of the returns. */
  skew: number;
  /** RAW kurtosis γ̂₄ (3 for a normal distribution), NOT excess kurtosis. */
  kurtosis: number;
}

export interface PsrInput extends SharpeMoments {
  /** Benchmark per-period Sharpe SR* to beat (0, an incumbent's, or a deflated SR₀). */
  benchmark: number;
  /** Number of returns T behind `sharpe`. */
  n: number;
}

/**
 * The variance factor of the Sharpe-ratio estimator under non-normal returns (Mertens 2002, as used by
 * Bailey & López de Prado): 1 − γ̂₃·SR̂ + (γ̂₄ − 1)/4·SR̂², with RAW kurtosis γ̂₄. It is ≥ 0 for any valid
 * sample (γ̂₄ ≥ 1 + γ̂₃²).
 *
 * @example
 * sharpeVarianceFactor({ sharpe: 0.1, skew: 0, kurtosis: 3 }); // 1 + 0.5·0.01 = 1.005
 */
export function sharpeVarianceFactor({ sharpe, skew, kurtosis }: SharpeMoments): number {
  return 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe ** 2;
}

/**
 * Probabilistic Sharpe Ratio (Bailey & López de Prado 2012): the probability that the true Sharpe ratio
 * exceeds the benchmark SR*, given T returns with observed SR̂, skewness γ̂₃ and raw kurtosis γ̂₄:
 *
 *   PSR(SR*) = Φ( (SR̂ − SR*)·√(T − 1) / √(1 − γ̂₃·SR̂ + (γ̂₄ − 1)/4·SR̂²) )
 *
 * All quantities per period (an annualised Sharpe here is a unit error). SR̂, not SR*, sits in the
 * denominator, as in the paper and skfolio (some early implementations used SR*). The kurtosis is raw
 * (quantstats passes excess kurtosis and subtracts 3 again). Compute SR̂ on the same return basis (gross or
 * excess of the same rf) as the Sharpe you report. Returns NaN when T < 2, an input is not finite, or the
 * variance factor is not positive (a degenerate sample).
 *
 * @example
 * probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, n: 101, skew: 0, kurtosis: 3 });
 * // Φ(0.1·10/√1.005) = Φ(0.99751) ≈ 0.8407
 */
export function probabilisticSharpeRatio(input: PsrInput): number {
  const { sharpe, benchmark, n } = input;
  const factor = sharpeVarianceFactor(input);
  if (!(n >= 2) || ![sharpe, benchmark, factor].every(Number.isFinite) || !(factor > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(n - 1)) / Math.sqrt(factor), 0, 1);
}

/**
 * The per-period Sharpe ratio, biased skewness and raw kurtosis of a return series: the inputs of
 * {@link probabilisticSharpeRatio}, {@link minTrackRecordLength} and the deflated Sharpe, taken from one
 * sample so they stay consistent. `riskFree` (per period) is subtracted first, so the moments describe the
 * same excess returns the Sharpe does. Non-finite values are dropped.
 *
 * @example
 * sharpeMoments([0.01, -0.02, 0.03, 0.005]); // { sharpe, skew, kurtosis, n: 4 }
 */
export function sharpeMoments(returns: ArrayLike<number>, riskFree = 0): SharpeMoments & { n: number } {
  const excess = finiteValues(returns).map((r) => r - riskFree);
  return { sharpe: sharpeRatio(excess), skew: skewness(excess), kurtosis: kurtosis(excess), n: excess.length };
}

/**
 * {@link probabilisticSharpeRatio} of a return series against a per-period benchmark Sharpe, with SR̂,
 * γ̂₃ and γ̂₄ taken from the same returns (see {@link sharpeMoments}).
 *
 * @example
 * probabilisticSharpeRatioOfReturns(liveDailyReturns, backtestDailySharpe);
 */
export function probabilisticSharpeRatioOfReturns(returns: ArrayLike<number>, benchmark: number, riskFree = 0): number {
  return probabilisticSharpeRatio({ ...sharpeMoments(returns, riskFree), benchmark });
}
