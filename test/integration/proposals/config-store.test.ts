import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createDb } from '../../../src/db/connection.js';
import { applyProposal, loadLiveConfigs, revertProposal } from '../../../src/db/repositories/config-store.js';
import { getProposal } from '../../../src/db/repositories/proposals.js';
import { invalidLiveConfigs } from '../../../src/proposals/live-configs.js';
import { finding, STRATEGY } from '../../unit/proposals/fixtures.js';
import { countRows, databasePerFile, liveConfigOf, propose, putConfig, resetTables } from './support.js';

const testDb = databasePerFile();

/** A second pool on the same database, already connected, so concurrent calls really overlap. */
async function secondConnection() {
  const other = createDb(testDb.url, { onError: () => undefined });
  await sql`SELECT 1`.execute(other);
  await sql`SELECT 1`.execute(testDb.db);
  return other;
}
const human = { actor: 'alice', actorType: 'HUMAN' as const, reason: 'reviewed the evidence' };
const crisis = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'CRISIS' });
const lowScores = finding('LOW_SCORE_LOSES', { strategy_id: 'momentum' }, { extra: { score_threshold: 0.6 } });

test('apply: a new immutable version, the target moved, one change-log row, the proposal APPLIED; again: nothing changes', async () => {
  const { db } = testDb;
  const [id] = await propose(db, 'run-1', [crisis]);
  const first = await applyProposal(db, id, human);
  assert.equal(first.outcome, 'APPLIED');
  assert.equal(first.fromVersionId, 'cv-STRATEGY_CONFIG-momentum-1');
  const version = await db
    .selectFrom('config_versions')
    .selectAll()
    .where('config_version_id', '=', first.toVersionId as string)
    .executeTakeFirstOrThrow();
  assert.equal(version.version_no, 2);
  assert.equal(version.proposal_id, id);
  assert.equal(version.parent_version_id, 'cv-STRATEGY_CONFIG-momentum-1');
  assert.equal(version.created_by, 'alice');
  assert.deepEqual(version.config_json, { ...STRATEGY, blocked_regimes: ['CRISIS'] });
  assert.equal((await liveConfigOf(db, 'STRATEGY_CONFIG', 'momentum')).id, first.toVersionId);
  const proposal = await getProposal(db, id);
  assert.equal(proposal?.status, 'APPLIED');
  assert.equal(proposal?.applied_by, 'HUMAN');
  assert.ok(proposal?.applied_at instanceof Date);

  const second = await applyProposal(db, id, { ...human, actor: 'bob' });
  assert.equal(second.outcome, 'ALREADY_APPLIED');
  assert.equal(second.toVersionId, first.toVersionId);
  assert.equal(await countRows(db, 'config_change_log'), 1);
  assert.equal(await countRows(db, 'config_versions'), 2);
  const log = await db.selectFrom('config_change_log').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual(
    { action: log.action, proposal_id: log.proposal_id, actor: log.actor, actor_type: log.actor_type, from: log.from_version_id, to: log.to_version_id },
    { action: 'APPLY', proposal_id: id, actor: 'alice', actor_type: 'HUMAN', from: first.fromVersionId, to: first.toVersionId },
  );
});

test('two concurrent applies to one target from two connections: exactly one APPLIED, one CONFLICT, no lost update', async () => {
  const other = await secondConnection();
  try {
    for (let round = 0; round < 4; round += 1) {
      await resetTables(testDb.db);
      await putConfig(testDb.db, 'STRATEGY_CONFIG', 'momentum', STRATEGY);
      const [a, b] = [...(await propose(testDb.db, `run-${round}`, [crisis, lowScores]))];
      const results = await Promise.all([applyProposal(testDb.db, a, human), applyProposal(other, b, { ...human, actor: 'bob' })]);
      const outcomes = results.map((r) => r.outcome).sort();
      assert.deepEqual(outcomes, ['APPLIED', 'CONFLICT'], `round ${round}`);
      const winner = results.find((r) => r.outcome === 'APPLIED');
      const loser = results.find((r) => r.outcome === 'CONFLICT');
      const live = await liveConfigOf(testDb.db, 'STRATEGY_CONFIG', 'momentum');
      assert.equal(live.id, winner?.toVersionId);
      assert.equal(await countRows(testDb.db, 'config_versions'), 2);
      assert.equal(await countRows(testDb.db, 'config_change_log'), 1);
      assert.equal((await getProposal(testDb.db, loser?.proposalId as string))?.status, 'CONFLICT');
    }
  } finally {
    await other.destroy();
  }
});

test('the same proposal applied concurrently from two connections is applied once', async () => {
  const other = await secondConnection();
  try {
    const [id] = await propose(testDb.db, 'run-1', [crisis]);
    const results = await Promise.all([applyProposal(testDb.db, id, human), applyProposal(other, id, human)]);
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['ALREADY_APPLIED', 'APPLIED']);
    assert.equal(await countRows(testDb.db, 'config_change_log'), 1);
    assert.equal(await countRows(testDb.db, 'config_versions'), 2);
  } finally {
    await other.destroy();
  }
});

test('a hand change between proposal and apply: CONFLICT, and the hand change is never overwritten', async () => {
  const { db } = testDb;
  const [id] = await propose(db, 'run-1', [crisis]);
  const handConfig = { ...STRATEGY, max_position_notional: 100_000 };
  const handVersion = await putConfig(db, 'STRATEGY_CONFIG', 'momentum', handConfig, 'carol');
  const result = await applyProposal(db, id, human);
  assert.equal(result.outcome, 'CONFLICT');
  assert.match(result.reason, /is version cv-STRATEGY_CONFIG-momentum-2, not cv-STRATEGY_CONFIG-momentum-1/);
  assert.deepEqual(await liveConfigOf(db, 'STRATEGY_CONFIG', 'momentum'), { id: handVersion, config: handConfig });
  assert.equal(await countRows(db, 'config_versions'), 2);
  assert.equal(await countRows(db, 'config_change_log'), 0);
  assert.equal((await getProposal(db, id))?.status, 'CONFLICT');
  assert.equal((await applyProposal(db, id, human)).outcome, 'CONFLICT');
});

test('revert restores the snapshot exactly as a new version; a second revert is a no-op', async () => {
  const { db } = testDb;
  const [id] = await propose(db, 'run-1', [lowScores]);
  const applied = await applyProposal(db, id, { actor: 'kronos', actorType: 'AUTO', reason: 'review window ended' });
  const reverted = await revertProposal(db, id, { actor: 'bob', actorType: 'HUMAN', reason: 'too few trades' });
  assert.equal(reverted.outcome, 'REVERTED');
  assert.equal(reverted.fromVersionId, applied.toVersionId);
  const live = await liveConfigOf(db, 'STRATEGY_CONFIG', 'momentum');
  assert.equal(live.id, reverted.toVersionId);
  assert.deepEqual(live.config, STRATEGY);
  const versions = await db.selectFrom('config_versions').select(['version_no', 'parent_version_id']).orderBy('version_no').execute();
  assert.deepEqual(
    versions.map((v) => v.version_no),
    [1, 2, 3],
  );
  assert.equal(versions[2].parent_version_id, applied.toVersionId);
  assert.equal((await getProposal(db, id))?.status, 'REVERTED');

  assert.equal((await revertProposal(db, id, { actor: 'bob', actorType: 'HUMAN', reason: 'again' })).outcome, 'ALREADY_REVERTED');
  assert.equal(await countRows(db, 'config_versions'), 3);
  const actions = await db.selectFrom('config_change_log').select('action').orderBy('changed_at').execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['APPLY', 'REVERT'],
  );
});

test('a revert after someone else changed the config is a CONFLICT and writes nothing', async () => {
  const { db } = testDb;
  const [id] = await propose(db, 'run-1', [lowScores]);
  await applyProposal(db, id, human);
  const handConfig = { ...STRATEGY, entry_threshold: 0.7 };
  const handVersion = await putConfig(db, 'STRATEGY_CONFIG', 'momentum', handConfig, 'carol');
  const versions = await countRows(db, 'config_versions');
  const result = await revertProposal(db, id, human);
  assert.equal(result.outcome, 'CONFLICT');
  assert.deepEqual(await liveConfigOf(db, 'STRATEGY_CONFIG', 'momentum'), { id: handVersion, config: handConfig });
  assert.equal(await countRows(db, 'config_versions'), versions);
  assert.equal(await countRows(db, 'config_change_log'), 1);
  assert.equal((await getProposal(db, id))?.status, 'APPLIED');
});

test('only applied proposals revert; rejected ones are not applied', async () => {
  const { db } = testDb;
  const [id] = await propose(db, 'run-1', [crisis]);
  assert.equal((await revertProposal(db, id, human)).outcome, 'REFUSED');
  await db.updateTable('meta_controller_config_proposals').set({ status: 'REJECTED' }).where('proposal_id', '=', id).execute();
  const result = await applyProposal(db, id, human);
  assert.equal(result.outcome, 'REFUSED');
  assert.equal(await countRows(db, 'config_versions'), 1);
});

test('an EXPERIMENT creates its target; one whose target appeared meanwhile conflicts', async () => {
  const { db } = testDb;
  const knob = finding('KNOB_MATTERS', { strategy_id: 'momentum', knob: 'lookback_days' }, { observational: true, extra: { best_level: 40 } });
  const [id] = await propose(db, 'run-1', [knob]);
  const applied = await applyProposal(db, id, human);
  assert.equal(applied.outcome, 'APPLIED');
  assert.equal(applied.fromVersionId, null);
  const experiment = await liveConfigOf(db, 'EXPERIMENT', 'momentum');
  assert.equal((experiment.config as { kind: string }).kind, 'BACKTEST');
  assert.equal((await revertProposal(db, id, human)).outcome, 'REFUSED');

  const [late] = await propose(db, 'run-2', [{ ...knob, subject: { strategy_id: 'meanrev', knob: 'lookback_days' } }]);
  await putConfig(db, 'EXPERIMENT', 'meanrev', { kind: 'PAPER_TRADE', config_overrides: {}, period_days: 30, hypothesis: 'by hand' });
  assert.equal((await applyProposal(db, late, human)).outcome, 'CONFLICT');
});

test('two experiments racing to create the same target from two connections: one APPLIED, one CONFLICT', async () => {
  const other = await secondConnection();
  try {
    const knob = finding('KNOB_MATTERS', { strategy_id: 'momentum', knob: 'lookback_days' }, { observational: true, extra: { best_level: 40 } });
    const [a] = await propose(testDb.db, 'run-1', [knob]);
    const [b] = await propose(testDb.db, 'run-2', [{ ...knob, extra: { best_level: 60 } }]);
    // b superseded a; approve a as if its approval had landed first, so both are open.
    await testDb.db.updateTable('meta_controller_config_proposals').set({ status: 'APPROVED' }).where('proposal_id', '=', a).execute();
    const results = await Promise.all([applyProposal(testDb.db, a, human), applyProposal(other, b, human)]);
    assert.deepEqual(results.map((r) => r.outcome).sort(), ['APPLIED', 'CONFLICT']);
    assert.equal((await liveConfigOf(testDb.db, 'EXPERIMENT', 'momentum')).id, results.find((r) => r.outcome === 'APPLIED')?.toVersionId);
    assert.equal(await countRows(testDb.db, 'config_change_log'), 1);
  } finally {
    await other.destroy();
  }
});

test('loadLiveConfigs reports a live config that fails its schema', async () => {
  const { db } = testDb;
  await putConfig(db, 'RISK_CONFIG', 'momentum', { strategy_budget_notional: -5, max_gross_exposure: 1, max_drawdown_stop: 0.1 });
  const live = await loadLiveConfigs(db);
  assert.equal(live.targets.length, 2);
  assert.deepEqual(
    invalidLiveConfigs(live).map((t) => [t.target_type, t.target_id, t.error]),
    [['RISK_CONFIG', 'momentum', 'RISK_CONFIG config: strategy_budget_notional: Too small: expected number to be >0']],
  );
});
