/** `kronos proposals list`: the proposals in PostgreSQL, most confident first, as a table or JSON. */
import { listProposalSummaries } from '../../db/read-model.js';
import type { ProposalStatus } from '../../proposals/statuses.js';
import type { TargetType } from '../../proposals/target-types.js';
import { withDatabase } from '../database.js';
import { formatTable } from '../table.js';

export interface ProposalListOptions {
  status?: ProposalStatus;
  targetType?: TargetType;
  targetId?: string;
  json?: boolean;
}

const LIST_LIMIT = 500;

export async function printProposalList(opts: ProposalListOptions): Promise<void> {
  const page = await withDatabase({}, (db) =>
    listProposalSummaries(db, {
      status: opts.status,
      targetType: opts.targetType,
      targetId: opts.targetId,
      sort: 'confidence',
      order: 'desc',
      limit: LIST_LIMIT,
      offset: 0,
    }),
  );
  if (opts.json) {
    console.log(JSON.stringify(page.items, null, 2));
    return;
  }
  if (page.items.length === 0) {
    console.log('no proposals match');
    return;
  }
  const rows = page.items.map((p) => [
    p.proposal_id,
    p.status,
    p.target_type,
    p.target_id,
    p.kind,
    p.confidence.toFixed(2),
    p.auto_applicable ? 'yes' : 'no',
    p.created_at.toISOString().slice(0, 16).replace('T', ' '),
  ]);
  console.log(formatTable(['ID', 'STATUS', 'TARGET TYPE', 'TARGET', 'KIND', 'CONF', 'AUTO', 'CREATED (UTC)'], rows));
  if (page.total > page.items.length) console.log(`… ${page.total - page.items.length} more; narrow with --status or --target-type`);
}
