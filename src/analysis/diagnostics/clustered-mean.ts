/**
 * Mean return of a cell, and the difference between two cells, with trades clustered by day: returns of
 * trades closed on the same day share that day's market move, so the variance is the cluster-robust
 * (sandwich) one over days, and the interval comes from a stationary block bootstrap of the days, which
 * also keeps serial dependence between days.
 */
import type { DailyColumns } from '../aggregates.js';
import { type Alternative, studentTPValue } from '../stats/alternative.js';
import { optimalBlockLength } from '../stats/block-length.js';
import { summarizeBootstrap } from '../stats/bootstrap-distribution.js';
import { createRng, randomIndex } from '../stats/rng.js';

export type DaySums = Pick<DailyColumns, 'day' | 'n' | 'sum'>;

export interface ClusteredResult {
  estimate: number;
  /** Cluster-robust standard error, G/(G − 1) small-sample factor. */
  se: number;
  /** Days with trades (clusters) G; the t statistic has G − 1 degrees of freedom. */
  days: number;
  p: number;
  ci: [number, number];
}

const REPS = 999;

/** Both cells' day sums on the union of their days, zero where a cell had no trade. */
function align(a: DaySums, b: DaySums): { na: number[]; sa: number[]; nb: number[]; sb: number[] } {
  const days = [...new Set([...a.day, ...b.day])].sort((x, y) => x - y);
  const index = new Map(days.map((d, i) => [d, i]));
  const zeros = () => new Array<number>(days.length).fill(0);
  const [na, sa, nb, sb] = [zeros(), zeros(), zeros(), zeros()];
  a.day.forEach((d, i) => {
    na[index.get(d)!] += a.n[i];
    sa[index.get(d)!] += a.sum[i];
  });
  b.day.forEach((d, i) => {
    nb[index.get(d)!] += b.n[i];
    sb[index.get(d)!] += b.sum[i];
  });
  return { na, sa, nb, sb };
}

const total = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * B stationary-bootstrap replicates (Politis–Romano: blocks start at a uniform day and run for a
 * geometric number of days with mean b, wrapping around, as stats/stationaryBootstrapIndices) of the ratio
 * Σ sums / Σ counts, for one or two cells over the same resampled days (the statistic is the first ratio
 * minus the second when `b` is given). The resampling and the sums are fused in one loop without index
 * arrays: it runs B times for every cell of a run. Block length b: optimalBlockLength of the day means.
 */
function bootstrapRatios(
  a: { sums: readonly number[]; counts: readonly number[] },
  b: { sums: readonly number[]; counts: readonly number[] } | null,
  dayMeans: number[],
  seed: number,
): number[] {
  const g = a.sums.length;
  const restart = 1 / Math.max(1, optimalBlockLength(dayMeans).stationary);
  const logStay = Math.log(1 - restart);
  const rng = createRng(seed);
  const out = new Array<number>(REPS);
  for (let rep = 0; rep < REPS; rep++) {
    let sa = 0;
    let na = 0;
    let sb = 0;
    let nb = 0;
    for (let t = 0; t < g; ) {
      // A block: a uniform start and a geometric length (one draw per block, not one per day).
      let i = randomIndex(rng, g);
      const length = restart >= 1 ? 1 : Math.max(1, Math.ceil(Math.log(1 - rng()) / logStay));
      for (let k = 0; k < length && t < g; k++, t++, i = (i + 1) % g) {
        sa += a.sums[i];
        na += a.counts[i];
        if (b) {
          sb += b.sums[i];
          nb += b.counts[i];
        }
      }
    }
    out[rep] = b ? sa / na - sb / nb : sa / na;
  }
  return out;
}

/**
 * The mean return Σr/n of a cell against `nullValue`, clustered by day.
 * Variance: G/(G − 1)·Σ_d (S_d − n_d·μ)²/N². Test: t with G − 1 degrees of freedom.
 *
 * @example
 * clusteredMean(cell.daily, 'less', 0, 7); // { estimate: −0.004, se: 0.0012, days: 40, p: 0.0009, ci: [−0.0064, −0.0017] }
 */
export function clusteredMean(daily: DaySums, alternative: Alternative, nullValue: number, seed: number, level = 0.95): ClusteredResult {
  const g = daily.day.length;
  const n = total(daily.n);
  const mu = total(daily.sum) / n;
  const residual = daily.n.map((nd, i) => daily.sum[i] - nd * mu);
  const se = Math.sqrt((g / (g - 1)) * total(residual.map((e) => e * e))) / n;
  const p = g > 1 && se > 0 ? studentTPValue((mu - nullValue) / se, g - 1, alternative) : NaN;
  const dayMeans = daily.n.map((nd, i) => (nd > 0 ? daily.sum[i] / nd : 0));
  const boot = bootstrapRatios({ sums: daily.sum, counts: daily.n }, null, dayMeans, seed);
  const { ci } = summarizeBootstrap(mu, boot, { level, nullValue, alternative });
  return { estimate: mu, se, days: g, p, ci };
}

/**
 * The difference of mean returns a − b of two cells of disjoint trades, clustered by day over the union
 * of their days (the same day's trades in a and b share its market move). Influence of day d:
 * ψ_d = (S_ad − n_ad·μ_a)/N_a − (S_bd − n_bd·μ_b)/N_b; variance G/(G − 1)·Σψ_d².
 *
 * @example
 * clusteredDifference(regimeCell.daily, otherRegimes, 'less', 7); // "is this regime worse than the others?"
 */
export function clusteredDifference(a: DaySums, b: DaySums, alternative: Alternative, seed: number, level = 0.95): ClusteredResult {
  const { na, sa, nb, sb } = align(a, b);
  const g = na.length;
  const [nA, nB] = [total(na), total(nb)];
  const [muA, muB] = [total(sa) / nA, total(sb) / nB];
  const psi = na.map((_, d) => (sa[d] - na[d] * muA) / nA - (sb[d] - nb[d] * muB) / nB);
  const se = Math.sqrt((g / (g - 1)) * total(psi.map((x) => x * x)));
  const diff = muA - muB;
  const p = g > 1 && se > 0 ? studentTPValue(diff / se, g - 1, alternative) : NaN;
  const dayDiffs = na.map((_, d) => (na[d] > 0 ? sa[d] / na[d] : 0) - (nb[d] > 0 ? sb[d] / nb[d] : 0));
  const boot = bootstrapRatios({ sums: sa, counts: na }, { sums: sb, counts: nb }, dayDiffs, seed);
  const { ci } = summarizeBootstrap(diff, boot, { level, nullValue: 0, alternative });
  return { estimate: diff, se, days: g, p, ci };
}

/**
 * Day sums of `whole` minus those of `part` (the rest of a dimension once a cell is taken out).
 *
 * @example
 * subtractDays(strategyCell.daily, regimeCell.daily); // the strategy's other regimes
 */
export function subtractDays(whole: DaySums, part: DaySums): DaySums {
  const partIndex = new Map(part.day.map((d, i) => [d, i]));
  const rest: DaySums = { day: [], n: [], sum: [] };
  whole.day.forEach((d, i) => {
    const j = partIndex.get(d);
    const n = whole.n[i] - (j === undefined ? 0 : part.n[j]);
    if (n <= 0) return;
    rest.day.push(d);
    rest.n.push(n);
    rest.sum.push(whole.sum[i] - (j === undefined ? 0 : part.sum[j]));
  });
  return rest;
}
