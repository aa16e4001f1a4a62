/**
 * `npm run demo` (`kronos dev --once`) twice on the same database and dev-server state, as CI runs it on
 * a machine that ran it before: the second run keeps the history, carries over the proposals it finds
 * again instead of proposing them twice, exits 0 like the first, and neither leaves the dev server behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ensureTemporalCli } from '../../../src/temporal/cli-binary.js';
import { freePort } from '../../../src/temporal/dev-server.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { runKronos } from '../../support/run-cli.js';

let database: TestDatabase;
let env: NodeJS.ProcessEnv;

before(async () => {
  database = await createTestDatabase('kronos_test_demo');
  env = {
    DATABASE_URL: database.url,
    KRONOS_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'kronos-demo-')),
    TEMPORAL_CLI_PATH: await ensureTemporalCli(),
    TEMPORAL_ADDRESS: '',
    OPENAI_API_KEY: '',
  };
});

after(() => database?.drop());

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The pending proposals as the changes they propose, duplicates kept. */
async function pendingChanges(): Promise<string[]> {
  const rows = await database.db
    .selectFrom('meta_controller_config_proposals')
    .select(['target_type', 'target_id', 'kind'])
    .where('status', '=', 'PENDING')
    .execute();
  return rows.map((r) => `${r.target_type}/${r.target_id}/${r.kind}`).sort();
}

async function runDemo(): Promise<{ stdout: string; temporalPort: number }> {
  const temporalPort = await freePort();
  const ports = [
    '--temporal-port',
    String(temporalPort),
    '--ui-port',
    String(await freePort()),
    '--api-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
  ];
  const result = await runKronos(['dev', '--once', '--trades', '5000', ...ports], env, 600_000);
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  assert.equal(result.stderr, '');
  return { stdout: result.stdout, temporalPort };
}

test('npm run demo runs again on the database and dev server state of an earlier run', async () => {
  const first = await runDemo();
  assert.match(first.stdout, /^seeded: /m);
  const pendingAfterFirst = await pendingChanges();
  assert.ok(pendingAfterFirst.length > 0);

  const second = await runDemo();
  assert.doesNotMatch(second.stdout, /^seed/m, 'the history is kept');
  assert.match(second.stdout, /"proposalsCarriedOver":[1-9]/);
  assert.deepEqual(await pendingChanges(), pendingAfterFirst, 'one pending proposal per change, as before');

  assert.equal(await portAnswers(first.temporalPort), false, 'the first dev server is gone');
  assert.equal(await portAnswers(second.temporalPort), false, 'the second dev server is gone');
});
