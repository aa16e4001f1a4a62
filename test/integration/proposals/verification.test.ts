import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { applyProposal } from '../../../src/db/repositories/config-store.js';
import { getProposal } from '../../../src/db/repositories/proposals.js';
import { trackRecord, verifyAppliedProposal } from '../../../src/db/repositories/verifications.js';
import type { Database } from '../../../src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { finding, STRATEGY, testPolicy } from '../../unit/proposals/fixtures.js';
import { insertTrades, liveConfigOf, propose, putConfig } from './support.js';

let testDb: TestDatabase;
const DAY = 86_400_000;
const appliedAt = new Date('2025-02-01T00:00:00Z');
const auto = { actor: 'kronos', actorType: 'AUTO' as const, reason: 'review window ended' };

before(async () => {
  testDb = await createTestDatabase();
});
after(async () => {
  await testDb.drop();
});

/** Proposes and applies a threshold raise for a strategy, dated at `appliedAt`. */
async function appliedThreshold(strategyId: string): Promise<string> {
  await putConfig(testDb.db, 'STRATEGY_CONFIG', strategyId, STRATEGY);
  const [id] = await propose(testDb.db, `run-${strategyId}`, [finding('LOW_SCORE_LOSES', { strategy_id: strategyId }, { extra: { score_threshold: 0.6 } })]);
  assert.equal((await applyProposal(testDb.db, id, auto)).outcome, 'APPLIED');
  await testDb.db.updateTable('meta_controller_config_proposals').set({ applied_at: appliedAt }).where('proposal_id', '=', id).execute();
  return id;
}

test('a change that made things worse is verified WORSE as soon as the sequential test crosses, before its period ends, and gets a revert proposal', async () => {
  const { db } = testDb;
  const id = await appliedThreshold('worse');
  await insertTrades(db, 'worse', new Date(appliedAt.getTime() - 14 * DAY), 14, 0.002, 60);
  await insertTrades(db, 'worse', appliedAt, 14, -0.003, 60);
  const early = await verifyAppliedProposal(db, id, { asOf: new Date(appliedAt.getTime() + 3 * DAY), policy: testPolicy() });
  assert.equal(early.outcome, 'NOT_DUE', 'three days are fewer than the first look needs');
  assert.equal(early.dueAt, '2025-02-15T00:00:00.000Z');

  const verdict = await verifyAppliedProposal(db, id, { asOf: new Date(appliedAt.getTime() + 7 * DAY), policy: testPolicy() });
  assert.equal(verdict.outcome, 'WORSE');
  assert.match(verdict.reason, /concluded early/);
  assert.equal(verdict.realised?.early, true);
  assert.equal(verdict.realised?.before.n, 14, 'fourteen days before the apply');
  assert.ok((verdict.realised?.after.n ?? 0) <= 7, 'at most the seven days seen so far');
  assert.ok(Math.abs((verdict.realised?.delta ?? 0) + 0.005) < 0.001, `delta ${verdict.realised?.delta}`);
  assert.deepEqual(
    verdict.realised?.guardrails.map((g) => g.metric),
    ['daily_pnl', 'daily_exposure', 'error_rate'],
  );
  assert.ok(verdict.revertProposalId);
  const stored = await db.selectFrom('meta_verifications').selectAll().where('proposal_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(stored.outcome, 'WORSE');
  assert.equal(stored.revert_proposed, true);
  assert.equal(stored.kind, 'ENTRY_THRESHOLD');

  const revert = await getProposal(db, verdict.revertProposalId);
  assert.equal(revert?.kind, 'REVERT');
  assert.equal(revert?.status, 'PENDING');
  assert.deepEqual(revert?.proposed_config_json, STRATEGY);
  assert.equal(revert?.analysis_run_id, null);

  const again = await verifyAppliedProposal(db, id, { asOf: new Date(appliedAt.getTime() + 30 * DAY), policy: testPolicy() });
  assert.equal(again.outcome, 'WORSE');
  assert.equal(again.revertProposalId, verdict.revertProposalId);
  assert.equal((await db.selectFrom('meta_controller_config_proposals').select('proposal_id').where('kind', '=', 'REVERT').execute()).length, 1);

  assert.equal((await applyProposal(db, verdict.revertProposalId, { actor: 'alice', actorType: 'HUMAN', reason: 'verified worse' })).outcome, 'APPLIED');
  assert.deepEqual((await liveConfigOf(db, 'STRATEGY_CONFIG', 'worse')).config, STRATEGY);
  assert.equal((await getProposal(db, id))?.status, 'REVERTED');
});

test('improvements, inconclusive and too little data; the track record counts verdicts per kind', async () => {
  const { db } = testDb;
  const better = await appliedThreshold('better');
  await insertTrades(db, 'better', new Date(appliedAt.getTime() - 14 * DAY), 14, -0.001, 50);
  await insertTrades(db, 'better', appliedAt, 14, 0.003, 50);
  const flat = await appliedThreshold('flat');
  await insertTrades(db, 'flat', new Date(appliedAt.getTime() - 14 * DAY), 14, 0.001, 50);
  await insertTrades(db, 'flat', appliedAt, 14, 0.0011, 50);
  const thin = await appliedThreshold('thin');
  await insertTrades(db, 'thin', appliedAt, 14, 0.003, 5);
  const asOf = new Date(appliedAt.getTime() + 20 * DAY);
  assert.equal((await verifyAppliedProposal(db, better, { asOf, policy: testPolicy() })).outcome, 'IMPROVED');
  assert.equal((await verifyAppliedProposal(db, flat, { asOf, policy: testPolicy() })).outcome, 'INCONCLUSIVE');
  const insufficient = await verifyAppliedProposal(db, thin, { asOf, policy: testPolicy() });
  assert.equal(insufficient.outcome, 'INSUFFICIENT_DATA');
  assert.equal(insufficient.revertProposalId, null);
  // 'worse' from the previous test, 'better', 'flat': three verdicts, one improvement; 'thin' has no verdict.
  assert.deepEqual(await trackRecord(db, 'ENTRY_THRESHOLD'), { verified: 3, improved: 1, hit_rate: 1 / 3 });
  assert.deepEqual(await trackRecord(db, 'REGIME_FILTER'), { verified: 0, improved: 0, hit_rate: null });
});

test('only applied changes with something live to measure are verified', async () => {
  const { db } = testDb;
  await putConfig(db, 'STRATEGY_CONFIG', 'pending', STRATEGY);
  const [pending] = await propose(db, 'run-pending', [finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'pending', regime_label: 'CRISIS' })]);
  assert.equal((await verifyAppliedProposal(db, pending, { asOf: new Date(), policy: testPolicy() })).outcome, 'NOT_APPLICABLE');
  const [experiment] = await propose(db, 'run-exp', [finding('KNOBS_CONFOUNDED', { strategy_id: 'pending', knobs: 'a,b' }, { observational: true })]);
  await applyProposal(db, experiment, auto);
  const result = await verifyAppliedProposal(db, experiment, { asOf: new Date(Date.now() + 400 * DAY), policy: testPolicy() });
  assert.equal(result.outcome, 'NOT_APPLICABLE');
  assert.match(result.reason, /experiment/);
  await testDb.db.updateTable('meta_controller_config_proposals').set({ expected_impact_json: '{}' }).where('proposal_id', '=', experiment).execute();
  assert.match((await verifyAppliedProposal(db, experiment, { asOf: new Date(), policy: testPolicy() })).reason, /no measurable expected impact/);
});
