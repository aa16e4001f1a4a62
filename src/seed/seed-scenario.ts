/**
 * Seeds a deterministic synthetic trading history with planted effects into every input table of the
 * data contract and the config DB, in one transaction, and returns the ground truth. See
 * docs/synthetic-history.md for the model and the scenarios.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { backtestRunRow, backtestTrades, planBacktests } from './backtests.js';
import type { GroundTruth } from './ground-truth.js';
import { DEFAULT_DECISIONS_PER_TRADE, DEFAULT_TRADES, MIN_DECISIONS_PER_TRADE, MIN_TRADES } from './history-sizes.js';
import { liveHistory } from './live-history.js';
import { groundTruth } from './planted-cells.js';
import { positionRows } from './positions.js';
import { Random } from './random.js';
import { ReturnModel } from './return-model.js';
import { parseScenario, plantedEffectsOf, type WorldKind } from './scenarios.js';
import { SeedError } from './seed-error.js';
import { type Row, TABLES, type TableSpec } from './tables.js';
import { buildWorld } from './world/build-world.js';
import { calmWinner } from './world/calm-today.js';
import { seedVariedWorld } from './varied/seed-varied.js';
import { ONLY_IN_STANDARD_WORLD } from './varied/varied-truth.js';
import { writeSeededRows } from './write-seeded-rows.js';
import { worldRows } from './world-rows.js';

const BATCH_ROWS = 10_000;

export interface SeedOptions {
  /** One of SCENARIO_NAMES. */
  scenario: string;
  /** Any integer; the same scenario, seed and sizes give the same rows. */
  seed: number;
  /** Live trades (default 20,000). */
  trades?: number;
  /** Pipeline decisions (default 3.5 per trade, at least 2.5 per trade). */
  decisions?: number;
  /** Empty the seeded tables first (in the same transaction) instead of refusing a non-empty database. */
  reset?: boolean;
  /**
   * `standard` (default): the world of src/seed/world/; `varied`: the second kind (src/seed/varied/), its
   * names, sleeve layouts, market move and event shocks drawn per seed.
   */
  world?: WorldKind;
  /** Called after each batch with the rows written so far and the rows to write in all. */
  onProgress?: (done: number, total: number) => void;
}

function checkedSizes(options: SeedOptions): { trades: number; decisions: number } {
  if (!Number.isSafeInteger(options.seed)) throw new SeedError(`seed must be an integer, got ${options.seed}`);
  const trades = options.trades ?? DEFAULT_TRADES;
  if (!Number.isSafeInteger(trades) || trades < MIN_TRADES) throw new SeedError(`trades must be an integer of at least ${MIN_TRADES}, got ${trades}`);
  const decisions = options.decisions ?? Math.round(trades * DEFAULT_DECISIONS_PER_TRADE);
  if (!Number.isSafeInteger(decisions) || decisions < trades * MIN_DECISIONS_PER_TRADE) {
    throw new SeedError(
      `decisions must be an integer of at least ${MIN_DECISIONS_PER_TRADE} per trade (${Math.ceil(trades * MIN_DECISIONS_PER_TRADE)} for ${trades} trades), got ${decisions}`,
    );
  }
  return { trades, decisions };
}

/**
 * Writes the scenario's history and returns its ground truth. Refuses a database whose seeded tables
 * already hold rows unless `reset`; on any failure nothing is written.
 *
 * @example
 * const truth = await seedScenario(db, { scenario: 'regime_loss', seed: 7, trades: 3000 });
 * truth.effects[0].subject; // { strategy_id: 'momentum', regime_label: 'SIDEWAYS' }
 */
export async function seedScenario(db: Kysely<Database>, options: SeedOptions): Promise<GroundTruth> {
  const scenario = parseScenario(options.scenario);
  const { trades, decisions } = checkedSizes(options);
  const { seed } = options;
  const effects = plantedEffectsOf(scenario);
  if (options.world === 'varied') {
    if (effects.has('config_by_volatility')) throw new SeedError(ONLY_IN_STANDARD_WORLD);
    return seedVariedWorld(db, { scenario, seed, effects, trades, decisions, reset: options.reset ?? false, onProgress: options.onProgress });
  }
  const world = buildWorld(seed, effects);
  const winner = effects.has('config_by_volatility') ? calmWinner(world.configs) : undefined;
  const model = new ReturnModel(effects, winner);
  const backtests = planBacktests(world, trades);
  const small: [TableSpec, Row[]][] = [...worldRows(world), [TABLES.positions, positionRows(world, Random.stream(seed, 'positions'))]];
  const total = small.reduce((n, [, rows]) => n + rows.length, 0) + decisions + trades + backtests.reduce((n, p) => n + p.trades + 1, 0);

  function* batches(): Generator<[TableSpec, Row[]]> {
    yield* small;
    const live = liveHistory(world, model, Random.stream(seed, 'live'), { trades, decisions, batchSize: BATCH_ROWS, effects });
    for (const batch of live) {
      yield [TABLES.pipeline_decisions, batch.decisions];
      yield [TABLES.trades, batch.trades];
    }
    const runRows: Row[] = [];
    for (const plan of backtests) {
      const rng = Random.stream(seed, 'backtest', plan.run_id);
      const run = backtestTrades(world, model, rng, plan, BATCH_ROWS);
      for (const rows of run.batches) yield [TABLES.backtest_trades, rows];
      runRows.push(backtestRunRow(run.metrics, rng));
    }
    yield [TABLES.backtest_runs, runRows];
  }
  await writeSeededRows(db, batches(), { reset: options.reset ?? false, total, onProgress: options.onProgress });

  return groundTruth({
    scenario,
    seed,
    effects,
    trades,
    decisions,
    calmWinner: winner,
    latestBacktestRunId: (strategyId) => backtests.find((p) => p.latest && p.strategy.id === strategyId)!.run_id,
  });
}
