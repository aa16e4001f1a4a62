/** Trades recorded more than once under different ids: same strategy, instrument, side, times, size and prices. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The number of surplus copies (a trade stored three times counts 2). Each trade is reduced to a 64-bit
 * hash of those columns and the distinct hashes are counted, which sorts 8-byte integers rather than
 * grouping by eight columns; two different trades sharing a hash (odds about n²/2⁶⁵, 3·10⁻⁸ at a million
 * trades) would count as one copy.
 *
 * @example
 * await duplicateTrades(db, window); // 0
 */
export async function duplicateTrades(db: Kysely<Database>, window: { start: string; end: string }): Promise<number> {
  const { rows } = await sql<{ duplicates: number }>`
    SELECT (count(*) - count(DISTINCT hash_record_extended(
      ROW(strategy_id, instrument_id, side, opened_at, closed_at, quantity, entry_price, exit_price), 0)))::float8 AS duplicates
    FROM trades
    WHERE closed_at >= ${window.start}::timestamptz AND closed_at < ${window.end}::timestamptz`.execute(db);
  return rows[0]?.duplicates ?? 0;
}

/**
 * The number of trades closed in the window.
 *
 * @example
 * await countTrades(db, window); // 1000000
 */
export async function countTrades(db: Kysely<Database>, window: { start: string; end: string }): Promise<number> {
  const row = await db
    .selectFrom('trades')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('closed_at', '>=', new Date(window.start))
    .where('closed_at', '<', new Date(window.end))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
