/**
 * The track record as forecasts: each verified proposal's confidence (its predicted probability of
 * improvement) against whether its verification found it IMPROVED. Verdicts only (IMPROVED, NO_CHANGE,
 * WORSE): a verification without enough data says nothing about the forecast.
 */
import type { Kysely } from 'kysely';
import { type Calibration, calibration, type Forecast } from '../../proposals/calibration.js';
import type { Database } from '../schema.js';

export interface TrackRecordCalibration {
  overall: Calibration;
  /** The same per proposal kind, for the kinds with a verified proposal. */
  by_kind: Record<string, Calibration>;
}

/**
 * The reliability table and Brier score of the verified proposals, overall and per kind.
 *
 * @example
 * const { overall } = await trackRecordCalibration(db);
 * overall.score?.brier; // null before the first verdict
 */
export async function trackRecordCalibration(db: Kysely<Database>): Promise<TrackRecordCalibration> {
  const rows = await db
    .selectFrom('meta_verifications as v')
    .innerJoin('meta_controller_config_proposals as p', 'p.proposal_id', 'v.proposal_id')
    .select(['v.kind', 'v.outcome', 'p.confidence'])
    .where('v.outcome', 'in', ['IMPROVED', 'NO_CHANGE', 'WORSE'])
    .orderBy('v.evaluated_at')
    .execute();
  const forecasts = (kind?: string): Forecast[] =>
    rows.filter((r) => kind === undefined || r.kind === kind).map((r) => ({ probability: r.confidence, improved: r.outcome === 'IMPROVED' }));
  const kinds = [...new Set(rows.map((r) => r.kind))].sort();
  return { overall: calibration(forecasts()), by_kind: Object.fromEntries(kinds.map((k) => [k, calibration(forecasts(k))])) };
}
