/**
 * The tail risk of each strategy as the diagnostics measured it (Expected Shortfall at 95 % and max
 * drawdown), for the guardrails. Read from the per-strategy cells of the diagnostics: any section
 * cell whose grouping is exactly one strategy (a `strategy_id`, with no regime, sector or other
 * grouping key) and that carries the numbers under one of the names below. Losses are compared as
 * magnitudes, whatever sign convention the cell uses.
 */
import type { DiagnosticsResult } from '../analysis/findings.js';

export interface StrategyRisk {
  /** 95 % Expected Shortfall of per-trade returns, as a positive loss fraction; null when unknown. */
  expected_shortfall: number | null;
  /** Max drawdown as a positive fraction; null when unknown. */
  max_drawdown: number | null;
}

const ES_KEYS = ['expected_shortfall_95', 'expected_shortfall', 'es_95', 'es'];
const MDD_KEYS = ['max_drawdown', 'mdd'];
/** Keys that make a cell narrower than a whole strategy. */
const NARROWER_KEYS = ['regime_label', 'regime_id', 'regime', 'sector', 'sleeve_id', 'attribute', 'bucket', 'universe_id', 'prompt_template_id', 'knob', 'rule_id'];

type Cell = Record<string, unknown>;

function isObject(value: unknown): value is Cell {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function grouping(cell: Cell): Cell {
  for (const key of ['subject', 'key', 'group']) if (isObject(cell[key])) return { ...cell, ...(cell[key] as Cell) };
  return cell;
}

function firstNumber(cell: Cell, keys: string[]): number | null {
  for (const key of keys) {
    const value = cell[key];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.abs(value);
    if (isObject(value)) {
      const nested = value.value ?? value.estimate;
      if (typeof nested === 'number' && Number.isFinite(nested)) return Math.abs(nested);
    }
  }
  return null;
}

function collectCells(value: unknown, depth: number, out: Cell[]): void {
  if (depth > 4) return;
  if (Array.isArray(value)) {
    for (const item of value) collectCells(item, depth + 1, out);
  } else if (isObject(value)) {
    out.push(value);
    for (const child of Object.values(value)) if (typeof child === 'object') collectCells(child, depth + 1, out);
  }
}

/**
 * Each strategy's Expected Shortfall and max drawdown found in the diagnostics (worst value when a
 * strategy appears in several sections).
 *
 * @example
 * readStrategyRisk(result).momentum; // { expected_shortfall: 0.031, max_drawdown: 0.12 }
 */
export function readStrategyRisk(result: DiagnosticsResult): Record<string, StrategyRisk> {
  const cells: Cell[] = [];
  collectCells(result.diagnostics, 0, cells);
  const risk: Record<string, StrategyRisk> = {};
  for (const raw of cells) {
    const cell = grouping(raw);
    const strategyId = cell.strategy_id;
    if (typeof strategyId !== 'string' || NARROWER_KEYS.some((k) => cell[k] !== undefined && cell[k] !== null)) continue;
    const es = firstNumber(raw, ES_KEYS) ?? firstNumber(cell, ES_KEYS);
    const mdd = firstNumber(raw, MDD_KEYS) ?? firstNumber(cell, MDD_KEYS);
    if (es === null && mdd === null) continue;
    const seen = (risk[strategyId] ??= { expected_shortfall: null, max_drawdown: null });
    if (es !== null) seen.expected_shortfall = Math.max(seen.expected_shortfall ?? 0, es);
    if (mdd !== null) seen.max_drawdown = Math.max(seen.max_drawdown ?? 0, mdd);
  }
  return risk;
}
