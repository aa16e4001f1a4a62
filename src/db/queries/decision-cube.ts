/**
 * The pipeline decisions of the window in one pass: Risk's overrides with their counterfactuals,
 * assessment-score calibration sums, and assessment errors by template and graph version, each per
 * calendar day (the decisions of a day share its market move), plus the data-quality counts. One parallel hash aggregation at the finest grain, then the three groupings over
 * its result; regime ids are mapped to labels last, on the small result.
 */
import { type Kysely, sql } from 'kysely';
import type { AnalysisWindow } from '../../analysis/findings.js';
import type { Database } from '../schema.js';
import { dayIndex, type NumericReading, readNumeric, type TimeRange } from './sql-helpers.js';

export type DecisionCubeSet = 'override' | 'calibration' | 'assessment';

export interface DecisionCubeRow {
  set: DecisionCubeSet;
  strategy_id: string | null;
  regime_label: string | null;
  assessment_action: string | null;
  risk_action: string | null;
  risk_reason: string | null;
  score_bucket: number | null;
  prompt_template_id: string | null;
  agent_graph_version: string | null;
  assessment_error: string | null;
  /** The window's calendar day of decided_at (sql-helpers dayIndex): the cluster of every decision test. */
  day: number;
  n: number;
  n_forward: number;
  sum_forward: number;
  sum_sq_forward: number;
  forgone_pnl: number;
  traded_pnl: number;
  n_override: number;
  sum_score: number;
  sum_sq_score: number;
  sum_score_forward: number;
  null_forward: number;
  non_finite_forward: number;
  unknown_regime: number;
}

const SUM_COLUMNS = [
  'n',
  'n_forward',
  'sum_forward',
  'sum_sq_forward',
  'forgone_pnl',
  'traded_pnl',
  'n_override',
  'sum_score',
  'sum_sq_score',
  'sum_score_forward',
  'null_forward',
  'non_finite_forward',
] as const;
/** Each additive column summed again, keeping its name (over `fine`, then over the regime-labelled cube). */
const SUMS = sql.join(SUM_COLUMNS.map((c) => sql`sum(${sql.ref(c)}) AS ${sql.ref(c)}`));
const SUMS_OF_C = sql.join(SUM_COLUMNS.map((c) => sql`sum(${sql.ref(`c.${c}`)}) AS ${sql.ref(c)}`));

/** The sums a NaN or infinite value would poison (see NumericReading). */
export const DECISION_SUMS = ['sum_forward', 'sum_sq_forward', 'forgone_pnl', 'traded_pnl', 'sum_score', 'sum_sq_score', 'sum_score_forward'] as const;

/**
 * The decision cube of the decisions made in [range.from, range.to), by the window's calendar days.
 *
 * @example
 * const rows = await decisionCube(db, window, { from: window.start, to: window.end }, 'raw');
 */
export async function decisionCube(
  db: Kysely<Database>,
  window: Pick<AnalysisWindow, 'start' | 'time_zone'>,
  range: TimeRange,
  reading: NumericReading,
): Promise<DecisionCubeRow[]> {
  const value = (column: string) => readNumeric(sql.ref(column), reading);
  const { rows } = await sql<DecisionCubeRow>`
    WITH base AS (
      SELECT d.strategy_id, d.regime_id, d.assessment_action, d.risk_action, d.risk_reason,
        CASE WHEN d.assessment_score >= 0 AND d.assessment_score <= 1 THEN least(floor(d.assessment_score * 10), 9)::int END AS score_bucket,
        d.prompt_template_id, d.agent_graph_version, d.assessment_error, d.risk_override,
        ${dayIndex(sql.ref('d.decided_at'), window)} AS day,
        ${value('d.forward_return')} AS f,
        ${value('d.assessment_score')} AS s,
        coalesce(${value('d.proposed_notional')}, 0) AS proposed,
        coalesce(${value('d.approved_notional')}, 0) AS approved,
        d.forward_return IS NULL AS null_forward
      FROM pipeline_decisions d
      WHERE d.decided_at >= ${range.from}::timestamptz AND d.decided_at < ${range.to}::timestamptz
    ),
    -- One hash aggregation at the finest grain the groupings need (parallel in PostgreSQL), then the
    -- groupings over that much smaller result.
    fine AS MATERIALIZED (
      SELECT strategy_id, regime_id, assessment_action, risk_action, risk_reason, score_bucket, prompt_template_id,
        agent_graph_version, assessment_error, day,
        count(*)::float8 AS n, count(f)::float8 AS n_forward, coalesce(sum(f), 0) AS sum_forward, coalesce(sum(f * f), 0) AS sum_sq_forward,
        coalesce(sum(f * CASE WHEN risk_action = 'BLOCKED' THEN proposed ELSE greatest(proposed - approved, 0) END), 0) AS forgone_pnl,
        coalesce(sum(f * CASE WHEN risk_action = 'BLOCKED' THEN 0 ELSE approved END), 0) AS traded_pnl,
        count(*) FILTER (WHERE risk_override)::float8 AS n_override,
        coalesce(sum(s) FILTER (WHERE f IS NOT NULL), 0) AS sum_score,
        coalesce(sum(s * s) FILTER (WHERE f IS NOT NULL), 0) AS sum_sq_score,
        coalesce(sum(s * f), 0) AS sum_score_forward,
        count(*) FILTER (WHERE null_forward)::float8 AS null_forward,
        count(*) FILTER (WHERE f IS NULL AND NOT null_forward)::float8 AS non_finite_forward
      FROM base
      GROUP BY strategy_id, regime_id, assessment_action, risk_action, risk_reason, score_bucket, prompt_template_id,
        agent_graph_version, assessment_error, day
    ),
    cube AS (
      SELECT
        CASE WHEN grouping(regime_id) = 0 THEN 'override' WHEN grouping(score_bucket) = 0 THEN 'calibration' ELSE 'assessment' END AS set,
        strategy_id, regime_id, assessment_action, risk_action, risk_reason, score_bucket, prompt_template_id, agent_graph_version,
        assessment_error, day, ${SUMS}
      FROM fine
      GROUP BY GROUPING SETS (
        (strategy_id, regime_id, assessment_action, risk_action, risk_reason, day),
        (strategy_id, assessment_action, risk_action, score_bucket, day),
        (prompt_template_id, agent_graph_version, assessment_error, day)
      )
    )
    SELECT c.set, c.strategy_id, rg.label AS regime_label, c.assessment_action, c.risk_action, c.risk_reason, c.score_bucket,
      c.prompt_template_id, c.agent_graph_version, c.assessment_error, c.day,
      ${SUMS_OF_C},
      sum(c.n) FILTER (WHERE c.set = 'override' AND rg.regime_id IS NULL) AS unknown_regime
    FROM cube c LEFT JOIN regime_history rg ON rg.regime_id = c.regime_id
    GROUP BY c.set, c.strategy_id, rg.label, c.assessment_action, c.risk_action, c.risk_reason, c.score_bucket,
      c.prompt_template_id, c.agent_graph_version, c.assessment_error, c.day`.execute(db);
  return rows;
}
