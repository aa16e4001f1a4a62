/**
 * The record of each decision message the approval workflow received and checked (kind DECISION_RECEIVED
 * in meta_proposal_events): who it claimed to be, who the signature says it is, who Temporal says sent
 * it. A signed decision's nonce is accepted once per proposal; the message reference (an update id or a
 * signal's event) makes a retried check find its own row instead of a replay.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import { ProposalNotFoundError } from '../../proposals/errors.js';
import { recordProposalEvent } from './proposals.js';

export const DECISION_RECEIVED = 'DECISION_RECEIVED';

export interface ReceivedDecision {
  /** The message in the workflow's history: `update:<id>` or `signal:<name>#<ordinal>@<run id>`. */
  message: string;
  /** The signed decision's nonce; null for an unsigned one. */
  nonce: string | null;
  /** The claimed name. */
  actor: string;
  detail: Record<string, unknown>;
}

/**
 * The stored detail of a message checked before (a retried check), or null.
 *
 * @example
 * const earlier = await findReceivedDecision(db, 'prp_1', 'update:abc');
 */
export async function findReceivedDecision(db: Kysely<Database>, proposalId: string, message: string): Promise<Record<string, unknown> | null> {
  const row = await db
    .selectFrom('meta_proposal_events')
    .select('detail_json')
    .where('proposal_id', '=', proposalId)
    .where('kind', '=', DECISION_RECEIVED)
    .where(sql<string>`detail_json->>'message'`, '=', message)
    .executeTakeFirst();
  return row ? (row.detail_json as Record<string, unknown>) : null;
}

/**
 * Records a checked decision message, unless its nonce was used by another message of the same proposal
 * ('nonce-used', nothing written). Serialised per proposal by a lock on its row.
 *
 * @example
 * await recordReceivedDecision(db, 'prp_1', { message: 'update:abc', nonce: 'n1', actor: 'alice', detail: { verified: true } });
 * // 'recorded'
 */
export async function recordReceivedDecision(db: Kysely<Database>, proposalId: string, received: ReceivedDecision): Promise<'recorded' | 'nonce-used'> {
  return db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom('meta_controller_config_proposals')
      .select('proposal_id')
      .where('proposal_id', '=', proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) throw new ProposalNotFoundError(proposalId);
    const earlier = await trx
      .selectFrom('meta_proposal_events')
      .select(sql<string>`detail_json->>'message'`.as('message'))
      .where('proposal_id', '=', proposalId)
      .where('kind', '=', DECISION_RECEIVED)
      .where((eb) =>
        received.nonce === null
          ? eb(sql<string>`detail_json->>'message'`, '=', received.message)
          : eb.or([eb(sql<string>`detail_json->>'nonce'`, '=', received.nonce), eb(sql<string>`detail_json->>'message'`, '=', received.message)]),
      )
      .executeTakeFirst();
    if (earlier) return earlier.message === received.message ? 'recorded' : 'nonce-used';
    await recordProposalEvent(trx, proposalId, DECISION_RECEIVED, {
      actor: received.actor,
      detail: { ...received.detail, message: received.message, nonce: received.nonce },
    });
    return 'recorded';
  });
}
