/** The time zone whose calendar days a run's analysis days are (the window's `time_zone`); runs before it were UTC. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meta_analysis_runs ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE meta_analysis_runs DROP COLUMN time_zone`.execute(db);
}
