/**
 * `kronos seed` as people run it: one-line errors, refusal of a non-empty database, --reset, --truth.
 * Each run starts the CLI afresh, so the runs are few.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { GroundTruth } from '../../../src/seed/ground-truth.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const run = promisify(execFile);
let database: TestDatabase;
const dir = mkdtempSync(path.join(tmpdir(), 'kronos-seed-cli-'));

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function tradeCount(): Promise<number> {
  const row = await database.db
    .selectFrom('trades')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function seed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/kronos.js', 'seed', '--database-url', database.url, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test('an unknown scenario fails with one line listing the valid ones', async () => {
  const result = await seed('--scenario', 'regime', '--seed', '1');
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /unknown scenario "regime": use one of regime_loss, .*null, demo/);
});

test('refuses to seed over a history without --reset, and with it replaces the history and writes the ground truth', async () => {
  await seedScenario(database.db, { scenario: 'null', seed: 2, trades: 400 });
  const refused = await seed('--scenario', 'template_errors', '--seed', '2', '--trades', '300');
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.match(refused.stderr, /already holds a history .*--reset/);
  assert.equal(await tradeCount(), 400);

  const truthFile = path.join(dir, 'truth.json');
  const replaced = await seed('--scenario', 'template_errors', '--seed', '2', '--trades', '300', '--reset', '--truth', truthFile);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.match(replaced.stdout, /^seeded 'template_errors' \(seed 2\) .*300 trades, 1050 decisions.*PROMPT_TEMPLATE_ERRORS/);
  assert.equal(await tradeCount(), 300);
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  assert.equal(truth.scenario, 'template_errors');
  assert.deepEqual(
    truth.effects.map((e) => e.subject),
    [{ prompt_template_id: 'assessment-v7' }],
  );
});
