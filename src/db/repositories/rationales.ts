/**
 * Writing a proposal's rationale. The write names the rationale columns and nothing else: the proposed
 * config, the confidence and the status are out of its reach, whatever a model answered.
 */
import type { Kysely } from 'kysely';
import { ProposalNotFoundError } from '../../proposals/errors.js';
import type { Database } from '../schema.js';

/** The columns a rationale run may write. */
export interface RationaleFields {
  rationale_text: string;
  rationale_status: string;
  rationale_model: string | null;
  rationale_prompt_version: string | null;
  rationale_usage_json: Record<string, unknown> | null;
  rationale_latency_ms: number | null;
  deterministic_rationale_text: string;
}

/**
 * The update that stores a rationale: one row, rationale columns only.
 *
 * @example
 * await rationaleUpdate(db, 'prop-7f3a', fields).execute();
 */
export function rationaleUpdate(db: Kysely<Database>, proposalId: string, fields: RationaleFields) {
  return db
    .updateTable('meta_controller_config_proposals')
    .set({
      rationale_text: fields.rationale_text,
      rationale_status: fields.rationale_status,
      rationale_model: fields.rationale_model,
      rationale_prompt_version: fields.rationale_prompt_version,
      rationale_usage_json: fields.rationale_usage_json === null ? null : JSON.stringify(fields.rationale_usage_json),
      rationale_latency_ms: fields.rationale_latency_ms,
      deterministic_rationale_text: fields.deterministic_rationale_text,
    })
    .where('proposal_id', '=', proposalId);
}

/**
 * Stores a rationale; a proposal deleted meanwhile raises {@link ProposalNotFoundError}.
 *
 * @example
 * await storeRationale(db, 'prop-7f3a', fields);
 */
export async function storeRationale(db: Kysely<Database>, proposalId: string, fields: RationaleFields): Promise<void> {
  const result = await rationaleUpdate(db, proposalId, fields).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new ProposalNotFoundError(proposalId);
}
