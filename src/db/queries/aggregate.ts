/**
 * The aggregation step: every group-by of the analysis, run in PostgreSQL, assembled into the bounded
 * Aggregates the diagnostics read. Each big table is read once by a hash aggregation at the finest
 * grain its cells need, in lanes on separate connections (see below); what they return is additive.
 */
import type { Kysely } from 'kysely';
import type { Aggregates, QualityCounts } from '../../analysis/aggregates.js';
import type { AnalysisWindow } from '../../analysis/findings.js';
import type { Database } from '../schema.js';
import { latestBacktests, liveConfigUse, readAheadBacktestDays, sleeveMembership } from './backtests.js';
import { knobVersions, sopVersions, strategyCapital, templateSlots } from './config-lookups.js';
import { assessmentCells, calibrationCells, overrideCells } from './decision-cells.js';
import { DECISION_SUMS, decisionCube } from './decision-cube.js';
import { decisionFlips } from './decision-flips.js';
import { knobOutcomeCells, performanceCells } from './performance-cells.js';
import { dayRegimes, regimeOccupancy } from './regimes.js';
import { similarConditions } from './similar-conditions.js';
import { sopExecutions } from './sop-executions.js';
import { readExactly, withAggregationSettings } from './sql-helpers.js';
import { TRADE_SUMS, tradesOutsideRegimePeriod } from './trade-cube.js';
import { refreshTradeDayRollups, tradeCubeFromRollups, wholeDays } from './trade-day-rollups.js';
import { countTrades, duplicateTrades } from './trade-duplicates.js';
import { tradeQuantiles } from './trade-quantiles.js';

/** Progress of the aggregation: `done` of `total` queries finished, the last one named. */
export interface AggregateProgress {
  stage: string;
  done: number;
  total: number;
}

export interface AggregateOptions {
  onProgress?: (progress: AggregateProgress) => void;
  /** Worst returns kept per strategy for the tail index (default 2000). */
  tailCap?: number;
  /** Trades the quantiles are computed on, at most (default 100,000; beyond it a uniform sample). */
  quantileSampleCap?: number;
  /** Most recent decisions ordered per instrument for the flip rate (default 200,000), and the horizon in hours (default 24). */
  flipLimit?: number;
  flipHorizonHours?: number;
  /** Recompute every day's trade rollup instead of only the new and changed days (`kronos analyze --full`). */
  full?: boolean;
}

function sumOf<T>(rows: readonly T[], pick: (row: T) => number | null | undefined): number {
  return rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
}

/**
 * Computes the Aggregates of a window. Never loads a table into memory: what comes back is cells × days,
 * bounded samples and small lookups. The only writes are the trades' daily rollups (trade-day-rollups.ts, a
 * cache of the trades: recomputed where they changed) and the episodes' (similar-conditions.ts), idempotent.
 *
 * @example
 * const aggregates = await aggregate(db, resolveWindow({ windowDays: 90 }), { onProgress: (p) => console.log(p.stage) });
 */
export async function aggregate(db: Kysely<Database>, window: AnalysisWindow, options: AggregateOptions = {}): Promise<Aggregates> {
  const range = { from: window.start, to: window.end };
  const tailCap = options.tailCap ?? 2000;
  const total = 9;
  let done = 0;
  const report = (stage: string) => options.onProgress?.({ stage, done: ++done, total });

  // Four lanes of queries, one connection each, arranged so that the two cores stay busy: the decisions,
  // then the backtests' trades; the lookups, then the trades and the backtests' summary (which prefers
  // the config versions the trades used); the checks over all trades (duplicates, the quantile sample)
  // and the flips; the episodes and their nearest neighbours, which read only the contract tables.
  const noLiveConfigs = { strategy_id: [], config_version_id: [] };
  const lookups = Promise.all([
    regimeOccupancy(db, window),
    dayRegimes(db, window),
    sleeveMembership(db, window.as_of, noLiveConfigs),
    templateSlots(db, window.as_of),
    sopExecutions(db, window.as_of),
    sopVersions(db, window.as_of),
    strategyCapital(db),
  ]).then((found) => {
    report('lookups');
    return found;
  });
  const decisionLane = async () => {
    const rows = await withAggregationSettings(db, (trx) => readExactly((reading) => decisionCube(trx, window, range, reading), DECISION_SUMS));
    report('decisions');
    return rows;
  };
  // The backtests' trades are read once the decisions are done, while the trades are still aggregating.
  const decisions = decisionLane();
  const backtestsReadAhead = decisions.then(() => readAheadBacktestDays(db, window.as_of));
  const tradeLane = async () => {
    await refreshTradeDayRollups(db, window, { full: options.full ?? false });
    report('trade rollups');
    const [, , sleeves] = await lookups;
    const rows = await withAggregationSettings(db, async (trx) => {
      const days = await wholeDays(trx, window);
      return readExactly((reading) => tradeCubeFromRollups(trx, window, days, sleeves, reading), TRADE_SUMS);
    });
    report('trades');
    const byStrategy = rows.filter((row) => row.set === 'strategy_config_regime');
    const outside =
      sumOf(byStrategy, (row) => row.outside_unresolved) > 0
        ? await tradesOutsideRegimePeriod(db, window)
        : sumOf(byStrategy, (row) => row.outside_regime_period);
    const live = liveConfigUse(rows);
    const [knobs, backtests] = await Promise.all([
      knobVersions(db, [...new Set(live.config_version_id)]),
      latestBacktests(db, window.as_of, live, await backtestsReadAhead),
    ]);
    report('backtests and config versions');
    return { tradeRows: rows, outside, knobs, backtests };
  };
  const checkLane = async () => {
    const duplicates = await withAggregationSettings(db, (trx) => duplicateTrades(trx, window));
    report('duplicate trades');
    const [, , sleeves] = await lookups;
    const sample = { total: await countTrades(db, window), tailCap, sampleCap: options.quantileSampleCap ?? 100_000 };
    const quantiles = await withAggregationSettings(db, (trx) => tradeQuantiles(trx, window, sleeves, sample));
    report('trade quantiles');
    const flipOptions = { horizonHours: options.flipHorizonHours ?? 24, limit: options.flipLimit ?? 200_000 };
    const flips = await withAggregationSettings(db, (trx) => decisionFlips(trx, window, flipOptions));
    report('decision flips');
    return { duplicates, quantiles, flips };
  };
  const similarLane = async () => {
    const similar = await similarConditions(db, window.as_of);
    report('similar conditions');
    return similar;
  };
  const [
    [regimes, regimeByDay, , slots, sops, versions, capital],
    decisionRows,
    { tradeRows, outside, knobs, backtests },
    { duplicates, quantiles, flips },
    similar,
  ] = await Promise.all([lookups, decisions, tradeLane(), checkLane(), similarLane()]);

  const byStrategy = tradeRows.filter((row) => row.set === 'strategy_config_regime');
  const knownConfigs = new Set(knobs.map((k) => k.config_version_id));
  const assessment = assessmentCells(decisionRows);
  const perDecision = decisionRows.filter((row) => row.set === 'assessment');
  const quality: QualityCounts = {
    trades: sumOf(byStrategy, (row) => row.rows),
    decisions: sumOf(perDecision, (row) => row.n),
    null_returns: sumOf(byStrategy, (row) => row.null_returns),
    non_finite_returns: sumOf(byStrategy, (row) => row.non_finite_returns),
    null_forward_returns: sumOf(perDecision, (row) => row.null_forward),
    non_finite_forward_returns: sumOf(perDecision, (row) => row.non_finite_forward),
    unknown_regime_trades: sumOf(byStrategy, (row) => row.unknown_regime),
    unknown_regime_decisions: sumOf(
      decisionRows.filter((row) => row.set === 'override'),
      (row) => row.unknown_regime,
    ),
    unknown_config_trades: sumOf(
      byStrategy.filter((row) => row.k2 === null || !knownConfigs.has(row.k2)),
      (row) => row.rows,
    ),
    duplicate_trades: duplicates,
    outside_regime_period: outside,
  };
  const activeDays = new Set<number>([...tradeRows.map((row) => row.day)]);
  const tails = Object.fromEntries(
    quantiles.rows.filter((row) => row.set === 'strategy' && row.k1 !== null && row.tail).map((row) => [row.k1 as string, row.tail as number[]]),
  );

  return {
    version: 1,
    window,
    quality,
    active_days: [...activeDays].sort((a, b) => a - b),
    day_regimes: regimeByDay,
    regimes,
    performance: performanceCells(tradeRows, quantiles.rows),
    quantile_sample_rate: quantiles.sampleRate,
    strategy_capital: capital,
    tails,
    tail_cap: tailCap,
    overrides: overrideCells(decisionRows),
    calibration: calibrationCells(decisionRows),
    assessment,
    template_slots: slots,
    flips,
    knob_outcomes: knobOutcomeCells(tradeRows),
    knob_versions: knobs,
    backtests,
    sops,
    sop_versions: versions,
    similar_conditions: similar,
  };
}
