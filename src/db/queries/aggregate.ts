/**
 * The aggregation step: every group-by of the analysis, run in PostgreSQL, assembled into the bounded
 * Aggregates the diagnostics read. The big scans (trades and decisions) are cut into time shards that
 * run concurrently on separate connections; everything they return is additive.
 */
import type { Kysely } from 'kysely';
import type { Aggregates, QualityCounts } from '../../analysis/aggregates.js';
import type { AnalysisWindow } from '../../analysis/findings.js';
import type { Database } from '../schema.js';
import { latestBacktests, liveConfigUse, sleeveMembership } from './backtests.js';
import { knobVersions, sopVersions, strategyCapital, templateSlots } from './config-lookups.js';
import { assessmentCells, calibrationCells, overrideCells } from './decision-cells.js';
import { decisionCube, type DecisionCubeRow } from './decision-cube.js';
import { decisionFlips } from './decision-flips.js';
import { knobOutcomeCells, performanceCells } from './performance-cells.js';
import { dayRegimes, regimeOccupancy } from './regimes.js';
import { sopExecutions } from './sop-executions.js';
import { timeShards, withAggregationSettings } from './sql-helpers.js';
import { tradeCube, type TradeCubeRow } from './trade-cube.js';
import { duplicateTrades } from './trade-duplicates.js';
import { tradeQuantiles } from './trade-quantiles.js';

/** Progress of the aggregation: `done` of `total` queries finished, the last one named. */
export interface AggregateProgress {
  stage: string;
  done: number;
  total: number;
}

export interface AggregateOptions {
  onProgress?: (progress: AggregateProgress) => void;
  /** Queries in flight at once (default 2: one per core of a small server). */
  concurrency?: number;
  /** Time shards per big scan (default: the concurrency). */
  shards?: number;
  /** Worst returns kept per strategy for the tail index (default 2000). */
  tailCap?: number;
  /** Trades the quantiles are computed on, at most (default 100,000; beyond it a uniform sample). */
  quantileSampleCap?: number;
  /** Most recent decisions ordered per instrument for the flip rate (default 200,000), and the horizon in hours (default 24). */
  flipLimit?: number;
  flipHorizonHours?: number;
}

/** Runs `tasks` with at most `limit` in flight, reporting each as it finishes. */
async function runLimited(tasks: Array<{ name: string; run: () => Promise<void> }>, limit: number, done: (name: string) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task.run();
      done(task.name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

function sumOf<T>(rows: readonly T[], pick: (row: T) => number | null | undefined): number {
  return rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
}

/**
 * Computes the Aggregates of a window. Reads only; never loads a table into memory: what comes back is
 * cells × days, bounded samples and small lookups.
 *
 * @example
 * const aggregates = await aggregate(db, resolveWindow({ windowDays: 90 }), { onProgress: (p) => console.log(p.stage) });
 */
export async function aggregate(db: Kysely<Database>, window: AnalysisWindow, options: AggregateOptions = {}): Promise<Aggregates> {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const shards = timeShards(window, Math.max(1, options.shards ?? concurrency));
  const tailCap = options.tailCap ?? 2000;
  const total = 1 + 2 * shards.length + 5;
  let done = 0;
  const report = (stage: string) => options.onProgress?.({ stage, done: ++done, total });

  const noLiveConfigs = { strategy_id: [], config_version_id: [] };
  const [regimes, regimeByDay, sleeves, slots, sops, versions, capital] = await Promise.all([
    regimeOccupancy(db, window),
    dayRegimes(db, window),
    sleeveMembership(db, window.as_of, noLiveConfigs),
    templateSlots(db, window.as_of),
    sopExecutions(db, window.as_of),
    sopVersions(db, window.as_of),
    strategyCapital(db),
  ]);
  report('lookups');

  const tradeRows: TradeCubeRow[] = [];
  const decisionRows: DecisionCubeRow[] = [];
  let quantiles: Awaited<ReturnType<typeof tradeQuantiles>> = { rows: [], sampleRate: 1 };
  let flips: Awaited<ReturnType<typeof decisionFlips>> = [];
  let duplicates = 0;
  let knobs: Awaited<ReturnType<typeof knobVersions>> = [];
  let backtests: Awaited<ReturnType<typeof latestBacktests>> = [];
  await runLimited(
    [
      ...shards.map((shard, i) => ({ name: `decisions ${i + 1}/${shards.length}`, run: async () => void decisionRows.push(...(await withAggregationSettings(db, (trx) => decisionCube(trx, shard)))) })),
      { name: 'trade quantiles', run: async () => void (quantiles = await withAggregationSettings(db, (trx) => tradeQuantiles(trx, window, sleeves, { tailCap, sampleCap: options.quantileSampleCap ?? 100_000 }))) },
      ...shards.map((shard, i) => ({ name: `trades ${i + 1}/${shards.length}`, run: async () => void tradeRows.push(...(await withAggregationSettings(db, (trx) => tradeCube(trx, window, shard, sleeves)))) })),
      { name: 'duplicate trades', run: async () => void (duplicates = await withAggregationSettings(db, (trx) => duplicateTrades(trx, window))) },
      {
        name: 'backtests and config versions',
        run: async () => {
          const live = await withAggregationSettings(db, (trx) => liveConfigUse(trx, window));
          [knobs, backtests] = await Promise.all([knobVersions(db, [...new Set(live.config_version_id)]), latestBacktests(db, window.as_of, live)]);
        },
      },
      {
        name: 'decision flips',
        run: async () => void (flips = await decisionFlips(db, window, { horizonHours: options.flipHorizonHours ?? 24, limit: options.flipLimit ?? 200_000 })),
      },
    ],
    concurrency,
    report,
  );

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
    unknown_regime_decisions: sumOf(decisionRows.filter((row) => row.set === 'override'), (row) => row.unknown_regime),
    unknown_config_trades: sumOf(byStrategy.filter((row) => row.k2 === null || !knownConfigs.has(row.k2)), (row) => row.rows),
    duplicate_trades: duplicates,
    outside_regime_period: sumOf(byStrategy, (row) => row.outside_regime_period),
  };
  const activeDays = new Set<number>([...tradeRows.map((row) => row.day)]);
  const tails = Object.fromEntries(quantiles.rows.filter((row) => row.set === 'strategy' && row.k1 !== null && row.tail).map((row) => [row.k1 as string, row.tail as number[]]));

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
  };
}
