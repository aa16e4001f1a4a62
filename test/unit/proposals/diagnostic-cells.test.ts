import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCell } from '../../../src/analysis/diagnostics/cell.js';
import { allCells, profileBuckets, sopEventCells, strategyCells } from '../../../src/proposals/diagnostic-cells.js';
import { readStrategyRisk } from '../../../src/proposals/strategy-risk.js';
import { diagnostics, performanceCell, sopEventCell } from './fixtures.js';

const sections = {
  performance: [
    performanceCell({ dimension: 'strategy', strategy_id: 'momentum' }, { es_95: -0.04, max_drawdown: null }),
    performanceCell({ dimension: 'sleeve', strategy_id: 'momentum', sleeve_id: 's1' }, { es_95: -0.5 }),
    performanceCell({ dimension: 'profile', attribute: 'region', bucket: 'EU' }),
    performanceCell({ dimension: 'profile', attribute: 'region', bucket: 'US' }),
    performanceCell({ dimension: 'profile', attribute: 'leverage', bucket: 'Q1' }),
  ],
  black_swan_sops: [
    sopEventCell('e1', 'sop-crash', 'v2', 3),
    sopEventCell('e2', 'sop-crash', 'v1', 5),
    makeCell({
      section: 'black_swan_sops',
      kind: 'SOP_VERSION_WORSE',
      subject: { sop_template_id: 'sop-crash', sop_version_id: 'v2' },
      metric: 'loss_avoided_diff',
    }),
  ],
};

test('strategy cells are the performance cells of whole strategies', () => {
  assert.deepEqual(
    strategyCells(sections).map((c) => c.subject),
    [{ dimension: 'strategy', strategy_id: 'momentum' }],
  );
  assert.deepEqual(strategyCells({}), []);
});

test("the tail risk is the strategy cell's es_95 and max drawdown as magnitudes, null when unknown", () => {
  assert.deepEqual(readStrategyRisk(diagnostics([], { diagnostics: sections })), { momentum: { expected_shortfall: 0.04, max_drawdown: null } });
});

test('profile buckets are those of the attribute only', () => {
  assert.deepEqual(profileBuckets(sections, 'region'), ['EU', 'US']);
  assert.deepEqual(profileBuckets(sections, 'sector'), []);
});

test("an SOP version's event cells leave out other versions and the version comparison", () => {
  assert.deepEqual(
    sopEventCells(sections, 'v2').map((c) => [c.subject.event_id, c.extra.severity]),
    [['e1', 3]],
  );
});

test('all cells spans every section', () => {
  assert.equal(allCells(sections).length, 8);
});
