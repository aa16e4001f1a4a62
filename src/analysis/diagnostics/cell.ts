/**
 * A diagnostic cell: one comparison with its sample size, effect, interval and p-value (q-value after
 * the run's multiple-testing control). Cells whose test is for an actionable effect carry the finding
 * kind they become when they pass.
 */
import type { Finding, FindingKind, Provenance } from '../findings.js';

/**
 * tested: the cell's hypothesis is in the run's family (it has p and gets q);
 * insufficient: below its minimum sample, never a finding;
 * descriptive: a breakdown with an interval and no hypothesis of its own.
 */
export type CellStatus = 'tested' | 'insufficient' | 'descriptive';

export interface DiagnosticCell extends Omit<Finding, 'kind' | 'p' | 'q'> {
  section: string;
  status: CellStatus;
  /** The finding this cell becomes when its q is at most the FDR level. */
  kind: FindingKind | null;
  p: number | null;
  q: number | null;
  /** Why a cell is insufficient or not identifiable. */
  reason?: string;
}

/** The parts of a cell a section fills in; the rest have defaults. */
export type CellInput = Pick<DiagnosticCell, 'section' | 'subject' | 'metric'> & Partial<Omit<DiagnosticCell, 'id'>>;

/**
 * A cell with its stable id (a finding's `KIND:subject values`, else `section:metric:subject values`) and defaults: live provenance, observational,
 * 95 % interval, NaN numbers where nothing was computed.
 *
 * @example
 * makeCell({ section: 'performance', subject: { strategy_id: 'momentum' }, metric: 'mean_return', n: 120, effect: 0.002, status: 'tested', p: 0.01 });
 */
export function makeCell(input: CellInput): DiagnosticCell {
  const values = Object.values(input.subject).join(',');
  return {
    id: input.kind ? `${input.kind}:${values}` : `${input.section}:${input.metric}:${values}`,
    kind: null,
    n: 0,
    effect: NaN,
    ci: [NaN, NaN],
    ci_level: 0.95,
    p: null,
    q: null,
    value: NaN,
    baseline: NaN,
    regimes_covered: [],
    provenance: 'LIVE' as Provenance,
    observational: true,
    extra: {},
    status: 'descriptive',
    ...input,
  };
}

/**
 * The same cell marked insufficient (its test is not run), with the reason.
 *
 * @example
 * insufficient(cell, 'fewer than 30 trades');
 */
export function insufficient(cell: DiagnosticCell, reason: string): DiagnosticCell {
  return { ...cell, status: 'insufficient', p: null, q: null, reason };
}

/** Minimum samples below which a cell is reported as insufficient. */
export const MIN_SAMPLE = {
  /** Trades in a return cell, and in what it is compared with. */
  trades: 30,
  /** Days with trades in a return cell (the clusters of its variance). */
  days: 5,
  /** Clusters (days, events) in any clustered test: below it no t reference is trustworthy. */
  clusters: 5,
  /** Events with valued executions on each side of an SOP version comparison. */
  sopEventsPerVersion: 2,
  /** Decisions with a forward return on each side of a stratum for it to enter a stratified comparison. */
  stratumDecisions: 10,
  /** Live days for a Sharpe comparison. */
  sharpeDays: 20,
  /** Decisions with a forward return on each side of an override comparison. */
  decisions: 20,
  /** Assessments on each side of an error-rate comparison. */
  assessments: 50,
  /** SOP executions per version with a valued outcome. */
  sopExecutions: 3,
  /** Trades per knob level. */
  knobLevel: 20,
} as const;
