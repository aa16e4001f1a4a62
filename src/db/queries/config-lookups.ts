/** Small lookups in the config DB that the diagnostics need beside the cubes. */
import { type Kysely, sql } from 'kysely';
import type { KnobVersion, SopVersion } from '../../analysis/aggregates.js';
import type { Database } from '../schema.js';

/**
 * The knobs (config_json.knobs) of the given strategy config versions; ids not in config_versions are
 * simply absent (the caller counts them as unknown).
 *
 * @example
 * await knobVersions(db, ['cv-momentum-3']); // [{ config_version_id: 'cv-momentum-3', strategy_id: 'momentum', version_no: 3, knobs: { … } }]
 */
export async function knobVersions(db: Kysely<Database>, ids: string[]): Promise<KnobVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('config_versions')
    .select(['config_version_id', 'target_id', 'version_no', sql<unknown>`config_json -> 'knobs'`.as('knobs')])
    .where('config_version_id', 'in', ids)
    .orderBy('config_version_id')
    .execute();
  return rows.map((row) => ({
    config_version_id: row.config_version_id,
    strategy_id: row.target_id,
    version_no: row.version_no,
    knobs: row.knobs !== null && typeof row.knobs === 'object' && !Array.isArray(row.knobs) ? (row.knobs as Record<string, unknown>) : {},
  }));
}

/**
 * Prompt template id → slot: every template a PROMPT_TEMPLATE version lists (active or available)
 * belongs to that version's target_id. The latest version wins when a template moved slots.
 *
 * @example
 * await templateSlots(db); // { 'assessment-v7': 'assessment', … }
 */
export async function templateSlots(db: Kysely<Database>, asOf: string): Promise<Record<string, string>> {
  const { rows } = await sql<{ template_id: string; slot: string }>`
    SELECT DISTINCT ON (template_id) template_id, slot FROM (
      SELECT v.target_id AS slot, v.created_at, v.version_no, t.template_id
      FROM config_versions v,
        LATERAL (
          SELECT v.config_json ->> 'active_template_id' AS template_id
          UNION SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(v.config_json -> 'available_template_ids') = 'array'
                                                      THEN v.config_json -> 'available_template_ids' ELSE '[]'::jsonb END)
        ) t
      WHERE v.target_type = 'PROMPT_TEMPLATE' AND v.created_at <= ${asOf}::timestamptz AND t.template_id IS NOT NULL
    ) listed
    ORDER BY template_id, created_at DESC, version_no DESC`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.template_id, row.slot]));
}

/**
 * Every SOP_TEMPLATE version, for ordering versions and finding each one's predecessor.
 *
 * @example
 * await sopVersions(db); // [{ sop_template_id: 'market_crash_sop', sop_version_id: '…', version_no: 2, parent_version_id: '…' }, …]
 */
export async function sopVersions(db: Kysely<Database>, asOf: string): Promise<SopVersion[]> {
  const rows = await db
    .selectFrom('config_versions')
    .select(['target_id', 'config_version_id', 'version_no', 'parent_version_id'])
    .where('target_type', '=', 'SOP_TEMPLATE')
    .where('created_at', '<=', new Date(asOf))
    .orderBy('target_id')
    .orderBy('version_no')
    .execute();
  return rows.map((row) => ({
    sop_template_id: row.target_id,
    sop_version_id: row.config_version_id,
    version_no: row.version_no,
    parent_version_id: row.parent_version_id,
  }));
}

/**
 * Each strategy's capital for its daily returns: strategy_budget_notional of its live RISK_CONFIG,
 * when that key holds a positive number.
 *
 * @example
 * await strategyCapital(db); // { momentum: 20000000, … }
 */
export async function strategyCapital(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ strategy_id: string; budget: number }>`
    SELECT t.target_id AS strategy_id, (v.config_json ->> 'strategy_budget_notional')::float8 AS budget
    FROM config_targets t JOIN config_versions v ON v.config_version_id = t.current_version_id
    WHERE t.target_type = 'RISK_CONFIG' AND jsonb_typeof(v.config_json -> 'strategy_budget_notional') = 'number'`.execute(db);
  return Object.fromEntries(rows.filter((row) => row.budget > 0 && Number.isFinite(row.budget)).map((row) => [row.strategy_id, row.budget]));
}
