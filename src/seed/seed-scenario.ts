/**
 * Seeds a deterministic synthetic trading history with planted effects into every input table of the
 * data contract and the config DB, in one transaction, and returns the ground truth. See
 * docs/synthetic-history.md for the model and the scenarios.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { backtestRunRow, backtestTrades, planBacktests } from './backtests.js';
import { openBulkWriter } from './bulk-writer.js';
import { deferIndexes } from './deferred-indexes.js';
import type { GroundTruth } from './ground-truth.js';
import { DEFAULT_DECISIONS_PER_TRADE, DEFAULT_TRADES, MIN_DECISIONS_PER_TRADE, MIN_TRADES } from './history-sizes.js';
import { liveHistory } from './live-history.js';
import { groundTruth } from './planted-cells.js';
import { positionRows } from './positions.js';
import { prepareTables } from './prepare-tables.js';
import { Random } from './random.js';
import { ReturnModel } from './return-model.js';
import { parseScenario, plantedEffectsOf } from './scenarios.js';
import { SeedError } from './seed-error.js';
import { type Row, TABLES, type TableSpec } from './tables.js';
import { buildWorld } from './world/build-world.js';
import { calmWinner } from './world/calm-today.js';
import { worldRows } from './world-rows.js';

const BATCH_ROWS = 10_000;
/** The tables with millions of rows, whose secondary indexes are built after the load. */
const BULK_TABLES = [TABLES.trades.name, TABLES.pipeline_decisions.name, TABLES.backtest_trades.name];

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
  /** Called after each batch with the rows written so far and the rows to write in all. */
  onProgress?: (done: number, total: number) => void;
}

function checkedSizes(options: SeedOptions): { trades: number; decisions: number } {
  if (!Number.isSafeInteger(options.seed)) throw new SeedError(`seed must be an integer, got ${options.seed}`);
  const trades = options.trades ?? DEFAULT_TRADES;
  if (!Number.isSafeInteger(trades) || trades < MIN_TRADES) throw new SeedError(`trades must be an integer of at least ${MIN_TRADES}, got ${trades}`);
  const decisions = options.decisions ?? Math.round(trades * DEFAULT_DECISIONS_PER_TRADE);
  if (!Number.isSafeInteger(decisions) || decisions < trades * MIN_DECISIONS_PER_TRADE) {
    throw new SeedError(`decisions must be an integer of at least ${MIN_DECISIONS_PER_TRADE} per trade (${Math.ceil(trades * MIN_DECISIONS_PER_TRADE)} for ${trades} trades), got ${decisions}`);
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
  const world = buildWorld(seed, effects);
  const winner = effects.has('config_by_volatility') ? calmWinner(world.configs) : undefined;
  const model = new ReturnModel(effects, winner);
  const backtests = planBacktests(world, trades);
  const small: [TableSpec, Row[]][] = [
    ...worldRows(world),
    [TABLES.positions, positionRows(world, Random.stream(seed, 'positions'))],
  ];
  const total =
    small.reduce((n, [, rows]) => n + rows.length, 0) + decisions + trades + backtests.reduce((n, p) => n + p.trades + 1, 0);
  let done = 0;
  const progress = (rows: number) => {
    done += rows;
    options.onProgress?.(done, total);
  };

  await db.transaction().execute(async (trx) => {
    // One index build over millions of rows may outlast the per-statement limit meant for activities.
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    await prepareTables(trx, { reset: options.reset ?? false });
    const rebuildIndexes = await deferIndexes(trx, BULK_TABLES);
    const writer = await openBulkWriter(trx);
    for (const [table, rows] of small) {
      await writer.write(table, rows);
      progress(rows.length);
    }
    const live = liveHistory(world, model, Random.stream(seed, 'live'), { trades, decisions, batchSize: BATCH_ROWS, effects });
    for (const batch of live) {
      await writer.write(TABLES.pipeline_decisions, batch.decisions);
      await writer.write(TABLES.trades, batch.trades);
      progress(batch.decisions.length + batch.trades.length);
    }
    const runRows: Row[] = [];
    for (const plan of backtests) {
      const rng = Random.stream(seed, 'backtest', plan.run_id);
      const run = backtestTrades(world, model, rng, plan, BATCH_ROWS);
      for (const rows of run.batches) {
        await writer.write(TABLES.backtest_trades, rows);
        progress(rows.length);
      }
      runRows.push(backtestRunRow(run.metrics, rng));
    }
    await writer.write(TABLES.backtest_runs, runRows);
    await writer.flush();
    await rebuildIndexes();
    progress(runRows.length);
  });
  await sql`ANALYZE ${sql.join(BULK_TABLES.map((name) => sql.table(name)))}`.execute(db);

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
