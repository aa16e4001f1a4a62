/**
 * Mean return of a cell, and the difference between two cells, with trades clustered by day: returns of
 * trades closed on the same day share that day's market move, so the day is the unit of independence.
 * The variance is the CR2 (Bell–McCaffrey) one over days and the t reference has the Imbens–Kolesár
 * degrees of freedom, which stay honest with few or unbalanced days (stats/cluster-robust).
 */
import type { DailyColumns } from '../aggregates.js';
import type { Alternative } from '../stats/alternative.js';
import { type ClusterSums, clusteredTest, sumsByCluster } from '../stats/cluster-robust.js';

/** A cell's trades summed per day; Σr² per day lets the working model weigh the day shocks. */
export type DaySums = Pick<DailyColumns, 'day' | 'n' | 'sum'> & Partial<Pick<DailyColumns, 'sum_sq'>>;

export interface ClusteredResult {
  estimate: number;
  /** CR2 standard error over days. */
  se: number;
  /** Days with trades (clusters) G. */
  days: number;
  /** Imbens–Kolesár degrees of freedom of the t statistic. */
  df: number;
  p: number;
  ci: [number, number];
}

/** Each cell's day sums on the union of their days, zero where a cell had no trade. */
function align(cells: readonly DaySums[]): ClusterSums[] {
  return sumsByCluster(cells.map((cell) => cell.day.map((day, i) => ({ cluster: day, n: cell.n[i], sum: cell.sum[i], sum_sq: cell.sum_sq?.[i] }))));
}

function result(test: ReturnType<typeof clusteredTest>): ClusteredResult {
  return { estimate: test.estimate, se: test.se, days: test.clusters, df: test.df, p: test.p, ci: test.ci };
}

/**
 * The mean return Σr/n of a cell against `nullValue`, clustered by day.
 *
 * @example
 * clusteredMean(cell.daily, 'less', 0); // { estimate: −0.004, se: 0.0012, days: 40, df: 31.5, p: 0.0009, ci: [−0.0064, −0.0016] }
 */
export function clusteredMean(daily: DaySums, alternative: Alternative, nullValue: number, level = 0.95): ClusteredResult {
  const [sums] = align([daily]);
  return result(clusteredTest([{ coefficient: 1, sums }], nullValue, alternative, level));
}

/**
 * The difference of mean returns a − b of two cells of disjoint trades, clustered by day over the union
 * of their days (the same day's trades in a and b share its market move).
 *
 * @example
 * clusteredDifference(regimeCell.daily, otherRegimes, 'less'); // "is this regime worse than the others?"
 */
export function clusteredDifference(a: DaySums, b: DaySums, alternative: Alternative, level = 0.95): ClusteredResult {
  const [sa, sb] = align([a, b]);
  return result(
    clusteredTest(
      [
        { coefficient: 1, sums: sa },
        { coefficient: -1, sums: sb },
      ],
      0,
      alternative,
      level,
    ),
  );
}

/**
 * Day sums of `whole` minus those of `part` (the rest of a dimension once a cell is taken out).
 *
 * @example
 * subtractDays(strategyCell.daily, regimeCell.daily); // the strategy's other regimes
 */
export function subtractDays(whole: DaySums, part: DaySums): DaySums {
  const partIndex = new Map(part.day.map((d, i) => [d, i]));
  const withSquares = whole.sum_sq !== undefined && part.sum_sq !== undefined;
  const rest: Required<DaySums> = { day: [], n: [], sum: [], sum_sq: [] };
  whole.day.forEach((d, i) => {
    const j = partIndex.get(d);
    const n = whole.n[i] - (j === undefined ? 0 : part.n[j]);
    if (n <= 0) return;
    rest.day.push(d);
    rest.n.push(n);
    rest.sum.push(whole.sum[i] - (j === undefined ? 0 : part.sum[j]));
    if (withSquares) rest.sum_sq.push(Math.max(0, whole.sum_sq![i] - (j === undefined ? 0 : part.sum_sq![j])));
  });
  return withSquares ? rest : { day: rest.day, n: rest.n, sum: rest.sum };
}
