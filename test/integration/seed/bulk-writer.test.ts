/**
 * The seed's binary COPY on the real PostgreSQL: every column kind comes back as written, and a batch the
 * server refuses rolls the whole transaction back with the server's reason.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { inBulkTransaction } from '../../../src/seed/bulk-writer.js';
import { TABLES } from '../../../src/seed/tables.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.drop();
});

test('text, times, NULL, int, jsonb and float8 round-trip through binary COPY', async () => {
  const detected = Date.parse('2026-06-29T13:30:00.123Z');
  const resolved = Date.parse('2026-07-01T00:00:00Z');
  await inBulkTransaction(database.db, async (_trx, writer) => {
    await writer.write(TABLES.black_swan_events, [
      ['bs-001', detected, null, 4, 'FLASH_CRASH', 'crash in tech\tand ünïcode', null, { sectors: ['TECHNOLOGY'], depth: -0.071 }],
      ['bs-002', detected, resolved, -3, 'RATES', '', null, []],
    ]);
    await writer.write(TABLES.universe_members, [['u-1', 'AAPL', 'TECHNOLOGY', 0.1 + 0.2]]);
    await writer.flush();
  });
  const events = await database.db.selectFrom('black_swan_events').selectAll().orderBy('event_id').execute();
  assert.equal(events.length, 2);
  assert.equal(events[0].description, 'crash in tech\tand ünïcode');
  assert.equal(new Date(events[0].detected_at as Date).getTime(), detected, 'milliseconds kept');
  assert.equal(events[0].resolved_at, null);
  assert.equal(events[0].severity, 4);
  assert.deepEqual(events[0].affected_json, { sectors: ['TECHNOLOGY'], depth: -0.071 });
  assert.equal(new Date(events[1].resolved_at as Date).getTime(), resolved);
  assert.equal(events[1].severity, -3);
  assert.deepEqual(events[1].affected_json, []);
  const member = await database.db.selectFrom('universe_members').selectAll().executeTakeFirstOrThrow();
  assert.equal(member.weight, 0.1 + 0.2, 'the double is stored bit for bit');
});

test('a batch the server refuses rolls the transaction back and says why', async () => {
  const before = await sql<{ n: string }>`SELECT count(*) AS n FROM universe_members`.execute(database.db);
  await assert.rejects(
    inBulkTransaction(database.db, async (_trx, writer) => {
      await writer.write(TABLES.universe_members, [['u-2', 'MSFT', 'TECHNOLOGY', 0.2]]);
      await writer.write(TABLES.universe_members, [[null, 'IBM', 'TECHNOLOGY', 0.3]]);
      await writer.flush();
    }),
    /universe_id/,
  );
  const after = await sql<{ n: string }>`SELECT count(*) AS n FROM universe_members`.execute(database.db);
  assert.equal(after.rows[0].n, before.rows[0].n, 'neither batch is kept');
  const still = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(database.db);
  assert.equal(still.rows[0].ok, 1, 'the pool still serves queries');
});
