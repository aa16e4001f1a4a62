/** A {@link ProposalFilter} as the WHERE clause of a query on the proposals table. */
import type { SelectQueryBuilder } from 'kysely';
import type { ProposalFilter } from '../../proposals/proposal-filter.js';
import type { Database } from '../schema.js';

type ProposalQuery<O> = SelectQueryBuilder<Database, 'meta_controller_config_proposals', O>;

/**
 * The query narrowed to the proposals the filter matches.
 *
 * @example
 * const pending = await whereProposalMatches(db.selectFrom('meta_controller_config_proposals').selectAll(), { status: 'PENDING' }).execute();
 */
export function whereProposalMatches<O>(query: ProposalQuery<O>, filter: ProposalFilter): ProposalQuery<O> {
  const statuses = filter.status === undefined ? [] : typeof filter.status === 'string' ? [filter.status] : [...filter.status];
  let narrowed = query;
  if (statuses.length > 0) narrowed = narrowed.where('status', 'in', statuses);
  if (filter.targetType) narrowed = narrowed.where('target_type', '=', filter.targetType);
  if (filter.targetId) narrowed = narrowed.where('target_id', '=', filter.targetId);
  if (filter.kind) narrowed = narrowed.where('kind', '=', filter.kind);
  if (filter.analysisRunId) narrowed = narrowed.where('analysis_run_id', '=', filter.analysisRunId);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    narrowed = narrowed.where((eb) => eb.or((['proposal_id', 'target_type', 'target_id', 'kind'] as const).map((column) => eb(column, 'ilike', pattern))));
  }
  return narrowed;
}
