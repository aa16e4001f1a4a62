/** Opens the configured database for a CLI command, creating and migrating it first when asked. */
import { type Kysely, sql } from 'kysely';
import { ConfigError, databaseUrl, loadEnv } from '../config.js';
import { createDb, describeDatabaseError, ensureDatabaseExists } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';

/**
 * Connects (and checks the connection with one query) so that a wrong DATABASE_URL fails here with one line.
 *
 * @example
 * await withDatabase({ migrate: true }, async (db) => db.selectFrom('trades').selectAll().execute());
 */
export async function withDatabase<T>(
  options: { url?: string; create?: boolean; migrate?: boolean },
  fn: (db: Kysely<Database>, url: string) => Promise<T>,
): Promise<T> {
  const url = options.url ?? databaseUrl(loadEnv());
  let db: Kysely<Database>;
  try {
    if (options.create || options.migrate) await ensureDatabaseExists(url);
    db = createDb(url, { onError: () => undefined });
    await sql`SELECT 1`.execute(db);
    if (options.migrate) await migrateToLatest(db);
  } catch (err) {
    throw new ConfigError(describeDatabaseError(err, url));
  }
  try {
    return await fn(db, url);
  } finally {
    await db.destroy();
  }
}
