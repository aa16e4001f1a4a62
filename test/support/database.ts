/** Throwaway PostgreSQL databases for tests: created migrated, dropped afterwards; `kronos` itself is never touched. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDb, ensureDatabaseExists, quoteIdent } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';

export const TEST_SERVER_URL = process.env.KRONOS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  drop(): Promise<void>;
}

/** Creates `kronos_test_<random>`, migrates it, and returns a Kysely handle plus a drop function. */
export async function createTestDatabase(prefix = 'kronos_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  await ensureDatabaseExists(url.toString());
  const db = createDb(url.toString(), { onError: () => undefined });
  await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      const admin = new pg.Client({ connectionString: TEST_SERVER_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
