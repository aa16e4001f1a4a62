/**
 * The proposals table (meta_controller_config_proposals) and its audit events: storing drafts
 * idempotently, superseding stale open proposals, status changes that only move forward, and reads.
 * Applying and reverting (which also write the config DB) live in config-store.ts.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { validateConfig } from '../../proposals/config-schemas.js';
import { changedFields, type DiffEntry } from '../../proposals/diff.js';
import type { ProposalDraft } from '../../proposals/draft.js';
import { InvalidProposalError, ProposalNotFoundError } from '../../proposals/errors.js';
import type { ProposalEventKind } from '../../proposals/event-kinds.js';
import { type ConfigSnapshot, configSnapshotSchema } from '../../proposals/live-configs.js';
import type { ProposalFilter } from '../../proposals/proposal-filter.js';
import { proposalIdFor } from '../../proposals/keys.js';
import { CONFIG_WRITE_STATUSES, statusesBefore } from '../../proposals/lifecycle.js';
import type { Database, ProposalRow } from '../schema.js';
import type { ProposalStatus } from '../../proposals/statuses.js';
import { parseStored } from '../stored-json.js';
import { whereProposalMatches } from './proposal-filter.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoreResult {
  /** Proposals inserted now. */
  created: string[];
  /** Drafts already stored: by an earlier attempt of the same run, or open under the same dedupe key. */
  existing: string[];
  /** Open proposals a newer one made stale (a different change to the same target and field). */
  superseded: string[];
}

/** Where stored drafts come from: the analysis run (its id also seeds the proposal ids), or none with a seed of its own. */
export interface DraftOrigin {
  analysisRunId: string | null;
  idSeed: string;
}

/** JSON for a jsonb parameter (pg would send a JS array as a PostgreSQL array). */
export function jsonb(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/**
 * Appends an audit row to meta_proposal_events (decisions, refusals, conflicts, supersessions).
 *
 * @example
 * await recordProposalEvent(db, id, 'REFUSED', { actor: 'mallory', detail: { action: 'approve', reason: 'not an approver' } });
 */
export async function recordProposalEvent(
  db: Db,
  proposalId: string,
  kind: ProposalEventKind,
  { actor = null, detail = {} }: { actor?: string | null; detail?: Record<string, unknown> } = {},
): Promise<void> {
  await db
    .insertInto('meta_proposal_events')
    .values({ proposal_id: proposalId, kind, actor, detail_json: jsonb(detail) })
    .execute();
}

/**
 * The config version a stored proposal was computed against (its revert point).
 *
 * @example
 * proposalSnapshot(row).config_version_id; // 'cv-momentum-3'
 */
export function proposalSnapshot(row: Pick<ProposalRow, 'proposal_id' | 'current_config_snapshot_json'>): ConfigSnapshot {
  return parseStored(configSnapshotSchema, row.current_config_snapshot_json, {
    table: 'meta_controller_config_proposals',
    id: row.proposal_id,
    field: 'current_config_snapshot_json',
  });
}

function fieldsOf(row: Pick<ProposalRow, 'evidence_json' | 'diff_json'>): string[] {
  const recorded = (row.evidence_json as { changed_fields?: unknown } | null)?.changed_fields;
  if (Array.isArray(recorded)) return recorded.map(String);
  return Array.isArray(row.diff_json) ? changedFields(row.diff_json as DiffEntry[]) : [];
}

async function supersedeStale(trx: Transaction<Database>, created: ProposalRow, origin: DraftOrigin): Promise<string[]> {
  const fields = new Set(fieldsOf(created));
  const open = await trx
    .selectFrom('meta_controller_config_proposals')
    .selectAll()
    .where('target_type', '=', created.target_type)
    .where('target_id', '=', created.target_id)
    .where('status', '=', 'PENDING')
    .where('proposal_id', '!=', created.proposal_id)
    .where('dedupe_key', '!=', created.dedupe_key)
    .$if(origin.analysisRunId !== null, (qb) => qb.where((eb) => eb.or([eb('analysis_run_id', 'is', null), eb('analysis_run_id', '!=', origin.analysisRunId)])))
    .forUpdate()
    .execute();
  const stale = open.filter((row) => fieldsOf(row).some((f) => fields.has(f))).map((row) => row.proposal_id);
  for (const id of stale) {
    await trx
      .updateTable('meta_controller_config_proposals')
      .set({
        status: 'SUPERSEDED',
        decided_by: 'kronos',
        decision_reason: `superseded by ${created.proposal_id}`,
        decided_at: sql`now()`,
        updated_at: sql`now()`,
      })
      .where('proposal_id', '=', id)
      .where('status', 'in', statusesBefore('SUPERSEDED'))
      .execute();
    await recordProposalEvent(trx, id, 'SUPERSEDED', { actor: 'kronos', detail: { by_proposal_id: created.proposal_id } });
  }
  return stale;
}

/**
 * Stores drafts inside an open transaction (see storeProposals); used directly by callers that
 * store a draft together with other writes, such as a verification's revert proposal.
 */
export async function insertDrafts(trx: Transaction<Database>, origin: DraftOrigin, drafts: ProposalDraft[]): Promise<StoreResult> {
  const result: StoreResult = { created: [], existing: [], superseded: [] };
  for (const draft of drafts) {
    const valid = validateConfig(draft.target_type, draft.proposed_config_json);
    if (!valid.ok) throw new InvalidProposalError(`proposal for ${draft.target_type} ${draft.target_id} not stored: ${valid.error}`);
    const proposalId = proposalIdFor(origin.idSeed, draft.dedupe_key);
    const approved = await trx
      .selectFrom('meta_controller_config_proposals')
      .select('proposal_id')
      .where('dedupe_key', '=', draft.dedupe_key)
      .where('status', '=', 'APPROVED')
      .executeTakeFirst();
    if (approved) {
      // Approved and about to be applied: the same change is not proposed twice.
      result.existing.push(approved.proposal_id);
      continue;
    }
    const inserted = await trx
      .insertInto('meta_controller_config_proposals')
      .values({
        proposal_id: proposalId,
        target_type: draft.target_type,
        target_id: draft.target_id,
        current_config_snapshot_json: jsonb(draft.current_config_snapshot_json),
        proposed_config_json: jsonb(draft.proposed_config_json),
        evidence_json: jsonb(draft.evidence_json),
        confidence: draft.confidence,
        confidence_json: jsonb(draft.confidence_json),
        analysis_run_id: origin.analysisRunId,
        dedupe_key: draft.dedupe_key,
        change_key: draft.change_key,
        kind: draft.kind,
        diff_json: jsonb(draft.diff_json),
        expected_impact_json: jsonb(draft.expected_impact_json),
        guardrails_json: jsonb(draft.guardrails_json),
        auto_applicable: draft.auto_applicable,
        proposed_by: draft.proposed_by,
        deterministic_rationale_text: draft.deterministic_rationale_text,
      })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      result.created.push(proposalId);
      result.superseded.push(...(await supersedeStale(trx, inserted, origin)));
      continue;
    }
    const kept = await trx
      .selectFrom('meta_controller_config_proposals')
      .select('proposal_id')
      .where((eb) => eb.or([eb('proposal_id', '=', proposalId), eb.and([eb('dedupe_key', '=', draft.dedupe_key), eb('status', '=', 'PENDING')])]))
      .orderBy(sql`proposal_id = ${proposalId}`, 'desc')
      .executeTakeFirst();
    if (!kept) throw new Error(`proposal ${proposalId} was neither inserted nor found; retry`);
    result.existing.push(kept.proposal_id);
  }
  return result;
}

/**
 * Stores a run's drafts in one transaction, idempotently: the proposal id derives from the run id
 * and the dedupe key, rows already there are reported as `existing` (also when another run left an
 * open, PENDING or APPROVED, proposal with the same dedupe key), and an open proposal of an earlier run that changes the
 * same field of the same target becomes SUPERSEDED. A draft whose proposed config fails its schema
 * aborts the whole call with InvalidProposalError.
 *
 * @example
 * const { created, existing, superseded } = await storeProposals(db, runId, drafts);
 */
export async function storeProposals(db: Kysely<Database>, runId: string, drafts: ProposalDraft[]): Promise<StoreResult> {
  return db.transaction().execute((trx) => insertDrafts(trx, { analysisRunId: runId, idSeed: runId }, drafts));
}

/**
 * One proposal row, or undefined.
 *
 * @example
 * const proposal = await getProposal(db, 'prp_5e0b…');
 */
export async function getProposal(db: Db, proposalId: string): Promise<ProposalRow | undefined> {
  return db.selectFrom('meta_controller_config_proposals').selectAll().where('proposal_id', '=', proposalId).executeTakeFirst();
}

/**
 * Proposals matching a filter, newest first, at most `limit` (default 100).
 *
 * @example
 * const pending = await listProposals(db, { status: 'PENDING', targetType: 'RISK_CONFIG', limit: 20 });
 */
export async function listProposals(db: Db, filter: ProposalFilter & { limit?: number } = {}): Promise<ProposalRow[]> {
  return whereProposalMatches(db.selectFrom('meta_controller_config_proposals').selectAll(), filter)
    .orderBy('created_at', 'desc')
    .orderBy('proposal_id')
    .limit(filter.limit ?? 100)
    .execute();
}

/** Statuses setProposalStatus may move a proposal to, and from which (APPLIED and REVERTED come from config-store). */
export interface StatusChange {
  changed: boolean;
  /** The proposal's status after the call. */
  status: ProposalStatus;
  /** Why nothing changed, when the move is not allowed. */
  refused?: string;
}

/**
 * Moves a proposal to APPROVED, REJECTED, EXPIRED, SUPERSEDED or CONFLICT along the lifecycle's moves
 * (src/proposals/lifecycle.ts), recording who and why and an audit event. Calling it
 * again with the status the proposal already has changes nothing; any other move from a decided
 * state is refused with the reason.
 *
 * @example
 * await setProposalStatus(db, id, 'REJECTED', { by: 'alice', reason: 'the regime is ending' });
 * // { changed: true, status: 'REJECTED' }
 */
export async function setProposalStatus(
  db: Kysely<Database>,
  proposalId: string,
  status: ProposalStatus,
  { by, reason }: { by: string; reason: string },
): Promise<StatusChange> {
  if (CONFIG_WRITE_STATUSES.includes(status)) throw new Error(`status ${status} is set by applying or reverting, not by setProposalStatus`);
  if (status === 'PENDING') throw new Error('a proposal never moves back to PENDING');
  const from = statusesBefore(status);
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('meta_controller_config_proposals')
      .set({ status, decided_by: by, decision_reason: reason, decided_at: sql`now()`, updated_at: sql`now()` })
      .where('proposal_id', '=', proposalId)
      .where('status', 'in', from)
      .returning('status')
      .executeTakeFirst();
    if (updated) {
      await recordProposalEvent(trx, proposalId, status, { actor: by, detail: { reason } });
      return { changed: true, status };
    }
    const current = await getProposal(trx, proposalId);
    if (!current) throw new ProposalNotFoundError(proposalId);
    if (current.status === status) return { changed: false, status };
    return { changed: false, status: current.status, refused: `the proposal is already ${current.status}` };
  });
}

/**
 * Whether the same change to the same target (same change key) was reverted before.
 *
 * @example
 * if (await revertedBefore(db, draft.change_key)) console.log('a person undid this once');
 */
export async function revertedBefore(db: Db, changeKey: string | null, exceptProposalId?: string): Promise<boolean> {
  if (!changeKey) return false;
  const row = await db
    .selectFrom('meta_controller_config_proposals')
    .select('proposal_id')
    .where('change_key', '=', changeKey)
    .where('status', '=', 'REVERTED')
    .$if(exceptProposalId !== undefined, (qb) => qb.where('proposal_id', '!=', exceptProposalId as string))
    .executeTakeFirst();
  return row !== undefined;
}
