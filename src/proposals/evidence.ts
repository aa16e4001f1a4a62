/**
 * The evidence a proposal stores: the findings behind it, each with its sample size, effect, interval,
 * p and q, regimes covered, provenance and extra numbers, plus the run's data quality and test count.
 * It is a frozen copy, so a reviewer (or a later re-judging) sees exactly what the decision used.
 */
import type { DataQuality, DiagnosticsResult, Finding } from '../analysis/findings.js';

/** A finding as stored in a proposal's evidence (kinds and provenance read back as plain strings). */
export type EvidenceFinding = Omit<Finding, 'kind' | 'provenance'> & { kind: string; provenance: string };

/** A proposal's expected effect (impact-estimate.ts computes it), kept in its evidence. */
export interface ImpactEstimate {
  /** The metric the change is expected to move (the finding's when the target metric is not computable from it). */
  metric: string;
  /** Expected change of the metric (positive = up), with its 95 % interval. */
  change: number;
  change_ci: [number, number];
  /** Expected money per week in account currency (positive = gained), with its 95 % interval; null when the evidence gives no money scale. */
  money_per_week: number | null;
  money_per_week_ci: [number, number] | null;
  /** One line per finding saying how the numbers were made, and why money is missing when it is. */
  basis: string[];
}

export interface Evidence {
  analysis_run_id: string | null;
  window: DiagnosticsResult['window'] | null;
  findings: EvidenceFinding[];
  data_quality: Pick<DataQuality, 'score' | 'trades' | 'decisions' | 'empty_window' | 'notes'> | null;
  /** Hypotheses tested in the run (the multiple-testing family, and the trial count of the deflated Sharpe). */
  tests: number;
  fdr_level: number | null;
  /** One line saying what the proposal changes. */
  summary?: string;
  /** When the drafts were generated (the run's clock). */
  generated_at?: string;
  /** The top-level config keys the change touches (a newer proposal touching one of them supersedes an open one). */
  changed_fields?: string[];
  /** The expected change of the target metric and money per week, from the shrunk effects; null when nothing live moves. */
  impact_estimate?: ImpactEstimate | null;
  /** Black-swan severity behind an SOP change; null when unknown. */
  severity?: number | null;
  /** Set on a REVERT proposal: the applied proposal it undoes. */
  reverts_proposal_id?: string;
  /** Set on a REVERT proposal: the verification that found the change made things worse. */
  verification?: unknown;
}

/**
 * The first of `keys` in a finding's extra numbers that holds a finite number, or null.
 *
 * @example
 * extraNumber(finding, 'severity', 'max_severity'); // 4
 */
export function extraNumber(f: Pick<EvidenceFinding, 'extra'>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = f.extra[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

function evidenceFinding(f: Finding): EvidenceFinding {
  return {
    id: f.id,
    kind: f.kind,
    subject: { ...f.subject },
    metric: f.metric,
    n: f.n,
    effect: f.effect,
    ci: [f.ci[0], f.ci[1]],
    ci_level: f.ci_level,
    p: f.p,
    q: f.q,
    value: f.value,
    baseline: f.baseline,
    regimes_covered: [...f.regimes_covered],
    provenance: f.provenance,
    observational: f.observational,
    extra: { ...f.extra },
  };
}

/**
 * The evidence of a proposal built from some of a run's findings.
 *
 * @example
 * const evidence = buildEvidence(result, [finding], 'run-2024-06-03');
 */
export function buildEvidence(result: DiagnosticsResult, findings: Finding[], runId: string | null): Evidence {
  const dq = result.data_quality;
  return {
    analysis_run_id: runId,
    window: result.window,
    findings: findings.map(evidenceFinding),
    data_quality: { score: dq.score, trades: dq.trades, decisions: dq.decisions, empty_window: dq.empty_window, notes: [...dq.notes] },
    tests: result.tests,
    fdr_level: result.fdr_level,
  };
}
