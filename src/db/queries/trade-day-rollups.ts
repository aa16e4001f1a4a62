/**
 * The trade cube as a merge of daily rollups. Each closing day (a calendar date in the window's time zone)
 * wholly inside the window has its finest-grain groups stored in meta_trade_day_rollups, with a
 * fingerprint of its trades in meta_trade_day_fingerprints: the count and the sum of a 64-bit hash of
 * each row over every column the cube reads (order-independent, summed exactly as numeric). The contract
 * has no updated_at, so a run fingerprints the window's days (one cheap pass, no grouping by ten keys),
 * recomputes the days whose fingerprint differs from the stored one, and those within the longest holding
 * period before the as-of time; the cube then groups the stored days, plus the window's partial first and
 * last days (when it does not start at local midnight) read from the trades.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { AnalysisWindow } from '../../analysis/findings.js';
import { windowTimeZone } from '../../analysis/window.js';
import type { Database } from '../schema.js';
import { cubeOfFineGroups, FINE_KEYS, FINE_MEASURES, fineTradeGroups, type SleeveMembership, TRADE_SUMS, type TradeCubeRow } from './trade-cube.js';
import { dayIndex, type NumericReading } from './sql-helpers.js';

type RollupWindow = Pick<AnalysisWindow, 'start' | 'end' | 'as_of' | 'time_zone'>;

/** The whole local days of a window, [first_day, end_day), their instants, and the date of day index 0. */
export interface WholeDays {
  zone: string;
  start_day: string;
  first_day: string;
  end_day: string;
  first_instant: string;
  end_instant: string;
}

export interface RollupRefresh {
  /** Whole days in the window. */
  days: number;
  /** Days whose rollup was recomputed in this run. */
  recomputed: number;
}

/**
 * The window's whole local days. A window shorter than a day has none (first_instant = end_instant = end).
 *
 * @example
 * await wholeDays(db, window); // { zone: 'UTC', start_day: '2026-03-31', first_day: '2026-03-31', end_day: '2026-06-29', ... }
 */
export async function wholeDays(db: Kysely<Database>, window: Pick<AnalysisWindow, 'start' | 'end' | 'time_zone'>): Promise<WholeDays> {
  const zone = windowTimeZone(window);
  const { rows } = await sql<WholeDays>`
    WITH local AS (
      SELECT (${window.start}::timestamptz AT TIME ZONE ${zone}) AS s, (${window.end}::timestamptz AT TIME ZONE ${zone}) AS e
    ),
    days AS (
      SELECT s::date AS start_day, CASE WHEN s = s::date THEN s::date ELSE s::date + 1 END AS first_day, e::date AS end_day FROM local
    )
    SELECT ${zone}::text AS zone, start_day::text, least(first_day, greatest(end_day, first_day))::text AS first_day,
      greatest(end_day, first_day)::text AS end_day,
      to_json(least((first_day::timestamp AT TIME ZONE ${zone}), ${window.end}::timestamptz))#>>'{}' AS first_instant,
      to_json(greatest((greatest(end_day, first_day)::timestamp AT TIME ZONE ${zone}), ${window.start}::timestamptz))#>>'{}' AS end_instant
    FROM days`.execute(db);
  const found = rows[0];
  if (!found) throw new Error('whole days of the window: no answer from the database');
  return found;
}

/** The hash of one trade over every column the cube reads: equal rows hash equally, whatever their order. */
const ROW_HASH = sql`hash_record_extended(ROW(t.trade_id, t.strategy_id, t.strategy_config_version_id, t.regime_id, t.sector,
  t.universe_id, t.prompt_template_id, t.agent_graph_version, t.instrument_id, t.profile_version_id, t.opened_at, t.closed_at,
  t.return_pct, t.pnl, t.notional), 0)`;

/**
 * Brings the rollups of the window's whole days up to date, and returns how many were recomputed; `full`
 * recomputes every one. One repeatable-read transaction, so each stored fingerprint describes the very
 * trades its rollup was computed from; an advisory lock keeps two runs from refreshing at once.
 *
 * @example
 * await refreshTradeDayRollups(db, window); // { days: 180, recomputed: 8 }
 */
export async function refreshTradeDayRollups(db: Kysely<Database>, window: RollupWindow, { full = false } = {}): Promise<RollupRefresh> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('meta_trade_day_rollups'))`.execute(trx);
      const days = await wholeDays(trx, window);
      const { zone } = days;
      if (days.first_day >= days.end_day) return { days: 0, recomputed: 0 };
      const localDay = (closedAt: RawBuilder<unknown>) => sql`(${closedAt} AT TIME ZONE ${zone})::date`;
      const { rows: current } = await sql<{ day: string; trades: string; row_hash_sum: string; longest_hold_seconds: number | null }>`
        SELECT ${localDay(sql.ref('t.closed_at'))}::text AS day, count(*)::text AS trades, sum(${ROW_HASH})::text AS row_hash_sum,
          max(date_part('epoch', t.closed_at - t.opened_at)) AS longest_hold_seconds
        FROM trades t
        WHERE t.closed_at >= ${days.first_instant}::timestamptz AND t.closed_at < ${days.end_instant}::timestamptz
        GROUP BY 1`.execute(trx);
      const { rows: stored } = await sql<{ day: string; trades: string; row_hash_sum: string }>`
        SELECT day::text, trades::text, row_hash_sum::text FROM meta_trade_day_fingerprints
        WHERE time_zone = ${zone} AND day >= ${days.first_day}::date AND day < ${days.end_day}::date`.execute(trx);

      // Days within the longest holding period before as-of are recomputed whatever their fingerprint.
      const longestHoldMs = Math.max(0, ...current.map((row) => (row.longest_hold_seconds ?? 0) * 1000));
      const { rows: recent } = await sql<{ day: string }>`
        SELECT (${new Date(Date.parse(window.as_of) - longestHoldMs).toISOString()}::timestamptz AT TIME ZONE ${zone})::date::text AS day`.execute(trx);
      const recentFrom = recent[0]?.day ?? days.end_day;
      const storedByDay = new Map(stored.map((row) => [row.day, row]));
      const changed = new Set<string>();
      for (const row of current) {
        const before = storedByDay.get(row.day);
        if (full || row.day >= recentFrom || before?.trades !== row.trades || before.row_hash_sum !== row.row_hash_sum) changed.add(row.day);
      }
      for (const row of stored) if (!current.some((c) => c.day === row.day)) changed.add(row.day);
      const dayCount = Math.max(0, (Date.parse(days.end_day) - Date.parse(days.first_day)) / 86_400_000);
      if (changed.size === 0) return { days: dayCount, recomputed: 0 };

      const changedDays = [...changed];
      await sql`DELETE FROM meta_trade_day_rollups WHERE time_zone = ${zone} AND day = ANY(${changedDays}::date[])`.execute(trx);
      await sql`DELETE FROM meta_trade_day_fingerprints WHERE time_zone = ${zone} AND day = ANY(${changedDays}::date[])`.execute(trx);
      const range = { from: days.first_instant, to: days.end_instant };
      const insert = (reading: NumericReading, only: string[]) =>
        sql`
        INSERT INTO meta_trade_day_rollups (time_zone, day, ${FINE_KEYS}, ${FINE_MEASURES})
        SELECT ${zone}, day, ${FINE_KEYS}, ${FINE_MEASURES}
        FROM (${fineTradeGroups(localDay, range, reading, sql`${localDay(sql.ref('t.closed_at'))} = ANY(${only}::date[])`)}) f`.execute(trx);
      await insert('raw', changedDays);
      // A NaN or infinity poisons its day's raw sums: those days are computed again screened (sql-helpers NumericReading).
      const sums = sql.join(
        TRADE_SUMS.map((column) => sql`${sql.ref(column)} IN ('NaN'::float8, 'Infinity'::float8, '-Infinity'::float8)`),
        sql` OR `,
      );
      const { rows: poisoned } = await sql<{ day: string }>`
        SELECT DISTINCT day::text FROM meta_trade_day_rollups WHERE time_zone = ${zone} AND day = ANY(${changedDays}::date[]) AND (${sums})`.execute(trx);
      if (poisoned.length > 0) {
        const poisonedDays = poisoned.map((row) => row.day);
        await sql`DELETE FROM meta_trade_day_rollups WHERE time_zone = ${zone} AND day = ANY(${poisonedDays}::date[])`.execute(trx);
        await insert('screened', poisonedDays);
      }
      const fresh = current.filter((row) => changed.has(row.day));
      if (fresh.length > 0) {
        await sql`
          INSERT INTO meta_trade_day_fingerprints (time_zone, day, trades, row_hash_sum, longest_hold_seconds)
          SELECT ${zone}, f.day, f.trades, f.row_hash_sum, f.longest_hold_seconds
          FROM unnest(${fresh.map((row) => row.day)}::date[], ${fresh.map((row) => row.trades)}::bigint[],
            ${fresh.map((row) => row.row_hash_sum)}::numeric[], ${fresh.map((row) => row.longest_hold_seconds)}::float8[])
            AS f(day, trades, row_hash_sum, longest_hold_seconds)`.execute(trx);
      }
      return { days: dayCount, recomputed: changed.size };
    });
}

/**
 * The trade cube of the window from the stored rollups of its whole days (refreshTradeDayRollups first)
 * and, read from the trades as `reading` says, its partial first and last days.
 *
 * @example
 * const rows = await tradeCubeFromRollups(db, window, await wholeDays(db, window), sleeves, 'raw');
 */
export async function tradeCubeFromRollups(
  db: Kysely<Database>,
  window: Pick<AnalysisWindow, 'start' | 'end' | 'time_zone'>,
  days: WholeDays,
  sleeves: SleeveMembership,
  reading: NumericReading,
): Promise<TradeCubeRow[]> {
  const index = (closedAt: RawBuilder<unknown>) => dayIndex(closedAt, window);
  const fine = sql`
    SELECT ${FINE_KEYS}, (day - ${days.start_day}::date) AS day, ${FINE_MEASURES}
    FROM meta_trade_day_rollups WHERE time_zone = ${days.zone} AND day >= ${days.first_day}::date AND day < ${days.end_day}::date
    UNION ALL ${fineTradeGroups(index, { from: window.start, to: days.first_instant }, reading)}
    UNION ALL ${fineTradeGroups(index, { from: days.end_instant, to: window.end }, reading)}`;
  return cubeOfFineGroups(db, window, fine, sleeves);
}
