/**
 * The latest completed backtest of each strategy and sleeve (created by the as-of time, preferring a
 * run on a config version the live trades used), with its metrics_json as stored and the sums of its
 * trades overall, per regime label and per closing day; and which instruments each sleeve trades.
 */
import { type Kysely, sql } from 'kysely';
import type { BacktestAggregate, ReturnMoments } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';
import { finiteOrNull, RETURN_MOMENTS } from './sql-helpers.js';
import type { SleeveMembership } from './trade-cube.js';

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

type MomentsRow = ReturnMoments & { run_id: string; label: string | null; by_label: boolean };

/**
 * @example
 * const backtests = await latestBacktests(db, window.as_of, { strategy_id: ['momentum'], config_version_id: ['cv-1'] });
 */
export async function latestBacktests(db: Kysely<Database>, asOf: string, live: LiveConfigUse): Promise<BacktestAggregate[]> {
  const { rows: runs } = await sql<{
    run_id: string;
    strategy_id: string;
    sleeve_id: string | null;
    config_version_id: string | null;
    same_config_as_live: boolean;
    created_at: Date;
    period_start: Date;
    period_end: Date;
    metrics_json: unknown;
  }>`WITH ${CHOSEN_RUNS(asOf, live)}
    SELECT run_id, strategy_id, sleeve_id, config_version_id, same_config_as_live, created_at, period_start, period_end, metrics_json
    FROM chosen ORDER BY strategy_id, sleeve_id NULLS FIRST`.execute(db);
  if (runs.length === 0) return [];
  const runIds = runs.map((run) => run.run_id);
  const { rows: moments } = await sql<MomentsRow>`
    SELECT bt.run_id, rg.label, grouping(rg.label) = 0 AS by_label, ${RETURN_MOMENTS}
    FROM (SELECT run_id, regime_id, ${finiteOrNull(sql.ref('return_pct'))} AS r, ${finiteOrNull(sql.ref('pnl'))} AS pnl
          FROM backtest_trades WHERE run_id = ANY(${runIds}::text[])) bt
    LEFT JOIN regime_history rg ON rg.regime_id = bt.regime_id
    GROUP BY GROUPING SETS ((bt.run_id), (bt.run_id, rg.label))`.execute(db);
  const { rows: daily } = await sql<{ run_id: string; pnl: number[]; span_days: number }>`
    SELECT run_id, array_agg(pnl ORDER BY day) AS pnl, (max(day) - min(day) + 1)::int AS span_days
    FROM (SELECT run_id, (closed_at AT TIME ZONE 'UTC')::date AS day, sum(${finiteOrNull(sql.ref('pnl'))}) AS pnl
          FROM backtest_trades WHERE run_id = ANY(${runIds}::text[]) GROUP BY run_id, day) d
    WHERE pnl IS NOT NULL GROUP BY run_id`.execute(db);
  return runs.map((run) => {
    const own = moments.filter((m) => m.run_id === run.run_id);
    const days = daily.find((d) => d.run_id === run.run_id);
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
      trades: pickMoments(own.find((m) => !m.by_label)),
      regimes: Object.fromEntries(own.filter((m) => m.by_label && m.label !== null).map((m) => [m.label as string, pickMoments(m)])),
      daily_pnl: days?.pnl ?? [],
      daily_span_days: days?.span_days ?? 0,
    };
  });
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
    WITH ${CHOSEN_RUNS(asOf, live)}
    SELECT c.strategy_id, bt.instrument_id, min(c.sleeve_id) AS sleeve_id
    FROM chosen c JOIN backtest_trades bt ON bt.run_id = c.run_id
    WHERE c.sleeve_id IS NOT NULL
    GROUP BY c.strategy_id, bt.instrument_id
    HAVING count(DISTINCT c.sleeve_id) = 1`.execute(db);
  return {
    strategy_id: rows.map((row) => row.strategy_id),
    instrument_id: rows.map((row) => row.instrument_id),
    sleeve_id: rows.map((row) => row.sleeve_id),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const EMPTY_MOMENTS: ReturnMoments = {
  n: 0, sum: 0, sum_sq: 0, sum_cube: 0, sum_quad: 0, wins: 0, losses: 0, downside_sq: 0, gross_profit: 0, gross_loss: 0,
};

function pickMoments(row: MomentsRow | undefined): ReturnMoments {
  if (!row) return { ...EMPTY_MOMENTS };
  const { n, sum, sum_sq, sum_cube, sum_quad, wins, losses, downside_sq, gross_profit, gross_loss } = row;
  return { n, sum, sum_sq, sum_cube, sum_quad, wins, losses, downside_sq, gross_profit, gross_loss };
}

/**
 * The strategy config versions the window's trades used, per strategy.
 *
 * @example
 * const live = await liveConfigUse(db, window); // { strategy_id: ['momentum', …], config_version_id: ['cv-momentum-4', …] }
 */
export async function liveConfigUse(db: Kysely<Database>, window: { start: string; end: string }): Promise<LiveConfigUse> {
  const rows = await db
    .selectFrom('trades')
    .select(['strategy_id', 'strategy_config_version_id'])
    .distinct()
    .where('closed_at', '>=', new Date(window.start))
    .where('closed_at', '<', new Date(window.end))
    .where('strategy_config_version_id', 'is not', null)
    .orderBy('strategy_id')
    .orderBy('strategy_config_version_id')
    .execute();
  return { strategy_id: rows.map((r) => r.strategy_id), config_version_id: rows.map((r) => r.strategy_config_version_id as string) };
}
