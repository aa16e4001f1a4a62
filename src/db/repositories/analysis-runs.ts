/**
 * Analysis runs (meta_analysis_runs): the run row with its window, stage and status, and what each step
 * stores with it: the aggregates, the diagnostics (with the data quality beside them) and a summary.
 * Every write is idempotent for its run id, so a retried activity repeats it harmlessly.
 */
import { type Kysely, sql } from 'kysely';
import type { Aggregates } from '../../analysis/aggregates.js';
import type { AnalysisWindow, DiagnosticsResult } from '../../analysis/findings.js';
import { windowTimeZone } from '../../analysis/window.js';
import type { Database } from '../schema.js';

export type AnalysisRunStatus = 'RUNNING' | 'COMPLETED' | 'FAILED';

const json = (value: unknown) => JSON.stringify(value);

/**
 * Creates the run row; a second call with the same id leaves the first row as it is.
 *
 * @example
 * await createAnalysisRun(db, { runId: 'analysis-2026-06-29', window, trigger: 'schedule' });
 */
export async function createAnalysisRun(db: Kysely<Database>, run: { runId: string; window: AnalysisWindow; trigger: string }): Promise<void> {
  await db
    .insertInto('meta_analysis_runs')
    .values({
      run_id: run.runId,
      as_of: run.window.as_of,
      window_start: run.window.start,
      window_end: run.window.end,
      time_zone: windowTimeZone(run.window),
      trigger: run.trigger,
    })
    .onConflict((oc) => oc.column('run_id').doNothing())
    .execute();
}

/**
 * The window of a run, or undefined when there is no such run.
 *
 * @example
 * const window = await loadAnalysisWindow(db, runId);
 */
export async function loadAnalysisWindow(db: Kysely<Database>, runId: string): Promise<AnalysisWindow | undefined> {
  const row = await db
    .selectFrom('meta_analysis_runs')
    .select(['as_of', 'window_start', 'window_end', 'time_zone'])
    .where('run_id', '=', runId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    as_of: row.as_of.toISOString(),
    start: row.window_start.toISOString(),
    end: row.window_end.toISOString(),
    days: Math.round((row.window_end.getTime() - row.window_start.getTime()) / 86_400_000),
    time_zone: row.time_zone,
  };
}

/**
 * Records which step the run is in (aggregate, diagnose, propose, rationale, …).
 *
 * @example
 * await setRunStage(db, runId, 'diagnose');
 */
export async function setRunStage(db: Kysely<Database>, runId: string, stage: string): Promise<void> {
  await db.updateTable('meta_analysis_runs').set({ stage }).where('run_id', '=', runId).execute();
}

/**
 * Stores the aggregates with the run (replacing what an earlier attempt stored).
 *
 * @example
 * await saveAggregates(db, runId, await aggregate(db, window));
 */
export async function saveAggregates(db: Kysely<Database>, runId: string, aggregates: Aggregates): Promise<void> {
  await db
    .updateTable('meta_analysis_runs')
    .set({ aggregates_json: json(aggregates) })
    .where('run_id', '=', runId)
    .execute();
}

/**
 * The stored aggregates of a run, or undefined when the aggregate step has not stored them.
 *
 * @example
 * const aggregates = await loadAggregates(db, runId);
 */
export async function loadAggregates(db: Kysely<Database>, runId: string): Promise<Aggregates | undefined> {
  const row = await db.selectFrom('meta_analysis_runs').select('aggregates_json').where('run_id', '=', runId).executeTakeFirst();
  return (row?.aggregates_json ?? undefined) as Aggregates | undefined;
}

/**
 * Stores the diagnostics with the run, and their data quality in its own column.
 *
 * @example
 * await saveDiagnostics(db, runId, diagnose(aggregates, { seed }));
 */
export async function saveDiagnostics(db: Kysely<Database>, runId: string, result: DiagnosticsResult): Promise<void> {
  await db
    .updateTable('meta_analysis_runs')
    .set({ diagnostics_json: json(result), data_quality_json: json(result.data_quality) })
    .where('run_id', '=', runId)
    .execute();
}

/**
 * Keeps what the proposal step did not turn into proposals (findings no rule maps to, findings skipped
 * and why, live configs failing their schema) beside the run's diagnostics, so nothing is dropped.
 *
 * @example
 * await saveUnproposed(db, runId, { unmapped, skipped, invalid_live });
 */
export async function saveUnproposed(db: Kysely<Database>, runId: string, unproposed: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('meta_analysis_runs')
    .set({ diagnostics_json: sql`coalesce(diagnostics_json, '{}'::jsonb) || jsonb_build_object('unproposed', ${json(unproposed)}::jsonb)` })
    .where('run_id', '=', runId)
    .execute();
}

/**
 * The stored diagnostics of a run, or undefined.
 *
 * @example
 * const result = await loadDiagnostics(db, runId);
 */
export async function loadDiagnostics(db: Kysely<Database>, runId: string): Promise<DiagnosticsResult | undefined> {
  const row = await db.selectFrom('meta_analysis_runs').select('diagnostics_json').where('run_id', '=', runId).executeTakeFirst();
  return (row?.diagnostics_json ?? undefined) as DiagnosticsResult | undefined;
}

/**
 * Ends the run with its status and summary; the first finish wins (a retry does not overwrite it).
 *
 * @example
 * await finishAnalysisRun(db, runId, { status: 'COMPLETED', summary: { findings: 3, proposals: 2 } });
 */
export async function finishAnalysisRun(
  db: Kysely<Database>,
  runId: string,
  outcome: { status: Exclude<AnalysisRunStatus, 'RUNNING'>; summary: Record<string, unknown>; error?: string },
): Promise<void> {
  await db
    .updateTable('meta_analysis_runs')
    .set({ status: outcome.status, stage: 'done', summary_json: json(outcome.summary), error: outcome.error ?? null, finished_at: new Date() })
    .where('run_id', '=', runId)
    .where('status', '=', 'RUNNING')
    .execute();
}
