/** GET /calibration on the real API and PostgreSQL: verified proposals' confidences against their verdicts. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { type ApiTestBed, startApiTestBed } from '../../support/api-fixture.js';
import { insertProposal } from '../../support/proposal-fixture.js';

let bed: ApiTestBed;

before(async () => {
  bed = await startApiTestBed('api-calibration');
});

after(async () => {
  await bed?.close();
});

test('before any verdict the table is empty; then each verdict counts in its decile and its kind, unverifiable ones not at all', async () => {
  const empty = await bed.call('GET', '/calibration', { as: 'carol' });
  assert.equal(empty.status, 200, JSON.stringify(empty.body));
  assert.equal(empty.body.overall.score, null);
  assert.equal(empty.body.overall.bins.length, 10);
  const db = bed.database.db;
  const verified = [
    { id: 'c-1', kind: 'REGIME_FILTER', confidence: 0.92, outcome: 'IMPROVED' },
    { id: 'c-2', kind: 'REGIME_FILTER', confidence: 0.95, outcome: 'IMPROVED' },
    { id: 'c-3', kind: 'REGIME_FILTER', confidence: 0.91, outcome: 'WORSE' },
    { id: 'c-4', kind: 'RISK_BUDGET', confidence: 0.35, outcome: 'NO_CHANGE' },
    { id: 'c-5', kind: 'RISK_BUDGET', confidence: 0.33, outcome: 'INSUFFICIENT_DATA' },
  ];
  for (const v of verified) {
    await insertProposal(db, { proposal_id: v.id, dedupe_key: v.id, kind: v.kind, confidence: v.confidence, status: 'APPLIED' });
    await db
      .insertInto('meta_verifications')
      .values({ proposal_id: v.id, kind: v.kind, predicted_json: '{}', realised_json: '{}', outcome: v.outcome })
      .execute();
  }
  const res = await bed.call('GET', '/calibration', { as: 'carol' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const { overall, by_kind: byKind } = res.body;
  assert.equal(overall.score.n, 4, 'INSUFFICIENT_DATA is no verdict');
  assert.equal(overall.bins[9].n, 3);
  assert.ok(Math.abs(overall.bins[9].realised_share - 2 / 3) < 1e-12);
  assert.equal(overall.bins[3].n, 1);
  assert.equal(overall.bins[3].realised_share, 0);
  const brier = ((0.92 - 1) ** 2 + (0.95 - 1) ** 2 + 0.91 ** 2 + 0.35 ** 2) / 4;
  assert.ok(Math.abs(overall.score.brier - brier) < 1e-12);
  assert.deepEqual(Object.keys(byKind), ['REGIME_FILTER', 'RISK_BUDGET']);
  assert.equal(byKind.RISK_BUDGET.score.n, 1);
  assert.equal((await bed.call('GET', '/calibration')).status, 401);
  const cli = await promisify(execFile)(process.execPath, ['bin/kronos.js', 'calibration', '--database-url', bed.database.url]);
  assert.match(cli.stdout, /0\.9–1\.0 +│? *3 +│? *0\.927 +│? *0\.667/);
  assert.match(cli.stdout, new RegExp(`Brier ${brier.toFixed(4)} `));
});
