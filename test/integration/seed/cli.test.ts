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

test('seeds, writes the ground truth, refuses to seed again without --reset, and replaces the history with it', async () => {
  const truthFile = path.join(dir, 'truth.json');
  const first = await seed('--scenario', 'template_errors', '--seed', '2', '--trades', '400', '--truth', truthFile);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^seeded 'template_errors' \(seed 2\) .*400 trades, 1400 decisions.*PROMPT_TEMPLATE_ERRORS/);
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GroundTruth;
  assert.equal(truth.scenario, 'template_errors');
  assert.deepEqual(truth.effects.map((e) => e.subject), [{ prompt_template_id: 'assessment-v7' }]);

  const again = await seed('--scenario', 'null', '--seed', '2', '--trades', '400');
  assert.equal(again.code, 1);
  assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr);
  assert.match(again.stderr, /already holds a history .*--reset/);
  const kept = await database.db.selectFrom('trades').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(kept.n), 400);

  const replaced = await seed('--scenario', 'null', '--seed', '2', '--trades', '300', '--reset');
  assert.equal(replaced.code, 0, replaced.stderr);
  const now = await database.db.selectFrom('trades').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(now.n), 300);
});
