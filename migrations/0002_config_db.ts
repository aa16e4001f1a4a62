/** The shared config DB (data-contract.md, "Config DB"): immutable versions, a pointer per target, an audit log. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE config_versions (
      config_version_id text PRIMARY KEY,
      target_type text NOT NULL,
      target_id text NOT NULL,
      version_no integer NOT NULL,
      config_json jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      proposal_id text,
      parent_version_id text,
      UNIQUE (target_type, target_id, version_no)
    );

    CREATE TABLE config_targets (
      target_type text NOT NULL,
      target_id text NOT NULL,
      current_version_id text NOT NULL REFERENCES config_versions (config_version_id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (target_type, target_id)
    );

    CREATE TABLE config_change_log (
      change_id text PRIMARY KEY,
      target_type text NOT NULL,
      target_id text NOT NULL,
      from_version_id text,
      to_version_id text NOT NULL,
      action text NOT NULL CHECK (action IN ('APPLY', 'REVERT', 'MANUAL')),
      proposal_id text,
      actor text NOT NULL,
      actor_type text NOT NULL CHECK (actor_type IN ('AUTO', 'HUMAN')),
      reason text,
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    -- The idempotency key of apply and revert: one row per proposal and action, however often an activity retries.
    CREATE UNIQUE INDEX config_change_log_proposal_action_idx
      ON config_change_log (proposal_id, action) WHERE proposal_id IS NOT NULL;
    CREATE INDEX config_change_log_target_idx ON config_change_log (target_type, target_id, changed_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE config_change_log, config_targets, config_versions;`.execute(db);
}
