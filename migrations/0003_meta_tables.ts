/** Kronos' own tables: the proposals (the seed's output table plus our columns), analysis runs, audit events, verifications. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meta_analysis_runs (
      run_id text PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      as_of timestamptz NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'RUNNING',
      stage text NOT NULL DEFAULT 'aggregate',
      trigger text NOT NULL DEFAULT 'manual',
      aggregates_json jsonb,
      data_quality_json jsonb,
      diagnostics_json jsonb,
      summary_json jsonb,
      error text
    );

    CREATE TABLE meta_controller_config_proposals (
      proposal_id text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      target_type text NOT NULL CHECK (target_type IN
        ('STRATEGY_CONFIG', 'RISK_CONFIG', 'PROMPT_TEMPLATE', 'UNIVERSE_RULES', 'SOP_TEMPLATE', 'EXPERIMENT')),
      target_id text NOT NULL,
      current_config_snapshot_json jsonb NOT NULL,
      proposed_config_json jsonb NOT NULL,
      rationale_text text,
      evidence_json jsonb NOT NULL,
      status text NOT NULL DEFAULT 'PENDING' CHECK (status IN
        ('PENDING', 'APPROVED', 'REJECTED', 'APPLIED', 'EXPIRED', 'SUPERSEDED', 'CONFLICT', 'REVERTED')),
      applied_at timestamptz,
      applied_by text CHECK (applied_by IN ('AUTO', 'HUMAN')),
      confidence double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
      confidence_json jsonb NOT NULL DEFAULT '{}'::jsonb,
      analysis_run_id text REFERENCES meta_analysis_runs (run_id),
      dedupe_key text NOT NULL,
      kind text NOT NULL,
      diff_json jsonb NOT NULL DEFAULT '[]'::jsonb,
      expected_impact_json jsonb NOT NULL DEFAULT '{}'::jsonb,
      guardrails_json jsonb NOT NULL DEFAULT '{}'::jsonb,
      auto_applicable boolean NOT NULL DEFAULT false,
      proposed_by text NOT NULL DEFAULT 'kronos',
      decided_by text,
      decision_reason text,
      decided_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      rationale_status text,
      rationale_model text,
      rationale_prompt_version text,
      rationale_usage_json jsonb,
      rationale_latency_ms double precision,
      deterministic_rationale_text text
    );
    -- No second open proposal for the same change.
    CREATE UNIQUE INDEX meta_proposals_open_dedupe_idx
      ON meta_controller_config_proposals (dedupe_key) WHERE status = 'PENDING';
    CREATE INDEX meta_proposals_status_idx ON meta_controller_config_proposals (status, created_at);
    CREATE INDEX meta_proposals_target_idx ON meta_controller_config_proposals (target_type, target_id, status);

    CREATE TABLE meta_proposal_events (
      event_id bigserial PRIMARY KEY,
      proposal_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      kind text NOT NULL,
      actor text,
      detail_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX meta_proposal_events_proposal_idx ON meta_proposal_events (proposal_id, at);

    CREATE TABLE meta_verifications (
      proposal_id text PRIMARY KEY,
      kind text NOT NULL,
      evaluated_at timestamptz NOT NULL DEFAULT now(),
      predicted_json jsonb NOT NULL,
      realised_json jsonb NOT NULL,
      outcome text NOT NULL,
      revert_proposed boolean NOT NULL DEFAULT false
    );
    CREATE INDEX meta_verifications_kind_idx ON meta_verifications (kind, evaluated_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE meta_verifications, meta_proposal_events, meta_controller_config_proposals, meta_analysis_runs;`.execute(db);
}
