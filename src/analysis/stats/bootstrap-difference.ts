import { type BootstrapOptions, type BootstrapResult, summarizeBootstrap } from './bootstrap-distribution.js';
import { defaults, resample, resolveBlockLength, type SeriesStatistic } from './bootstrap-interval.js';
import { blockBootstrapIndices } from './block-bootstrap-indices.js';
import { finitePairs, finiteValues } from './finite-values.js';
import { createRng } from './rng.js';
import { sampleMean } from './sample-moments.js';

export interface DifferenceOptions extends BootstrapOptions {
  /** The statistic compared; default the mean. */
  statistic?: SeriesStatistic;
  /**
   * false (default): a and b are independent series (live trades vs backtest trades), each resampled with
   * its own blocks and block length. true: a and b are aligned in time (same length, a_t and b_t from the
   * same period, e.g. two configs' daily returns); the same indices resample both, which keeps their
   * cross-correlation, and the block length comes from the paired differences a_t − b_t.
   */
  paired?: boolean;
}

/**
 * Block-bootstrap interval and p-value for the DIFFERENCE statistic(a) − statistic(b), e.g. the gap
 * between live and backtest mean return or Sharpe (alternative 'less': live below backtest), or between
 * two aligned daily-return series.
 *
 * Each resample draws a* and b* (jointly when `paired`), and the difference of the statistics forms the
 * bootstrap distribution; interval and p-value as summarizeBootstrap, nullValue default 0. Non-finite
 * values are dropped (pairwise when paired). An empty side → NaN results. Deterministic given `seed`.
 *
 * @example
 * bootstrapDifference(liveReturns, backtestReturns, { statistic: (s) => sharpeRatio(s), alternative: 'less', seed: 1 });
 */
export function bootstrapDifference(a: ArrayLike<number>, b: ArrayLike<number>, options: DifferenceOptions): BootstrapResult {
  const { statistic = sampleMean, paired = false, method = 'stationary', reps = 1000 } = options;
  const rng = createRng(options.seed);
  const difference = (x: number[], y: number[]) => statistic(x) - statistic(y);
  const statistics: number[] = [];
  let x: number[];
  let y: number[];
  let blockLengths: number[];
  if (paired) {
    ({ x, y } = finitePairs(a, b));
    const block = resolveBlockLength(
      x.map((v, i) => v - y[i]),
      options,
    );
    blockLengths = [block];
    for (let r = 0; r < reps && x.length > 0; r++) {
      const indices = blockBootstrapIndices(method, x.length, block, rng);
      statistics.push(
        difference(
          indices.map((i) => x[i]),
          indices.map((i) => y[i]),
        ),
      );
    }
  } else {
    x = finiteValues(a);
    y = finiteValues(b);
    blockLengths = [resolveBlockLength(x, options), resolveBlockLength(y, options)];
    for (let r = 0; r < reps && x.length > 0 && y.length > 0; r++) {
      statistics.push(difference(resample(x, blockLengths[0], rng, options), resample(y, blockLengths[1], rng, options)));
    }
  }
  const estimate = x.length > 0 && y.length > 0 ? difference(x, y) : NaN;
  return { ...summarizeBootstrap(estimate, statistics, defaults(options)), method, block_lengths: blockLengths, reps, n: [x.length, y.length] };
}
