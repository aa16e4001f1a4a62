/**
 * Emergency SOP executions up to the as-of time, grouped by event and SOP version. SOP versions change
 * rarely and events are rare, so the whole history is used, not only the window.
 */
import { type Kysely, sql } from 'kysely';
import type { SopCell } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';
import { finiteOrNull } from './sql-helpers.js';

/**
 * @example
 * const cells = await sopExecutions(db, window.as_of);
 */
export async function sopExecutions(db: Kysely<Database>, asOf: string): Promise<SopCell[]> {
  const { rows } = await sql<SopCell>`
    WITH x AS (
      SELECT e.event_id, e.sop_template_id, e.sop_version_id,
        ${finiteOrNull(sql.ref('e.pnl_during_event'))} - ${finiteOrNull(sql.ref('e.counterfactual_pnl'))} AS avoided,
        CASE WHEN e.counterfactual_pnl < 0 AND e.counterfactual_pnl > '-Infinity'::float8
          THEN (${finiteOrNull(sql.ref('e.pnl_during_event'))} - e.counterfactual_pnl) / -e.counterfactual_pnl END AS share,
        ${finiteOrNull(sql.ref('e.time_to_action_s'))} AS time_to_action,
        CASE WHEN e.exposure_before > 0 AND e.exposure_before < 'Infinity'::float8
          THEN 1 - ${finiteOrNull(sql.ref('e.exposure_after'))} / e.exposure_before END AS exposure_cut
      FROM emergency_sop_executions e
      WHERE e.triggered_at <= ${asOf}::timestamptz
    )
    SELECT x.event_id, ev.severity, ev.kind AS event_kind, x.sop_template_id, x.sop_version_id,
      count(*)::int AS n, count(avoided)::int AS n_valued,
      coalesce(sum(avoided), 0) AS sum_avoided, coalesce(sum(avoided * avoided), 0) AS sum_sq_avoided,
      count(share)::int AS n_share, coalesce(sum(share), 0) AS sum_share, coalesce(sum(share * share), 0) AS sum_sq_share,
      coalesce(sum(time_to_action), 0) AS sum_time_to_action, count(time_to_action)::int AS n_time_to_action,
      coalesce(sum(exposure_cut), 0) AS sum_exposure_cut, count(exposure_cut)::int AS n_exposure_cut
    FROM x LEFT JOIN black_swan_events ev ON ev.event_id = x.event_id
    GROUP BY x.event_id, ev.severity, ev.kind, x.sop_template_id, x.sop_version_id
    ORDER BY x.sop_template_id, x.sop_version_id, x.event_id`.execute(db);
  return rows;
}
