/**
 * Quantiles of per-trade returns per performance cell, sorted inside PostgreSQL: the 5 %, 50 % and 95 %
 * points (linear interpolation between order statistics, as numpy's percentile and empyrical), the
 * historical Expected Shortfall (mean of the ⌊(n − 1)·0.05⌋ + 1 lowest returns), and for each strategy
 * its worst returns up to a cap (the tail sample for the tail index). Sorting is not additive, so this
 * query runs over the whole window at once, and it is bounded: with more than `sampleCap` trades in the
 * window it runs on a deterministic uniform sample of about `sampleCap` of them (by a hash of trade_id).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { SleeveMembership } from './trade-cube.js';
import { finiteOrNull } from './sql-helpers.js';

export type QuantileSet = 'strategy' | 'sleeve' | 'regime' | 'strategy_regime' | 'universe_sector' | 'sector' | 'universe' | 'prompt_template' | 'agent_graph';

export interface QuantileRow {
  set: QuantileSet;
  k1: string | null;
  k2: string | null;
  n: number;
  p05: number | null;
  p50: number | null;
  p95: number | null;
  es95: number | null;
  /** The worst returns, ascending (strategy rows only). */
  tail: number[] | null;
}

/** Linear-interpolation quantile of a sorted, 1-based array `a` with `n` elements. */
function interpolated(p: number) {
  return sql`(a[floor(${p}::float8 * (n - 1))::int + 1]
    + (${p}::float8 * (n - 1) - floor(${p}::float8 * (n - 1)))
    * (a[least(floor(${p}::float8 * (n - 1))::int + 2, n)] - a[floor(${p}::float8 * (n - 1))::int + 1]))`;
}

/**
 * @example
 * const { rows, sampleRate } = await tradeQuantiles(db, window, sleeves, { tailCap: 2000, sampleCap: 100_000 });
 */
export async function tradeQuantiles(
  db: Kysely<Database>,
  window: { start: string; end: string },
  sleeves: SleeveMembership,
  { tailCap, sampleCap }: { tailCap: number; sampleCap: number },
): Promise<{ rows: QuantileRow[]; sampleRate: number }> {
  const total = await db
    .selectFrom('trades')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('closed_at', '>=', new Date(window.start))
    .where('closed_at', '<', new Date(window.end))
    .executeTakeFirstOrThrow();
  const sampleRate = Math.min(1, sampleCap / Math.max(1, Number(total.n)));
  const { rows } = await sql<QuantileRow>`
    WITH sleeve_map AS (
      SELECT * FROM unnest(${sleeves.strategy_id}::text[], ${sleeves.instrument_id}::text[], ${sleeves.sleeve_id}::text[])
        AS m(strategy_id, instrument_id, sleeve_id)
    ),
    base AS (
      SELECT t.strategy_id, sm.sleeve_id, coalesce(rg.label, '') AS label, t.sector, t.universe_id, t.prompt_template_id,
        t.agent_graph_version, ${finiteOrNull(sql.ref('t.return_pct'))} AS r
      FROM trades t
      LEFT JOIN regime_history rg ON rg.regime_id = t.regime_id
      LEFT JOIN sleeve_map sm ON sm.strategy_id = t.strategy_id AND sm.instrument_id = t.instrument_id
      WHERE t.closed_at >= ${window.start}::timestamptz AND t.closed_at < ${window.end}::timestamptz
        AND (${sampleRate}::float8 >= 1 OR (hashtext(t.trade_id) & 2147483647) < ${sampleRate}::float8 * 2147483647)
    ),
    sorted AS (
      SELECT
        CASE
          WHEN grouping(strategy_id, sleeve_id) = 0 THEN 'sleeve'
          WHEN grouping(strategy_id, label) = 0 THEN 'strategy_regime'
          WHEN grouping(strategy_id) = 0 THEN 'strategy'
          WHEN grouping(label) = 0 THEN 'regime'
          WHEN grouping(universe_id, sector) = 0 THEN 'universe_sector'
          WHEN grouping(sector) = 0 THEN 'sector'
          WHEN grouping(universe_id) = 0 THEN 'universe'
          WHEN grouping(prompt_template_id) = 0 THEN 'prompt_template'
          ELSE 'agent_graph'
        END AS set,
        CASE
          WHEN grouping(strategy_id) = 0 THEN strategy_id
          WHEN grouping(label) = 0 THEN label
          WHEN grouping(universe_id) = 0 THEN universe_id
          WHEN grouping(sector) = 0 THEN sector
          WHEN grouping(prompt_template_id) = 0 THEN prompt_template_id
          ELSE agent_graph_version
        END AS k1,
        CASE
          WHEN grouping(strategy_id, sleeve_id) = 0 THEN sleeve_id
          WHEN grouping(strategy_id, label) = 0 THEN label
          WHEN grouping(universe_id, sector) = 0 THEN sector
        END AS k2,
        count(r)::int AS n,
        array_agg(r ORDER BY r) FILTER (WHERE r IS NOT NULL) AS a
      FROM base
      GROUP BY GROUPING SETS ((strategy_id), (strategy_id, sleeve_id), (label), (strategy_id, label), (universe_id, sector),
        (sector), (universe_id), (prompt_template_id), (agent_graph_version))
    )
    SELECT set, k1, k2, n,
      CASE WHEN n > 0 THEN ${interpolated(0.05)} END AS p05,
      CASE WHEN n > 0 THEN ${interpolated(0.5)} END AS p50,
      CASE WHEN n > 0 THEN ${interpolated(0.95)} END AS p95,
      CASE WHEN n > 0 THEN (SELECT avg(x) FROM unnest(a[1:floor((n - 1) * 0.05)::int + 1]) AS x) END AS es95,
      CASE WHEN set = 'strategy' THEN a[1:${tailCap}::int] END AS tail
    FROM sorted
    WHERE NOT (set = 'sleeve' AND k2 IS NULL)`.execute(db);
  return { rows, sampleRate };
}
