import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStored, StoredJsonError } from '../../../src/db/stored-json.js';
import { expectedImpactSchema, impact } from '../../../src/proposals/expected-impact.js';
import { configSnapshotSchema } from '../../../src/proposals/live-configs.js';
import { storedRealisedSchema } from '../../../src/proposals/verification.js';

const at = { table: 'meta_controller_config_proposals', id: 'prop-1', field: 'current_config_snapshot_json' };

test('a stored snapshot as the writer gives it parses to the same value', () => {
  const snapshot = { config_version_id: 'cv-3', version_no: 3, config_json: { entry_threshold: 0.5 } };
  assert.deepEqual(parseStored(configSnapshotSchema, snapshot, at), snapshot);
  assert.deepEqual(parseStored(configSnapshotSchema, { config_version_id: null, version_no: 0, config_json: null }, at).config_version_id, null);
});

test('a malformed row fails with one line naming the table, the row and the column', () => {
  assert.throws(
    () => parseStored(configSnapshotSchema, { config_version_id: 7, version_no: 3, config_json: {} }, at),
    (error: unknown) => {
      assert.ok(error instanceof StoredJsonError);
      assert.match(error.message, /^meta_controller_config_proposals prop-1: current_config_snapshot_json is malformed: config_version_id: .+$/);
      assert.equal(error.message.includes('\n'), false);
      return true;
    },
  );
  assert.throws(
    () => parseStored(configSnapshotSchema, null, at),
    /^StoredJsonError: meta_controller_config_proposals prop-1: current_config_snapshot_json is malformed: [^\n]+$/,
  );
});

test('an expected impact as impact() writes it parses; one without a metric does not', () => {
  const written = JSON.parse(
    JSON.stringify(impact('mean_return', { strategy_id: ['momentum'] }, 'increase', '14d', 'fewer losing trades', { baseline: -0.004 })),
  );
  assert.deepEqual(parseStored(expectedImpactSchema, written, { ...at, field: 'expected_impact_json' }), written);
  assert.throws(
    () => parseStored(expectedImpactSchema, {}, { table: 'meta_verifications', id: 'prop-2', field: 'predicted_json' }),
    /^StoredJsonError: meta_verifications prop-2: predicted_json is malformed: metric: /,
  );
});

test('a stored realised effect keeps the revert it proposed; one stored before the sequential test reads as one look', () => {
  const stored = {
    metric: 'mean_return',
    before: { n: 40, mean: 0.001, variance: 1e-4 },
    after: { n: 38, mean: -0.002, variance: 1e-4 },
    delta: -0.003,
    ci: [-0.007, 0.001],
    p: 0.2,
    improvement: -0.003,
    revert_proposal_id: 'prop-9',
  };
  const sequential = {
    ...stored,
    looks: 9,
    crossed: true,
    early: true,
    guardrails: [{ ...stored, metric: 'pnl', harm: 'decrease', looks: 9, crossed: false, breached: false }],
  };
  assert.equal(parseStored(storedRealisedSchema, sequential, { ...at, table: 'meta_verifications', field: 'realised_json' }).revert_proposal_id, 'prop-9');
  assert.deepEqual(
    parseStored(storedRealisedSchema, sequential, { ...at, table: 'meta_verifications', field: 'realised_json' }).guardrails.map((g) => g.metric),
    ['pnl'],
  );
  const older = parseStored(storedRealisedSchema, stored, { ...at, table: 'meta_verifications', field: 'realised_json' });
  assert.deepEqual([older.looks, older.crossed, older.early, older.guardrails], [1, false, false, []]);
  assert.throws(
    () => parseStored(storedRealisedSchema, { ...stored, before: { n: '40' } }, { ...at, table: 'meta_verifications', field: 'realised_json' }),
    /realised_json is malformed: before\.n: /,
  );
});
