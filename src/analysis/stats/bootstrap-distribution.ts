import type { Alternative } from './alternative.js';
import type { BlockBootstrapMethod } from './block-bootstrap-indices.js';
import { quantileSorted } from './quantile.js';
import { sampleMean, sampleVariance } from './sample-moments.js';

/** Options shared by the block-bootstrap estimators. */
export interface BootstrapOptions {
  /** Resampling scheme; default 'stationary'. */
  method?: BlockBootstrapMethod;
  /** Mean (stationary) or fixed (circular) block length; default optimalBlockLength of the data, at least 1. */
  blockLength?: number;
  /** Number of resamples B; default 1000. The smallest attainable p-value is 1/(B + 1). */
  reps?: number;
  /** Confidence level of the percentile interval; default 0.95. */
  level?: number;
  /** Seed of the resampling stream: the same data and seed give the same result. */
  seed: number;
  /** Value of the statistic under the null hypothesis, for `p`; default 0. */
  nullValue?: number;
  /** Alternative for `p`; default 'two-sided'. 'greater' means statistic > nullValue. */
  alternative?: Alternative;
}

/** A bootstrap estimate with its percentile interval and a p-value against `nullValue`. */
export interface BootstrapResult {
  /** The statistic on the original data. */
  estimate: number;
  /** Percentile interval [Q((1 − level)/2), Q((1 + level)/2)] of the bootstrap statistics, two-sided. */
  ci: [number, number];
  level: number;
  /** Percentile-inversion p-value against nullValue (see summarizeBootstrap). */
  p: number;
  /** Standard deviation (ddof = 1) of the bootstrap statistics. */
  standard_error: number;
  /** Share of bootstrap statistics above nullValue, a direct "P(effect > 0)". */
  share_above_null: number;
  method: BlockBootstrapMethod;
  /** Block length used for each independently resampled series. */
  block_lengths: number[];
  reps: number;
  /** Resamples whose statistic was not finite (dropped from the distribution). */
  n_invalid: number;
  /** Finite observations used (per series). */
  n: number[];
}

/**
 * Turns bootstrap statistics θ*₁…θ*_B into an interval and a p-value:
 *
 * - interval: percentile method, quantiles (1 ∓ level)/2 of the θ* with linear interpolation;
 * - p-value by inverting the percentile interval, with the +1 correction of a Monte Carlo test so it is
 *   never 0: 'greater' (θ > θ₀) p = (1 + #{θ* ≤ θ₀})/(B + 1), 'less' p = (1 + #{θ* ≥ θ₀})/(B + 1),
 *   'two-sided' p = min(1, 2·min of the two). So the interval excludes θ₀ exactly when the two-sided p is
 *   below 1 − level (up to the +1).
 *
 * Non-finite θ* are dropped and counted; when none is finite the result is NaN.
 *
 * @example
 * summarizeBootstrap(0.4, bootStats, { level: 0.95, nullValue: 0, alternative: 'two-sided' });
 */
export function summarizeBootstrap(
  estimate: number,
  statistics: readonly number[],
  options: { level: number; nullValue: number; alternative: Alternative },
): Pick<BootstrapResult, 'estimate' | 'ci' | 'level' | 'p' | 'standard_error' | 'share_above_null' | 'n_invalid'> {
  const { level, nullValue, alternative } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  const valid = statistics.filter(Number.isFinite).sort((a, b) => a - b);
  const b = valid.length;
  let atOrBelow = 0;
  let atOrAbove = 0;
  for (const s of valid) {
    if (s <= nullValue) atOrBelow++;
    if (s >= nullValue) atOrAbove++;
  }
  const pGreater = (1 + atOrBelow) / (b + 1);
  const pLess = (1 + atOrAbove) / (b + 1);
  const p = alternative === 'greater' ? pGreater : alternative === 'less' ? pLess : Math.min(1, 2 * Math.min(pGreater, pLess));
  return {
    estimate,
    ci: [quantileSorted(valid, (1 - level) / 2), quantileSorted(valid, (1 + level) / 2)],
    level,
    p: b === 0 ? NaN : p,
    standard_error: Math.sqrt(sampleVariance(valid, 1)),
    share_above_null: sampleMean(valid.map((s) => (s > nullValue ? 1 : 0))),
    n_invalid: statistics.length - b,
  };
}
