/** The trading system's tables that Kronos reads (data-contract.md, "Inputs"), with the indexes the analysis needs. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE trades (
      trade_id text PRIMARY KEY,
      decision_id text,
      strategy_id text NOT NULL,
      instrument_id text NOT NULL,
      sector text,
      side text NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz NOT NULL,
      quantity double precision,
      entry_price double precision,
      exit_price double precision,
      notional double precision,
      pnl double precision,
      return_pct double precision,
      fees double precision,
      regime_id text,
      universe_id text,
      profile_version_id text,
      strategy_config_version_id text,
      risk_config_version_id text,
      prompt_template_id text,
      agent_graph_version text
    );
    CREATE INDEX trades_closed_at_idx ON trades (closed_at);
    CREATE INDEX trades_strategy_closed_idx ON trades (strategy_id, closed_at);
    CREATE INDEX trades_regime_idx ON trades (regime_id);

    CREATE TABLE positions (
      position_id text PRIMARY KEY,
      strategy_id text NOT NULL,
      instrument_id text NOT NULL,
      as_of timestamptz NOT NULL,
      quantity double precision,
      market_value double precision,
      unrealized_pnl double precision
    );
    CREATE INDEX positions_strategy_as_of_idx ON positions (strategy_id, as_of);

    CREATE TABLE pipeline_decisions (
      decision_id text PRIMARY KEY,
      decided_at timestamptz NOT NULL,
      strategy_id text NOT NULL,
      instrument_id text NOT NULL,
      sector text,
      regime_id text,
      universe_id text,
      profile_version_id text,
      strategy_config_version_id text,
      risk_config_version_id text,
      prompt_template_id text,
      agent_graph_version text,
      assessment_action text NOT NULL,
      assessment_score double precision,
      assessment_error text,
      risk_action text NOT NULL,
      risk_override boolean NOT NULL DEFAULT false,
      risk_reason text,
      proposed_notional double precision,
      approved_notional double precision,
      forward_return double precision,
      trade_id text
    );
    CREATE INDEX pipeline_decisions_decided_at_idx ON pipeline_decisions (decided_at);
    CREATE INDEX pipeline_decisions_strategy_decided_idx ON pipeline_decisions (strategy_id, decided_at);
    CREATE INDEX pipeline_decisions_instrument_decided_idx ON pipeline_decisions (strategy_id, instrument_id, decided_at);

    CREATE TABLE backtest_runs (
      run_id text PRIMARY KEY,
      strategy_id text NOT NULL,
      sleeve_id text,
      config_version_id text,
      config_json jsonb NOT NULL DEFAULT '{}'::jsonb,
      universe_id text,
      period_start timestamptz NOT NULL,
      period_end timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      status text NOT NULL,
      metrics_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX backtest_runs_strategy_created_idx ON backtest_runs (strategy_id, sleeve_id, created_at);

    CREATE TABLE backtest_trades (
      run_id text NOT NULL,
      trade_id text NOT NULL,
      instrument_id text NOT NULL,
      sector text,
      side text NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_at timestamptz NOT NULL,
      notional double precision,
      pnl double precision,
      return_pct double precision,
      regime_id text,
      PRIMARY KEY (run_id, trade_id)
    );

    CREATE TABLE company_profile_versions (
      profile_version_id text PRIMARY KEY,
      instrument_id text NOT NULL,
      sector text,
      version_no integer NOT NULL,
      created_at timestamptz NOT NULL,
      attributes_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );

    CREATE TABLE sector_profile_versions (
      sector_profile_version_id text PRIMARY KEY,
      sector text NOT NULL,
      version_no integer NOT NULL,
      created_at timestamptz NOT NULL,
      attributes_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );

    CREATE TABLE regime_history (
      regime_id text PRIMARY KEY,
      market text NOT NULL,
      label text NOT NULL,
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      features_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );
    CREATE INDEX regime_history_period_idx ON regime_history (started_at, ended_at);

    CREATE TABLE universe_snapshots (
      universe_id text PRIMARY KEY,
      name text NOT NULL,
      as_of timestamptz NOT NULL,
      rules_json jsonb NOT NULL DEFAULT '{}'::jsonb,
      config_version_id text
    );

    CREATE TABLE universe_members (
      universe_id text NOT NULL,
      instrument_id text NOT NULL,
      sector text,
      weight double precision,
      PRIMARY KEY (universe_id, instrument_id)
    );

    CREATE TABLE black_swan_events (
      event_id text PRIMARY KEY,
      detected_at timestamptz NOT NULL,
      resolved_at timestamptz,
      severity integer NOT NULL,
      kind text NOT NULL,
      description text,
      regime_id text,
      affected_json jsonb NOT NULL DEFAULT '{}'::jsonb
    );

    CREATE TABLE emergency_sop_executions (
      execution_id text PRIMARY KEY,
      event_id text NOT NULL,
      sop_template_id text NOT NULL,
      sop_version_id text NOT NULL,
      strategy_id text,
      triggered_at timestamptz NOT NULL,
      completed_at timestamptz,
      actions_json jsonb NOT NULL DEFAULT '[]'::jsonb,
      exposure_before double precision,
      exposure_after double precision,
      pnl_during_event double precision,
      counterfactual_pnl double precision,
      time_to_action_s double precision
    );
    CREATE INDEX emergency_sop_executions_event_idx ON emergency_sop_executions (event_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE emergency_sop_executions, black_swan_events, universe_members, universe_snapshots,
      regime_history, sector_profile_versions, company_profile_versions, backtest_trades,
      backtest_runs, pipeline_decisions, positions, trades;
  `.execute(db);
}
