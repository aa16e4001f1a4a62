/**
 * The tail risk of each strategy as the diagnostics measured it (Expected Shortfall at 95 % and max
 * drawdown), for the guardrails. Read from the per-strategy cells of the diagnostics: any cell whose
 * grouping is exactly one strategy (a `strategy_id`, with no regime, sector or other narrower key)
 * and that carries the numbers under one of the names below. Losses are compared as magnitudes,
 * whatever sign convention the cell uses.
 */
import type { DiagnosticsResult } from '../analysis/findings.js';
import { diagnosticCells } from './diagnostic-cells.js';

export interface StrategyRisk {
  /** 95 % Expected Shortfall of per-trade returns, as a positive loss fraction; null when unknown. */
  expected_shortfall: number | null;
  /** Max drawdown as a positive fraction; null when unknown. */
  max_drawdown: number | null;
}

const ES_KEYS = ['es_95', 'expected_shortfall_95', 'expected_shortfall'];
const MDD_KEYS = ['max_drawdown', 'mdd'];
/** Keys that make a cell narrower than a whole strategy. */
const NARROWER_KEYS = ['regime_label', 'regime_id', 'sector', 'sleeve_id', 'attribute', 'bucket', 'universe_id', 'prompt_template_id', 'knob', 'knobs', 'rule_id'];

function magnitude(values: Record<string, unknown>, keys: string[]): number | null {
  for (const key of keys) {
    const value = values[key];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.abs(value);
  }
  return null;
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
  for (const { keys, values } of diagnosticCells(result.diagnostics)) {
    const strategyId = keys.strategy_id;
    if (typeof strategyId !== 'string' || NARROWER_KEYS.some((k) => keys[k] !== undefined && keys[k] !== null)) continue;
    const es = magnitude(values, ES_KEYS);
    const mdd = magnitude(values, MDD_KEYS);
    if (es === null && mdd === null) continue;
    const seen = (risk[strategyId] ??= { expected_shortfall: null, max_drawdown: null });
    if (es !== null) seen.expected_shortfall = Math.max(seen.expected_shortfall ?? 0, es);
    if (mdd !== null) seen.max_drawdown = Math.max(seen.max_drawdown ?? 0, mdd);
  }
  return risk;
}
