/**
 * Writes a seeded history in one transaction: the tables emptied first when asked (else refused when not
 * empty), the bulk tables' secondary indexes rebuilt after the load, and the planner's statistics refreshed
 * when the history is large enough for them to matter.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { inBulkTransaction } from './bulk-writer.js';
import { deferIndexes } from './deferred-indexes.js';
import { prepareTables } from './prepare-tables.js';
import { type Row, TABLES, type TableSpec } from './tables.js';

/** The tables with millions of rows, whose secondary indexes are built after the load. */
const BULK_TABLES = [TABLES.trades.name, TABLES.pipeline_decisions.name, TABLES.backtest_trades.name];

/**
 * Histories smaller than this are left to autovacuum's ANALYZE: the multi-column distinct counts that the
 * aggregation's plans need at scale (migration 0005) cost seconds to gather however few the rows, and
 * below this size the planner's default estimates choose the same plans.
 */
const ANALYZE_FROM_ROWS = 100_000;

/**
 * @example
 * await writeSeededRows(db, batches(), { reset: true, total: 10_000, onProgress: (done, total) => {} });
 */
export async function writeSeededRows(
  db: Kysely<Database>,
  batches: Iterable<[TableSpec, Row[]]>,
  options: { reset: boolean; total: number; onProgress?: (done: number, total: number) => void },
): Promise<void> {
  let done = 0;
  let bulkRows = 0;
  await inBulkTransaction(db, async (trx, writer) => {
    // One index build over millions of rows may outlast the per-statement limit meant for activities.
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    await prepareTables(trx, { reset: options.reset });
    const rebuildIndexes = await deferIndexes(trx, BULK_TABLES);
    for (const [table, rows] of batches) {
      if (rows.length === 0) continue;
      await writer.write(table, rows);
      done += rows.length;
      if (BULK_TABLES.includes(table.name)) bulkRows += rows.length;
      options.onProgress?.(Math.min(done, options.total), options.total);
    }
    await writer.flush();
    await rebuildIndexes();
  });
  if (bulkRows >= ANALYZE_FROM_ROWS) await sql`ANALYZE ${sql.join(BULK_TABLES.map((name) => sql.table(name)))}`.execute(db);
}
