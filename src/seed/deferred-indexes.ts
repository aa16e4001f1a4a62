/**
 * PostgreSQL's advice for bulk loads ("Populating a Database"): drop secondary indexes, load, then build
 * them once, which is much faster than maintaining them row by row. Index definitions are read from the
 * catalog, so whatever indexes the migrations define are rebuilt exactly; constraint indexes (primary
 * keys, unique constraints) stay. Inside a transaction, a failed load restores the indexes with the rollback.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Drops the secondary indexes of `tables` and returns the function that builds them again.
 *
 * @example
 * const rebuild = await deferIndexes(trx, ['trades', 'pipeline_decisions']);
 * // … COPY the rows …
 * await rebuild();
 */
export async function deferIndexes(db: Kysely<Database>, tables: readonly string[]): Promise<() => Promise<void>> {
  const { rows } = await sql<{ schema: string; name: string; definition: string }>`
    SELECT i.schemaname AS schema, i.indexname AS name, i.indexdef AS definition
    FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ANY(${[...tables]}::text[])
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = i.schemaname::regnamespace)
    ORDER BY i.tablename, i.indexname`.execute(db);
  for (const index of rows) await sql`DROP INDEX ${sql.id(index.schema, index.name)}`.execute(db);
  return async () => {
    for (const index of rows) await sql.raw(index.definition).execute(db);
  };
}
