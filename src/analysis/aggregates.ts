/**
 * What the database hands the diagnostics: sufficient statistics per cell, computed by the group-bys in
 * src/db/queries. Plain JSON, and bounded in size whatever the table sizes: cells × days, bounded tail
 * samples, and small lookup tables. Missing values stay null (unknown), never 0.
 */
import type { SimilarConditions } from './diagnostics/similar-conditions.js';
import type { AnalysisWindow } from './findings.js';

/** Additive sums over a set of finite trade returns r (return_pct) and their pnl. */
export interface ReturnMoments {
  /** Trades with a finite return. */
  n: number;
  sum: number;
  sum_sq: number;
  sum_cube: number;
  sum_quad: number;
  /** Trades with r > 0 and r < 0. */
  wins: number;
  losses: number;
  /** Σ min(r, 0)²: the downside sum of squares over all observations (Sortino's target 0). */
  downside_sq: number;
  /** Σ pnl over trades with pnl > 0, and Σ |pnl| over trades with pnl < 0 (profit factor). */
  gross_profit: number;
  gross_loss: number;
}

/** Per-day columns of a cell, over the window's day indices where the cell has trades. */
export interface DailyColumns {
  /** Day index in the window (0 = the day of window.start). */
  day: number[];
  n: number[];
  /** Σ return_pct of the day's trades, and Σ return_pct². */
  sum: number[];
  sum_sq: number[];
  pnl: number[];
  notional: number[];
}

/** Quantiles of a cell's per-trade returns (linear interpolation, as numpy's percentile), on all its trades or a uniform sample of them (Aggregates.quantile_sample_rate). */
export interface ReturnQuantiles {
  n: number;
  p05: number;
  p50: number;
  p95: number;
  /** Mean of the ⌊(n − 1)·0.05⌋ + 1 lowest returns (empyrical's historical CVaR convention). */
  es95: number;
}

export type PerformanceDimension =
  'strategy' | 'sleeve' | 'regime' | 'strategy_regime' | 'sector' | 'universe_sector' | 'universe' | 'prompt_template' | 'agent_graph' | 'profile';

/** One performance cell: its key (by data-contract names), totals, daily columns and quantiles. */
export interface PerformanceCellAggregate {
  dimension: PerformanceDimension;
  key: Record<string, string>;
  moments: ReturnMoments;
  daily: DailyColumns;
  quantiles: ReturnQuantiles | null;
}

/** Decisions grouped by strategy × regime × risk action × rule (risk_reason) × day, for the counterfactuals. */
export interface OverrideCell {
  strategy_id: string;
  regime_label: string;
  risk_action: string;
  /** The rule that overrode (risk_reason); null for approved decisions. */
  rule_id: string | null;
  /** Day index in the window (its calendar day of decided_at): the cluster of the override test. */
  day: number;
  n: number;
  /** Decisions with a finite forward_return, their sum and sum of squares. */
  n_forward: number;
  sum_forward: number;
  sum_sq_forward: number;
  /** Σ forward_return × notional that Risk took away (proposed − approved; all of it when blocked). */
  forgone_pnl: number;
  /** Σ forward_return × approved notional: what was traded. */
  traded_pnl: number;
  n_override: number;
}

/** Entry decisions by strategy × assessment-score decile × day, with the sums for a regression of forward return on score. */
export interface CalibrationCell {
  strategy_id: string;
  /** Day index in the window: the cluster of the low-score test. */
  day: number;
  /** ⌊score·10⌋ capped at 9; null when the score is missing. */
  score_bucket: number | null;
  /** Whether Risk let the decision through (APPROVED or RESIZED). */
  executed: boolean;
  n: number;
  n_forward: number;
  sum_forward: number;
  sum_sq_forward: number;
  sum_score: number;
  sum_sq_score: number;
  sum_score_forward: number;
}

/** Decisions by prompt template × agent graph version × error kind × day. */
export interface AssessmentCell {
  prompt_template_id: string | null;
  /** Day index in the window: the cluster of the error-rate test (outages hit a day's assessments together). */
  day: number;
  agent_graph_version: string | null;
  /** assessment_error, null when the assessment was fine. */
  error: string | null;
  n: number;
}

/** Trades of a strategy under one strategy config version in one regime on one day: counts for the knob contingency tables. */
export interface KnobOutcomeCell {
  strategy_id: string;
  config_version_id: string | null;
  regime_label: string;
  /** Day index in the window: the unit the knob test permutes (a day's trades share its market move). */
  day: number;
  n: number;
  wins: number;
  losses: number;
  sum: number;
  sum_sq: number;
}

/** A strategy config version's knobs (config_json.knobs), as stored. */
export interface KnobVersion {
  config_version_id: string;
  strategy_id: string;
  version_no: number;
  knobs: Record<string, unknown>;
}

/** How often an instrument's assessment action changed between consecutive decisions within the horizon. */
export interface FlipCell {
  strategy_id: string;
  pairs: number;
  flips: number;
  /** The recent slice of decisions measured (bounded), and the horizon. */
  from: string;
  to: string;
  horizon_hours: number;
}

/** The latest completed backtest of a strategy (sleeve_id null) or one of its sleeves. */
export interface BacktestAggregate {
  run_id: string;
  strategy_id: string;
  sleeve_id: string | null;
  config_version_id: string | null;
  /** Whether the run's config version is one the live trades of the window used. */
  same_config_as_live: boolean;
  created_at: string;
  period_start: string;
  period_end: string;
  /** metrics_json as stored: a missing key is unknown. */
  metrics: Record<string, unknown>;
  trades: ReturnMoments;
  /** Per-regime-label moments of the run's trades. */
  regimes: Record<string, ReturnMoments>;
  /** Daily PnL of the run's trades by closing day, every day with a closed trade (for the daily Sharpe). */
  daily_pnl: number[];
  /** Calendar days between the first and last closing day, for zero-filling. */
  daily_span_days: number;
}

/** SOP executions grouped by event and SOP version. */
export interface SopCell {
  event_id: string;
  severity: number | null;
  event_kind: string | null;
  sop_template_id: string;
  sop_version_id: string;
  n: number;
  /** Executions with both pnl_during_event and counterfactual_pnl. */
  n_valued: number;
  /** Σ and Σ² of loss avoided = pnl_during_event − counterfactual_pnl. */
  sum_avoided: number;
  sum_sq_avoided: number;
  /** Executions whose counterfactual was a loss, and Σ, Σ² of the share of that loss avoided. */
  n_share: number;
  sum_share: number;
  sum_sq_share: number;
  sum_time_to_action: number;
  n_time_to_action: number;
  /** Σ (1 − exposure_after/exposure_before) over executions with exposure_before > 0. */
  sum_exposure_cut: number;
  n_exposure_cut: number;
}

export interface SopVersion {
  sop_template_id: string;
  sop_version_id: string;
  version_no: number;
  parent_version_id: string | null;
}

/** Regime periods overlapping the window. */
export interface RegimeOccupancy {
  label: string;
  /** Hours of the window the label was in force. */
  hours: number;
  periods: number;
  /** Time-weighted means of the numeric features_json keys. */
  features: Record<string, number>;
}

/** Counts of rows the analysis could not use as they are. */
export interface QualityCounts {
  trades: number;
  decisions: number;
  null_returns: number;
  non_finite_returns: number;
  null_forward_returns: number;
  non_finite_forward_returns: number;
  unknown_regime_trades: number;
  unknown_regime_decisions: number;
  unknown_config_trades: number;
  duplicate_trades: number;
  outside_regime_period: number;
}

export interface Aggregates {
  version: 1;
  window: AnalysisWindow;
  quality: QualityCounts;
  /** Day indices with any closed trade or decision: the session days the daily series run over. */
  active_days: number[];
  /** The regime label in force at local noon of each day index, in the window's time zone (null when none). */
  day_regimes: (string | null)[];
  regimes: RegimeOccupancy[];
  performance: PerformanceCellAggregate[];
  /** Share of the window's trades the quantiles (and tails) were computed on: 1 up to the sample cap. */
  quantile_sample_rate: number;
  /** Capital of each strategy for its daily returns: RISK_CONFIG strategy_budget_notional, when known. */
  strategy_capital: Record<string, number>;
  /** The worst per-trade returns of each strategy (at most `tail_cap`), ascending, for the tail index. */
  tails: Record<string, number[]>;
  tail_cap: number;
  overrides: OverrideCell[];
  calibration: CalibrationCell[];
  assessment: AssessmentCell[];
  /** Prompt template id → the PROMPT_TEMPLATE slot (target_id) whose config lists it. */
  template_slots: Record<string, string>;
  flips: FlipCell[];
  knob_outcomes: KnobOutcomeCell[];
  knob_versions: KnobVersion[];
  backtests: BacktestAggregate[];
  sops: SopCell[];
  sop_versions: SopVersion[];
  /** The k past episodes nearest to today's environment, per strategy (absent in runs stored before episodes existed). */
  similar_conditions?: SimilarConditions;
}
