import { linearRegressionSlope } from './linear-regression.js';

/** How each configuration's column is scored on a set of rows: the per-period Sharpe ratio, the mean, or any statistic of the column's values. */
export type CscvMetric = 'sharpe' | 'mean' | ((values: number[]) => number);

export interface PboOptions {
  /** Number of contiguous row blocks S (even, ≥ 2); default 16, giving C(16, 8) = 12 870 splits. */
  S?: number;
  /** Performance statistic; default 'sharpe' (mean/std with ddof = 1, per period). */
  metric?: CscvMetric;
}

export interface PboResult {
  /** Share of splits whose in-sample best configuration ranks at or below the out-of-sample median: #{λ_c ≤ 0}/C. */
  pbo: number;
  /** λ_c = ln(ω̄_c/(1 − ω̄_c)) per split, ω̄_c = OOS rank of the IS-best configuration/(N + 1). */
  logits: number[];
  /** Metric of the IS-best configuration, in sample and out of sample, per split. */
  is_performance: number[];
  oos_performance: number[];
  /** OLS of oos_performance on is_performance: a slope below 0 means in-sample success predicts out-of-sample failure. */
  degradation: { slope: number; intercept: number; r2: number };
  /** Share of splits where the IS-best configuration's OOS metric is below 0. */
  probability_of_loss: number;
  combinations: number;
  block_size: number;
  /** Rows used: the most recent block_size·S rows (the T mod S oldest rows are left out so blocks are equal). */
  rows_used: number;
}

/**
 * Probability of Backtest Overfitting by combinatorially symmetric cross-validation (Bailey, Borwein,
 * López de Prado & Zhu 2016), for a T×N matrix: `matrix[t][n]` is the return of configuration n in period t.
 *
 * 1. The rows split into S contiguous, equal blocks (contiguity keeps serial dependence inside a block).
 * 2. For each of the C(S, S/2) choices of S/2 blocks: J (in sample) = the chosen blocks, J̄ = the rest.
 * 3. n* = the configuration with the best metric on J (the lowest column index wins a tie);
 *    ω̄ = rank of its metric on J̄ among all N (1 = worst; ties share their average rank)/(N + 1);
 *    λ = ln(ω̄/(1 − ω̄)).
 * 4. PBO = #{λ ≤ 0}/C. Ties convention: λ = 0 (the IS winner lands exactly at the OOS median) counts as
 *    overfit, the conservative reading; "<" would give a lower PBO on tied data.
 *
 * Also reports the performance degradation regression and the probability of loss. Needs N ≥ 2, S even with
 * 2 ≤ S ≤ T, and finite values (throws otherwise, naming the problem). PBO below ~0.2 is reassuring, ~0.5 a
 * coin flip.
 *
 * @example
 * probabilityOfBacktestOverfitting(dailyReturnsByConfig, { S: 16 }).pbo; // e.g. 0.12
 */
export function probabilityOfBacktestOverfitting(matrix: readonly (readonly number[])[], options: PboOptions = {}): PboResult {
  const { S = 16, metric = 'sharpe' } = options;
  const T = matrix.length;
  const N = matrix[0]?.length ?? 0;
  if (!(Number.isInteger(S) && S >= 2 && S % 2 === 0)) throw new RangeError(`S must be an even integer ≥ 2, got ${S}`);
  if (T < S) throw new RangeError(`need at least S = ${S} rows, got ${T}`);
  if (N < 2) throw new RangeError(`need at least 2 configurations (columns), got ${N}`);
  matrix.forEach((row, t) => {
    if (row.length !== N) throw new RangeError(`row ${t} has ${row.length} columns, expected ${N}`);
    row.forEach((v, n) => {
      if (!Number.isFinite(v)) throw new RangeError(`value at row ${t}, column ${n} is not finite (${v})`);
    });
  });

  const blockSize = Math.floor(T / S);
  const firstRow = T - blockSize * S;
  const blocks = Array.from({ length: S }, (_, s) => matrix.slice(firstRow + s * blockSize, firstRow + (s + 1) * blockSize));
  const score = columnScorer(blocks, N, metric);

  const logits: number[] = [];
  const isPerformance: number[] = [];
  const oosPerformance: number[] = [];
  for (const chosen of combinations(S, S / 2)) {
    const inSample = score(chosen);
    const outOfSample = score(complement(chosen, S));
    let best = 0;
    for (let n = 1; n < N; n++) if (inSample[n] > inSample[best]) best = n;
    const omega = averageRankOf(outOfSample[best], outOfSample) / (N + 1);
    logits.push(Math.log(omega / (1 - omega)));
    isPerformance.push(inSample[best]);
    oosPerformance.push(outOfSample[best]);
  }
  const fit = linearRegressionSlope(isPerformance, oosPerformance);
  const c = logits.length;
  return {
    pbo: logits.filter((l) => l <= 0).length / c,
    logits,
    is_performance: isPerformance,
    oos_performance: oosPerformance,
    degradation: { slope: fit.slope, intercept: fit.intercept, r2: fit.r2 },
    probability_of_loss: oosPerformance.filter((v) => v < 0).length / c,
    combinations: c,
    block_size: blockSize,
    rows_used: blockSize * S,
  };
}

/** Rank (1 = smallest, ties averaged) that `value` would take among `values`, which contain it. */
function averageRankOf(value: number, values: readonly number[]): number {
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < value) below++;
    else if (v === value) equal++;
  }
  return below + (equal + 1) / 2;
}

/**
 * A function scoring every column on a set of blocks. Mean and Sharpe come from per-block sums of
 * deviations from each column's overall mean (shifting keeps the variance free of cancellation), so a
 * split costs O(S·N) instead of O(T·N); a custom metric gets the column's values in time order.
 */
function columnScorer(blocks: readonly (readonly (readonly number[])[])[], N: number, metric: CscvMetric): (chosen: readonly number[]) => number[] {
  if (typeof metric === 'function') {
    return (chosen) => Array.from({ length: N }, (_, n) => metric(chosen.flatMap((s) => blocks[s].map((row) => row[n]))));
  }
  const shift = new Array<number>(N).fill(0);
  const rows = blocks.flat();
  for (const row of rows) row.forEach((v, n) => (shift[n] += v / rows.length));
  const sums = blocks.map((block) => shift.map((_, n) => block.reduce((s, row) => s + (row[n] - shift[n]), 0)));
  const squares = blocks.map((block) => shift.map((_, n) => block.reduce((s, row) => s + (row[n] - shift[n]) ** 2, 0)));
  const rowsPerBlock = blocks[0].length;
  return (chosen) => {
    const count = chosen.length * rowsPerBlock;
    return shift.map((centre, n) => {
      let sum = 0;
      let square = 0;
      for (const s of chosen) {
        sum += sums[s][n];
        square += squares[s][n];
      }
      const mean = sum / count;
      if (metric === 'mean') return centre + mean;
      const variance = Math.max(0, (square - count * mean * mean) / (count - 1));
      return (centre + mean) / Math.sqrt(variance);
    });
  };
}

/** All k-subsets of {0…n−1} in lexicographic order. */
function* combinations(n: number, k: number): Generator<number[]> {
  const chosen = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield [...chosen];
    let i = k - 1;
    while (i >= 0 && chosen[i] === n - k + i) i--;
    if (i < 0) return;
    chosen[i]++;
    for (let j = i + 1; j < k; j++) chosen[j] = chosen[j - 1] + 1;
  }
}

function complement(chosen: readonly number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => i).filter((i) => !chosen.includes(i));
}
