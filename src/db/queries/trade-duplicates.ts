/** Trades recorded more than once under different ids: same strategy, instrument, side, times, size and prices. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The number of surplus copies (a trade stored three times counts 2).
 *
 * @example
 * await duplicateTrades(db, window); // 0
 */
export async function duplicateTrades(db: Kysely<Database>, window: { start: string; end: string }): Promise<number> {
  const { rows } = await sql<{ duplicates: number }>`
    SELECT coalesce(sum(copies - 1), 0)::float8 AS duplicates FROM (
      SELECT count(*) AS copies FROM trades
      WHERE closed_at >= ${window.start}::timestamptz AND closed_at < ${window.end}::timestamptz
      GROUP BY strategy_id, instrument_id, side, opened_at, closed_at, quantity, entry_price, exit_price
      HAVING count(*) > 1
    ) repeated`.execute(db);
  return rows[0]?.duplicates ?? 0;
}
