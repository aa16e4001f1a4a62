/** SQL fragments the aggregation queries share. */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AnalysisWindow } from '../../analysis/findings.js';
import { windowTimeZone } from '../../analysis/window.js';
import type { Database } from '../schema.js';

/** The value of a double precision column when finite, else NULL (PostgreSQL stores 'NaN' and '±Infinity'). */
export function finiteOrNull(column: RawBuilder<unknown>): RawBuilder<number | null> {
  return sql<number | null>`CASE WHEN ${column} > '-Infinity'::float8 AND ${column} < 'Infinity'::float8 THEN ${column} END`;
}

/**
 * How the big scans read their double precision columns. 'raw' takes them as stored, the cheapest per
 * row, and exact when every value is finite or NULL; a NaN or infinity makes the sums of its group
 * non-finite, which `readExactly` notices and answers by running the query again 'screened': each value
 * through finiteOrNull, non-finite ones counted as such and left out of the sums.
 */
export type NumericReading = 'raw' | 'screened';

/** A double precision column as `reading` says. */
export function readNumeric(column: RawBuilder<unknown>, reading: NumericReading): RawBuilder<unknown> {
  return reading === 'screened' ? finiteOrNull(column) : column;
}

/**
 * Runs `query` reading raw values, and again screened if any of the `sums` of a returned row is neither
 * finite nor NULL: clean histories pay for one cheap pass, dirty ones for two, and both get exact sums.
 *
 * @example
 * const rows = await readExactly((reading) => decisionCube(trx, window, range, reading), DECISION_SUMS);
 */
export async function readExactly<T>(query: (reading: NumericReading) => Promise<T[]>, sums: readonly (keyof T)[]): Promise<T[]> {
  const rows = await query('raw');
  const poisoned = rows.some((row) => sums.some((column) => row[column] !== null && !Number.isFinite(row[column] as number)));
  return poisoned ? query('screened') : rows;
}

/** A time range [from, to): the whole window, or a stretch of it. */
export interface TimeRange {
  from: string;
  to: string;
}

/**
 * The analysis day of a timestamp column: its calendar date in the window's time zone minus that of the
 * window's start (analysis/window.ts), so the days, and the clusters and daily series built on them, do
 * not move with the hour a run starts. UTC takes the cheaper epoch arithmetic from the start's midnight.
 *
 * @example
 * sql`SELECT ${dayIndex(sql.ref('t.closed_at'), window)} AS day FROM trades t`;
 */
export function dayIndex(column: RawBuilder<unknown>, window: Pick<AnalysisWindow, 'start' | 'time_zone'>): RawBuilder<number> {
  const zone = windowTimeZone(window);
  if (zone === 'UTC') {
    const midnight = Math.floor(Date.parse(window.start) / 86_400_000) * 86_400;
    return sql<number>`floor((date_part('epoch', ${column}) - ${midnight}::float8) / 86400)::int`;
  }
  return sql<number>`((${column} AT TIME ZONE ${zone})::date - (${window.start}::timestamptz AT TIME ZONE ${zone})::date)`;
}

/**
 * The ReturnMoments sums (analysis/aggregates.ts) over a relation with columns `r` (a finite return or
 * NULL) and `pnl` (finite or NULL).
 */
export const RETURN_MOMENTS = sql`
  count(r)::float8 AS n, coalesce(sum(r), 0) AS sum, coalesce(sum(r * r), 0) AS sum_sq,
  coalesce(sum(r * r * r), 0) AS sum_cube, coalesce(sum(r * r * r * r), 0) AS sum_quad,
  count(*) FILTER (WHERE r > 0)::float8 AS wins, count(*) FILTER (WHERE r < 0)::float8 AS losses,
  coalesce(sum(least(r, 0) * least(r, 0)), 0) AS downside_sq,
  coalesce(sum(pnl) FILTER (WHERE pnl > 0), 0) AS gross_profit, coalesce(-sum(pnl) FILTER (WHERE pnl < 0), 0) AS gross_loss`;

/**
 * Runs `query` in a read-only transaction with settings for the big group-bys: hash aggregation
 * preferred to sorting, with enough work_mem to stay in memory (the planner multiplies the distinct
 * counts of the grouping columns, guesses nearly as many groups as rows, and would otherwise sort
 * millions of rows by text keys to find a few thousand groups), and no JIT compilation (its start-up
 * cost outweighs its gain on these one-off queries).
 *
 * @example
 * const rows = await withAggregationSettings(db, (trx) => duplicateTrades(trx, window));
 */
export async function withAggregationSettings<T>(db: Kysely<Database>, query: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      await sql`SET LOCAL jit = off`.execute(trx);
      await sql`SET LOCAL enable_sort = off`.execute(trx);
      return query(trx);
    });
}
