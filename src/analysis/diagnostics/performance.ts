/**
 * Performance by strategy, sleeve, regime, sector, profile bucket, universe, prompt template, agent
 * graph version and strategy × regime. Every cell gets its per-trade metrics (from sums and SQL
 * quantiles) and its daily metrics; strategy × regime, sector and profile-bucket cells are tested for an
 * actionable loss, the others for a mean return different from 0, except universe × sector cells, a
 * descriptive breakdown of the sector cells.
 */
import type { Aggregates, PerformanceCellAggregate, PerformanceDimension } from '../aggregates.js';
import type { FindingKind, PerformanceCell, PerformanceMetrics } from '../findings.js';
import { annualisedSharpeFromDaily } from '../metrics/annualised-sharpe.js';
import { maxDrawdown } from '../metrics/max-drawdown.js';
import { sortinoRatio } from '../metrics/sortino-ratio.js';
import { insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { clusteredDifference, clusteredMean, type DaySums, subtractDays } from './clustered-mean.js';
import { dailyReturns } from './daily-returns.js';
import { tradeMetrics } from './moments.js';
import { timeBlockRobustness } from './time-blocks.js';

const SECTION = 'performance';
/** Keys that name no real group (missing values, unknown regime): described, never tested for an action. */
const PLACEHOLDERS = new Set(['(none)', '(unknown)']);

/** Dimensions whose cells are tested for a loss, the finding each becomes, and the group its "rest" is drawn from. */
const LOSS_TESTS: Partial<Record<PerformanceDimension, { kind: FindingKind; group: (key: Record<string, string>) => string }>> = {
  strategy_regime: { kind: 'STRATEGY_LOSES_IN_REGIME', group: (key) => key.strategy_id },
  sector: { kind: 'SECTOR_LOSES', group: () => '' },
  profile: { kind: 'PROFILE_BUCKET_LOSES', group: (key) => key.attribute },
};

/** The key columns of each dimension, in the order subjects and ids list them (stored JSON may reorder keys). */
const KEY_ORDER: Record<PerformanceDimension, string[]> = {
  strategy: ['strategy_id'],
  sleeve: ['strategy_id', 'sleeve_id'],
  regime: ['regime_label'],
  strategy_regime: ['strategy_id', 'regime_label'],
  sector: ['sector'],
  universe_sector: ['universe_id', 'sector'],
  universe: ['universe_id'],
  prompt_template: ['prompt_template_id'],
  agent_graph: ['agent_graph_version'],
  profile: ['attribute', 'bucket'],
};

function orderedKey(cell: PerformanceCellAggregate): Record<string, string> {
  return Object.fromEntries(KEY_ORDER[cell.dimension].map((k) => [k, cell.key[k]]));
}

/** Day sums of several cells added together. */
function combine(cells: readonly PerformanceCellAggregate[]): DaySums {
  const byDay = new Map<number, { n: number; sum: number; sum_sq: number }>();
  for (const cell of cells) {
    cell.daily.day.forEach((d, i) => {
      const acc = byDay.get(d) ?? { n: 0, sum: 0, sum_sq: 0 };
      acc.n += cell.daily.n[i];
      acc.sum += cell.daily.sum[i];
      acc.sum_sq += cell.daily.sum_sq[i];
      byDay.set(d, acc);
    });
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const column = (pick: (acc: { n: number; sum: number; sum_sq: number }) => number) => days.map((d) => pick(byDay.get(d)!));
  return { day: days, n: column((a) => a.n), sum: column((a) => a.sum), sum_sq: column((a) => a.sum_sq) };
}

/** Session days a cell could trade on: all active days, or those of its regime. */
function cellDays(agg: Aggregates, cell: PerformanceCellAggregate): number[] {
  const regime = cell.key.regime_label;
  return regime === undefined ? agg.active_days : agg.active_days.filter((d) => agg.day_regimes[d] === regime);
}

/** The metrics of a cell, by the names docs/diagnostics.md defines. */
function cellMetrics(agg: Aggregates, cell: PerformanceCellAggregate): PerformanceMetrics {
  const capital = cell.dimension === 'strategy' ? agg.strategy_capital[cell.key.strategy_id] : undefined;
  const daily = dailyReturns(cell.daily, cellDays(agg, cell), capital);
  const q = cell.quantiles;
  return finiteOrNull({
    ...tradeMetrics(cell.moments),
    median_return: q?.p50 ?? NaN,
    var_95: q?.p05 ?? NaN,
    es_95: q?.es95 ?? NaN,
    tail_ratio: q && q.p05 !== 0 ? Math.abs(q.p95) / Math.abs(q.p05) : NaN,
    sharpe_annualised: annualisedSharpeFromDaily(daily),
    sortino_annualised: sortinoRatio(daily, { periodsPerYear: 252 }),
    max_drawdown: maxDrawdown(daily),
    daily_observations: daily.length,
  });
}

/** The same named numbers with the non-finite ones as null. */
function finiteOrNull<Metrics extends Record<string, number>>(metrics: Metrics): { [Name in keyof Metrics]: number | null } {
  return Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])) as { [Name in keyof Metrics]: number | null };
}

/**
 * The performance cells of a run.
 *
 * @example
 * const cells = performanceSection(aggregates);
 */
export function performanceSection(agg: Aggregates): PerformanceCell[] {
  return agg.performance.map((cell) => {
    const key = orderedKey(cell);
    const base = makeCell({
      section: SECTION,
      subject: { dimension: cell.dimension, ...key },
      metric: 'mean_return',
      n: cell.moments.n,
      regimes_covered: cell.key.regime_label ? [cell.key.regime_label] : [],
      extra: cellMetrics(agg, cell),
    });
    const days = cell.daily.day.length;
    if (cell.moments.n < MIN_SAMPLE.trades || days < MIN_SAMPLE.days) {
      return insufficient(
        { ...base, value: base.extra.mean_return ?? NaN },
        `fewer than ${MIN_SAMPLE.trades} trades or ${MIN_SAMPLE.days} days (the clusters of its variance)`,
      );
    }
    const lossTest = LOSS_TESTS[cell.dimension];
    const actionable = lossTest && !Object.values(cell.key).some((v) => PLACEHOLDERS.has(v));
    if (cell.dimension === 'universe_sector') return { ...base, extra: { ...base.extra, days } };
    if (!lossTest || !actionable) {
      const mean = clusteredMean(cell.daily, 'two-sided', 0);
      if (!Number.isFinite(mean.p)) return insufficient(base, 'all its trades closed on one day');
      return {
        ...base,
        status: 'tested',
        effect: mean.estimate,
        value: mean.estimate,
        baseline: 0,
        ci: mean.ci,
        p: mean.p,
        extra: { ...base.extra, days, df: mean.df },
      };
    }
    const group = lossTest.group(cell.key);
    const peers = agg.performance.filter((other) => other.dimension === cell.dimension && lossTest.group(other.key) === group);
    const rest = subtractDays(combine(peers), cell.daily);
    const restN = rest.n.reduce((s, x) => s + x, 0);
    const universe = cell.dimension === 'sector' ? singleUniverse(agg, cell.key.sector) : null;
    const subject = universe ? { ...key, universe_id: universe } : key;
    const cellFinding = makeCell({
      section: SECTION,
      kind: lossTest.kind,
      subject,
      metric: base.metric,
      n: base.n,
      regimes_covered: base.regimes_covered,
      extra: base.extra,
    });
    if (restN < MIN_SAMPLE.trades) return insufficient(cellFinding, `fewer than ${MIN_SAMPLE.trades} trades to compare with`);
    // Intersection–union test: the cell loses (mean < 0) AND does worse than the rest; p is the larger p.
    const below = clusteredMean(cell.daily, 'less', 0);
    const worse = clusteredDifference(cell.daily, rest, 'less');
    if (!Number.isFinite(below.p) || !Number.isFinite(worse.p)) return insufficient(cellFinding, 'its trades or the rest closed on one day');
    const restMean = rest.sum.reduce((s, x) => s + x, 0) / restN;
    const total = (column: number[]) => column.reduce((s, x) => s + x, 0);
    return {
      ...cellFinding,
      status: 'tested',
      effect: below.estimate,
      value: below.estimate,
      baseline: restMean,
      ci: below.ci,
      p: Math.max(below.p, worse.p),
      extra: {
        ...base.extra,
        days,
        df: below.df,
        df_vs_rest: worse.df,
        rest_n: restN,
        diff_vs_rest: worse.estimate,
        diff_ci_low: worse.ci[0],
        diff_ci_high: worse.ci[1],
        p_below_zero: below.p,
        p_worse_than_rest: worse.p,
        // What the cell's trades put at stake and earned over the window, for the impact in money.
        notional: total(cell.daily.notional),
        pnl: total(cell.daily.pnl),
        ...timeBlockRobustness(cell.daily, agg.window.days),
      },
    };
  });
}

/** The universe a sector's trades all came from, when there is exactly one. */
function singleUniverse(agg: Aggregates, sector: string): string | null {
  const universes = agg.performance.filter((c) => c.dimension === 'universe_sector' && c.key.sector === sector).map((c) => c.key.universe_id);
  return universes.length === 1 ? universes[0] : null;
}
