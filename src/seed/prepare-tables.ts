/**
 * Before seeding: the tables the seed writes must be empty, or be emptied when the caller asks to replace
 * the history. Kronos' own meta_* tables are kept (TRUNCATE … CASCADE reaches only tables with foreign
 * keys into the seeded ones), except the episodes, which are computed from the history being replaced.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { SeedError } from './seed-error.js';
import { SEEDED_TABLES } from './tables.js';

/** The seeded tables that hold at least one row. */
async function nonEmptySeededTables(db: Kysely<Database>): Promise<string[]> {
  const probes = SEEDED_TABLES.map((name) => sql`SELECT ${name}::text AS name WHERE EXISTS (SELECT 1 FROM ${sql.table(name)})`);
  const { rows } = await sql<{ name: string }>`${sql.join(probes, sql` UNION ALL `)}`.execute(db);
  return rows.map((r) => r.name);
}

/**
 * Empties the seeded tables when `reset`, otherwise refuses a database that already holds a history.
 *
 * @example
 * await db.transaction().execute((trx) => prepareTables(trx, { reset: false }));
 */
export async function prepareTables(db: Kysely<Database>, options: { reset: boolean }): Promise<void> {
  if (options.reset) {
    await sql`TRUNCATE ${sql.join(SEEDED_TABLES.map((name) => sql.table(name)))} CASCADE`.execute(db);
    await sql`TRUNCATE meta_episodes, meta_episode_space`.execute(db);
    return;
  }
  const filled = await nonEmptySeededTables(db);
  if (filled.length > 0) {
    const others = filled.length > 1 ? ` and ${filled.length - 1} other table${filled.length > 2 ? 's' : ''}` : '';
    throw new SeedError(`the database already holds a history (rows in ${filled[0]}${others}); seed with --reset to replace it`);
  }
}
