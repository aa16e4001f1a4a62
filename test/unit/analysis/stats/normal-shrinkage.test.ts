import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitShrinkagePrior, shrinkEstimate } from '../../../../src/analysis/stats/normal-shrinkage.js';

test('DerSimonian–Laird: τ² from Cochran Q against its expectation, and the posterior pulls towards μ̂', () => {
  // Equal standard errors: the DerSimonian–Laird τ² is the sample variance of the estimates minus s².
  const e = [-0.01, 0.002, 0.001, 0.0];
  const s = 0.003;
  const prior = fitShrinkagePrior(
    e,
    e.map(() => s),
  )!;
  const mean = e.reduce((a, x) => a + x, 0) / e.length;
  const ss = e.reduce((a, x) => a + (x - mean) ** 2, 0);
  const expectedTau2 = ss / (e.length - 1) - s * s;
  assert.ok(Math.abs(prior.tau2 - expectedTau2) < 1e-12, `${prior.tau2} vs ${expectedTau2}`);
  assert.ok(Math.abs(prior.mean - mean) < 1e-12);
  const post = shrinkEstimate(-0.01, s, prior);
  const b = (s * s) / (s * s + expectedTau2);
  assert.ok(Math.abs(post.shrinkage - b) < 1e-12);
  assert.ok(Math.abs(post.mean - ((1 - b) * -0.01 + b * mean)) < 1e-12);
  assert.ok(post.sd < s, 'pooling information narrows the posterior');
});

test('cells that agree within their noise pool fully; too few cells leave the raw estimate', () => {
  const prior = fitShrinkagePrior([0.001, -0.001, 0.0005, 0.0], [0.003, 0.003, 0.003, 0.003])!;
  assert.equal(prior.tau2, 0);
  assert.equal(shrinkEstimate(0.001, 0.003, prior).shrinkage, 1);
  assert.equal(fitShrinkagePrior([0.01, 0.02], [0.001, 0.001]), null);
  assert.deepEqual(shrinkEstimate(0.01, 0.002, null), { mean: 0.01, sd: 0.002, shrinkage: 0 });
  assert.equal(fitShrinkagePrior([0.01, Number.NaN, 0.02, 0.03], [0.001, 0.001, 0, 0.001]), null, 'unusable cells are ignored');
});
