import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyProposal, loadLiveConfigs, revertProposal } from '../../../src/db/repositories/config-store.js';
import { getProposal, listProposals, recordProposalEvent, setProposalStatus, storeProposals } from '../../../src/db/repositories/proposals.js';
import { autoApplyFacts } from '../../../src/db/repositories/verifications.js';
import { InvalidProposalError, ProposalNotFoundError } from '../../../src/proposals/errors.js';
import { generateProposals } from '../../../src/proposals/generate.js';
import { diagnostics, finding, STRATEGY, testPolicy } from '../../unit/proposals/fixtures.js';
import { countRows, createRun, databasePerFile, propose, putConfig } from './support.js';

const testDb = databasePerFile();
const crisis = finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'momentum', regime_label: 'CRISIS' });
const lowScores = (threshold: number) => finding('LOW_SCORE_LOSES', { strategy_id: 'momentum' }, { extra: { score_threshold: threshold } });

async function draftsFor(runId: string, findings = [crisis]) {
  await createRun(testDb.db, runId);
  return generateProposals(diagnostics(findings), await loadLiveConfigs(testDb.db), testPolicy(), { runId, now: new Date() });
}

test('storing the same drafts twice creates no duplicates', async () => {
  const drafts = await draftsFor('run-1', [crisis, lowScores(0.6)]);
  const first = await storeProposals(testDb.db, 'run-1', drafts);
  assert.equal(first.created.length, 2);
  const again = await storeProposals(testDb.db, 'run-1', drafts);
  assert.deepEqual(again, { created: [], existing: first.created, superseded: [] });
  assert.equal(await countRows(testDb.db, 'meta_controller_config_proposals'), 2);
  const stored = await getProposal(testDb.db, first.created[0]);
  assert.equal(stored?.status, 'PENDING');
  assert.equal(stored?.analysis_run_id, 'run-1');
  assert.equal(stored?.change_key, drafts.find((d) => d.dedupe_key === stored?.dedupe_key)?.change_key);
  assert.deepEqual(stored?.diff_json, drafts.find((d) => d.dedupe_key === stored?.dedupe_key)?.diff_json);
});

test('a later run proposing the same change keeps the open proposal', async () => {
  const [first] = await propose(testDb.db, 'run-1', [crisis]);
  const drafts = await draftsFor('run-2');
  assert.deepEqual(await storeProposals(testDb.db, 'run-2', drafts), { created: [], existing: [first], superseded: [] });
});

test('a different change to the same field supersedes the open proposal; other fields stay open', async () => {
  const [regime, oldThreshold] = await propose(testDb.db, 'run-1', [crisis, lowScores(0.55)]).then(async (ids) => {
    const rows = await Promise.all(ids.map((id) => getProposal(testDb.db, id)));
    return [rows.find((r) => r?.kind === 'REGIME_FILTER')?.proposal_id, rows.find((r) => r?.kind === 'ENTRY_THRESHOLD')?.proposal_id] as string[];
  });
  const stored = await storeProposals(testDb.db, 'run-2', await draftsFor('run-2', [crisis, lowScores(0.6)]));
  assert.equal(stored.created.length, 1);
  assert.deepEqual(stored.existing, [regime]);
  assert.deepEqual(stored.superseded, [oldThreshold]);
  const old = await getProposal(testDb.db, oldThreshold);
  assert.equal(old?.status, 'SUPERSEDED');
  assert.equal(old?.decision_reason, `superseded by ${stored.created[0]}`);
  assert.equal((await getProposal(testDb.db, regime))?.status, 'PENDING');
  const events = await testDb.db.selectFrom('meta_proposal_events').selectAll().where('proposal_id', '=', oldThreshold).execute();
  assert.deepEqual(
    events.map((e) => e.kind),
    ['SUPERSEDED'],
  );
});

test('a draft whose proposed config fails its schema is never stored', async () => {
  const [draft] = await draftsFor('run-1');
  const broken = { ...draft, proposed_config_json: { ...draft.proposed_config_json, entry_threshold: 3 } };
  await assert.rejects(
    storeProposals(testDb.db, 'run-1', [broken]),
    (err: Error) => err instanceof InvalidProposalError && /entry_threshold: Too big/.test(err.message),
  );
  assert.equal(await countRows(testDb.db, 'meta_controller_config_proposals'), 0);
});

test('status moves forward only, idempotently, with who and why recorded', async () => {
  const [id] = await propose(testDb.db, 'run-1', [crisis]);
  assert.deepEqual(await setProposalStatus(testDb.db, id, 'APPROVED', { by: 'alice', reason: 'looks right' }), { changed: true, status: 'APPROVED' });
  assert.deepEqual(await setProposalStatus(testDb.db, id, 'APPROVED', { by: 'alice', reason: 'again' }), { changed: false, status: 'APPROVED' });
  const row = await getProposal(testDb.db, id);
  assert.equal(row?.decided_by, 'alice');
  assert.equal(row?.decision_reason, 'looks right');
  await applyProposal(testDb.db, id, { actor: 'alice', actorType: 'HUMAN', reason: 'approved' });
  assert.deepEqual(await setProposalStatus(testDb.db, id, 'REJECTED', { by: 'bob', reason: 'late' }), {
    changed: false,
    status: 'APPLIED',
    refused: 'the proposal is already APPLIED',
  });
  await assert.rejects(setProposalStatus(testDb.db, id, 'APPLIED', { by: 'bob', reason: '' }), /set by applying or reverting/);
  await assert.rejects(setProposalStatus(testDb.db, 'nope', 'REJECTED', { by: 'bob', reason: '' }), ProposalNotFoundError);
  await recordProposalEvent(testDb.db, id, 'REFUSED', { actor: 'mallory', detail: { action: 'approve', reason: 'not an approver' } });
  const kinds = await testDb.db.selectFrom('meta_proposal_events').select('kind').where('proposal_id', '=', id).orderBy('event_id').execute();
  assert.deepEqual(
    kinds.map((k) => k.kind),
    ['APPROVED', 'APPLIED', 'REFUSED'],
  );
});

test('listProposals filters by status, target and limit', async () => {
  await propose(testDb.db, 'run-1', [crisis, lowScores(0.6)]);
  await putConfig(testDb.db, 'STRATEGY_CONFIG', 'meanrev', STRATEGY);
  await propose(testDb.db, 'run-2', [finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 'meanrev', regime_label: 'CRISIS' })]);
  assert.equal((await listProposals(testDb.db, { status: 'PENDING' })).length, 3);
  assert.equal((await listProposals(testDb.db, { targetType: 'STRATEGY_CONFIG', targetId: 'meanrev' })).length, 1);
  assert.equal((await listProposals(testDb.db, { status: ['APPLIED', 'REJECTED'] })).length, 0);
  assert.equal((await listProposals(testDb.db, { limit: 2 })).length, 2);
  assert.equal((await listProposals(testDb.db, { kind: 'ENTRY_THRESHOLD' })).length, 1);
});

test('a change reverted before is recognised when proposed again from another base', async () => {
  const [id] = await propose(testDb.db, 'run-1', [crisis]);
  await applyProposal(testDb.db, id, { actor: 'kronos', actorType: 'AUTO', reason: 'window ended' });
  await revertProposal(testDb.db, id, { actor: 'bob', actorType: 'HUMAN', reason: 'hurt the strategy' });
  const [again] = await propose(testDb.db, 'run-2', [crisis]);
  assert.notEqual(again, id);
  const facts = await autoApplyFacts(testDb.db, again);
  assert.equal(facts.revertedBefore, true);
  assert.deepEqual(facts.trackRecord, { verified: 0, improved: 0, hit_rate: null });
  assert.equal(facts.severity, null);
  assert.equal((await autoApplyFacts(testDb.db, id)).revertedBefore, false);
});

test('an approved proposal, not yet applied, is not proposed again', async () => {
  const [id] = await propose(testDb.db, 'run-1', [crisis]);
  await setProposalStatus(testDb.db, id, 'APPROVED', { by: 'alice', reason: 'ok' });
  const stored = await storeProposals(testDb.db, 'run-2', await draftsFor('run-2'));
  assert.deepEqual(stored, { created: [], existing: [id], superseded: [] });
});
