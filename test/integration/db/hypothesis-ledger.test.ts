/**
 * The hypothesis ledger on the real PostgreSQL: a seeded history analysed on two windows a week apart,
 * each run's tested hypotheses stored once, and the later run's proposals charged for the earlier tries
 * (the earlier run does not see the later one).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { diagnose } from '../../../src/analysis/diagnose.js';
import type { DiagnosticsResult } from '../../../src/analysis/findings.js';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import { loadLiveConfigs } from '../../../src/db/repositories/config-store.js';
import { earlierHypothesisTests, recordHypothesisTests } from '../../../src/db/repositories/hypothesis-ledger.js';
import { planProposals } from '../../../src/proposals/generate.js';
import { testedHypotheses } from '../../../src/proposals/hypothesis-ledger.js';
import { loadPolicy } from '../../../src/proposals/policy.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const DAY_MS = 86_400_000;
let testDb: TestDatabase;
let asOf: string;

before(async () => {
  testDb = await createTestDatabase('kronos_ledger');
  asOf = (await seedScenario(testDb.db, { scenario: 'demo', seed: 5, trades: 3000 })).as_of;
});
after(async () => {
  await testDb.drop();
});

async function analyse(at: string): Promise<DiagnosticsResult> {
  return diagnose(await aggregate(testDb.db, resolveWindow({ asOf: new Date(at), windowDays: 90, timeZone: 'UTC' })));
}

test('a run records what it tested once, and a later run is charged for the earlier tries', async () => {
  const db = testDb.db;
  const weekEarlier = await analyse(new Date(Date.parse(asOf) - 7 * DAY_MS).toISOString());
  const latest = await analyse(asOf);
  const tests = testedHypotheses(weekEarlier);
  assert.ok(tests.length > 10 && tests.some((t) => t.finding), `${tests.length} tests`);
  await recordHypothesisTests(db, 'run-earlier', tests);
  await recordHypothesisTests(db, 'run-earlier', tests);
  await recordHypothesisTests(db, 'run-latest', testedHypotheses(latest));
  const stored = await db
    .selectFrom('meta_hypothesis_tests')
    .select((eb) => eb.fn.countAll<string>().as('rows'))
    .where('analysis_run_id', '=', 'run-earlier')
    .executeTakeFirstOrThrow();
  assert.equal(Number(stored.rows), tests.length, 'a second record of the same run adds nothing');

  const ids = latest.findings.map((f) => f.id);
  assert.ok(ids.length > 0);
  const earlier = await earlierHypothesisTests(db, 'run-latest', latest.window, ids);
  const seenBefore = ids.filter((id) => earlier[id]!.length > 0);
  assert.ok(seenBefore.length > 0, 'the planted effects were tested a week earlier too');
  assert.ok(seenBefore.every((id) => earlier[id]!.every((t) => t.window_end === weekEarlier.window.end && t.hypothesis_id === id)));
  const none = await earlierHypothesisTests(db, 'run-earlier', weekEarlier.window, ids);
  assert.ok(
    Object.values(none).every((list) => list.length === 0),
    'an earlier window does not see a later run',
  );

  const { drafts } = planProposals(latest, await loadLiveConfigs(db), loadPolicy(), { runId: 'run-latest', now: new Date(asOf), earlierTests: earlier });
  const charged = drafts.filter((d) => (d.confidence_json.history?.earlier_tests ?? 0) > 0);
  assert.ok(charged.length > 0, 'some proposal rests on a hypothesis tested before');
  for (const d of charged) {
    const h = d.confidence_json.history!;
    assert.equal(h.trials, 2, 'this window and the one a week earlier');
    assert.ok(Math.abs(h.windows_of_data - 97 / 90) < 0.02, `one week of new data over a 90-day window: ${h.windows_of_data}`);
    assert.ok(d.confidence_json.components.selection.value <= 1 && d.confidence_json.components.selection.value > 0);
  }
});
