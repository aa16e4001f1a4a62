/**
 * The hypothesis ledger in meta_hypothesis_tests: every run stores the hypotheses it tested (once per
 * run, so a retried activity changes nothing), and a run reads the earlier tests of its findings'
 * hypotheses to charge the tries it cannot see in its own family.
 */
import type { Kysely } from 'kysely';
import type { AnalysisWindow } from '../../analysis/findings.js';
import type { HypothesisTest } from '../../proposals/hypothesis-ledger.js';
import type { Database } from '../schema.js';
import { jsonb } from './proposals.js';

/** Rows per INSERT: a run tests a few thousand hypotheses, and a statement has at most 65,535 parameters. */
const BATCH = 1000;

/**
 * Stores the hypotheses a run tested; a second call for the same run keeps the first rows.
 *
 * @example
 * await recordHypothesisTests(db, runId, testedHypotheses(result));
 */
export async function recordHypothesisTests(db: Kysely<Database>, runId: string, tests: HypothesisTest[]): Promise<void> {
  for (let i = 0; i < tests.length; i += BATCH) {
    const rows = tests.slice(i, i + BATCH).map(({ subject, ...test }) => ({ ...test, analysis_run_id: runId, subject_json: jsonb(subject) }));
    await db
      .insertInto('meta_hypothesis_tests')
      .values(rows)
      .onConflict((oc) => oc.columns(['analysis_run_id', 'hypothesis_id']).doNothing())
      .execute();
  }
}

/**
 * The tests of some hypotheses in other runs whose window ended no later than this one's (a re-analysis
 * of the past does not see later runs), by hypothesis id.
 *
 * @example
 * const earlier = await earlierHypothesisTests(db, runId, result.window, result.findings.map((f) => f.id));
 */
export async function earlierHypothesisTests(
  db: Kysely<Database>,
  runId: string,
  window: Pick<AnalysisWindow, 'end'>,
  hypothesisIds: string[],
): Promise<Record<string, HypothesisTest[]>> {
  const byId: Record<string, HypothesisTest[]> = Object.fromEntries(hypothesisIds.map((id) => [id, []]));
  if (hypothesisIds.length === 0) return byId;
  const rows = await db
    .selectFrom('meta_hypothesis_tests')
    .selectAll()
    .where('hypothesis_id', 'in', hypothesisIds)
    .where('analysis_run_id', '<>', runId)
    .where('window_end', '<=', new Date(window.end))
    .orderBy('window_end')
    .orderBy('analysis_run_id')
    .execute();
  for (const row of rows)
    byId[row.hypothesis_id]?.push({
      hypothesis_id: row.hypothesis_id,
      section: row.section,
      kind: row.kind,
      metric: row.metric,
      subject: row.subject_json as Record<string, string>,
      window_start: row.window_start.toISOString(),
      window_end: row.window_end.toISOString(),
      n: row.n,
      effect: row.effect,
      p: row.p,
      q: row.q,
      finding: row.finding,
    });
  return byId;
}
