/**
 * The trades of the window: additive sums per (cell, day) for every performance dimension, plus the
 * data-quality counts. One hash aggregation at the finest grain the cells need; the cells are grouped
 * from its result in the same statement, so only cells × days rows leave PostgreSQL.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ReturnMoments } from '../../analysis/aggregates.js';
import type { AnalysisWindow } from '../../analysis/findings.js';
import type { Database } from '../schema.js';
import { dayIndex, type NumericReading, readNumeric, RETURN_MOMENTS, type TimeRange } from './sql-helpers.js';
import { profileBucketsCte } from './profile-buckets.js';

/** Which grouping a row belongs to, and its key columns k1…k3 in that grouping's order. */
export type TradeCubeSet =
  /** k1 strategy_id, k2 strategy_config_version_id, k3 regime label */
  | 'strategy_config_regime'
  /** k1 strategy_id, k2 sleeve_id */
  | 'sleeve'
  /** k1 universe_id, k2 sector */
  | 'universe_sector'
  /** k1 prompt_template_id, k2 agent_graph_version */
  | 'template_graph'
  /** k1 attribute, k2 bucket */
  | 'profile';

export interface TradeCubeRow extends ReturnMoments {
  set: TradeCubeSet;
  k1: string | null;
  k2: string | null;
  k3: string | null;
  day: number;
  /** All trades of the group, with or without a finite return. */
  rows: number;
  pnl: number;
  notional: number;
  null_returns: number;
  non_finite_returns: number;
  unknown_regime: number;
  /** Trades entered outside their regime's period, among the groups that settle it. */
  outside_regime_period: number;
  /** Trades in groups that straddle their regime's start or end: counted by tradesOutsideRegimePeriod. */
  outside_unresolved: number;
}

/** Instrument → sleeve of each strategy, from the sleeves' backtests. */
export interface SleeveMembership {
  strategy_id: string[];
  instrument_id: string[];
  sleeve_id: string[];
}

/** The sums a NaN or infinite value would poison (see NumericReading). */
export const TRADE_SUMS = ['sum', 'sum_sq', 'sum_cube', 'sum_quad', 'downside_sq', 'gross_profit', 'gross_loss', 'pnl', 'notional'] as const;

const MEASURES = sql`
  count(*)::float8 AS rows, ${RETURN_MOMENTS},
  coalesce(sum(pnl), 0) AS pnl, coalesce(sum(notional), 0) AS notional,
  count(*) FILTER (WHERE null_return)::float8 AS null_returns,
  count(*) FILTER (WHERE r IS NULL AND NOT null_return)::float8 AS non_finite_returns`;

const ROLLED_UP = sql`
  sum(rows) AS rows, sum(n) AS n, sum(sum) AS sum, sum(sum_sq) AS sum_sq, sum(sum_cube) AS sum_cube, sum(sum_quad) AS sum_quad,
  sum(wins) AS wins, sum(losses) AS losses, sum(downside_sq) AS downside_sq, sum(gross_profit) AS gross_profit,
  sum(gross_loss) AS gross_loss, sum(pnl) AS pnl, sum(notional) AS notional, sum(null_returns) AS null_returns,
  sum(non_finite_returns) AS non_finite_returns, sum(unknown_regime) AS unknown_regime, sum(outside_regime_period) AS outside_regime_period,
  sum(outside_unresolved) AS outside_unresolved`;

/** The grouping columns of the finest grain: every cell's keys, the instrument (sleeves) and the profile version (profile buckets). */
export const FINE_KEYS = sql`strategy_id, strategy_config_version_id, regime_id, sector, universe_id, prompt_template_id,
  agent_graph_version, instrument_id, profile_version_id`;

/** Every column of the finest grain after its keys and day, in the order meta_trade_day_rollups stores them. */
export const FINE_MEASURES = sql`rows, n, sum, sum_sq, sum_cube, sum_quad, wins, losses, downside_sq, gross_profit, gross_loss,
  pnl, notional, null_returns, non_finite_returns, first_opened, last_opened`;

/**
 * The one pass over the trades closed in [range.from, range.to) and matching `filter`: a hash aggregation
 * at the finest grain every cell needs, `day` given by `day` (a day index, or a closing date for the
 * rollups), so that the joins to sleeves, labels and profiles run on its result rather than per trade.
 */
export function fineTradeGroups(
  day: (closedAt: RawBuilder<unknown>) => RawBuilder<unknown>,
  range: TimeRange,
  reading: NumericReading,
  filter = sql`true`,
): RawBuilder<unknown> {
  const value = (column: string) => readNumeric(sql.ref(column), reading);
  return sql`
    SELECT ${FINE_KEYS}, day, ${MEASURES},
      min(opened_at) AS first_opened, max(opened_at) AS last_opened
    FROM (
      SELECT t.strategy_id, t.strategy_config_version_id, t.regime_id, t.sector, t.universe_id, t.prompt_template_id,
        t.agent_graph_version, t.instrument_id, t.profile_version_id, t.opened_at,
        ${day(sql.ref('t.closed_at'))} AS day,
        ${value('t.return_pct')} AS r, ${value('t.pnl')} AS pnl, abs(${value('t.notional')}) AS notional,
        t.return_pct IS NULL AS null_return
      FROM trades t
      WHERE t.closed_at >= ${range.from}::timestamptz AND t.closed_at < ${range.to}::timestamptz AND ${filter}
    ) t
    GROUP BY ${FINE_KEYS}, day`;
}

/**
 * The trade cube of the trades closed in [range.from, range.to), day indices the window's calendar
 * days (sql-helpers dayIndex), read from the trades in one pass.
 *
 * @example
 * const rows = await tradeCube(db, window, { from: window.start, to: window.end }, sleeves, 'raw');
 */
export async function tradeCube(
  db: Kysely<Database>,
  window: Pick<AnalysisWindow, 'start' | 'end' | 'time_zone'>,
  range: TimeRange,
  sleeves: SleeveMembership,
  reading: NumericReading,
): Promise<TradeCubeRow[]> {
  return cubeOfFineGroups(
    db,
    window,
    fineTradeGroups((closedAt) => dayIndex(closedAt, window), range, reading),
    sleeves,
  );
}

/**
 * The trade cube of the window from its finest-grain groups `fine` (columns as fineTradeGroups, `day` a
 * day index): the cells are grouped from it in one statement, so only cells × days rows leave PostgreSQL.
 */
export async function cubeOfFineGroups(
  db: Kysely<Database>,
  window: Pick<AnalysisWindow, 'end'>,
  fine: RawBuilder<unknown>,
  sleeves: SleeveMembership,
): Promise<TradeCubeRow[]> {
  const { rows } = await sql<TradeCubeRow>`
    WITH ${profileBucketsCte(window.end)},
    sleeve_map AS (
      SELECT * FROM unnest(${sleeves.strategy_id}::text[], ${sleeves.instrument_id}::text[], ${sleeves.sleeve_id}::text[])
        AS m(strategy_id, instrument_id, sleeve_id)
    ),
    fine AS MATERIALIZED (${fine}),
    -- A group whose trades were all opened inside their regime's period (or all outside it) settles the
    -- count; one that straddles a boundary is left unresolved for tradesOutsideRegimePeriod.
    labelled AS MATERIALIZED (
      SELECT f.*, coalesce(rg.label, '') AS label, sm.sleeve_id,
        CASE WHEN rg.regime_id IS NULL THEN f.rows ELSE 0 END AS unknown_regime,
        CASE WHEN f.last_opened < rg.started_at OR f.first_opened >= coalesce(rg.ended_at, 'infinity') THEN f.rows ELSE 0 END
          AS outside_regime_period,
        CASE WHEN f.first_opened < rg.started_at AND f.last_opened >= rg.started_at
               OR f.first_opened < coalesce(rg.ended_at, 'infinity') AND f.last_opened >= coalesce(rg.ended_at, 'infinity')
             THEN f.rows ELSE 0 END AS outside_unresolved
      FROM fine f
      LEFT JOIN regime_history rg ON rg.regime_id = f.regime_id
      LEFT JOIN sleeve_map sm ON sm.strategy_id = f.strategy_id AND sm.instrument_id = f.instrument_id
    )
    SELECT 'strategy_config_regime' AS set, strategy_id AS k1, strategy_config_version_id AS k2, label AS k3, day, ${ROLLED_UP}
    FROM labelled GROUP BY strategy_id, strategy_config_version_id, label, day
    UNION ALL
    SELECT 'sleeve', strategy_id, sleeve_id, NULL, day, ${ROLLED_UP}
    FROM labelled WHERE sleeve_id IS NOT NULL GROUP BY strategy_id, sleeve_id, day
    UNION ALL
    SELECT 'universe_sector', universe_id, sector, NULL, day, ${ROLLED_UP}
    FROM labelled GROUP BY universe_id, sector, day
    UNION ALL
    SELECT 'template_graph', prompt_template_id, agent_graph_version, NULL, day, ${ROLLED_UP}
    FROM labelled GROUP BY prompt_template_id, agent_graph_version, day
    UNION ALL
    SELECT 'profile', pb.attribute, pb.bucket, NULL, f.day, ${ROLLED_UP}
    FROM (SELECT profile_version_id, day, ${ROLLED_UP} FROM labelled GROUP BY profile_version_id, day) f
    JOIN profile_buckets pb ON pb.profile_version_id = f.profile_version_id
    GROUP BY pb.attribute, pb.bucket, f.day`.execute(db);
  return rows;
}

/**
 * Trades of the window entered outside their regime's period, trade by trade: the exact count when the
 * trade cube left some groups unresolved.
 *
 * @example
 * const outside = await tradesOutsideRegimePeriod(db, window); // 12
 */
export async function tradesOutsideRegimePeriod(db: Kysely<Database>, window: { start: string; end: string }): Promise<number> {
  const { rows } = await sql<{ outside: number }>`
    SELECT count(*)::float8 AS outside
    FROM trades t JOIN regime_history rg ON rg.regime_id = t.regime_id
    WHERE t.closed_at >= ${window.start}::timestamptz AND t.closed_at < ${window.end}::timestamptz
      AND (t.opened_at < rg.started_at OR t.opened_at >= coalesce(rg.ended_at, 'infinity'))`.execute(db);
  return rows[0]?.outside ?? 0;
}
