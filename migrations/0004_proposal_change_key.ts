/**
 * The change key of a proposal: the same change to the same target whatever the base version, so a
 * change that was reverted is recognised when it is proposed again and never auto-applied.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE meta_controller_config_proposals ADD COLUMN change_key text;
    CREATE INDEX meta_proposals_change_key_idx ON meta_controller_config_proposals (change_key, status);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX meta_proposals_change_key_idx;
    ALTER TABLE meta_controller_config_proposals DROP COLUMN change_key;
  `.execute(db);
}
