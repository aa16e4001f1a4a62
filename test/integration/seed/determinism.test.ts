/**
 * Same scenario, seed and sizes → the same rows, byte for byte, on separate databases, whether loaded with
 * COPY (PostgreSQL) or with INSERTs (the embedded database); another seed → other rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openEmbeddedDatabase } from '../../../src/db/embedded.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { SEEDED_TABLES } from '../../../src/seed/tables.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { tableHashes } from './table-hashes.js';

const sizes = { trades: 600, decisions: 2_000 };
const databases: TestDatabase[] = [];
let hashes: Record<string, string>[] = [];

before(async () => {
  const seeds = [4, 4, 5];
  for (const seed of seeds) {
    const database = await createTestDatabase();
    databases.push(database);
    await seedScenario(database.db, { scenario: 'demo', seed, ...sizes });
  }
  hashes = await Promise.all(databases.map((d) => tableHashes(d.db)));
});

after(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

test('seeding the same scenario and seed twice gives identical rows in every table', () => {
  assert.deepEqual(Object.keys(hashes[0]).sort(), [...SEEDED_TABLES].sort());
  for (const table of SEEDED_TABLES) assert.ok(!hashes[0][table].startsWith('0:'), `${table} is empty`);
  assert.deepEqual(hashes[1], hashes[0]);
});

test('another seed gives another history', () => {
  const differing = SEEDED_TABLES.filter((table) => hashes[2][table] !== hashes[0][table]);
  for (const table of ['trades', 'pipeline_decisions', 'regime_history', 'backtest_trades', 'company_profile_versions']) {
    assert.ok(differing.includes(table), `${table} is the same for seeds 4 and 5`);
  }
});

test('the embedded database, loaded without COPY, gets the same rows', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kronos-seed-pglite-'));
  const embedded = await openEmbeddedDatabase(path.join(dir, 'data'));
  try {
    await migrateToLatest(embedded.db);
    await seedScenario(embedded.db, { scenario: 'demo', seed: 4, ...sizes });
    assert.deepEqual(await tableHashes(embedded.db), hashes[0]);
  } finally {
    await embedded.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
