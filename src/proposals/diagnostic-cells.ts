/**
 * A flat view of the cells in a run's diagnostics, whatever their section layout: every object found
 * under `diagnostics` (a few levels deep), with its grouping keys (the cell itself merged with its
 * `subject`, `key` or `group`) and its values (the cell merged with its `extra` or `metrics`).
 * Rules and guardrails use it to read what the findings alone do not carry.
 */

export interface CellView {
  /** The cell's grouping: strategy_id, regime_label, attribute, bucket, … */
  keys: Record<string, unknown>;
  /** The cell's numbers and labels: n, es_95, max_drawdown, … */
  values: Record<string, unknown>;
}

const MAX_DEPTH = 5;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nested(cell: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.assign({}, ...names.map((name) => (isObject(cell[name]) ? cell[name] : {})));
}

function collect(value: unknown, depth: number, out: CellView[]): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, depth + 1, out);
    return;
  }
  if (!isObject(value)) return;
  out.push({ keys: { ...value, ...nested(value, ['subject', 'key', 'group']) }, values: { ...value, ...nested(value, ['extra', 'metrics']) } });
  for (const child of Object.values(value)) if (typeof child === 'object') collect(child, depth + 1, out);
}

/**
 * Every cell of a diagnostics object.
 *
 * @example
 * diagnosticCells(result.diagnostics).filter((c) => c.keys.strategy_id === 'momentum');
 */
export function diagnosticCells(diagnostics: unknown): CellView[] {
  const out: CellView[] = [];
  collect(diagnostics, 0, out);
  return out;
}
