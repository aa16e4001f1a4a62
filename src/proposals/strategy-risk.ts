/**
 * The tail risk of each strategy as the diagnostics measured it (Expected Shortfall at 95 % and max
 * drawdown), for the guardrails: read from the performance cells of whole strategies. Both are
 * returns there (negative for a loss) and are compared as magnitudes here.
 */
import type { DiagnosticsResult } from '../analysis/findings.js';
import { strategyCells } from './diagnostic-cells.js';

export interface StrategyRisk {
  /** 95 % Expected Shortfall of per-trade returns, as a positive loss fraction; null when unknown. */
  expected_shortfall: number | null;
  /** Max drawdown as a positive fraction; null when unknown. */
  max_drawdown: number | null;
}

/** A stored number's size; null when the diagnostics had none (non-finite numbers are stored as null). */
function magnitude(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.abs(value) : null;
}

/**
 * Each strategy's Expected Shortfall and max drawdown found in the diagnostics (the worst value when
 * a strategy has several such cells).
 *
 * @example
 * readStrategyRisk(result).momentum; // { expected_shortfall: 0.031, max_drawdown: 0.12 }
 */
export function readStrategyRisk(result: DiagnosticsResult): Record<string, StrategyRisk> {
  const risk: Record<string, StrategyRisk> = {};
  for (const cell of strategyCells(result.diagnostics)) {
    const es = magnitude(cell.extra.es_95);
    const mdd = magnitude(cell.extra.max_drawdown);
    if (es === null && mdd === null) continue;
    const seen = (risk[cell.subject.strategy_id] ??= { expected_shortfall: null, max_drawdown: null });
    if (es !== null) seen.expected_shortfall = Math.max(seen.expected_shortfall ?? 0, es);
    if (mdd !== null) seen.max_drawdown = Math.max(seen.max_drawdown ?? 0, mdd);
  }
  return risk;
}
