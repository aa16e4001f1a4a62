/**
 * The latest completed backtest of each strategy and sleeve (created by the as-of time, preferring a
 * run on a config version the live trades used), with its metrics_json as stored and the sums of its
 * trades overall, per regime label and per closing day; and which instruments each sleeve trades.
 */
import { type Kysely, sql } from 'kysely';
import type { BacktestAggregate, ReturnMoments } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';
import { addMoments, emptyMoments, MOMENT_KEYS } from '../../analysis/diagnostics/moments.js';
import { readExactly, readNumeric, RETURN_MOMENTS } from './sql-helpers.js';
import type { SleeveMembership, TradeCubeRow } from './trade-cube.js';

/** Which strategy config versions the live trades of the window used. */
export interface LiveConfigUse {
  strategy_id: string[];
  config_version_id: string[];
}

const CHOSEN_RUNS = (asOf: string, live: LiveConfigUse) => sql`
  live AS (SELECT * FROM unnest(${live.strategy_id}::text[], ${live.config_version_id}::text[]) AS l(strategy_id, config_version_id)),
  chosen AS (
    SELECT DISTINCT ON (b.strategy_id, b.sleeve_id) b.*,
      EXISTS (SELECT 1 FROM live l WHERE l.strategy_id = b.strategy_id AND l.config_version_id = b.config_version_id) AS same_config_as_live
    FROM backtest_runs b
    WHERE b.status = 'COMPLETED' AND b.created_at <= ${asOf}::timestamptz
    ORDER BY b.strategy_id, b.sleeve_id,
      EXISTS (SELECT 1 FROM live l WHERE l.strategy_id = b.strategy_id AND l.config_version_id = b.config_version_id) DESC,
      b.created_at DESC, b.run_id
  )`;

type BacktestDayRow = ReturnMoments & { run_id: string; label: string | null; day: number; day_pnl: number | null };

/** The sums of some runs' trades by regime label and closing day, by run id. */
export type BacktestDays = Map<string, BacktestDayRow[]>;

interface ChosenRun {
  run_id: string;
  strategy_id: string;
  sleeve_id: string | null;
  config_version_id: string | null;
  same_config_as_live: boolean;
  created_at: Date;
  period_start: Date;
  period_end: Date;
  metrics_json: unknown;
}

async function chosenRuns(db: Kysely<Database>, asOf: string, live: LiveConfigUse): Promise<ChosenRun[]> {
  const { rows } = await sql<ChosenRun>`WITH ${CHOSEN_RUNS(asOf, live)}
    SELECT run_id, strategy_id, sleeve_id, config_version_id, same_config_as_live, created_at, period_start, period_end, metrics_json
    FROM chosen ORDER BY strategy_id, sleeve_id NULLS FIRST`.execute(db);
  return rows;
}

/**
 * One pass over the runs' trades at the grain of run, regime and closing day; a run's totals, per-label
 * moments and daily PnL are sums of its rows.
 */
async function backtestDays(db: Kysely<Database>, runIds: readonly string[]): Promise<BacktestDays> {
  const days: BacktestDays = new Map(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return days;
  const rows = await readExactly(
    async (reading) =>
      (
        await sql<BacktestDayRow>`
          SELECT f.*, rg.label FROM (
            SELECT run_id, regime_id, day, ${RETURN_MOMENTS}, sum(pnl) AS day_pnl
            FROM (SELECT run_id, regime_id, floor(date_part('epoch', closed_at) / 86400)::int AS day,
                    ${readNumeric(sql.ref('return_pct'), reading)} AS r, ${readNumeric(sql.ref('pnl'), reading)} AS pnl
                  FROM backtest_trades WHERE run_id = ANY(${runIds}::text[])) bt
            GROUP BY run_id, regime_id, day
          ) f LEFT JOIN regime_history rg ON rg.regime_id = f.regime_id`.execute(db)
      ).rows,
    [...MOMENT_KEYS, 'day_pnl'],
  );
  for (const row of rows) days.get(row.run_id)?.push(row);
  return days;
}

/**
 * The day sums of the runs chosen without a live-config preference, read ahead of the trades: usually
 * the very runs latestBacktests chooses once it knows which config versions the trades used.
 *
 * @example
 * const readAhead = await readAheadBacktestDays(db, window.as_of);
 */
export async function readAheadBacktestDays(db: Kysely<Database>, asOf: string): Promise<BacktestDays> {
  const runs = await chosenRuns(db, asOf, { strategy_id: [], config_version_id: [] });
  return backtestDays(
    db,
    runs.map((run) => run.run_id),
  );
}

function summarize(run: ChosenRun, days: readonly BacktestDayRow[]): BacktestAggregate {
  const trades = emptyMoments();
  const regimes: Record<string, ReturnMoments> = {};
  const pnl = new Map<number, number>();
  for (const row of days) {
    addMoments(trades, row);
    if (row.label !== null) addMoments((regimes[row.label] ??= emptyMoments()), row);
    if (row.day_pnl !== null) pnl.set(row.day, (pnl.get(row.day) ?? 0) + row.day_pnl);
  }
  const pnlDays = [...pnl.keys()].sort((a, b) => a - b);
  return {
    run_id: run.run_id,
    strategy_id: run.strategy_id,
    sleeve_id: run.sleeve_id,
    config_version_id: run.config_version_id,
    same_config_as_live: run.same_config_as_live,
    created_at: run.created_at.toISOString(),
    period_start: run.period_start.toISOString(),
    period_end: run.period_end.toISOString(),
    metrics: isRecord(run.metrics_json) ? run.metrics_json : {},
    trades,
    regimes,
    daily_pnl: pnlDays.map((day) => pnl.get(day)!),
    daily_span_days: pnlDays.length === 0 ? 0 : pnlDays[pnlDays.length - 1] - pnlDays[0] + 1,
  };
}

/**
 * The chosen backtests with their sums; runs found in `readAhead` are not read again.
 *
 * @example
 * const backtests = await latestBacktests(db, window.as_of, { strategy_id: ['momentum'], config_version_id: ['cv-1'] });
 */
export async function latestBacktests(
  db: Kysely<Database>,
  asOf: string,
  live: LiveConfigUse,
  readAhead: BacktestDays = new Map(),
): Promise<BacktestAggregate[]> {
  const runs = await chosenRuns(db, asOf, live);
  const read = await backtestDays(
    db,
    runs.map((run) => run.run_id).filter((id) => !readAhead.has(id)),
  );
  return runs.map((run) => summarize(run, readAhead.get(run.run_id) ?? read.get(run.run_id) ?? []));
}

/**
 * Instrument → sleeve for each strategy: the instruments the latest backtest of exactly one of its
 * sleeves traded (a sleeve is a sub-portfolio; live trades carry no sleeve id).
 *
 * @example
 * const sleeves = await sleeveMembership(db, window.as_of, live);
 */
export async function sleeveMembership(db: Kysely<Database>, asOf: string, live: LiveConfigUse): Promise<SleeveMembership> {
  const { rows } = await sql<{ strategy_id: string; instrument_id: string; sleeve_id: string }>`
    WITH ${CHOSEN_RUNS(asOf, live)},
    traded AS (
      SELECT c.strategy_id, bt.instrument_id, c.sleeve_id
      FROM chosen c JOIN backtest_trades bt ON bt.run_id = c.run_id
      WHERE c.sleeve_id IS NOT NULL
      GROUP BY c.strategy_id, bt.instrument_id, c.sleeve_id
    )
    SELECT strategy_id, instrument_id, min(sleeve_id) AS sleeve_id FROM traded
    GROUP BY strategy_id, instrument_id HAVING count(*) = 1`.execute(db);
  return {
    strategy_id: rows.map((row) => row.strategy_id),
    instrument_id: rows.map((row) => row.instrument_id),
    sleeve_id: rows.map((row) => row.sleeve_id),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The strategy config versions the window's trades used, per strategy, from the trade cube.
 *
 * @example
 * const live = liveConfigUse(tradeRows); // { strategy_id: ['momentum', …], config_version_id: ['cv-momentum-4', …] }
 */
export function liveConfigUse(rows: readonly TradeCubeRow[]): LiveConfigUse {
  const pairs = new Set<string>();
  for (const row of rows) {
    if (row.set === 'strategy_config_regime' && row.k1 !== null && row.k2 !== null) pairs.add(JSON.stringify([row.k1, row.k2]));
  }
  const sorted = [...pairs]
    .map((pair) => JSON.parse(pair) as [string, string])
    .sort(([s1, c1], [s2, c2]) => (s1 === s2 ? (c1 < c2 ? -1 : 1) : s1 < s2 ? -1 : 1));
  return { strategy_id: sorted.map(([strategy]) => strategy), config_version_id: sorted.map(([, config]) => config) };
}
