/**
 * The read queries of the API, the CLI and the run report: pages of proposals and analysis runs,
 * filtered and sorted in PostgreSQL, with the large JSON columns left out of listings (a listing stays
 * small whatever the evidence weighs), and a proposal's audit trail.
 */
import { type Kysely, sql } from 'kysely';
import type { ProposalFilter } from '../proposals/proposal-filter.js';
import { whereProposalMatches } from './repositories/proposal-filter.js';
import type { AnalysisRunRow, Database } from './schema.js';

export type ProposalSort = 'confidence' | 'age';
export type SortOrder = 'asc' | 'desc';

/** Which page of a proposal listing, in which order. */
export interface ProposalPage {
  /** `confidence`: most confident first (ties: oldest first); `age`: oldest first. `order: 'asc'` flips it. */
  sort: ProposalSort;
  order: SortOrder;
  limit: number;
  offset: number;
}

/** A page of rows with the total number of rows its filter matches, both queried at once. */
async function pageOf<T>(rows: Promise<T[]>, count: Promise<{ n: string }>, at: { limit: number; offset: number }) {
  const [items, matched] = await Promise.all([rows, count]);
  return { items, total: Number(matched.n), limit: at.limit, offset: at.offset };
}

const PROPOSAL_SUMMARY_COLUMNS = [
  'proposal_id',
  'created_at',
  'target_type',
  'target_id',
  'kind',
  'status',
  'confidence',
  'auto_applicable',
  'analysis_run_id',
  'proposed_by',
  'decided_by',
  'decided_at',
  'applied_at',
  'applied_by',
] as const;

/**
 * One page of proposals without their large JSON columns, plus the paths of config fields each one changes.
 *
 * @example
 * const page = await listProposalSummaries(db, { status: 'PENDING', sort: 'confidence', order: 'desc', limit: 25, offset: 0 });
 */
export async function listProposalSummaries(db: Kysely<Database>, filter: ProposalFilter & ProposalPage) {
  const query = whereProposalMatches(db.selectFrom('meta_controller_config_proposals'), filter);
  // "desc" is the natural reading of both: most confident first, oldest first.
  const flip = filter.order === 'asc';
  const byAge = flip ? 'desc' : 'asc';
  const ordered =
    filter.sort === 'confidence' ? query.orderBy('confidence', flip ? 'asc' : 'desc').orderBy('created_at', byAge) : query.orderBy('created_at', byAge);
  return pageOf(
    ordered
      .select(PROPOSAL_SUMMARY_COLUMNS)
      .select(sql<number | null>`(evidence_json->'impact_estimate'->>'money_per_week')::double precision`.as('expected_money_per_week'))
      .select(
        sql<
          string[]
        >`ARRAY(SELECT DISTINCT d->>'path' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(diff_json) = 'array' THEN diff_json ELSE '[]'::jsonb END) AS d ORDER BY 1)`.as(
          'changed_paths',
        ),
      )
      .orderBy('proposal_id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    filter,
  );
}

export type ProposalSummary = Awaited<ReturnType<typeof listProposalSummaries>>['items'][number];

export interface AnalysisRunFilter {
  status?: string;
  limit: number;
  offset: number;
}

const RUN_SUMMARY_COLUMNS = [
  'run_id',
  'started_at',
  'finished_at',
  'as_of',
  'window_start',
  'window_end',
  'status',
  'stage',
  'trigger',
  'summary_json',
  'error',
] as const;

/**
 * One page of analysis runs, newest first, without their aggregates and diagnostics.
 *
 * @example
 * const page = await listAnalysisRunSummaries(db, { limit: 20, offset: 0 });
 */
export async function listAnalysisRunSummaries(db: Kysely<Database>, filter: AnalysisRunFilter) {
  let query = db.selectFrom('meta_analysis_runs');
  if (filter.status) query = query.where('status', '=', filter.status);
  return pageOf(
    query.select(RUN_SUMMARY_COLUMNS).orderBy('started_at', 'desc').orderBy('run_id').limit(filter.limit).offset(filter.offset).execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    filter,
  );
}

/** An analysis run with its diagnostics and data quality; the aggregates (inputs to the diagnostics) stay out, and the time zone is in the diagnostics' window. */
export type AnalysisRunDetail = Omit<AnalysisRunRow, 'aggregates_json' | 'time_zone'>;

/**
 * One analysis run by id, or undefined.
 *
 * @example
 * const run = await getAnalysisRunDetail(db, 'run-2026-01-05');
 */
export async function getAnalysisRunDetail(db: Kysely<Database>, runId: string): Promise<AnalysisRunDetail | undefined> {
  return db
    .selectFrom('meta_analysis_runs')
    .select([...RUN_SUMMARY_COLUMNS, 'data_quality_json', 'diagnostics_json'])
    .where('run_id', '=', runId)
    .executeTakeFirst();
}

/**
 * How many audit events a proposal shows (API, `kronos proposals show`): its newest ones. A proposal
 * collects a handful; refused signals repeated by a script are what could make it more.
 */
export const PROPOSAL_EVENTS_SHOWN = 200;

/**
 * A proposal's newest audit events (decisions, refusals, applies, reverts), at most `limit`, oldest first.
 *
 * @example
 * const events = await listProposalEvents(db, 'prop-7f3a');
 */
export async function listProposalEvents(db: Kysely<Database>, proposalId: string, limit = PROPOSAL_EVENTS_SHOWN) {
  const newest = await db
    .selectFrom('meta_proposal_events')
    .select(['event_id', 'at', 'kind', 'actor', 'detail_json'])
    .where('proposal_id', '=', proposalId)
    .orderBy('at', 'desc')
    .orderBy('event_id', 'desc')
    .limit(limit)
    .execute();
  return newest.reverse();
}

/** A run makes tens of proposals; its report lists at most this many, most confident first. */
const MAX_RUN_PROPOSALS = 500;

/**
 * The proposals an analysis run made, without their JSON columns, most confident first.
 *
 * @example
 * const proposals = await listRunProposals(db, 'kronos-analysis-2026-01-05T06-00-00-000Z');
 */
export async function listRunProposals(db: Kysely<Database>, runId: string) {
  return db
    .selectFrom('meta_controller_config_proposals')
    .select(['proposal_id', 'target_type', 'target_id', 'kind', 'status', 'confidence', 'auto_applicable'])
    .where('analysis_run_id', '=', runId)
    .orderBy('confidence', 'desc')
    .orderBy('proposal_id')
    .limit(MAX_RUN_PROPOSALS)
    .execute();
}

export type RunProposal = Awaited<ReturnType<typeof listRunProposals>>[number];

/** How many analysis runs a trend looks back over. */
export const TREND_RUNS = 12;

/**
 * The latest analysis runs (oldest first) with, for each, the findings among `findingIds` its diagnostics
 * made: how the same cells looked week after week. Only the matching findings leave the database.
 *
 * @example
 * const history = await findingHistory(db, ['STRATEGY_LOSES_IN_REGIME:momentum,CRISIS']);
 */
export async function findingHistory(db: Kysely<Database>, findingIds: string[], limit = TREND_RUNS) {
  if (findingIds.length === 0) return [];
  const findings = sql<unknown>`diagnostics_json->'findings'`;
  const rows = await db
    .selectFrom('meta_analysis_runs')
    .select([
      'run_id',
      'as_of',
      sql<unknown[]>`COALESCE((
        SELECT jsonb_agg(f) FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${findings}) = 'array' THEN ${findings} ELSE '[]'::jsonb END) AS f
        WHERE f->>'id' = ANY(${sql.val(findingIds)}::text[])
      ), '[]'::jsonb)`.as('findings'),
    ])
    .where('diagnostics_json', 'is not', null)
    .orderBy('as_of', 'desc')
    .orderBy('run_id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** Neighbours of one cell are few (the regimes of a strategy, the strategies in a regime); this bounds them anyway. */
const MAX_SIBLINGS = 200;

/**
 * The cells of a run's diagnostics that differ from a finding's cell in one subject value only: same
 * section, same metric, same subject keys (the strategy's other regimes, the regime's other strategies).
 * The finding's own cell is among them. Filtered in PostgreSQL, so only these cells leave the database.
 *
 * @example
 * const cells = await siblingCells(db, runId, { id: 'STRATEGY_LOSES_IN_REGIME:momentum,CRISIS', metric: 'mean_return', subject });
 */
export async function siblingCells(
  db: Kysely<Database>,
  runId: string,
  finding: { id: string; metric: string; subject: Record<string, string> },
): Promise<unknown[]> {
  const keys = Object.keys(finding.subject).sort();
  const { rows } = await sql<{ cell: unknown }>`
    WITH own_section AS (
      SELECT s.value AS cells
      FROM meta_analysis_runs AS r
      CROSS JOIN LATERAL jsonb_each(
        CASE WHEN jsonb_typeof(r.diagnostics_json->'diagnostics') = 'object' THEN r.diagnostics_json->'diagnostics' ELSE '{}'::jsonb END
      ) AS s
      WHERE r.run_id = ${runId}
        AND jsonb_typeof(s.value) = 'array'
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.value) AS c WHERE c->>'id' = ${finding.id})
    )
    SELECT c AS cell
    FROM own_section CROSS JOIN LATERAL jsonb_array_elements(own_section.cells) AS c
    WHERE c->>'metric' = ${finding.metric}
      AND jsonb_typeof(c->'subject') = 'object'
      AND (SELECT array_agg(k COLLATE "C" ORDER BY k COLLATE "C") FROM jsonb_object_keys(c->'subject') AS k) = ${sql.val(keys)}::text[]
      AND (SELECT count(*) FROM jsonb_each_text(c->'subject') AS e WHERE e.value IS DISTINCT FROM (${JSON.stringify(finding.subject)}::jsonb->>e.key)) <= 1
    LIMIT ${MAX_SIBLINGS}
  `.execute(db);
  return rows.map((row) => row.cell);
}
