/**
 * Turns the cube rows (one per cell and day) into performance cells:
 * totals, daily columns, and the quantiles of the same cell.
 */
import type {
  DailyColumns,
  KnobOutcomeCell,
  PerformanceCellAggregate,
  PerformanceDimension,
  ReturnMoments,
  ReturnQuantiles,
} from '../../analysis/aggregates.js';
import { addMoments, emptyMoments } from '../../analysis/diagnostics/moments.js';
import type { QuantileRow } from './trade-quantiles.js';
import type { TradeCubeRow } from './trade-cube.js';

/** How a missing key value (NULL column) and a trade without a known regime appear in cell keys. */
export const NONE = '(none)';
export const UNKNOWN_REGIME = '(unknown)';

/** One day's sums of a cell. */
type DaySums = { n: number; sum: number; sum_sq: number; pnl: number; notional: number };

interface CellBuilder {
  dimension: PerformanceDimension;
  key: Record<string, string>;
  moments: ReturnMoments;
  days: Map<number, DaySums>;
}

function cellId(dimension: string, key: Record<string, string>): string {
  return `${dimension}|${Object.entries(key)
    .map(([k, v]) => `${k}=${v}`)
    .join('|')}`;
}

function label(value: string | null): string {
  return value === null ? NONE : value === '' ? UNKNOWN_REGIME : value;
}

/** The cells one cube row contributes to. */
function cellsOfRow(row: TradeCubeRow): Array<[PerformanceDimension, Record<string, string>]> {
  const [k1, k2, k3] = [row.k1 ?? NONE, row.k2 ?? NONE, label(row.k3)];
  switch (row.set) {
    case 'strategy_config_regime':
      return [
        ['strategy', { strategy_id: k1 }],
        ['regime', { regime_label: k3 }],
        ['strategy_regime', { strategy_id: k1, regime_label: k3 }],
      ];
    case 'sleeve':
      return [['sleeve', { strategy_id: k1, sleeve_id: k2 }]];
    case 'universe_sector':
      return [
        ['universe', { universe_id: k1 }],
        ['sector', { sector: k2 }],
        ['universe_sector', { universe_id: k1, sector: k2 }],
      ];
    case 'template_graph':
      return [
        ['prompt_template', { prompt_template_id: k1 }],
        ['agent_graph', { agent_graph_version: k2 }],
      ];
    case 'profile':
      return [['profile', { attribute: k1, bucket: k2 }]];
  }
}

function quantileCell(row: QuantileRow): [PerformanceDimension, Record<string, string>] {
  const [k1, k2] = [label(row.k1), label(row.k2)];
  switch (row.set) {
    case 'strategy':
      return ['strategy', { strategy_id: k1 }];
    case 'sleeve':
      return ['sleeve', { strategy_id: k1, sleeve_id: k2 }];
    case 'regime':
      return ['regime', { regime_label: k1 }];
    case 'strategy_regime':
      return ['strategy_regime', { strategy_id: k1, regime_label: k2 }];
    case 'universe_sector':
      return ['universe_sector', { universe_id: k1, sector: k2 }];
    case 'sector':
      return ['sector', { sector: k1 }];
    case 'universe':
      return ['universe', { universe_id: k1 }];
    case 'prompt_template':
      return ['prompt_template', { prompt_template_id: k1 }];
    case 'agent_graph':
      return ['agent_graph', { agent_graph_version: k1 }];
  }
}

/**
 * Performance cells from the trade cube rows and the quantile rows.
 *
 * @example
 * const cells = performanceCells(cubeRows, quantileRows);
 */
export function performanceCells(rows: readonly TradeCubeRow[], quantiles: readonly QuantileRow[]): PerformanceCellAggregate[] {
  const builders = new Map<string, CellBuilder>();
  for (const row of rows) {
    for (const [dimension, key] of cellsOfRow(row)) {
      const id = cellId(dimension, key);
      let cell = builders.get(id);
      if (!cell) {
        cell = { dimension, key, moments: emptyMoments(), days: new Map() };
        builders.set(id, cell);
      }
      addMoments(cell.moments, row);
      const day = cell.days.get(row.day) ?? { n: 0, sum: 0, sum_sq: 0, pnl: 0, notional: 0 };
      day.n += row.n;
      day.sum += row.sum;
      day.sum_sq += row.sum_sq;
      day.pnl += row.pnl;
      day.notional += row.notional;
      cell.days.set(row.day, day);
    }
  }
  const quantileById = new Map<string, ReturnQuantiles>();
  for (const row of quantiles) {
    if (row.n === 0 || row.p05 === null || row.p50 === null || row.p95 === null || row.es95 === null) continue;
    const [dimension, key] = quantileCell(row);
    quantileById.set(cellId(dimension, key), { n: row.n, p05: row.p05, p50: row.p50, p95: row.p95, es95: row.es95 });
  }
  return [...builders.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, cell]) => ({
      dimension: cell.dimension,
      key: cell.key,
      moments: cell.moments,
      daily: dailyColumns(cell.days),
      quantiles: quantileById.get(id) ?? null,
    }));
}

function dailyColumns(days: Map<number, DaySums>): DailyColumns {
  const order = [...days.keys()].sort((a, b) => a - b);
  return {
    day: order,
    n: order.map((d) => days.get(d)!.n),
    sum: order.map((d) => days.get(d)!.sum),
    sum_sq: order.map((d) => days.get(d)!.sum_sq),
    pnl: order.map((d) => days.get(d)!.pnl),
    notional: order.map((d) => days.get(d)!.notional),
  };
}

/**
 * Trade counts per strategy × config version × regime × day (the knob contingency tables, by day).
 *
 * @example
 * knobOutcomeCells(cubeRows); // [{ strategy_id: 'stat_arb', config_version_id: 'cv-3', regime_label: 'CRISIS', n: 40, wins: 22, … }]
 */
export function knobOutcomeCells(rows: readonly TradeCubeRow[]): KnobOutcomeCell[] {
  const cells = new Map<string, KnobOutcomeCell>();
  for (const row of rows) {
    if (row.set !== 'strategy_config_regime' || row.k1 === null) continue;
    const id = `${row.k1}|${row.k2}|${row.k3}|${row.day}`;
    const cell = cells.get(id) ?? {
      strategy_id: row.k1,
      config_version_id: row.k2,
      regime_label: label(row.k3),
      day: row.day,
      n: 0,
      wins: 0,
      losses: 0,
      sum: 0,
      sum_sq: 0,
    };
    cell.n += row.n;
    cell.wins += row.wins;
    cell.losses += row.losses;
    cell.sum += row.sum;
    cell.sum_sq += row.sum_sq;
    cells.set(id, cell);
  }
  return [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, cell]) => cell);
}
