/**
 * Live against backtest, per strategy and sleeve with a completed backtest. When the run's trades are
 * there, the live per-trade Sharpe is compared with the backtest's per-trade Sharpe (the same basis on
 * both sides), with the Probabilistic Sharpe Ratio and a test that counts both estimation errors;
 * otherwise the live daily Sharpe is compared with the backtest's reported one (metrics_json.sharpe, an
 * annualised daily Sharpe). Both daily figures are reported either way. As a breakdown, the live mean per
 * trade in each regime against the backtest's mean in that regime.
 */
import type { Aggregates, BacktestAggregate, PerformanceCellAggregate, ReturnMoments } from '../aggregates.js';
import { annualisedSharpeFromDaily } from '../metrics/annualised-sharpe.js';
import { bootstrapInterval } from '../stats/bootstrap-interval.js';
import { minTrackRecordLength } from '../stats/min-track-record-length.js';
import { normalPValue } from '../stats/alternative.js';
import { probabilisticSharpeRatio, type SharpeMoments, sharpeMoments, sharpeVarianceFactor } from '../stats/probabilistic-sharpe-ratio.js';
import { deriveSeed } from '../stats/rng.js';
import { type DiagnosticCell, insufficient, makeCell, MIN_SAMPLE } from './cell.js';
import { clusteredMean } from './clustered-mean.js';
import { dailyReturns } from './daily-returns.js';
import { addMoments, emptyMoments, momentMean, tradeSharpeMoments } from './moments.js';

const SECTION = 'live_vs_backtest';
const PERIODS_PER_YEAR = 252;
const Z_95 = 1.959963984540054;

/** A number from metrics_json, or null when the key is missing or not a finite number (unknown, never 0). */
export function metricNumber(metrics: Record<string, unknown>, ...path: string[]): number | null {
  let value: unknown = metrics;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The backtest's per-day Sharpe and where it came from, with the moments of its own daily PnL series
 * (session days without a close filled with 0, 5 sessions per 7 days) when it has trades: their
 * estimation error enters the test.
 */
function backtestDailySharpe(run: BacktestAggregate): { sharpe: number; basis: string; series: (SharpeMoments & { n: number }) | null } | null {
  const sessions = Math.max(run.daily_pnl.length, Math.round((run.daily_span_days * 5) / 7));
  const filled = [...run.daily_pnl, ...new Array<number>(sessions - run.daily_pnl.length).fill(0)];
  const series = filled.length >= MIN_SAMPLE.sharpeDays ? sharpeMoments(filled) : null;
  const reported = metricNumber(run.metrics, 'sharpe');
  if (reported !== null) return { sharpe: reported / Math.sqrt(PERIODS_PER_YEAR), basis: 'metrics_json.sharpe (annualised daily, /√252)', series };
  return series ? { sharpe: series.sharpe, basis: 'daily PnL of the backtest trades', series } : null;
}

/**
 * One-sided p of "live Sharpe below the backtest's": PSR(SR_backtest) when the backtest Sharpe is a bare
 * number; with the backtest's own series, both estimation errors count:
 * z = (SR_l − SR_b)/√(v_l/(T_l − 1) + v_b/(T_b − 1)), v = 1 − γ₃·SR + (γ₄ − 1)/4·SR² of each series.
 */
function sharpeGapP(live: SharpeMoments & { n: number }, backtest: { sharpe: number; series: (SharpeMoments & { n: number }) | null }): number {
  if (!backtest.series) return probabilisticSharpeRatio({ ...live, benchmark: backtest.sharpe });
  const variance = sharpeVarianceFactor(live) / (live.n - 1) + sharpeVarianceFactor({ ...backtest.series, sharpe: backtest.sharpe }) / (backtest.series.n - 1);
  return variance > 0 ? normalPValue((live.sharpe - backtest.sharpe) / Math.sqrt(variance), 'less') : NaN;
}

function liveCell(agg: Aggregates, run: BacktestAggregate): PerformanceCellAggregate | undefined {
  return run.sleeve_id === null
    ? agg.performance.find((c) => c.dimension === 'strategy' && c.key.strategy_id === run.strategy_id)
    : agg.performance.find((c) => c.dimension === 'sleeve' && c.key.strategy_id === run.strategy_id && c.key.sleeve_id === run.sleeve_id);
}

/**
 * The strategy's whole live PnL over the window and its standard error (its session days independent,
 * days without a close counting 0): what a change of its budget scales, whichever sleeve the gap is in.
 */
function strategyLivePnl(agg: Aggregates, strategyId: string): { strategy_live_pnl: number | null; strategy_live_pnl_se: number | null } {
  const cell = agg.performance.find((c) => c.dimension === 'strategy' && c.key.strategy_id === strategyId);
  const pnl = cell ? dailyReturns(cell.daily, agg.active_days, 1) : [];
  if (pnl.length < 2) return { strategy_live_pnl: null, strategy_live_pnl_se: null };
  const total = pnl.reduce((sum, x) => sum + x, 0);
  const mean = total / pnl.length;
  const variance = pnl.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (pnl.length - 1);
  return { strategy_live_pnl: total, strategy_live_pnl_se: Math.sqrt(pnl.length * variance) };
}

/** Live trades attributed to the run's sleeve (or strategy), enough of them to compare. */
function testableLive(agg: Aggregates, run: BacktestAggregate): boolean {
  return (liveCell(agg, run)?.moments.n ?? 0) >= MIN_SAMPLE.trades;
}

/**
 * For a strategy without a strategy-level backtest whose sleeves' backtests cannot all be matched to
 * enough live trades (live trades carry no sleeve id; one is attributed only when exactly one sleeve
 * traded its instrument, so overlapping sleeves leave few or none), the sleeves' runs pooled: their
 * trades' moments added (trade-weighted), so the strategy's live trades are compared with them on the
 * per-trade basis. metrics_json does not pool: left empty.
 */
function pooledSleeveRuns(agg: Aggregates): BacktestAggregate[] {
  const strategies = [...new Set(agg.backtests.filter((r) => r.sleeve_id !== null).map((r) => r.strategy_id))].sort();
  return strategies.flatMap((strategy) => {
    const runs = agg.backtests.filter((r) => r.strategy_id === strategy);
    if (runs.some((r) => r.sleeve_id === null) || runs.every((r) => testableLive(agg, r))) return [];
    const trades = emptyMoments();
    const regimes: Record<string, ReturnMoments> = {};
    for (const r of runs) {
      addMoments(trades, r.trades);
      for (const [label, m] of Object.entries(r.regimes)) addMoments((regimes[label] ??= emptyMoments()), m);
    }
    return [
      {
        ...runs[0],
        run_id: runs.map((r) => r.run_id).join(','),
        sleeve_id: null,
        same_config_as_live: runs.some((r) => r.same_config_as_live),
        metrics: {},
        trades,
        regimes,
        daily_pnl: [],
        daily_span_days: 0,
      },
    ];
  });
}

/**
 * @example
 * const cells = liveVsBacktestSection(aggregates, 7);
 */
export function liveVsBacktestSection(agg: Aggregates, seed: number): DiagnosticCell[] {
  const cells: DiagnosticCell[] = [];
  const pooled = pooledSleeveRuns(agg);
  for (const run of [...agg.backtests, ...pooled]) {
    const level = run.sleeve_id !== null ? 'sleeve' : pooled.includes(run) ? "strategy, its sleeves' backtests pooled" : 'strategy';
    const subject: Record<string, string> =
      run.sleeve_id === null ? { strategy_id: run.strategy_id } : { strategy_id: run.strategy_id, sleeve_id: run.sleeve_id };
    const live = liveCell(agg, run);
    const pooledInstead = run.sleeve_id !== null && pooled.some((p) => p.strategy_id === run.strategy_id);
    const base = makeCell({
      section: SECTION,
      kind: 'LIVE_BELOW_BACKTEST',
      subject,
      metric: 'sharpe_gap',
      extra: { backtest_run_id: run.run_id, same_config_as_live: run.same_config_as_live, backtest_created_at: run.created_at, level },
    });
    const benchmark = backtestDailySharpe(run);
    if (pooledInstead) {
      cells.push(
        insufficient(
          { ...base, n: live?.moments.n ?? 0 },
          `fewer than ${MIN_SAMPLE.trades} live trades attributable to a sleeve of the strategy: compared at the strategy level, its sleeves pooled`,
        ),
      );
      continue;
    }
    if (!live) {
      cells.push(insufficient(base, 'no live trades in the window'));
      continue;
    }
    if (!benchmark && run.trades.n < MIN_SAMPLE.trades) {
      cells.push(insufficient(base, 'the backtest has no Sharpe, too few trade days and too few trades'));
      continue;
    }
    const capital = run.sleeve_id === null ? agg.strategy_capital[run.strategy_id] : undefined;
    const daily = dailyReturns(live.daily, agg.active_days, capital);
    const moments = sharpeMoments(daily);
    const regimesCovered = [...new Set(live.daily.day.map((d) => agg.day_regimes[d]).filter((l): l is string => l !== null))].sort();
    const withSample = { ...base, n: daily.length, regimes_covered: regimesCovered };
    if (daily.length < MIN_SAMPLE.sharpeDays || live.moments.n < MIN_SAMPLE.trades) {
      cells.push(insufficient(withSample, `fewer than ${MIN_SAMPLE.sharpeDays} live days or ${MIN_SAMPLE.trades} trades`));
      continue;
    }
    const annual = Math.sqrt(PERIODS_PER_YEAR);
    const liveAnnual = annualisedSharpeFromDaily(daily);
    const dailyFacts = {
      live_sharpe_annualised: liveAnnual,
      backtest_sharpe_annualised: benchmark ? benchmark.sharpe * annual : null,
      backtest_sharpe_basis: benchmark?.basis ?? null,
      psr_daily: benchmark ? probabilisticSharpeRatio({ ...moments, benchmark: benchmark.sharpe }) : null,
      min_trl_days: benchmark ? minTrackRecordLength({ ...moments, benchmark: benchmark.sharpe }) : null,
      live_mean_return: momentMean(live.moments),
      backtest_mean_return: momentMean(run.trades),
      live_trades: live.moments.n,
      backtest_trades: run.trades.n,
      ...strategyLivePnl(agg, run.strategy_id),
    };
    if (run.trades.n >= MIN_SAMPLE.trades) {
      // Both sides have their trades: compare per-trade Sharpe ratios, the same basis on both sides and
      // the one with the most observations; each side's estimation error counts.
      const liveTrades = tradeSharpeMoments(live.moments);
      const backtestTrades = tradeSharpeMoments(run.trades);
      const se = Math.sqrt(sharpeVarianceFactor(liveTrades) / (liveTrades.n - 1) + sharpeVarianceFactor(backtestTrades) / (backtestTrades.n - 1));
      const effect = liveTrades.sharpe - backtestTrades.sharpe;
      cells.push({
        ...withSample,
        n: live.moments.n,
        status: 'tested',
        effect,
        ci: [effect - Z_95 * se, effect + Z_95 * se],
        p: sharpeGapP(liveTrades, { sharpe: backtestTrades.sharpe, series: backtestTrades }),
        value: liveTrades.sharpe,
        baseline: backtestTrades.sharpe,
        extra: {
          ...withSample.extra,
          ...dailyFacts,
          basis: 'per trade',
          psr: probabilisticSharpeRatio({ ...liveTrades, benchmark: backtestTrades.sharpe }),
          min_trl: minTrackRecordLength({ ...liveTrades, benchmark: backtestTrades.sharpe }),
        },
      });
    } else if (benchmark) {
      const gap = bootstrapInterval(daily, (x) => annualisedSharpeFromDaily(x) - benchmark.sharpe * annual, { seed: deriveSeed(seed, base.id), reps: 499 });
      cells.push({
        ...withSample,
        status: 'tested',
        effect: liveAnnual - benchmark.sharpe * annual,
        ci: gap.ci,
        p: sharpeGapP(moments, benchmark),
        value: liveAnnual,
        baseline: benchmark.sharpe * annual,
        extra: { ...withSample.extra, ...dailyFacts, basis: 'daily, annualised', psr: dailyFacts.psr_daily, min_trl: dailyFacts.min_trl_days },
      });
    }
    cells.push(...regimeGaps(agg, run, subject));
  }
  return cells;
}

/** Live mean per trade in each regime seen live against the backtest's mean there: a descriptive breakdown. */
function regimeGaps(agg: Aggregates, run: BacktestAggregate, subject: Record<string, string>): DiagnosticCell[] {
  if (run.sleeve_id !== null) return [];
  return agg.performance
    .filter((c) => c.dimension === 'strategy_regime' && c.key.strategy_id === run.strategy_id)
    .flatMap((cell) => {
      const label = cell.key.regime_label;
      const backtestMean = metricNumber(run.metrics, 'regimes', label, 'mean_return') ?? (run.regimes[label] ? momentMean(run.regimes[label]) : null);
      if (backtestMean === null || !Number.isFinite(backtestMean) || cell.moments.n < MIN_SAMPLE.trades) return [];
      const base = makeCell({ section: SECTION, subject: { ...subject, regime_label: label }, metric: 'regime_mean_return_gap', regimes_covered: [label] });
      const mean = clusteredMean(cell.daily, 'two-sided', backtestMean);
      return [
        {
          ...base,
          n: cell.moments.n,
          effect: mean.estimate - backtestMean,
          ci: [mean.ci[0] - backtestMean, mean.ci[1] - backtestMean] as [number, number],
          value: mean.estimate,
          baseline: backtestMean,
          extra: { backtest_run_id: run.run_id },
        },
      ];
    });
}
