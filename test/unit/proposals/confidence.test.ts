import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CellStatus } from '../../../src/analysis/findings.js';
import { fitShrinkagePrior } from '../../../src/analysis/stats/normal-shrinkage.js';
import { findingConfidence, proposalConfidence, type RunContext, shrunkEffect } from '../../../src/proposals/confidence.js';
import { effectStandardError, kindPriors } from '../../../src/proposals/shrinkage.js';
import { diagnostics, finding, performanceCell } from './fixtures.js';

const KIND = 'SECTOR_LOSES';
/** Cells of the kind centred near 0, spread a little: the prior a finding of −1 % is shrunk with. */
const prior = fitShrinkagePrior([-0.01, -0.004, 0.001, 0.002, 0.0, 0.003, -0.001], [0.0015, 0.002, 0.002, 0.002, 0.002, 0.002, 0.002]);
const run: RunContext = { dataQualityScore: 1, priors: { [KIND]: prior }, windowToEvaluation: 90 / 14, histories: null };
const base = finding(KIND, { sector: 'Energy' });

test('the confidence is the probability of the claimed sign from the shrunk effect, times robustness and adequacy', () => {
  const c = findingConfidence({ ...base, extra: { sign_consistency: 0.75, loo_sign_agreement: 1 } }, run);
  assert.ok(c.effect.shrinkage > 0 && c.effect.shrinkage < 1);
  assert.ok(c.effect.shrunk > base.effect && c.effect.shrunk < 0, 'shrunk towards the kind mean, not past it');
  assert.equal(c.effect.raw, base.effect);
  const product = c.components.probability.value * c.components.robustness.value * c.components.adequacy.value;
  assert.ok(Math.abs(c.value - product) < 1e-4);
  assert.equal(c.components.robustness.value, 0.75);
  assert.match(c.components.robustness.detail, /75 % of time blocks/);
});

test('a stronger, more robust finding of the same kind gets a higher probability than a weaker one', () => {
  const strong = findingConfidence({ ...base, effect: -0.012, ci: [-0.0145, -0.0095], extra: { sign_consistency: 1, loo_sign_agreement: 1 } }, run);
  const weak = findingConfidence({ ...base, effect: -0.006, ci: [-0.0115, -0.0005], extra: { sign_consistency: 0.5, loo_sign_agreement: 0.75 } }, run);
  assert.ok(strong.value > weak.value, `${strong.value} > ${weak.value}`);
  assert.ok(strong.components.probability.value > weak.components.probability.value);
  assert.ok(weak.value > 0);
});

test('a wider interval (more noise) gives a lower probability, the rest held fixed', () => {
  const values = [0.004, 0.006, 0.009, 0.012].map(
    (halfWidth) => findingConfidence({ ...base, ci: [base.effect - halfWidth, base.effect + halfWidth] }, run).value,
  );
  for (let i = 1; i < values.length; i++) assert.ok(values[i] < values[i - 1], values.join(' > '));
});

test('shrinkage pulls the best of many cells harder when the cells barely differ', () => {
  const tight = fitShrinkagePrior([-0.004, 0.0, 0.001, -0.001, 0.0005], [0.002, 0.002, 0.002, 0.002, 0.002]);
  const spread = fitShrinkagePrior([-0.02, 0.01, 0.015, -0.012, 0.004], [0.002, 0.002, 0.002, 0.002, 0.002]);
  const f = { ...base, effect: -0.004, ci: [-0.0079, -0.0001] as [number, number] };
  assert.ok(shrunkEffect(f, { ...run, priors: { [KIND]: tight } }).shrinkage > shrunkEffect(f, { ...run, priors: { [KIND]: spread } }).shrinkage);
});

test('what is not measured is left out and named, never replaced by a constant', () => {
  const c = findingConfidence({ ...base, observational: true }, { dataQualityScore: null, priors: {}, windowToEvaluation: null, histories: null });
  assert.equal(c.components.robustness.value, 1);
  assert.equal(c.components.adequacy.value, 1);
  assert.equal(c.effect.prior, null);
  assert.equal(c.effect.shrinkage, 0);
  assert.equal(c.components.selection.value, 1);
  assert.equal(c.not_measured.length, 5);
  assert.match(c.not_measured.join('\n'), /selection across runs/);
  assert.match(c.not_measured.join('\n'), /robustness/);
  assert.match(c.not_measured.join('\n'), /data quality/);
  assert.match(c.not_measured.join('\n'), /observational/);
});

test('unusable data quality gives 0, and PBO lowers robustness', () => {
  assert.equal(findingConfidence(base, { ...run, dataQualityScore: 0.4 }).value, 0);
  const overfit = findingConfidence({ ...base, extra: { pbo: 0.6 } }, run);
  assert.ok(Math.abs(overfit.components.robustness.value - 0.4) < 1e-9);
});

test('the standard error comes from the interval, else from the p-value', () => {
  assert.ok(Math.abs(effectStandardError({ effect: -0.01, ci: [-0.0149, -0.0051], ci_level: 0.95, p: 0.5 }) - 0.0025) < 1e-5);
  const noInterval = [null, null] as unknown as [number, number];
  assert.ok(Math.abs(effectStandardError({ effect: 0.01, ci: noInterval, ci_level: 0.95, p: 0.05 }) - 0.01 / 1.96) < 1e-5);
  assert.ok(Number.isNaN(effectStandardError({ effect: 0.01, ci: noInterval, ci_level: 0.95, p: 1 })));
  assert.equal(findingConfidence({ ...base, ci: noInterval, p: 1 }, run).value, 0);
});

test('the priors are fitted per kind on the tested cells of the run, findings or not', () => {
  const cell = (effect: number, status: CellStatus = 'tested') =>
    performanceCell({}, {}, { kind: KIND, status, effect, ci: [effect - 0.004, effect + 0.004], ci_level: 0.95, p: 0.5 });
  const result = diagnostics([base], { diagnostics: { performance: [cell(-0.01), cell(0.001), cell(0.002), cell(0.0), cell(0.5, 'insufficient')] } });
  const priors = kindPriors(result);
  assert.equal(priors[KIND]?.k, 4);
  assert.ok(Math.abs(priors[KIND]!.mean - -0.00175) < 1e-9);
  assert.equal(kindPriors(diagnostics([finding('LOW_SCORE_LOSES', { strategy_id: 'm' })], { diagnostics: {} })).LOW_SCORE_LOSES, null);
});

test('a proposal takes its weakest finding', () => {
  const strong = base;
  const weak = { ...base, id: 'weak', ci: [-0.02, 0] as [number, number] };
  const c = proposalConfidence([strong, weak], run);
  assert.equal(c.finding_id, 'weak');
  assert.equal(c.value, findingConfidence(weak, run).value);
  assert.deepEqual(
    c.per_finding?.map((f) => f.finding_id),
    [strong.id, 'weak'],
  );
});
