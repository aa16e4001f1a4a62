/**
 * The embedded database: opened in a temporary folder, migrated with the project's migrations, queried
 * through Kysely, and chosen by openDatabase only when no PostgreSQL answers and DATABASE_URL is unset;
 * the analysis finds on it what it finds on the server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadEnv } from '../../../src/config.js';
import { openDatabase, openEmbeddedDatabase, postgresAnswers } from '../../../src/db/embedded.js';
import { migrateToLatest } from '../../../src/db/migrate.js';
import { type DryRunReport, dryRunAnalysis } from '../../../src/cli/dry-run-analysis.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { freePort } from '../../../src/temporal/dev-server.js';
import { createTestDatabase } from '../../support/database.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kronos-pglite-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded database', () => {
  test('migrates, stores a proposal, and keeps it across a reopen', async () => {
    const first = await openEmbeddedDatabase(path.join(dir, 'data'));
    try {
      const applied = await migrateToLatest(first.db);
      assert.ok(applied.includes('0003_meta_tables'), `applied ${applied.join(', ')}`);
      await first.db
        .insertInto('meta_controller_config_proposals')
        .values({
          proposal_id: 'p-embedded',
          target_type: 'STRATEGY_CONFIG',
          target_id: 'momentum',
          current_config_snapshot_json: JSON.stringify({ config_version_id: 'v1', version_no: 1, config_json: { entry_threshold: 0.5 } }),
          proposed_config_json: JSON.stringify({ entry_threshold: 0.6 }),
          evidence_json: JSON.stringify({ findings: [] }),
          confidence: 0.7,
          dedupe_key: 'k',
          kind: 'ENTRY_THRESHOLD',
        })
        .execute();
    } finally {
      await first.close();
    }
    const second = await openEmbeddedDatabase(path.join(dir, 'data'));
    try {
      assert.deepEqual(await migrateToLatest(second.db), [], 'already current');
      const row = await second.db
        .selectFrom('meta_controller_config_proposals')
        .select(['status', 'proposed_config_json', sql<number>`confidence * 2`.as('double')])
        .where('proposal_id', '=', 'p-embedded')
        .executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'PENDING', proposed_config_json: { entry_threshold: 0.6 }, double: 1.4 });
    } finally {
      await second.close();
    }
  });

  test('openDatabase: embedded when DATABASE_URL is unset and nothing answers at the default address', async () => {
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/kronos`;
    assert.equal(await postgresAnswers(nowhere, 1_000), false);
    const env = loadEnv({});
    // The folder of the first test (initialising a new one takes PGlite several seconds).
    const said: string[] = [];
    const handle = await openDatabase(env, { defaultUrl: nowhere, embeddedDir: path.join(dir, 'data'), probeTimeoutMs: 1_000, log: (line) => said.push(line) });
    try {
      assert.deepEqual(said, [
        `no PostgreSQL answers at ${nowhere} and DATABASE_URL is unset: using the embedded PostgreSQL (PGlite) in ${path.join(dir, 'data')}`,
      ]);
      assert.equal(handle.kind, 'embedded');
      assert.equal(handle.dataDir, path.join(dir, 'data'));
      const count = await handle.db
        .selectFrom('meta_controller_config_proposals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    } finally {
      await handle.close();
    }
  });

  test('the dry-run analysis of a history on the embedded database is the one on the server', async () => {
    const embedded = await openEmbeddedDatabase(path.join(dir, 'analysis'));
    const server = await createTestDatabase('kronos_embedded_analysis');
    try {
      const reports = [];
      for (const db of [embedded.db, server.db]) {
        await migrateToLatest(db);
        await seedScenario(db, { scenario: 'demo', seed: 3, trades: 5000, decisions: 20000 });
        reports.push(await dryRunAnalysis(db, { asOf: '2026-06-29T00:00:00Z', windowDays: 180 }));
      }
      const [onEmbedded, onServer] = reports;
      assert.ok(onServer.diagnostics.findings.length > 0, 'the demo history has findings');
      assert.deepEqual(onEmbedded.data_quality, onServer.data_quality);
      const findings = (r: DryRunReport) =>
        r.diagnostics.findings.map((f) => ({ kind: f.kind, subject: f.subject, value: f.value?.toPrecision(9), q: f.q.toPrecision(6) }));
      assert.deepEqual(findings(onEmbedded), findings(onServer));
      assert.ok(onServer.proposals.length > 0, 'and proposals');
      assert.deepEqual(
        onEmbedded.proposals.map((p) => p.dedupe_key),
        onServer.proposals.map((p) => p.dedupe_key),
      );
    } finally {
      await embedded.close();
      await server.drop();
    }
  });

  test('openDatabase: PostgreSQL when DATABASE_URL is set; an unreachable one is an error, never a silent fallback', async () => {
    const test = await createTestDatabase();
    try {
      const handle = await openDatabase(loadEnv({ DATABASE_URL: test.url }));
      assert.equal(handle.kind, 'postgres');
      assert.equal(handle.url, test.url);
      await handle.close();
    } finally {
      await test.drop();
    }
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/kronos`;
    await assert.rejects(openDatabase(loadEnv({ DATABASE_URL: nowhere })), /^ConfigError: cannot use PostgreSQL at .*is PostgreSQL running there\?/);
  });
});
