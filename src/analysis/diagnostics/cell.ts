/**
 * How sections build their cells: defaults, the insufficient marking and minimum samples. The cell
 * types are part of the contract with the rules (findings.ts); sections import them from here.
 */
import type { CellExtra, DiagnosticCell, Provenance } from '../findings.js';

export type { CellStatus, DiagnosticCell } from '../findings.js';

/** The parts of a cell a section fills in; the rest have defaults. */
export type CellInput<Extra extends CellExtra = CellExtra> = Pick<DiagnosticCell<Extra>, 'section' | 'subject' | 'metric'> &
  Partial<Omit<DiagnosticCell<Extra>, 'id'>>;

/**
 * A cell with its stable id (a finding's `KIND:subject values`, else `section:metric:subject values`) and defaults: live provenance, observational,
 * 95 % interval, NaN numbers where nothing was computed.
 *
 * @example
 * makeCell({ section: 'performance', subject: { strategy_id: 'momentum' }, metric: 'mean_return', n: 120, effect: 0.002, status: 'tested', p: 0.01 });
 */
export function makeCell<Extra extends CellExtra = CellExtra>(input: CellInput<Extra>): DiagnosticCell<Extra> {
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
    // Empty unless the section gives its typed metrics (a typed Extra always comes with input.extra).
    extra: {} as Extra,
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
export function insufficient<Cell extends DiagnosticCell<CellExtra>>(cell: Cell, reason: string): Cell {
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
