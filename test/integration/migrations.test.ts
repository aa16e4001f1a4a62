import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let testDb: TestDatabase;
before(async () => {
  testDb = await createTestDatabase();
});
after(async () => {
  await testDb.drop();
});

test('migrations create every data-contract table and are idempotent', async () => {
  assert.deepEqual(await migrateToLatest(testDb.db), []);
  const rows = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(testDb.db);
  const names = new Set(rows.rows.map((r) => r.table_name));
  for (const table of [
    'trades',
    'positions',
    'pipeline_decisions',
    'backtest_runs',
    'backtest_trades',
    'company_profile_versions',
    'sector_profile_versions',
    'regime_history',
    'universe_snapshots',
    'universe_members',
    'black_swan_events',
    'emergency_sop_executions',
    'config_versions',
    'config_targets',
    'config_change_log',
    'meta_controller_config_proposals',
    'meta_analysis_runs',
    'meta_proposal_events',
    'meta_verifications',
    'meta_hypothesis_tests',
  ]) {
    assert.ok(names.has(table), `missing table ${table}`);
  }
});

test('one open proposal per dedupe key', async () => {
  const row = {
    proposal_id: 'p1',
    target_type: 'STRATEGY_CONFIG',
    target_id: 's1',
    current_config_snapshot_json: '{}',
    proposed_config_json: '{}',
    evidence_json: '{}',
    confidence: 0.5,
    dedupe_key: 'k',
    kind: 'test',
  };
  await testDb.db.insertInto('meta_controller_config_proposals').values(row).execute();
  await assert.rejects(
    testDb.db
      .insertInto('meta_controller_config_proposals')
      .values({ ...row, proposal_id: 'p2' })
      .execute(),
    /duplicate key/,
  );
});
