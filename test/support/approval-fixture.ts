/**
 * What an approval workflow test starts from: a live STRATEGY_CONFIG target (version 1, pointed at by
 * config_targets), a PENDING proposal computed against it, a policy rule with short windows, and the
 * workflow input built from them.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { impact } from '../../src/proposals/expected-impact.js';
import type { TargetPolicy } from '../../src/proposals/policy-rules.js';
import type { ApprovalInput } from '../../src/workflows/approval-messages.js';
import { insertProposal, LIVE_CONFIG } from './proposal-fixture.js';

export const APPROVERS = ['alice', 'bob'];

/** A rule allowing alice and bob, four-eyes on, auto-apply at confidence ≥ 0.6, with the given windows. */
export function testRule(overrides: Partial<TargetPolicy> = {}): TargetPolicy {
  return {
    auto_apply: true,
    min_confidence: 0.6,
    max_change_magnitude: 0.25,
    review_window: '1h',
    evaluation_period: '1h',
    approvers: APPROVERS,
    four_eyes: true,
    require_track_record: { min_verified: 0, min_hit_rate: 0.5 },
    black_swan: { review_window: '30m', max_auto_apply_severity: 2 },
    ...overrides,
  };
}

export interface PendingProposal {
  proposalId: string;
  targetId: string;
  /** The live version the proposal was computed against. */
  baseVersionId: string;
}

/**
 * A fresh target (its own id, so tests never share one) and a PENDING proposal raising its entry threshold.
 *
 * @example
 * const p = await pendingProposal(db, { confidence: 0.9 });
 */
export async function pendingProposal(
  db: Kysely<Database>,
  options: { confidence?: number; autoApplicable?: boolean; proposedBy?: string } = {},
): Promise<PendingProposal> {
  const targetId = `strat-${randomBytes(4).toString('hex')}`;
  const baseVersionId = `${targetId}-v1`;
  await db
    .insertInto('config_versions')
    .values({
      config_version_id: baseVersionId,
      target_type: 'STRATEGY_CONFIG',
      target_id: targetId,
      version_no: 1,
      config_json: JSON.stringify(LIVE_CONFIG),
      created_by: 'seed',
    })
    .execute();
  await db.insertInto('config_targets').values({ target_type: 'STRATEGY_CONFIG', target_id: targetId, current_version_id: baseVersionId }).execute();
  const proposalId = await insertProposal(db, {
    target_id: targetId,
    current_config_snapshot_json: JSON.stringify({ config_version_id: baseVersionId, version_no: 1, config_json: LIVE_CONFIG }),
    dedupe_key: `STRATEGY_CONFIG:${targetId}:entry_threshold:0.6`,
    change_key: `STRATEGY_CONFIG:${targetId}:entry_threshold:0.6`,
    kind: 'ENTRY_THRESHOLD',
    // Judged over two seconds before and after the apply, like the tests' evaluation periods.
    expected_impact_json: JSON.stringify(impact('mean_return', { strategy_id: [targetId] }, 'increase', '2s', 'fewer losing entries')),
    confidence: options.confidence ?? 0.8,
    auto_applicable: options.autoApplicable ?? true,
    proposed_by: options.proposedBy ?? 'kronos',
  });
  return { proposalId, targetId, baseVersionId };
}

/** The approval workflow's input for a fixture proposal. */
export function approvalInputFor(
  proposal: PendingProposal,
  rule: TargetPolicy,
  extra: Partial<ApprovalInput> & { confidence?: number; proposedBy?: string; autoApplicable?: boolean } = {},
): ApprovalInput {
  return {
    proposalId: proposal.proposalId,
    targetType: 'STRATEGY_CONFIG',
    targetId: proposal.targetId,
    confidence: 0.8,
    autoApplicable: true,
    proposedBy: 'kronos',
    rule,
    revertedBefore: false,
    trackRecord: { verified: 0, improved: 0, hit_rate: null },
    ...extra,
  };
}

/** The version config_targets points at now. */
export async function liveVersionId(db: Kysely<Database>, targetId: string): Promise<string> {
  const row = await db
    .selectFrom('config_targets')
    .select('current_version_id')
    .where('target_type', '=', 'STRATEGY_CONFIG')
    .where('target_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return row.current_version_id;
}

/** The config change log of a target, oldest first. */
export async function changeLog(db: Kysely<Database>, targetId: string) {
  return db.selectFrom('config_change_log').selectAll().where('target_id', '=', targetId).orderBy('changed_at').orderBy('change_id').execute();
}

/** Someone edits the config by hand (a new version, the pointer moved, a MANUAL log row), as the trading desk might. */
export async function changeByHand(db: Kysely<Database>, proposal: PendingProposal): Promise<string> {
  const versionId = `${proposal.targetId}-manual`;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('config_versions')
      .values({
        config_version_id: versionId,
        target_type: 'STRATEGY_CONFIG',
        target_id: proposal.targetId,
        version_no: 2,
        config_json: JSON.stringify({ ...LIVE_CONFIG, max_position_notional: 200_000 }),
        created_by: 'desk',
        parent_version_id: proposal.baseVersionId,
      })
      .execute();
    await tx.updateTable('config_targets').set({ current_version_id: versionId }).where('target_id', '=', proposal.targetId).execute();
    await tx
      .insertInto('config_change_log')
      .values({
        change_id: `${versionId}-log`,
        target_type: 'STRATEGY_CONFIG',
        target_id: proposal.targetId,
        from_version_id: proposal.baseVersionId,
        to_version_id: versionId,
        action: 'MANUAL',
        actor: 'desk',
        actor_type: 'HUMAN',
        reason: 'manual edit',
      })
      .execute();
  });
  return versionId;
}

/** The proposal's status in PostgreSQL. */
export async function dbStatus(db: Kysely<Database>, proposalId: string): Promise<string> {
  const row = await db.selectFrom('meta_controller_config_proposals').select('status').where('proposal_id', '=', proposalId).executeTakeFirstOrThrow();
  return row.status;
}

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`.
 *
 * @example
 * const status = await eventually(async () => ((await proposalStatus(client, id)).refusalCount > 0 ? true : undefined));
 */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
