/** Regime periods overlapping the window: time in each label, its mean features, and the label of each day. */
import { type Kysely, sql } from 'kysely';
import type { RegimeOccupancy } from '../../analysis/aggregates.js';
import type { AnalysisWindow } from '../../analysis/findings.js';
import { windowDayCount, windowTimeZone } from '../../analysis/window.js';
import type { Database } from '../schema.js';

/**
 * Hours per label within the window and the time-weighted mean of each numeric feature in features_json.
 *
 * @example
 * const occupancy = await regimeOccupancy(db, window); // [{ label: 'CRISIS', hours: 240, periods: 2, features: { realized_vol: 0.41 } }, …]
 */
export async function regimeOccupancy(db: Kysely<Database>, window: { start: string; end: string }): Promise<RegimeOccupancy[]> {
  const { rows } = await sql<{ label: string; hours: number; periods: number; features: Record<string, number> | null }>`
    WITH overlap AS (
      SELECT regime_id, label, features_json,
        extract(epoch FROM least(coalesce(ended_at, 'infinity'), ${window.end}::timestamptz) - greatest(started_at, ${window.start}::timestamptz)) / 3600 AS hours
      FROM regime_history
      WHERE started_at < ${window.end}::timestamptz AND coalesce(ended_at, 'infinity') > ${window.start}::timestamptz
    ),
    features AS (
      SELECT o.label, f.key, sum(o.hours * (f.value #>> '{}')::float8) / nullif(sum(o.hours), 0) AS mean
      FROM overlap o, jsonb_each(CASE WHEN jsonb_typeof(o.features_json) = 'object' THEN o.features_json ELSE '{}'::jsonb END) f
      WHERE jsonb_typeof(f.value) = 'number'
      GROUP BY o.label, f.key
    )
    SELECT o.label, sum(o.hours)::float8 AS hours, count(*)::int AS periods,
      (SELECT jsonb_object_agg(f.key, f.mean) FROM features f WHERE f.label = o.label AND f.mean IS NOT NULL) AS features
    FROM overlap o GROUP BY o.label ORDER BY o.label`.execute(db);
  return rows.map((row) => ({ ...row, features: row.features ?? {} }));
}

/**
 * The label in force at local noon of each calendar day of the window, in its time zone (null where no
 * period covers it).
 *
 * @example
 * const labels = await dayRegimes(db, window); // ['SIDEWAYS', 'SIDEWAYS', 'CRISIS', …], one per day
 */
export async function dayRegimes(db: Kysely<Database>, window: AnalysisWindow): Promise<(string | null)[]> {
  const zone = windowTimeZone(window);
  const { rows } = await sql<{ day: number; label: string | null }>`
    WITH days AS (
      SELECT d.day, ((((${window.start}::timestamptz AT TIME ZONE ${zone})::date + d.day) + time '12:00') AT TIME ZONE ${zone}) AS noon
      FROM generate_series(0, ${windowDayCount(window) - 1}::int) AS d(day)
    )
    SELECT d.day, (
      SELECT r.label FROM regime_history r
      WHERE r.started_at <= d.noon AND coalesce(r.ended_at, 'infinity') > d.noon
      ORDER BY r.started_at DESC LIMIT 1
    ) AS label
    FROM days d ORDER BY d.day`.execute(db);
  return rows.map((row) => row.label);
}
