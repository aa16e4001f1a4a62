/** `kronos db migrate`: creates the database when missing and applies pending migrations. */
import { migrateToLatest } from '../../db/migrate.js';
import { withDatabase } from '../database.js';

export interface DbMigrateOptions {
  databaseUrl?: string;
}

export async function migrateDatabase(opts: DbMigrateOptions): Promise<void> {
  await withDatabase({ url: opts.databaseUrl, create: true }, async (handle, url) => {
    const applied = await migrateToLatest(handle);
    const where = new URL(url).pathname.slice(1);
    console.log(applied.length ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`);
  });
}
