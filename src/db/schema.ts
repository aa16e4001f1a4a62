/**
 * Kysely table types for the data contract (inputs, config DB, output) and Kronos' own `meta_*` tables.
 * Column names are fixed by the contract; see migrations/ for the DDL.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ProposalEventKind } from '../proposals/event-kinds.js';
import type { ProposalStatus } from '../proposals/statuses.js';

/** jsonb columns: written as any JSON value, read back parsed. */
export type Json = ColumnType<unknown, unknown, unknown>;
/** timestamptz columns: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz columns with a database default (now()). */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TradesTable {
  trade_id: string;
  decision_id: string | null;
  strategy_id: string;
  instrument_id: string;
  sector: string | null;
  side: string;
  opened_at: Timestamp;
  closed_at: Timestamp;
  quantity: number | null;
  entry_price: number | null;
  exit_price: number | null;
  notional: number | null;
  pnl: number | null;
  return_pct: number | null;
  fees: number | null;
  regime_id: string | null;
  universe_id: string | null;
  profile_version_id: string | null;
  strategy_config_version_id: string | null;
  risk_config_version_id: string | null;
  prompt_template_id: string | null;
  agent_graph_version: string | null;
}

export interface PositionsTable {
  position_id: string;
  strategy_id: string;
  instrument_id: string;
  as_of: Timestamp;
  quantity: number | null;
  market_value: number | null;
  unrealized_pnl: number | null;
}

export interface PipelineDecisionsTable {
  decision_id: string;
  decided_at: Timestamp;
  strategy_id: string;
  instrument_id: string;
  sector: string | null;
  regime_id: string | null;
  universe_id: string | null;
  profile_version_id: string | null;
  strategy_config_version_id: string | null;
  risk_config_version_id: string | null;
  prompt_template_id: string | null;
  agent_graph_version: string | null;
  assessment_action: string;
  assessment_score: number | null;
  assessment_error: string | null;
  risk_action: string;
  risk_override: boolean;
  risk_reason: string | null;
  proposed_notional: number | null;
  approved_notional: number | null;
  forward_return: number | null;
  trade_id: string | null;
}

export interface BacktestRunsTable {
  run_id: string;
  strategy_id: string;
  sleeve_id: string | null;
  config_version_id: string | null;
  config_json: Json;
  universe_id: string | null;
  period_start: Timestamp;
  period_end: Timestamp;
  created_at: Timestamp;
  status: string;
  metrics_json: Json;
}

export interface BacktestTradesTable {
  run_id: string;
  trade_id: string;
  instrument_id: string;
  sector: string | null;
  side: string;
  opened_at: Timestamp;
  closed_at: Timestamp;
  notional: number | null;
  pnl: number | null;
  return_pct: number | null;
  regime_id: string | null;
}

export interface CompanyProfileVersionsTable {
  profile_version_id: string;
  instrument_id: string;
  sector: string | null;
  version_no: number;
  created_at: Timestamp;
  attributes_json: Json;
}

export interface SectorProfileVersionsTable {
  sector_profile_version_id: string;
  sector: string;
  version_no: number;
  created_at: Timestamp;
  attributes_json: Json;
}

export interface RegimeHistoryTable {
  regime_id: string;
  market: string;
  label: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  features_json: Json;
}

export interface UniverseSnapshotsTable {
  universe_id: string;
  name: string;
  as_of: Timestamp;
  rules_json: Json;
  config_version_id: string | null;
}

export interface UniverseMembersTable {
  universe_id: string;
  instrument_id: string;
  sector: string | null;
  weight: number | null;
}

export interface BlackSwanEventsTable {
  event_id: string;
  detected_at: Timestamp;
  resolved_at: Timestamp | null;
  severity: number;
  kind: string;
  description: string | null;
  regime_id: string | null;
  affected_json: Json;
}

export interface EmergencySopExecutionsTable {
  execution_id: string;
  event_id: string;
  sop_template_id: string;
  sop_version_id: string;
  strategy_id: string | null;
  triggered_at: Timestamp;
  completed_at: Timestamp | null;
  actions_json: Json;
  exposure_before: number | null;
  exposure_after: number | null;
  pnl_during_event: number | null;
  counterfactual_pnl: number | null;
  time_to_action_s: number | null;
}

export interface ConfigVersionsTable {
  config_version_id: string;
  target_type: string;
  target_id: string;
  version_no: number;
  config_json: Json;
  created_at: DefaultedTimestamp;
  created_by: string;
  proposal_id: string | null;
  parent_version_id: string | null;
}

export interface ConfigTargetsTable {
  target_type: string;
  target_id: string;
  current_version_id: string;
  updated_at: DefaultedTimestamp;
}

export interface ConfigChangeLogTable {
  change_id: string;
  target_type: string;
  target_id: string;
  from_version_id: string | null;
  to_version_id: string;
  action: 'APPLY' | 'REVERT' | 'MANUAL';
  proposal_id: string | null;
  actor: string;
  actor_type: 'AUTO' | 'HUMAN';
  reason: string | null;
  changed_at: DefaultedTimestamp;
}

export interface MetaControllerConfigProposalsTable {
  proposal_id: string;
  created_at: DefaultedTimestamp;
  target_type: string;
  target_id: string;
  current_config_snapshot_json: Json;
  proposed_config_json: Json;
  rationale_text: string | null;
  evidence_json: Json;
  status: Generated<ProposalStatus>;
  applied_at: Timestamp | null;
  applied_by: 'AUTO' | 'HUMAN' | null;
  // Kronos' additions beside the seed's columns.
  confidence: number;
  confidence_json: Json;
  analysis_run_id: string | null;
  dedupe_key: string;
  kind: string;
  diff_json: Json;
  expected_impact_json: Json;
  guardrails_json: Json;
  auto_applicable: Generated<boolean>;
  proposed_by: Generated<string>;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Timestamp | null;
  updated_at: DefaultedTimestamp;
  rationale_status: string | null;
  rationale_model: string | null;
  rationale_prompt_version: string | null;
  rationale_usage_json: Json | null;
  rationale_latency_ms: number | null;
  deterministic_rationale_text: string | null;
  /** The same change to the same target whatever the base version (migration 0004). */
  change_key: string | null;
}

export interface MetaAnalysisRunsTable {
  run_id: string;
  started_at: DefaultedTimestamp;
  finished_at: Timestamp | null;
  as_of: Timestamp;
  window_start: Timestamp;
  window_end: Timestamp;
  time_zone: Generated<string>;
  status: Generated<string>;
  stage: Generated<string>;
  trigger: Generated<string>;
  aggregates_json: Json | null;
  data_quality_json: Json | null;
  diagnostics_json: Json | null;
  summary_json: Json | null;
  error: string | null;
}

export interface MetaProposalEventsTable {
  event_id: Generated<string>;
  proposal_id: string;
  at: DefaultedTimestamp;
  kind: ProposalEventKind;
  actor: string | null;
  detail_json: Json;
}

export interface MetaVerificationsTable {
  proposal_id: string;
  kind: string;
  evaluated_at: DefaultedTimestamp;
  predicted_json: Json;
  realised_json: Json;
  outcome: string;
  revert_proposed: Generated<boolean>;
}

/** One strategy's config version over one period, with environment, config and outcome (migration 0009). */
export interface MetaEpisodesTable {
  episode_id: string;
  strategy_id: string;
  config_version_id: string;
  /** md5 of the config_json: versions with the same config share it. */
  config_key: string;
  regime_id: string;
  regime_label: string | null;
  period_start: Timestamp;
  period_end: Timestamp;
  closed: boolean;
  environment_json: Json;
  config_features_json: Json;
  n: number;
  mean_return: number;
  sd_return: number | null;
  se_mean_return: number | null;
  sharpe: number | null;
  /** Standard error of the per-trade Sharpe ratio, skewness and kurtosis of the trades counted (Mertens 2002). */
  se_sharpe: number | null;
  hit_rate: number | null;
  se_hit_rate: number | null;
  max_drawdown: number;
  /** The standardised environment as a `cube` point (text on reads: `(x1, x2, …)`). */
  environment: string | null;
  built_at: DefaultedTimestamp;
}

/** The similar-conditions space: each environment feature's position, centre, scale and weight. */
export interface MetaEpisodeSpaceTable {
  feature: string;
  mean: number;
  sd: number;
  weight: number;
  position: number;
  fitted_at: DefaultedTimestamp;
}

/** One hypothesis one analysis run tested (migration 0013): the cross-run ledger of trials. */
export interface MetaHypothesisTestsTable {
  analysis_run_id: string;
  /** The cell id, stable across runs for the same kind and subject. */
  hypothesis_id: string;
  section: string;
  kind: string | null;
  metric: string;
  subject_json: Json;
  window_start: Timestamp;
  window_end: Timestamp;
  n: number;
  effect: number | null;
  p: number;
  q: number | null;
  finding: boolean;
}

export interface Database {
  trades: TradesTable;
  positions: PositionsTable;
  pipeline_decisions: PipelineDecisionsTable;
  backtest_runs: BacktestRunsTable;
  backtest_trades: BacktestTradesTable;
  company_profile_versions: CompanyProfileVersionsTable;
  sector_profile_versions: SectorProfileVersionsTable;
  regime_history: RegimeHistoryTable;
  universe_snapshots: UniverseSnapshotsTable;
  universe_members: UniverseMembersTable;
  black_swan_events: BlackSwanEventsTable;
  emergency_sop_executions: EmergencySopExecutionsTable;
  config_versions: ConfigVersionsTable;
  config_targets: ConfigTargetsTable;
  config_change_log: ConfigChangeLogTable;
  meta_controller_config_proposals: MetaControllerConfigProposalsTable;
  meta_analysis_runs: MetaAnalysisRunsTable;
  meta_proposal_events: MetaProposalEventsTable;
  meta_verifications: MetaVerificationsTable;
  meta_episodes: MetaEpisodesTable;
  meta_episode_space: MetaEpisodeSpaceTable;
  meta_hypothesis_tests: MetaHypothesisTestsTable;
}

export type ProposalRow = Selectable<MetaControllerConfigProposalsTable>;
export type NewProposal = Insertable<MetaControllerConfigProposalsTable>;
export type ProposalUpdate = Updateable<MetaControllerConfigProposalsTable>;
export type ConfigVersionRow = Selectable<ConfigVersionsTable>;
export type AnalysisRunRow = Selectable<MetaAnalysisRunsTable>;
