/** A digest of every seeded table's rows, for comparing two seeded databases byte for byte. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../src/db/schema.js';
import { SEEDED_TABLES } from '../../../src/seed/tables.js';

/** Table name → md5 of its rows' text, in row order; times printed in UTC whatever the server's zone. */
export async function tableHashes(db: Kysely<Database>): Promise<Record<string, string>> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const hashes: Record<string, string> = {};
    for (const name of SEEDED_TABLES) {
      const table = sql.table(name);
      const { rows } = await sql<{ digest: string; n: number }>`
        SELECT md5(coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '')) AS digest, count(*)::int AS n FROM ${table} t`.execute(trx);
      hashes[name] = `${rows[0].n}:${rows[0].digest}`;
    }
    return hashes;
  });
}
