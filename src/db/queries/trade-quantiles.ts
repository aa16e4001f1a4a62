/**
 * Quantiles of per-trade returns per performance cell: the 5 %, 50 % and 95 % points (linear
 * interpolation between order statistics, as numpy's percentile and empyrical), the historical Expected
 * Shortfall (mean of the ⌊(n − 1)·0.05⌋ + 1 lowest returns), and for each strategy its worst returns up
 * to a cap (the tail sample for the tail index). Sorting is not additive, so this works over the whole
 * window at once, and it is bounded: with more than `sampleCap` trades in the window it runs on a
 * deterministic uniform sample of about `sampleCap` of them (by a hash of trade_id). PostgreSQL returns
 * the sampled returns grouped by their cell keys; the sorting happens here, once per cell.
 */
import { type Kysely, sql } from 'kysely';
import { expectedShortfallTailCount } from '../../analysis/metrics/expected-shortfall.js';
import { quantileSorted } from '../../analysis/stats/quantile.js';
import type { Database } from '../schema.js';
import type { SleeveMembership } from './trade-cube.js';

export type QuantileSet = 'strategy' | 'sleeve' | 'regime' | 'strategy_regime' | 'universe_sector' | 'sector' | 'universe' | 'prompt_template' | 'agent_graph';

export interface QuantileRow {
  set: QuantileSet;
  k1: string | null;
  k2: string | null;
  n: number;
  p05: number | null;
  p50: number | null;
  p95: number | null;
  es95: number | null;
  /** The worst returns, ascending (strategy rows only). */
  tail: number[] | null;
}

/** Sampled finite returns sharing every cell key (label '' when the regime is unknown). */
interface SampleGroup {
  strategy_id: string;
  sleeve_id: string | null;
  label: string;
  sector: string | null;
  universe_id: string | null;
  prompt_template_id: string | null;
  agent_graph_version: string | null;
  returns: number[];
}

/** The cells (set, k1, k2) a sample group belongs to; sleeves only where the instrument has one. */
function cellsOf(group: SampleGroup): Array<[QuantileSet, string | null, string | null]> {
  const cells: Array<[QuantileSet, string | null, string | null]> = [
    ['strategy', group.strategy_id, null],
    ['regime', group.label, null],
    ['strategy_regime', group.strategy_id, group.label],
    ['universe_sector', group.universe_id, group.sector],
    ['sector', group.sector, null],
    ['universe', group.universe_id, null],
    ['prompt_template', group.prompt_template_id, null],
    ['agent_graph', group.agent_graph_version, null],
  ];
  if (group.sleeve_id !== null) cells.push(['sleeve', group.strategy_id, group.sleeve_id]);
  return cells;
}

function quantileRow(set: QuantileSet, k1: string | null, k2: string | null, sorted: Float64Array, tailCap: number): QuantileRow {
  const n = sorted.length;
  const tail = sorted.subarray(0, expectedShortfallTailCount(n));
  return {
    set,
    k1,
    k2,
    n,
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    es95: tail.reduce((s, r) => s + r, 0) / tail.length,
    tail: set === 'strategy' ? Array.from(sorted.subarray(0, tailCap)) : null,
  };
}

/**
 * @example
 * const { rows, sampleRate } = await tradeQuantiles(db, window, sleeves, { total: 1_000_000, tailCap: 2000, sampleCap: 100_000 });
 */
export async function tradeQuantiles(
  db: Kysely<Database>,
  window: { start: string; end: string },
  sleeves: SleeveMembership,
  { total, tailCap, sampleCap }: { total: number; tailCap: number; sampleCap: number },
): Promise<{ rows: QuantileRow[]; sampleRate: number }> {
  const sampleRate = Math.min(1, sampleCap / Math.max(1, total));
  const { rows: groups } = await sql<SampleGroup>`
    WITH sleeve_map AS (
      SELECT * FROM unnest(${sleeves.strategy_id}::text[], ${sleeves.instrument_id}::text[], ${sleeves.sleeve_id}::text[])
        AS m(strategy_id, instrument_id, sleeve_id)
    ),
    sampled AS MATERIALIZED (
      SELECT t.strategy_id, t.instrument_id, t.regime_id, t.sector, t.universe_id, t.prompt_template_id, t.agent_graph_version, t.return_pct
      FROM trades t
      WHERE t.closed_at >= ${window.start}::timestamptz AND t.closed_at < ${window.end}::timestamptz
        AND t.return_pct > '-Infinity'::float8 AND t.return_pct < 'Infinity'::float8
        AND (${sampleRate}::float8 >= 1 OR (hashtext(t.trade_id) & 2147483647) < ${sampleRate}::float8 * 2147483647)
    )
    SELECT s.strategy_id, sm.sleeve_id, coalesce(rg.label, '') AS label, s.sector, s.universe_id, s.prompt_template_id,
      s.agent_graph_version, array_agg(s.return_pct) AS returns
    FROM sampled s
    LEFT JOIN regime_history rg ON rg.regime_id = s.regime_id
    LEFT JOIN sleeve_map sm ON sm.strategy_id = s.strategy_id AND sm.instrument_id = s.instrument_id
    GROUP BY s.strategy_id, sm.sleeve_id, rg.label, s.sector, s.universe_id, s.prompt_template_id, s.agent_graph_version`.execute(db);

  const cells = new Map<string, { set: QuantileSet; k1: string | null; k2: string | null; parts: number[][]; n: number }>();
  for (const group of groups) {
    for (const [set, k1, k2] of cellsOf(group)) {
      const id = JSON.stringify([set, k1, k2]);
      const cell = cells.get(id) ?? { set, k1, k2, parts: [], n: 0 };
      cell.parts.push(group.returns);
      cell.n += group.returns.length;
      cells.set(id, cell);
    }
  }
  const rows = [...cells.values()].map(({ set, k1, k2, parts, n }) => {
    const sorted = new Float64Array(n);
    let offset = 0;
    for (const part of parts) {
      sorted.set(part, offset);
      offset += part.length;
    }
    return quantileRow(set, k1, k2, sorted.sort(), tailCap);
  });
  return { rows, sampleRate };
}
