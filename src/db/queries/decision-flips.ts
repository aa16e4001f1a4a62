/**
 * Stability of the assessment: how often the action for the same strategy and instrument changed
 * between consecutive decisions no more than a horizon apart. Ordering decisions per instrument is a
 * sort, so it runs on the most recent slice of the window, at most `limit` decisions (a bounded sample).
 */
import { type Kysely, sql } from 'kysely';
import type { FlipCell } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';

/**
 * @example
 * const flips = await decisionFlips(db, window, { horizonHours: 24, limit: 200_000 });
 */
export async function decisionFlips(
  db: Kysely<Database>,
  window: { start: string; end: string },
  { horizonHours, limit }: { horizonHours: number; limit: number },
): Promise<FlipCell[]> {
  const cutoff = await db
    .selectFrom('pipeline_decisions')
    .select('decided_at')
    .where('decided_at', '>=', new Date(window.start))
    .where('decided_at', '<', new Date(window.end))
    .orderBy('decided_at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  const from = cutoff ? cutoff.decided_at.toISOString() : window.start;
  const { rows } = await sql<{ strategy_id: string; pairs: number; flips: number }>`
    SELECT strategy_id, count(*)::int AS pairs, count(*) FILTER (WHERE previous_action <> assessment_action)::int AS flips
    FROM (
      SELECT strategy_id, assessment_action, decided_at,
        lag(assessment_action) OVER w AS previous_action, lag(decided_at) OVER w AS previous_at
      FROM pipeline_decisions
      WHERE decided_at >= ${from}::timestamptz AND decided_at < ${window.end}::timestamptz
      -- Partitioned by a 64-bit hash of the pair: sorting integers rather than two text columns; two
      -- pairs sharing a hash (odds about pairs²/2⁶⁵) would read as one sequence.
      WINDOW w AS (PARTITION BY hash_record_extended(ROW(strategy_id, instrument_id), 0) ORDER BY decided_at, decision_id)
    ) consecutive
    WHERE previous_at IS NOT NULL AND decided_at - previous_at <= ${horizonHours} * interval '1 hour'
    GROUP BY strategy_id ORDER BY strategy_id`.execute(db);
  return rows.map((row) => ({ ...row, from, to: window.end, horizon_hours: horizonHours }));
}
