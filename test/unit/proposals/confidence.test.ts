import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIDENCE_SETTINGS, effectZ, findingConfidence, proposalConfidence, type RunContext } from '../../../src/proposals/confidence.js';
import { finding } from './fixtures.js';

const run: RunContext = { tests: 120, fdrLevel: 0.1, dataQualityScore: 1, regimesInRun: 3 };
const base = finding('SECTOR_LOSES', { sector: 'Energy' });

test('a strong, clean, randomised finding across every regime gets high confidence', () => {
  const c = findingConfidence({ ...base, extra: { sign_consistency: 1 } }, run);
  assert.ok(c.value > 0.9, String(c.value));
  assert.deepEqual(c.caps, []);
  assert.equal(c.components.coverage.value, 1);
});

test('every value is in [0, 1] and the product of its components unless capped', () => {
  for (const n of [0, 1, 5, 30, 100, 10_000]) {
    for (const q of [0, 0.01, 0.1, 0.5, 1]) {
      const c = findingConfidence({ ...base, n, q }, run);
      assert.ok(c.value >= 0 && c.value <= 1);
      const product = Object.values(c.components).reduce((acc, part) => acc * part.value, 1);
      assert.ok(Math.abs(c.value - Math.min(product, ...c.caps.map((cap) => cap.limit))) < 1e-4);
    }
  }
});

test('monotonic: more data never lowers it, a larger q never raises it', () => {
  let previous = -1;
  for (const n of [2, 5, 10, 20, 29, 30, 31, 60, 200, 1_000, 100_000]) {
    const value = findingConfidence({ ...base, n }, run).value;
    assert.ok(value >= previous, `n=${n}: ${value} < ${previous}`);
    previous = value;
  }
  previous = 2;
  for (const q of [0, 0.001, 0.01, 0.05, 0.09, 0.1, 0.2, 0.5, 1]) {
    const value = findingConfidence({ ...base, q }, run).value;
    assert.ok(value <= previous, `q=${q}: ${value} > ${previous}`);
    previous = value;
  }
});

test('hard caps: too little data, q above the FDR level, overfitting', () => {
  const small = findingConfidence({ ...base, n: 12 }, run);
  assert.ok(small.value <= DEFAULT_CONFIDENCE_SETTINGS.lowDataCap);
  assert.match(small.caps[0].reason, /too little data: n=12 is below the required 30/);
  const belowTrl = findingConfidence({ ...base, n: 200, extra: { min_trl: 500 } }, run);
  assert.ok(belowTrl.value <= 0.3 && belowTrl.caps.some((c) => /required 500/.test(c.reason)));
  assert.ok(findingConfidence({ ...base, q: 0.2 }, run).value <= 0.2);
  const overfit = findingConfidence({ ...base, extra: { pbo: 0.6 } }, run);
  assert.ok(overfit.value <= 0.2 && overfit.caps.some((c) => /overfitting/.test(c.reason)));
});

test('observational evidence is worth 0.7 of the same randomised evidence; unusable data is worth nothing', () => {
  const randomised = findingConfidence(base, run).value;
  const observational = findingConfidence({ ...base, observational: true }, run).value;
  assert.ok(Math.abs(observational - 0.7 * randomised) < 1e-3);
  assert.equal(findingConfidence(base, { ...run, dataQualityScore: 0.4 }).value, 0);
});

test('regime coverage: one regime halves it, unless the claim is about that regime', () => {
  const one = findingConfidence({ ...base, regimes_covered: ['CRISIS'] }, run);
  assert.equal(one.components.coverage.value, 0.5);
  const scoped = findingConfidence(finding('STRATEGY_LOSES_IN_REGIME', { strategy_id: 's', regime_label: 'CRISIS' }, { regimes_covered: ['CRISIS'] }), run);
  assert.equal(scoped.components.coverage.value, 1);
  const two = findingConfidence({ ...base, regimes_covered: ['A', 'B'] }, { ...run, regimesInRun: 4 });
  assert.ok(Math.abs(two.components.coverage.value - 0.75) < 1e-9);
  const unrecorded = findingConfidence({ ...base, regimes_covered: [] }, run);
  assert.equal(unrecorded.components.coverage.value, 0.75);
  assert.match(unrecorded.components.coverage.detail, /regimes not recorded/);
});

test('deflation: the same z counts for less when more hypotheses were tested', () => {
  const few = findingConfidence({ ...base, ci: [-0.02, 0] }, { ...run, tests: 1 }).components.strength.value;
  const many = findingConfidence({ ...base, ci: [-0.02, 0] }, { ...run, tests: 10_000 }).components.strength.value;
  assert.ok(many < few, `${many} !< ${few}`);
});

test('the effect z comes from the interval, else from p, and is at most 8', () => {
  assert.ok(Math.abs(effectZ({ effect: -0.01, ci: [-0.0149, -0.0051], ci_level: 0.95, p: 0.5 }) - 4) < 0.01);
  assert.ok(Math.abs(effectZ({ effect: -0.01, ci: [-0.01, -0.01], ci_level: 0.95, p: 0.05 }) - 1.96) < 0.01);
  const noInterval = JSON.parse('[null, null]') as [number, number];
  assert.equal(effectZ({ effect: 0.09, ci: noInterval, ci_level: 0.95, p: 0 }), 8);
  assert.equal(effectZ({ effect: 0.09, ci: noInterval, ci_level: 0.95, p: 1 }), 0);
  const exhausted = findingConfidence({ ...base, ci: noInterval, p: 0, q: 0 }, run);
  assert.equal(exhausted.components.adequacy.value, 1);
  assert.ok(exhausted.value > 0.7);
});

test('a proposal is as confident as its weakest finding', () => {
  const strong = base;
  const weak = { ...base, id: 'weak', n: 20 };
  const c = proposalConfidence([strong, weak], run);
  assert.equal(c.finding_id, 'weak');
  assert.equal(c.value, findingConfidence(weak, run).value);
  assert.deepEqual(c.per_finding?.map((f) => f.finding_id), [strong.id, 'weak']);
});
