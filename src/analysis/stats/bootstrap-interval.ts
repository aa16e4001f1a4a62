import { blockBootstrapIndices } from './block-bootstrap-indices.js';
import { optimalBlockLength } from './block-length.js';
import { type BootstrapOptions, type BootstrapResult, summarizeBootstrap } from './bootstrap-distribution.js';
import { finiteValues } from './finite-values.js';
import { createRng, type Rng } from './rng.js';

/** A statistic of one series (mean, Sharpe, ES…), evaluated on the data and on every resample. */
export type SeriesStatistic = (sample: number[]) => number;

/**
 * Block-bootstrap percentile interval and p-value for a statistic of ONE time series, e.g. "is this
 * regime's mean return below 0?" (statistic sampleMean, alternative 'less').
 *
 * The series is resampled B times with the stationary (default) or circular block bootstrap, which keeps
 * the serial dependence within blocks that an i.i.d. bootstrap (pyfolio's) destroys. Block length:
 * `blockLength`, else Politis–White's optimalBlockLength for the method, at least 1. Interval and p-value
 * as {@link summarizeBootstrap}. Non-finite values are dropped first (which joins their neighbours);
 * empty input → NaN results. Deterministic given `seed`.
 *
 * @example
 * bootstrapInterval(regimeReturns, sampleMean, { seed: 7, alternative: 'less' });
 * // { estimate: −0.004, ci: [−0.007, −0.001], p: 0.004, … }
 */
export function bootstrapInterval(values: ArrayLike<number>, statistic: SeriesStatistic, options: BootstrapOptions): BootstrapResult {
  const x = finiteValues(values);
  const { method = 'stationary', reps = 1000 } = options;
  const rng = createRng(options.seed);
  const block = resolveBlockLength(x, options);
  const statistics: number[] = [];
  for (let b = 0; b < reps && x.length > 0; b++) statistics.push(statistic(resample(x, block, rng, options)));
  return {
    ...summarizeBootstrap(x.length > 0 ? statistic(x) : NaN, statistics, defaults(options)),
    method,
    block_lengths: [block],
    reps,
    n: [x.length],
  };
}

/** The block length to use for a series: the given one, else the optimal one for the method; at least 1. */
export function resolveBlockLength(x: readonly number[], options: Pick<BootstrapOptions, 'blockLength' | 'method'>): number {
  if (options.blockLength === undefined) return Math.max(1, optimalBlockLength(x)[options.method ?? 'stationary']);
  if (!(options.blockLength >= 1)) throw new RangeError(`block length must be at least 1, got ${options.blockLength}`);
  return options.blockLength;
}

/** One block-bootstrap resample of `x`. */
export function resample(x: readonly number[], block: number, rng: Rng, options: Pick<BootstrapOptions, 'method'>): number[] {
  return blockBootstrapIndices(options.method ?? 'stationary', x.length, block, rng).map((i) => x[i]);
}

/** The level, null value and alternative with their defaults. */
export function defaults(options: BootstrapOptions): { level: number; nullValue: number; alternative: NonNullable<BootstrapOptions['alternative']> } {
  return { level: options.level ?? 0.95, nullValue: options.nullValue ?? 0, alternative: options.alternative ?? 'two-sided' };
}
