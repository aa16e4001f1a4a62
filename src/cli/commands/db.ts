/** `kronos db migrate`: creates the database when missing and applies pending migrations. */
import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrate.js';
import { withDatabase } from '../database.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('create the database if missing and apply pending migrations (idempotent)')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (opts: { databaseUrl?: string }) => {
      await withDatabase({ url: opts.databaseUrl, create: true }, async (handle, url) => {
        const applied = await migrateToLatest(handle);
        const where = new URL(url).pathname.slice(1);
        console.log(applied.length ? `applied ${applied.join(', ')} to ${where}` : `${where} is up to date`);
      });
    });
}
