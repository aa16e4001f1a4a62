/**
 * The hypothesis ledger: every hypothesis each analysis run tested (its cell id, kind, subject, window,
 * effect and p), so a later run knows how often the same subject was tested before. Weekly runs re-test
 * overlapping windows, and the multiple-testing control of one run cannot see the earlier tries.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meta_hypothesis_tests (
      analysis_run_id text NOT NULL,
      hypothesis_id text NOT NULL,
      section text NOT NULL,
      kind text,
      metric text NOT NULL,
      subject_json jsonb NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      n double precision NOT NULL,
      effect double precision,
      p double precision NOT NULL,
      q double precision,
      finding boolean NOT NULL,
      PRIMARY KEY (analysis_run_id, hypothesis_id)
    );
    CREATE INDEX meta_hypothesis_tests_hypothesis ON meta_hypothesis_tests (hypothesis_id, window_end);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE meta_hypothesis_tests`.execute(db);
}
