import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { comparisonPanel, findingsIn, neighbourPanels, proposalPanels, subjectLabel, trendPanel, unitOfMetric } from '../../../src/api/evidence-panels.js';

const finding = (overrides: Record<string, unknown> = {}) => ({
  id: 'STRATEGY_LOSES_IN_REGIME:momentum,CRISIS',
  kind: 'STRATEGY_LOSES_IN_REGIME',
  subject: { strategy_id: 'momentum', regime_label: 'CRISIS' },
  metric: 'mean_return',
  n: 140,
  effect: -0.012,
  ci: [-0.02, -0.004],
  ci_level: 0.95,
  p: 0.001,
  q: 0.008,
  value: -0.008,
  baseline: 0.004,
  provenance: 'LIVE',
  ...overrides,
});

describe('findingsIn', () => {
  test('keeps the findings a chart can draw and skips malformed ones', () => {
    const evidence = { findings: [finding(), finding({ ci: [0] }), finding({ effect: 'big' }), 'junk', null, finding({ id: 'b', n: Number.NaN })] };
    assert.deepEqual(
      findingsIn(evidence).map((f) => f.id),
      ['STRATEGY_LOSES_IN_REGIME:momentum,CRISIS'],
    );
    assert.deepEqual(findingsIn(null), []);
    assert.deepEqual(findingsIn({ findings: 'none' }), []);
  });
});

describe('panels', () => {
  test('labels and units come from the finding', () => {
    assert.equal(subjectLabel({ strategy_id: 'momentum', regime_label: 'CRISIS' }), 'CRISIS · momentum');
    assert.equal(unitOfMetric('mean_return'), 'fraction');
    assert.equal(unitOfMetric('error_rate_diff'), 'fraction');
    assert.equal(unitOfMetric('sharpe_gap'), 'number');
  });

  test('a proposal gets the effect with its interval, the comparison and the trend over runs', () => {
    const evidence = { findings: [finding()] };
    const history = [
      { run_id: 'r1', as_of: '2026-01-05T06:00:00Z', findings: [finding({ effect: -0.006, ci: [-0.013, 0.001] })] },
      { run_id: 'r2', as_of: '2026-01-12T06:00:00Z', findings: [] },
      { run_id: 'r3', as_of: '2026-01-19T06:00:00Z', findings: [finding()] },
    ];
    const [effect, comparison, trend] = proposalPanels(evidence, history);
    assert.deepEqual(effect.bars, [{ label: 'CRISIS · momentum', value: -0.012, low: -0.02, high: -0.004, n: 140, note: 'q=0.0080, live' }]);
    assert.equal(effect.unit, 'fraction');
    assert.deepEqual(
      comparison.bars.map((b) => [b.label, b.value]),
      [
        ['in the regime', -0.008],
        ['elsewhere', 0.004],
      ],
    );
    assert.equal(comparison.title, 'CRISIS · momentum: in the regime against elsewhere');
    assert.equal(trend.kind, 'series');
    assert.deepEqual(
      trend.bars.map((b) => [b.label, b.value]),
      [
        ['2026-01-05', -0.006],
        ['2026-01-19', -0.012],
      ],
    );
    assert.match(trend.subtitle ?? '', /in 2 of the last 3 analysis runs/);
  });

  test('a kind the labels do not know is compared with neutral labels', () => {
    assert.deepEqual(
      comparisonPanel(finding({ kind: 'NEW_KIND' }) as never)?.bars.map((b) => b.label),
      ['in the cell', 'compared with'],
    );
  });

  test('no comparison without both values; no trend without any occurrence', () => {
    assert.equal(comparisonPanel({ ...finding(), baseline: undefined } as never), undefined);
    assert.equal(trendPanel([{ runId: 'r1', asOf: '2026-01-05T06:00:00Z', finding: undefined }]), undefined);
  });

  test('a finding among its neighbours: one panel per subject key, the finding highlighted, cells without an estimate left out', () => {
    const cell = (strategy: string, regime: string, effect: number | null) =>
      finding({
        id: `${strategy}-${regime}`,
        kind: null,
        subject: { strategy_id: strategy, regime_label: regime },
        effect,
        ci: effect === null ? [null, null] : [effect - 0.01, effect + 0.01],
      });
    const cells = [finding(), cell('momentum', 'CALM', 0.004), cell('momentum', 'BULL', 0.002), cell('momentum', 'BEAR', null), cell('carry', 'CRISIS', 0.001)];
    const [byRegime, byStrategy] = neighbourPanels(finding() as never, cells);
    assert.equal(byRegime.title, 'mean_return of momentum by regime_label');
    assert.deepEqual(
      byRegime.bars.map((b) => [b.label, b.value, b.highlight]),
      [
        ['BULL', 0.002, false],
        ['CALM', 0.004, false],
        ['CRISIS', -0.012, true],
      ],
    );
    assert.equal(byStrategy.title, 'mean_return of CRISIS by strategy_id');
    assert.deepEqual(
      byStrategy.bars.map((b) => b.label),
      ['carry', 'momentum'],
    );
    assert.deepEqual(neighbourPanels(finding() as never, [finding()]), [], 'no panel for a cell alone');
  });
});
