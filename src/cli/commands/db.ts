/** `kronos db migrate`: creates the database when missing and applies pending migrations. */
import type { Command } from 'commander';
import type { DbMigrateOptions } from '../actions/db-migrate.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('create the database if missing and apply pending migrations (idempotent)')
    .option('--database-url <url>', 'PostgreSQL URL (default: DATABASE_URL, else the local kronos database)')
    .action(async (opts: DbMigrateOptions) => {
      const { migrateDatabase } = await import('../actions/db-migrate.js');
      await migrateDatabase(opts);
    });
}
