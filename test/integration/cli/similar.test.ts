/** `kronos similar`: the nearest past episodes as a table and as JSON, and one-line refusals of bad options. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { insertEpisodes } from '../../support/episode-fixture.js';
import { runKronos } from '../../support/run-cli.js';

let testDb: TestDatabase;

before(async () => {
  testDb = await createTestDatabase('kronos_cli_similar');
  await insertEpisodes(testDb.db, 'stat_arb');
});
after(async () => {
  await testDb.drop();
});

const AS_OF = '2026-06-29T00:00:00Z';

test('--json: the k nearest past episodes, nearest first, and each config among them', async () => {
  const result = await runKronos(['similar', '--target', 'STRATEGY_CONFIG:stat_arb', '--k', '4', '--as-of', AS_OF, '--json'], { DATABASE_URL: testDb.url });
  assert.equal(result.code, 0, result.stderr);
  const similar = JSON.parse(result.stdout);
  assert.equal(similar.now.episode_id, 'stat_arb:now');
  assert.deepEqual(
    similar.neighbours.map((e: { episode_id: string }) => e.episode_id),
    ['stat_arb:e0', 'stat_arb:e1', 'stat_arb:e2', 'stat_arb:e3'],
  );
  assert.deepEqual(
    similar.neighbours.map((e: { distance: number }) => Number(e.distance.toFixed(6))),
    [0, 0.1, 0.2, 0.3],
  );
  assert.deepEqual(
    similar.configs.map((c: { config_key: string; episodes: number; mean_return: number }) => [c.config_key, c.episodes, c.mean_return]),
    [
      ['calm', 2, 0.01],
      ['live', 2, 0],
    ],
  );
});

test('the table names today, each neighbour with its outcome, and the configs', async () => {
  const result = await runKronos(['similar', '--target', 'STRATEGY_CONFIG:stat_arb', '--k', '3', '--as-of', AS_OF], { DATABASE_URL: testDb.url });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^today: stat_arb:now \(LOW_VOL_BULL/);
  assert.match(result.stdout, /0\.100\s+stat_arb:e1\s+SIDEWAYS\s+v-live\s+10\s+0\.00 %/);
  assert.match(result.stdout, /stat_arb\s+v-calm\s+2\s+20\s+1\.00 %/);
});

test('a target that is not a strategy, a bad k and no episodes are each one line', async () => {
  const badTarget = await runKronos(['similar', '--target', 'RISK_CONFIG:global'], { DATABASE_URL: testDb.url });
  assert.notEqual(badTarget.code, 0);
  assert.match(
    badTarget.stderr.trim(),
    /^error: option '--target <type:id>' argument 'RISK_CONFIG:global' is invalid\. expected a target such as STRATEGY_CONFIG:stat_arb/,
  );
  const badK = await runKronos(['similar', '--k', 'many'], { DATABASE_URL: testDb.url });
  assert.match(badK.stderr.trim(), /argument 'many' is invalid/);
  const none = await runKronos(['similar', '--target', 'STRATEGY_CONFIG:momentum', '--as-of', AS_OF], { DATABASE_URL: testDb.url });
  assert.notEqual(none.code, 0);
  assert.equal(none.stderr.trim().split('\n').length, 1);
  assert.match(none.stderr, /^kronos: no episodes of strategy momentum before 2026-06-29T00:00:00\.000Z/);
});
