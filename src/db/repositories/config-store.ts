/**
 * The config DB writes: reading every live config, applying a proposal and reverting it. Each write
 * is one transaction that compares-and-swaps config_targets.current_version_id against the version
 * the proposal was computed from, adds an immutable config_versions row, logs the change with a
 * deterministic change_id (one row per proposal and action), and moves the proposal's status, so an
 * activity retried after an unknown outcome changes nothing the second time.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { validateConfig } from '../../proposals/config-schemas.js';
import type { LiveConfig, LiveConfigs } from '../../proposals/live-configs.js';
import type { Database, ProposalRow } from '../schema.js';
import { canMoveStatus, statusesBefore } from '../../proposals/lifecycle.js';
import type { ProposalStatus } from '../../proposals/statuses.js';
import type { TargetType } from '../../proposals/target-types.js';
import { ProposalNotFoundError } from '../../proposals/errors.js';
import { jsonb, proposalSnapshot, recordProposalEvent } from './proposals.js';

export interface ChangeActor {
  actor: string;
  actorType: 'AUTO' | 'HUMAN';
  reason: string;
}

export interface ApplyResult {
  outcome: 'APPLIED' | 'ALREADY_APPLIED' | 'CONFLICT' | 'REFUSED';
  proposalId: string;
  /** The proposal's status after the call. */
  status: ProposalStatus;
  fromVersionId: string | null;
  toVersionId: string | null;
  reason: string;
}

export interface RevertResult {
  outcome: 'REVERTED' | 'ALREADY_REVERTED' | 'CONFLICT' | 'REFUSED';
  proposalId: string;
  status: ProposalStatus;
  fromVersionId: string | null;
  toVersionId: string | null;
  reason: string;
}

type Action = 'APPLY' | 'REVERT';

function changeId(proposalId: string, action: Action): string {
  return `chg-${proposalId}-${action.toLowerCase()}`;
}

function versionId(proposalId: string, action: Action): string {
  return `cv-${proposalId}-${action.toLowerCase()}`;
}

function rowToLive(row: { target_type: string; target_id: string; config_version_id: string; version_no: number; config_json: unknown }): LiveConfig {
  const valid = validateConfig(row.target_type, row.config_json);
  return {
    target_type: row.target_type as TargetType,
    target_id: row.target_id,
    config_version_id: row.config_version_id,
    version_no: row.version_no,
    config_json: row.config_json,
    ...(valid.ok ? {} : { error: valid.error }),
  };
}

/**
 * Every target's live config (the version config_targets points at), each checked against its
 * schema: one that fails carries `error` and is reported, never edited. Also the universe_id →
 * UNIVERSE_RULES target map and the SOP_TEMPLATE version history the rules need.
 *
 * @example
 * const live = await loadLiveConfigs(db);
 * invalidLiveConfigs(live).forEach((t) => console.warn(`${t.target_type} ${t.target_id}: ${t.error}`));
 */
export async function loadLiveConfigs(db: Kysely<Database>): Promise<LiveConfigs> {
  const targets = await db
    .selectFrom('config_targets as t')
    .innerJoin('config_versions as v', 'v.config_version_id', 't.current_version_id')
    .select(['t.target_type', 't.target_id', 'v.config_version_id', 'v.version_no', 'v.config_json'])
    .orderBy('t.target_type')
    .orderBy('t.target_id')
    .execute();
  const universes = await db
    .selectFrom('universe_snapshots as s')
    .leftJoin('config_versions as v', (join) => join.onRef('v.config_version_id', '=', 's.config_version_id').on('v.target_type', '=', 'UNIVERSE_RULES'))
    .select(['s.universe_id', 's.name', 'v.target_id'])
    .distinct()
    .execute();
  const sopVersions = await db
    .selectFrom('config_versions')
    .select(['target_type', 'target_id', 'config_version_id', 'version_no', 'config_json'])
    .where('target_type', '=', 'SOP_TEMPLATE')
    .execute();
  const universeRules = new Set(targets.filter((t) => t.target_type === 'UNIVERSE_RULES').map((t) => t.target_id));
  const universeTargets: Record<string, string> = {};
  for (const u of universes) {
    const target = u.target_id ?? (universeRules.has(u.name) ? u.name : undefined);
    if (target) universeTargets[u.universe_id] = target;
  }
  return {
    targets: targets.map(rowToLive),
    universe_targets: universeTargets,
    history: Object.fromEntries(sopVersions.map((v) => [v.config_version_id, rowToLive(v)])),
  };
}

/** Locks a target's pointer row for the rest of the transaction (concurrent writers queue behind it). */
async function lockTarget(trx: Transaction<Database>, targetType: string, targetId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('config_targets')
    .select('current_version_id')
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .forUpdate()
    .executeTakeFirst();
  return row?.current_version_id ?? null;
}

async function lockProposal(trx: Transaction<Database>, proposalId: string): Promise<ProposalRow> {
  const row = await trx.selectFrom('meta_controller_config_proposals').selectAll().where('proposal_id', '=', proposalId).forUpdate().executeTakeFirst();
  if (!row) throw new ProposalNotFoundError(proposalId);
  return row;
}

async function loggedChange(trx: Transaction<Database>, proposalId: string, action: Action) {
  return trx.selectFrom('config_change_log').selectAll().where('change_id', '=', changeId(proposalId, action)).executeTakeFirst();
}

/** Thrown inside a transaction to roll it back when another writer created the target first. */
class TargetTaken extends Error {}

/**
 * Writes a new version of a target and moves its pointer from `expected` (null: the target must
 * not exist yet), logging the change. The caller holds the target's lock and has compared.
 */
async function writeVersion(
  trx: Transaction<Database>,
  p: ProposalRow,
  action: Action,
  expected: string | null,
  configJson: unknown,
  who: ChangeActor,
): Promise<string> {
  const newId = versionId(p.proposal_id, action);
  const { next } = await trx
    .selectFrom('config_versions')
    .select(sql<number>`coalesce(max(version_no), 0) + 1`.as('next'))
    .where('target_type', '=', p.target_type)
    .where('target_id', '=', p.target_id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('config_versions')
    .values({
      config_version_id: newId,
      target_type: p.target_type,
      target_id: p.target_id,
      version_no: next,
      config_json: jsonb(configJson),
      created_by: who.actor,
      proposal_id: p.proposal_id,
      parent_version_id: expected,
    })
    .execute();
  if (expected === null) {
    const created = await trx
      .insertInto('config_targets')
      .values({ target_type: p.target_type, target_id: p.target_id, current_version_id: newId })
      .onConflict((oc) => oc.doNothing())
      .returning('current_version_id')
      .executeTakeFirst();
    if (!created) throw new TargetTaken();
  } else {
    await trx
      .updateTable('config_targets')
      .set({ current_version_id: newId, updated_at: sql`now()` })
      .where('target_type', '=', p.target_type)
      .where('target_id', '=', p.target_id)
      .where('current_version_id', '=', expected)
      .executeTakeFirstOrThrow();
  }
  await trx
    .insertInto('config_change_log')
    .values({
      change_id: changeId(p.proposal_id, action),
      target_type: p.target_type,
      target_id: p.target_id,
      from_version_id: expected,
      to_version_id: newId,
      action,
      proposal_id: p.proposal_id,
      actor: who.actor,
      actor_type: who.actorType,
      reason: who.reason,
    })
    .execute();
  return newId;
}

/** Marks a locked, still open proposal CONFLICT (and nothing else), with an audit event. */
async function conflictIn(trx: Transaction<Database>, p: ProposalRow, reason: string, detail: Record<string, unknown>): Promise<ApplyResult> {
  if (!canMoveStatus(p.status, 'CONFLICT')) return settled(p);
  await trx
    .updateTable('meta_controller_config_proposals')
    .set({ status: 'CONFLICT', decision_reason: reason, updated_at: sql`now()` })
    .where('proposal_id', '=', p.proposal_id)
    .execute();
  await recordProposalEvent(trx, p.proposal_id, 'CONFLICT', { detail: { reason, ...detail } });
  return { outcome: 'CONFLICT', proposalId: p.proposal_id, status: 'CONFLICT', fromVersionId: null, toVersionId: null, reason };
}

/** The result for a proposal that was decided before this call. */
function settled(p: ProposalRow, log?: { from_version_id: string | null; to_version_id: string }): ApplyResult {
  const versions = { fromVersionId: log?.from_version_id ?? null, toVersionId: log?.to_version_id ?? null };
  if (p.status === 'APPLIED' || p.status === 'REVERTED') {
    return { outcome: 'ALREADY_APPLIED', proposalId: p.proposal_id, status: p.status, ...versions, reason: 'the proposal was applied before' };
  }
  if (p.status === 'CONFLICT') {
    return {
      outcome: 'CONFLICT',
      proposalId: p.proposal_id,
      status: p.status,
      ...versions,
      reason: p.decision_reason ?? 'the live config changed since the proposal',
    };
  }
  return { outcome: 'REFUSED', proposalId: p.proposal_id, status: p.status, ...versions, reason: `a ${p.status} proposal is not applied` };
}

/**
 * Applies a proposal in one transaction: locks the proposal and its target, compares the target's
 * live version with the proposal's snapshot, and on a match writes the proposed config as a new
 * version, moves the target, logs an APPLY row and marks the proposal APPLIED (applied_at,
 * applied_by). On a mismatch the proposal becomes CONFLICT and nothing else changes. A second call
 * returns ALREADY_APPLIED (or the same CONFLICT) and writes nothing. Only PENDING or APPROVED
 * proposals are applied; others are REFUSED. An EXPERIMENT whose target does not exist yet creates
 * it (its snapshot has no version); applying a REVERT proposal also marks the proposal it undoes REVERTED.
 *
 * @example
 * const result = await applyProposal(db, id, { actor: 'alice', actorType: 'HUMAN', reason: 'approved' });
 * if (result.outcome === 'CONFLICT') console.log(result.reason);
 */
export async function applyProposal(db: Kysely<Database>, proposalId: string, who: ChangeActor): Promise<ApplyResult> {
  try {
    return await db.transaction().execute(async (trx): Promise<ApplyResult> => {
      const p = await lockProposal(trx, proposalId);
      const log = await loggedChange(trx, proposalId, 'APPLY');
      if (log || !canMoveStatus(p.status, 'APPLIED')) return settled(p, log);
      const valid = validateConfig(p.target_type, p.proposed_config_json);
      if (!valid.ok) return { ...settled(p), outcome: 'REFUSED', reason: `the proposed config does not validate: ${valid.error}` };
      const expected = proposalSnapshot(p).config_version_id;
      const actual = await lockTarget(trx, p.target_type, p.target_id);
      if (actual !== expected) {
        const reason = `the live ${p.target_type} ${p.target_id} is version ${actual ?? 'none'}, not ${expected ?? 'none'} the proposal was made from`;
        return conflictIn(trx, p, reason, { expected, actual });
      }
      const toVersionId = await writeVersion(trx, p, 'APPLY', expected, p.proposed_config_json, who);
      await trx
        .updateTable('meta_controller_config_proposals')
        .set({
          status: 'APPLIED',
          applied_at: sql`now()`,
          applied_by: who.actorType,
          decided_by: sql`coalesce(decided_by, ${who.actor})`,
          decision_reason: sql`coalesce(decision_reason, ${who.reason})`,
          decided_at: sql`coalesce(decided_at, now())`,
          updated_at: sql`now()`,
        })
        .where('proposal_id', '=', proposalId)
        .execute();
      await recordProposalEvent(trx, proposalId, 'APPLIED', {
        actor: who.actor,
        detail: { actor_type: who.actorType, reason: who.reason, from_version_id: expected, to_version_id: toVersionId },
      });
      await markUndoneProposal(trx, p, who);
      return { outcome: 'APPLIED', proposalId, status: 'APPLIED', fromVersionId: expected, toVersionId, reason: who.reason };
    });
  } catch (err) {
    if (!(err instanceof TargetTaken) && (err as { code?: string }).code !== '23505') throw err;
    // Another writer created the target (or a version number) first: the snapshot is stale, or a duplicate attempt won.
    return db.transaction().execute(async (trx) => {
      const p = await lockProposal(trx, proposalId);
      return conflictIn(trx, p, `the live ${p.target_type} ${p.target_id} was created or changed while applying`, {});
    });
  }
}

/** A REVERT proposal undoes another one: once applied, that one is REVERTED too. */
async function markUndoneProposal(trx: Transaction<Database>, p: ProposalRow, who: ChangeActor): Promise<void> {
  const undone = (p.evidence_json as { reverts_proposal_id?: unknown } | null)?.reverts_proposal_id;
  if (p.kind !== 'REVERT' || typeof undone !== 'string') return;
  const updated = await trx
    .updateTable('meta_controller_config_proposals')
    .set({ status: 'REVERTED', updated_at: sql`now()` })
    .where('proposal_id', '=', undone)
    .where('status', 'in', statusesBefore('REVERTED'))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) {
    await recordProposalEvent(trx, undone, 'REVERTED', {
      actor: who.actor,
      detail: { by_proposal_id: p.proposal_id, actor_type: who.actorType, reason: who.reason },
    });
  }
}

/**
 * Reverts an applied proposal: writes the snapshot's config_json back as a NEW version (history is
 * never rewritten), logs a REVERT row and marks the proposal REVERTED, all in one transaction and
 * only if the target still runs the version the apply created. Someone else changed it since →
 * CONFLICT and nothing is written. A second revert returns ALREADY_REVERTED.
 *
 * @example
 * await revertProposal(db, id, { actor: 'bob', actorType: 'HUMAN', reason: 'drawdown after the change' });
 */
export async function revertProposal(db: Kysely<Database>, proposalId: string, who: ChangeActor): Promise<RevertResult> {
  return db.transaction().execute(async (trx): Promise<RevertResult> => {
    const p = await lockProposal(trx, proposalId);
    const base = { proposalId, status: p.status, fromVersionId: null, toVersionId: null };
    const reverted = await loggedChange(trx, proposalId, 'REVERT');
    if (reverted || p.status === 'REVERTED') {
      return {
        ...base,
        outcome: 'ALREADY_REVERTED',
        fromVersionId: reverted?.from_version_id ?? null,
        toVersionId: reverted?.to_version_id ?? null,
        reason: 'the proposal was reverted before',
      };
    }
    const applied = await loggedChange(trx, proposalId, 'APPLY');
    if (!canMoveStatus(p.status, 'REVERTED') || !applied)
      return { ...base, outcome: 'REFUSED', reason: `only an applied proposal can be reverted; this one is ${p.status}` };
    const snapshot = proposalSnapshot(p);
    if (snapshot.config_version_id === null)
      return { ...base, outcome: 'REFUSED', reason: 'the target did not exist before this proposal, so there is no config to restore' };
    const actual = await lockTarget(trx, p.target_type, p.target_id);
    if (actual !== applied.to_version_id) {
      return {
        ...base,
        outcome: 'CONFLICT',
        reason: `the live ${p.target_type} ${p.target_id} is version ${actual ?? 'none'}, changed since the apply created ${applied.to_version_id}`,
      };
    }
    const toVersionId = await writeVersion(trx, p, 'REVERT', applied.to_version_id, snapshot.config_json, who);
    await trx
      .updateTable('meta_controller_config_proposals')
      .set({ status: 'REVERTED', updated_at: sql`now()` })
      .where('proposal_id', '=', proposalId)
      .execute();
    await recordProposalEvent(trx, proposalId, 'REVERTED', {
      actor: who.actor,
      detail: { actor_type: who.actorType, reason: who.reason, from_version_id: applied.to_version_id, to_version_id: toVersionId },
    });
    return { outcome: 'REVERTED', proposalId, status: 'REVERTED', fromVersionId: applied.to_version_id, toVersionId, reason: who.reason };
  });
}
