/**
 * The contract between the diagnostics and the proposal rules: a finding is a cell whose test for an
 * actionable effect passed after multiple-testing control. Cells that did not pass, or had too little
 * data, stay in the diagnostics with their statistics and never become findings.
 */

/** What a finding says; each kind has a rule in proposals/ that may turn it into a config change. */
export const FINDING_KINDS = [
  /** subject: strategy_id, regime_label. A strategy's returns in one regime are below zero. */
  'STRATEGY_LOSES_IN_REGIME',
  /** subject: strategy_id; extra.score_threshold. Trades entered on low assessment scores lose. */
  'LOW_SCORE_LOSES',
  /** subject: strategy_id (and sleeve_id when the backtest has one). Live Sharpe far below the backtest's. */
  'LIVE_BELOW_BACKTEST',
  /** subject: rule_id (risk_reason), strategy_id. Decisions the rule blocked/resized did better than those it approved. */
  'OVERRIDE_RULE_DESTROYS_VALUE',
  /** subject: prompt_template_id, slot; extra.better_template_id. Its assessment error rate is above the others'. */
  'PROMPT_TEMPLATE_ERRORS',
  /** subject: sector (and universe_id). Trades in the sector lose. */
  'SECTOR_LOSES',
  /** subject: attribute, bucket (and universe_id). Trades in a profile-attribute bucket lose. */
  'PROFILE_BUCKET_LOSES',
  /** subject: sop_template_id, sop_version_id; extra.previous_version_id. The version avoided less loss than its predecessor. */
  'SOP_VERSION_WORSE',
  /** subject: strategy_id, knob. The knob is associated with outcomes given the regime (observational). */
  'KNOB_MATTERS',
  /** subject: strategy_id, knobs (comma-joined). Knobs that always moved together: not identifiable. */
  'KNOBS_CONFOUNDED',
  /** subject: strategy_id, config_version_id. Among the k past episodes nearest to today's environment, that config did better than the live one. */
  'CONFIG_BETTER_IN_SIMILAR_CONDITIONS',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const PROVENANCES = ['LIVE', 'BACKTEST'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export interface Finding {
  /** Stable across runs for the same cell: `${kind}:${subject values}`. */
  id: string;
  kind: FindingKind;
  /** The cell, by the names the data contract uses (strategy_id, regime_label, rule_id, sector, …). */
  subject: Record<string, string>;
  /** The statistic tested, e.g. `mean_return`, `sharpe_gap`, `error_rate_diff`. */
  metric: string;
  n: number;
  /** Signed effect in the metric's units (negative = worse for a return). */
  effect: number;
  /** Interval for the effect (block bootstrap for time series), at `ci_level`. */
  ci: [number, number];
  ci_level: number;
  p: number;
  /** Adjusted across every tested cell of the run (Benjamini–Yekutieli). */
  q: number;
  /** The observed value of the metric in the cell and what it was compared with. */
  value: number;
  baseline: number;
  regimes_covered: string[];
  provenance: Provenance;
  /** True for live history (not randomised): confounding is possible. */
  observational: boolean;
  /** Further named numbers a rule or the confidence needs (psr, min_trl, sign_consistency, …). */
  extra: CellExtra;
}

/** A cell's further named numbers and labels. */
export type CellExtra = Record<string, number | string | boolean | null>;

/**
 * tested: the cell's hypothesis is in the run's family (it has p and gets q);
 * insufficient: below its minimum sample, never a finding;
 * descriptive: a breakdown with an interval and no hypothesis of its own.
 */
export type CellStatus = 'tested' | 'insufficient' | 'descriptive';

/**
 * A diagnostic cell: one comparison with its sample size, effect, interval and p-value (q-value after
 * the run's multiple-testing control). Cells whose test is for an actionable effect carry the finding
 * kind they become when they pass. Non-finite numbers are null once the result is built (JSON).
 */
export interface DiagnosticCell<Extra extends CellExtra = CellExtra> extends Omit<Finding, 'kind' | 'p' | 'q' | 'extra'> {
  section: string;
  status: CellStatus;
  /** The finding this cell becomes when its q is at most the FDR level. */
  kind: FindingKind | null;
  p: number | null;
  q: number | null;
  /** Why a cell is insufficient or not identifiable. */
  reason?: string;
  extra: Extra;
}

/** The metrics of every performance cell (docs/diagnostics.md); the guardrails read its tail risk. */
export interface PerformanceMetrics extends CellExtra {
  mean_return: number | null;
  /** 95 % Expected Shortfall of per-trade returns (a return: negative for a loss). */
  es_95: number | null;
  /** Max drawdown of the daily returns (negative). */
  max_drawdown: number | null;
}
export type PerformanceCell = DiagnosticCell<PerformanceMetrics>;

/** One black-swan event's executions of one SOP version. */
export interface SopEventMetrics extends CellExtra {
  severity: number | null;
}
export type SopEventCell = DiagnosticCell<SopEventMetrics>;

/** Every section of a run's diagnostics with its cells; a section without cells is absent. Documented in docs/diagnostics.md. */
export interface DiagnosticsSections {
  performance?: PerformanceCell[];
  live_vs_backtest?: DiagnosticCell[];
  risk_overrides?: DiagnosticCell[];
  assessment_quality?: DiagnosticCell[];
  information?: DiagnosticCell[];
  tail_and_stress?: DiagnosticCell[];
  sleeve_selection?: DiagnosticCell[];
  /** Per-event cells (subject with an event_id) and per-version comparisons. */
  black_swan_sops?: (SopEventCell | DiagnosticCell)[];
  similar_conditions?: DiagnosticCell[];
}

/** How a run's input looked; every count is reported and lowers confidence instead of failing the run. */
export interface DataQuality {
  trades: number;
  decisions: number;
  null_returns: number;
  non_finite_returns: number;
  unknown_regime: number;
  unknown_config_version: number;
  duplicates: number;
  outside_regime_period: number;
  empty_window: boolean;
  /** 1 when nothing is wrong, lower with the share of unusable rows. */
  score: number;
  notes: string[];
}

export interface AnalysisWindow {
  as_of: string;
  start: string;
  end: string;
  days: number;
  /** The IANA time zone whose calendar days are the analysis days (clusters, daily series); UTC when absent. */
  time_zone?: string;
}

/** The diagnostics of one run: every section's cells (with n, effect, interval, p, q) and the findings. */
export interface DiagnosticsResult {
  window: AnalysisWindow;
  data_quality: DataQuality;
  diagnostics: DiagnosticsSections;
  findings: Finding[];
  /** Number of hypotheses tested in the run (the BY family size). */
  tests: number;
  fdr_level: number;
}
