/**
 * The trades of the window: additive sums per (cell, day) for every performance dimension, plus the
 * data-quality counts. One grouping at the finest grain the cells need, and one by profile version and
 * day, both plain hash aggregations that PostgreSQL runs in parallel; the cells are grouped from those
 * in the same statement, so only cells × days rows leave PostgreSQL.
 */
import { type Kysely, sql } from 'kysely';
import type { ReturnMoments } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';
import { calendarJoin, finiteOrNull, RETURN_MOMENTS, type TimeShard } from './sql-helpers.js';
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
  outside_regime_period: number;
}

/** Instrument → sleeve of each strategy, from the sleeves' backtests. */
export interface SleeveMembership {
  strategy_id: string[];
  instrument_id: string[];
  sleeve_id: string[];
}

const MEASURES = sql`
  count(*)::float8 AS rows, ${RETURN_MOMENTS},
  coalesce(sum(pnl), 0) AS pnl, coalesce(sum(notional), 0) AS notional,
  count(*) FILTER (WHERE null_return)::float8 AS null_returns,
  count(*) FILTER (WHERE r IS NULL AND NOT null_return)::float8 AS non_finite_returns,
  count(*) FILTER (WHERE unknown_regime)::float8 AS unknown_regime,
  count(*) FILTER (WHERE outside_regime_period)::float8 AS outside_regime_period`;

/** Profile versions only feed the profile cells: the data-quality counts come from the main grouping. */
const PROFILE_MEASURES = sql`
  count(*)::float8 AS rows, ${RETURN_MOMENTS}, coalesce(sum(pnl), 0) AS pnl, coalesce(sum(notional), 0) AS notional,
  0::float8 AS null_returns, 0::float8 AS non_finite_returns, 0::float8 AS unknown_regime, 0::float8 AS outside_regime_period`;

const ROLLED_UP = sql`
  sum(rows) AS rows, sum(n) AS n, sum(sum) AS sum, sum(sum_sq) AS sum_sq, sum(sum_cube) AS sum_cube, sum(sum_quad) AS sum_quad,
  sum(wins) AS wins, sum(losses) AS losses, sum(downside_sq) AS downside_sq, sum(gross_profit) AS gross_profit,
  sum(gross_loss) AS gross_loss, sum(pnl) AS pnl, sum(notional) AS notional, sum(null_returns) AS null_returns,
  sum(non_finite_returns) AS non_finite_returns, sum(unknown_regime) AS unknown_regime, sum(outside_regime_period) AS outside_regime_period`;

/**
 * One shard of the trade cube: trades closed in [shard.from, shard.to), day indices relative to the
 * window's start.
 *
 * @example
 * const rows = await tradeCube(db, window, { from: window.start, to: window.end }, sleeves);
 */
export async function tradeCube(
  db: Kysely<Database>,
  window: { start: string; end: string; days: number },
  shard: TimeShard,
  sleeves: SleeveMembership,
): Promise<TradeCubeRow[]> {
  const { rows } = await sql<TradeCubeRow>`
    WITH ${profileBucketsCte(window.end)},
    sleeve_map AS (
      SELECT * FROM unnest(${sleeves.strategy_id}::text[], ${sleeves.instrument_id}::text[], ${sleeves.sleeve_id}::text[])
        AS m(strategy_id, instrument_id, sleeve_id)
    ),
    base AS (
      SELECT t.strategy_id, t.strategy_config_version_id, t.regime_id, t.sector, t.universe_id,
        t.prompt_template_id, t.agent_graph_version, t.profile_version_id, sm.sleeve_id, cal.day,
        ${finiteOrNull(sql.ref('t.return_pct'))} AS r,
        ${finiteOrNull(sql.ref('t.pnl'))} AS pnl,
        abs(${finiteOrNull(sql.ref('t.notional'))}) AS notional,
        t.return_pct IS NULL AS null_return,
        rg.regime_id IS NULL AS unknown_regime,
        coalesce(t.opened_at < rg.started_at OR t.opened_at >= coalesce(rg.ended_at, 'infinity'), false) AS outside_regime_period
      FROM trades t
      ${calendarJoin(sql.ref('t.closed_at'), window.start, window.days)}
      LEFT JOIN regime_history rg ON rg.regime_id = t.regime_id
      LEFT JOIN sleeve_map sm ON sm.strategy_id = t.strategy_id AND sm.instrument_id = t.instrument_id
      WHERE t.closed_at >= ${shard.from}::timestamptz AND t.closed_at < ${shard.to}::timestamptz
    ),
    -- One hash aggregation at the finest grain the cells need (parallel in PostgreSQL), then the cells'
    -- groupings over that much smaller result.
    fine AS MATERIALIZED (
      SELECT strategy_id, strategy_config_version_id, regime_id, sector, universe_id, prompt_template_id, agent_graph_version,
        sleeve_id, day, ${MEASURES}
      FROM base
      GROUP BY strategy_id, strategy_config_version_id, regime_id, sector, universe_id, prompt_template_id, agent_graph_version, sleeve_id, day
    ),
    labelled AS (
      SELECT f.*, coalesce(rg.label, '') AS label FROM fine f LEFT JOIN regime_history rg ON rg.regime_id = f.regime_id
    ),
    profile_days AS MATERIALIZED (
      SELECT t.profile_version_id, cal.day, ${PROFILE_MEASURES}
      FROM (
        SELECT t.profile_version_id, t.closed_at, ${finiteOrNull(sql.ref('t.return_pct'))} AS r, ${finiteOrNull(sql.ref('t.pnl'))} AS pnl,
          abs(${finiteOrNull(sql.ref('t.notional'))}) AS notional
        FROM trades t WHERE t.closed_at >= ${shard.from}::timestamptz AND t.closed_at < ${shard.to}::timestamptz
      ) t
      ${calendarJoin(sql.ref('t.closed_at'), window.start, window.days)}
      GROUP BY t.profile_version_id, cal.day
    ),
    cells AS (
      SELECT
        CASE
          WHEN grouping(strategy_config_version_id, label) = 0 THEN 'strategy_config_regime'
          WHEN grouping(sleeve_id) = 0 THEN 'sleeve'
          WHEN grouping(universe_id, sector) = 0 THEN 'universe_sector'
          ELSE 'template_graph'
        END AS set,
        CASE
          WHEN grouping(strategy_id) = 0 THEN strategy_id
          WHEN grouping(universe_id) = 0 THEN universe_id
          ELSE prompt_template_id
        END AS k1,
        CASE
          WHEN grouping(strategy_config_version_id) = 0 THEN strategy_config_version_id
          WHEN grouping(sleeve_id) = 0 THEN sleeve_id
          WHEN grouping(sector) = 0 THEN sector
          ELSE agent_graph_version
        END AS k2,
        CASE WHEN grouping(label) = 0 THEN label END AS k3,
        day, ${ROLLED_UP}
      FROM labelled
      GROUP BY GROUPING SETS (
        (strategy_id, strategy_config_version_id, label, day),
        (strategy_id, sleeve_id, day),
        (universe_id, sector, day),
        (prompt_template_id, agent_graph_version, day)
      )
    )
    SELECT * FROM cells WHERE NOT (set = 'sleeve' AND k2 IS NULL)
    UNION ALL
    SELECT 'profile', pb.attribute, pb.bucket, NULL, c.day, ${ROLLED_UP}
    FROM profile_days c JOIN profile_buckets pb ON pb.profile_version_id = c.profile_version_id
    GROUP BY pb.attribute, pb.bucket, c.day`.execute(db);
  return rows;
}
