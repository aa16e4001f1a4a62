/**
 * One black-swan event with its emergency SOP executions, as the SOP review needs it.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

export interface BlackSwanEventSpan {
  severity: number;
  /** The latest of its detection, resolution and its SOP executions' trigger and completion times. */
  ended_at: Date;
  /** The SOP templates that ran for the event, sorted. */
  sop_template_ids: string[];
}

/**
 * The event's severity, when it and its SOP executions ended, and which SOP templates ran; undefined for no such event.
 *
 * @example
 * const span = await blackSwanEventSpan(db, 'evt-17');
 */
export async function blackSwanEventSpan(db: Kysely<Database>, eventId: string): Promise<BlackSwanEventSpan | undefined> {
  return db
    .selectFrom('black_swan_events as e')
    .leftJoin('emergency_sop_executions as x', 'x.event_id', 'e.event_id')
    .select([
      'e.severity',
      sql<Date>`greatest(e.detected_at, max(e.resolved_at), max(x.completed_at), max(x.triggered_at))`.as('ended_at'),
      sql<string[]>`coalesce(array_agg(DISTINCT x.sop_template_id ORDER BY x.sop_template_id) FILTER (WHERE x.sop_template_id IS NOT NULL), '{}')`.as(
        'sop_template_ids',
      ),
    ])
    .where('e.event_id', '=', eventId)
    .groupBy(['e.event_id', 'e.severity', 'e.detected_at'])
    .executeTakeFirst();
}
