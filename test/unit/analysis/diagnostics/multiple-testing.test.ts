import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCell } from '../../../../src/analysis/diagnostics/cell.js';
import { controlFalseDiscoveries } from '../../../../src/analysis/diagnostics/multiple-testing.js';
import { diagnose } from '../../../../src/analysis/diagnose.js';
import { benjaminiYekutieli } from '../../../../src/analysis/stats/false-discovery-rate.js';
import { cellOf, emptyAggregates, randomDays, range } from './fixtures.js';

test('actionable cells form one Benjamini–Yekutieli family, descriptive ones another; only actionable cells under the level become findings', () => {
  const cells = [
    makeCell({ section: 's', kind: 'SECTOR_LOSES', subject: { sector: 'A' }, metric: 'mean_return', status: 'tested', p: 1e-6 }),
    makeCell({ section: 's', kind: 'SECTOR_LOSES', subject: { sector: 'B' }, metric: 'mean_return', status: 'tested', p: 0.04 }),
    makeCell({ section: 's', subject: { strategy_id: 'x' }, metric: 'mean_return', status: 'tested', p: 1e-8 }),
    makeCell({ section: 's', kind: 'SECTOR_LOSES', subject: { sector: 'C' }, metric: 'mean_return', status: 'insufficient', p: null }),
  ];
  const { cells: withQ, findings, tests } = controlFalseDiscoveries(cells, 0.05);
  assert.equal(tests, 2);
  assert.deepEqual(
    withQ.slice(0, 2).map((c) => c.q),
    benjaminiYekutieli([1e-6, 0.04]),
  );
  assert.deepEqual(withQ[2].q, benjaminiYekutieli([1e-8])[0]);
  assert.equal(withQ[3].q, null);
  assert.deepEqual(
    findings.map((f) => f.id),
    ['SECTOR_LOSES:A'],
    'B fails BY at 0.05; the strategy cell is not actionable; C is insufficient',
  );
});

test('diagnose is deterministic for a seed, valid JSON, and an empty window gives an empty result instead of failing', () => {
  const days = range(0, 40);
  const agg = emptyAggregates({
    active_days: days,
    performance: [
      cellOf('sector', { sector: 'TECH' }, randomDays(days, 3, -0.004, 0.01, 1)),
      cellOf('sector', { sector: 'BANKS' }, randomDays(days, 3, 0.002, 0.01, 2)),
    ],
  });
  const first = diagnose(agg, { seed: 9 });
  assert.deepEqual(diagnose(agg, { seed: 9 }), first);
  assert.deepEqual(JSON.parse(JSON.stringify(first)), first);
  assert.ok(first.findings.some((f) => f.kind === 'SECTOR_LOSES' && f.subject.sector === 'TECH'));
  const empty = diagnose(emptyAggregates());
  assert.equal(empty.data_quality.empty_window, true);
  assert.deepEqual(empty.findings, []);
  assert.throws(() => diagnose(agg, { fdrLevel: 2 }), /FDR level/);
});
