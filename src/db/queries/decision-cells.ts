/** Turns the decision cube rows into the override, calibration and assessment cells. */
import type { AssessmentCell, CalibrationCell, OverrideCell } from '../../analysis/aggregates.js';
import type { DecisionCubeRow } from './decision-cube.js';
import { UNKNOWN_REGIME } from './performance-cells.js';

/** Sums rows that share a key; `key` names the cell, `make` starts it, `add` adds a row into it. */
function merge<T>(
  rows: readonly DecisionCubeRow[],
  key: (row: DecisionCubeRow) => string,
  make: (row: DecisionCubeRow) => T,
  add: (cell: T, row: DecisionCubeRow) => void,
): T[] {
  const cells = new Map<string, T>();
  for (const row of rows) {
    const id = key(row);
    let cell = cells.get(id);
    if (!cell) {
      cell = make(row);
      cells.set(id, cell);
    }
    add(cell, row);
  }
  return [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, cell]) => cell);
}

const ENTRY_ACTIONS = new Set(['ENTER_LONG', 'ENTER_SHORT']);

/** Adds the named counts and sums of a row into a cell. */
function addFields<T extends Record<K, number>, K extends string>(cell: T, row: Record<K, number>, keys: readonly K[]): void {
  for (const k of keys) (cell as Record<K, number>)[k] += row[k];
}

const OVERRIDE_SUMS = ['n', 'n_forward', 'sum_forward', 'sum_sq_forward', 'forgone_pnl', 'traded_pnl', 'n_override'] as const;
const CALIBRATION_SUMS = ['n', 'n_forward', 'sum_forward', 'sum_sq_forward', 'sum_score', 'sum_sq_score', 'sum_score_forward'] as const;

/**
 * Override cells of entry decisions per day (the forward return is in the direction of the entry Assessment asked for).
 *
 * @example
 * overrideCells(rows.filter((r) => r.set === 'override'));
 */
export function overrideCells(rows: readonly DecisionCubeRow[]): OverrideCell[] {
  return merge(
    rows.filter((row) => row.set === 'override' && ENTRY_ACTIONS.has(row.assessment_action ?? '')),
    (row) => JSON.stringify([row.strategy_id, row.regime_label, row.risk_action, row.risk_reason, row.day]),
    (row) => ({
      strategy_id: row.strategy_id ?? '',
      regime_label: row.regime_label ?? UNKNOWN_REGIME,
      risk_action: row.risk_action ?? '',
      rule_id: row.risk_reason,
      day: row.day,
      n: 0,
      n_forward: 0,
      sum_forward: 0,
      sum_sq_forward: 0,
      forgone_pnl: 0,
      traded_pnl: 0,
      n_override: 0,
    }),
    (cell, row) => addFields(cell, row, OVERRIDE_SUMS),
  );
}

/**
 * Calibration cells of entry decisions with a score in [0, 1], by strategy, score decile, whether Risk let them through and day.
 *
 * @example
 * calibrationCells(rows.filter((r) => r.set === 'calibration'));
 */
export function calibrationCells(rows: readonly DecisionCubeRow[]): CalibrationCell[] {
  return merge(
    rows.filter((row) => row.set === 'calibration' && row.score_bucket !== null && ENTRY_ACTIONS.has(row.assessment_action ?? '')),
    (row) => JSON.stringify([row.strategy_id, row.score_bucket, row.risk_action !== 'BLOCKED', row.day]),
    (row) => ({
      strategy_id: row.strategy_id ?? '',
      day: row.day,
      score_bucket: row.score_bucket,
      executed: row.risk_action !== 'BLOCKED',
      n: 0,
      n_forward: 0,
      sum_forward: 0,
      sum_sq_forward: 0,
      sum_score: 0,
      sum_sq_score: 0,
      sum_score_forward: 0,
    }),
    (cell, row) => addFields(cell, row, CALIBRATION_SUMS),
  );
}

/**
 * Assessment cells: decisions by template, graph version, error kind and day.
 *
 * @example
 * assessmentCells(rows.filter((r) => r.set === 'assessment'));
 */
export function assessmentCells(rows: readonly DecisionCubeRow[]): AssessmentCell[] {
  return merge(
    rows.filter((row) => row.set === 'assessment'),
    (row) => JSON.stringify([row.prompt_template_id, row.agent_graph_version, row.assessment_error, row.day]),
    (row) => ({ prompt_template_id: row.prompt_template_id, agent_graph_version: row.agent_graph_version, error: row.assessment_error, day: row.day, n: 0 }),
    (cell, row) => addFields(cell, row, ['n'] as const),
  );
}
