/**
 * Each planted cell read back with one plain SQL query, no analysis code involved: the cell's mean (or
 * rate) against its comparison's, and the z-statistic of the difference, naive (every row independent)
 * and clustered by day (by event for SOP executions), since rows of one day share its market move. The
 * recall criterion counts a planted cell when its clustered z exceeds 4; docs/diagnostics.md prints the
 * same queries.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { GroundTruth, PlantedEffect } from '../../src/seed/ground-truth.js';

/** One side of the comparison: its rows, mean, and the variance of the mean, naive and clustered. */
interface Side {
  side: boolean;
  n: number;
  clusters: number;
  mean: number;
  naive_var: number | null;
  clustered_var: number;
}

/**
 * Per side: count, mean, the naive variance of the mean (s²/n) and the clustered one (CR0: Σ over
 * clusters of the summed residuals, squared, over n²), from rows (side, value, cluster).
 */
function sides(rows: string): ReturnType<typeof sql.raw> {
  return sql.raw(`
    WITH cell AS (${rows}),
      m AS (SELECT side, count(*)::int AS n, avg(value) AS mean, var_samp(value) AS v FROM cell GROUP BY side),
      c AS (SELECT cell.side, cell.cluster, sum(cell.value - m.mean) AS e FROM cell JOIN m USING (side) GROUP BY cell.side, cell.cluster)
    SELECT m.side, m.n, m.mean, m.v / m.n AS naive_var, (SELECT count(*)::int FROM c WHERE c.side = m.side) AS clusters,
      (SELECT sum(c.e * c.e) FROM c WHERE c.side = m.side) / (m.n::float8 * m.n) AS clustered_var
    FROM m`);
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The rows (side, value, cluster) of the planted cell and its comparison, as plain SQL. */
export function plantedCellRows(effect: PlantedEffect, truth: GroundTruth): string {
  const end = literal(truth.as_of);
  const start = `${end}::timestamptz - interval '${truth.window_days} days'`;
  const inWindow = (column: string) => `${column} >= ${start} AND ${column} < ${end}::timestamptz`;
  const s = effect.subject;
  switch (effect.kind) {
    case 'STRATEGY_LOSES_IN_REGIME':
      return `SELECT r.label = ${literal(s.regime_label)} AS side, t.return_pct AS value, date_trunc('day', t.closed_at AT TIME ZONE 'UTC') AS cluster
        FROM trades t JOIN regime_history r ON r.regime_id = t.regime_id
        WHERE t.strategy_id = ${literal(s.strategy_id)} AND ${inWindow('t.closed_at')}`;
    case 'LIVE_BELOW_BACKTEST':
      return `SELECT true AS side, return_pct AS value, date_trunc('day', closed_at AT TIME ZONE 'UTC') AS cluster FROM trades WHERE strategy_id = ${literal(s.strategy_id)} AND ${inWindow('closed_at')}
        UNION ALL
        SELECT false, bt.return_pct, date_trunc('day', bt.closed_at AT TIME ZONE 'UTC') FROM backtest_trades bt
        WHERE bt.run_id IN (SELECT DISTINCT ON (sleeve_id) run_id FROM backtest_runs
          WHERE strategy_id = ${literal(s.strategy_id)} AND status = 'COMPLETED' AND created_at <= ${end}::timestamptz ORDER BY sleeve_id, created_at DESC)`;
    case 'OVERRIDE_RULE_DESTROYS_VALUE':
      return `SELECT risk_action = 'BLOCKED' AS side, forward_return AS value, date_trunc('day', decided_at AT TIME ZONE 'UTC') AS cluster FROM pipeline_decisions
        WHERE strategy_id = ${literal(s.strategy_id)} AND ${inWindow('decided_at')} AND forward_return IS NOT NULL
          AND ((risk_action = 'BLOCKED' AND risk_reason = ${literal(s.rule_id)}) OR risk_action = 'APPROVED')`;
    case 'PROMPT_TEMPLATE_ERRORS':
      return `SELECT prompt_template_id = ${literal(s.prompt_template_id)} AS side, (assessment_error IS NOT NULL)::int::float8 AS value, date_trunc('day', decided_at AT TIME ZONE 'UTC') AS cluster
        FROM pipeline_decisions WHERE ${inWindow('decided_at')}`;
    case 'KNOB_MATTERS':
      return `WITH v AS (
          SELECT t.return_pct, date_trunc('day', t.closed_at AT TIME ZONE 'UTC') AS cluster, (c.config_json -> 'knobs' ->> ${literal(s.knob)})::float8 AS level
          FROM trades t JOIN config_versions c ON c.config_version_id = t.strategy_config_version_id
          WHERE t.strategy_id = ${literal(s.strategy_id)} AND ${inWindow('t.closed_at')})
        SELECT level = (SELECT max(level) FROM v) AS side, return_pct AS value, cluster FROM v WHERE level IN ((SELECT min(level) FROM v), (SELECT max(level) FROM v))`;
    case 'SOP_VERSION_WORSE':
      return `SELECT sop_version_id = ${literal(s.sop_version_id)} AS side, (pnl_during_event - counterfactual_pnl) / -counterfactual_pnl AS value, event_id AS cluster
        FROM emergency_sop_executions
        WHERE sop_template_id = ${literal(s.sop_template_id)} AND counterfactual_pnl < 0 AND triggered_at <= ${end}::timestamptz
          AND sop_version_id IN (${literal(s.sop_version_id)}, ${literal(String(effect.extra?.previous_version_id))})`;
    default:
      throw new Error(`no plain query for ${effect.kind}`);
  }
}

export interface PlainZ {
  /** As if every row were independent. */
  naive: number;
  /** With the day (the event for SOP executions) as the cluster on each side. */
  clustered: number;
}

/** The planted cell's z: (cell mean − comparison mean) / √(var₁ + var₂), naive and clustered. */
export async function plantedCellZ(db: Kysely<Database>, effect: PlantedEffect, truth: GroundTruth): Promise<PlainZ> {
  const { rows } = await sides(plantedCellRows(effect, truth)).execute(db);
  const cell = (rows as Side[]).find((r) => r.side);
  const rest = (rows as Side[]).find((r) => !r.side);
  if (!cell || !rest || cell.n < 2 || rest.n < 2) return { naive: 0, clustered: 0 };
  const gap = cell.mean - rest.mean;
  const z = { naive: gap / Math.sqrt((cell.naive_var ?? 0) + (rest.naive_var ?? 0)), clustered: gap / Math.sqrt(cell.clustered_var + rest.clustered_var) };
  if (effect.kind !== 'STRATEGY_LOSES_IN_REGIME') return z;
  // A loss in a regime claims two things, a mean below 0 and below the rest: the weaker of the two counts.
  const weaker = (a: number, b: number) => (Math.abs(a) < Math.abs(b) ? a : b);
  return {
    naive: weaker(z.naive, cell.mean / Math.sqrt(cell.naive_var ?? 0)),
    clustered: weaker(z.clustered, cell.mean / Math.sqrt(cell.clustered_var)),
  };
}
