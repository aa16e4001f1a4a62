/** The synthetic generator writes configs of every target type, and each one follows its schema. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TARGET_TYPES } from '../../../src/proposals/target-types.js';
import { validateConfig } from '../../../src/proposals/config-schemas.js';
import { MIN_TRADES } from '../../../src/seed/history-sizes.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { SCENARIO_NAMES } from '../../../src/seed/scenarios.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let testDb: TestDatabase;
before(async () => {
  testDb = await createTestDatabase();
});
after(async () => {
  await testDb.drop();
});

test('every config version each scenario writes validates against its target type', async () => {
  for (const scenario of SCENARIO_NAMES) {
    await seedScenario(testDb.db, { scenario, seed: 11, trades: MIN_TRADES, reset: true });
    const versions = await testDb.db.selectFrom('config_versions').select(['config_version_id', 'target_type', 'config_json']).execute();
    const types = new Set(versions.map((v) => v.target_type));
    for (const type of TARGET_TYPES) assert.ok(types.has(type), `${scenario}: no ${type} written`);
    for (const v of versions) {
      const result = validateConfig(v.target_type, v.config_json);
      assert.ok(result.ok, `${scenario}: ${v.config_version_id}: ${result.ok ? '' : result.error}`);
    }
  }
});
