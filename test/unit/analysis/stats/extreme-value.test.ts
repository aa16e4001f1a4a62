import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { createRng, fitGeneralizedPareto, peaksOverThreshold } from '../../../../src/analysis/stats/index.js';
import { assertClose } from './reference-math.js';

/** GPD(ξ, β) draws by inversion: y = β·((1 − u)^{−ξ} − 1)/ξ (ξ = 0: −β·ln(1 − u)). */
function gpdDraws(xi: number, beta: number, n: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const u = rng();
    return xi === 0 ? -beta * Math.log(1 - u) : (beta * ((1 - u) ** -xi - 1)) / xi;
  });
}

describe('Generalized Pareto fit (Zhang–Stephens)', () => {
  for (const [xi, beta] of [
    [0.3, 1],
    [0, 0.02],
    [-0.2, 0.5],
    [0.8, 0.01],
  ]) {
    it(`recovers ξ = ${xi}, β = ${beta} from 2000 draws`, () => {
      const fit = fitGeneralizedPareto(gpdDraws(xi, beta, 2000, 17));
      assert.ok(Math.abs(fit.xi - xi) < 0.1, `ξ̂ = ${fit.xi}`);
      assert.ok(Math.abs(fit.beta / beta - 1) < 0.12, `β̂ = ${fit.beta}`);
      assert.equal(fit.n, 2000);
    });
  }

  it('recovers the tail index of a Pareto sample: excesses over u are GPD with ξ = 1/α', () => {
    // Pareto(α = 3, x_m = 1): X = (1 − u)^{−1/3}; above u = 2 the excess X − 2 is GPD(1/3, 2/3)
    const rng = createRng(23);
    const excesses = Array.from({ length: 20000 }, () => (1 - rng()) ** (-1 / 3))
      .filter((x) => x > 2)
      .map((x) => x - 2);
    const fit = fitGeneralizedPareto(excesses);
    assert.ok(Math.abs(fit.xi - 1 / 3) < 0.1, `ξ̂ = ${fit.xi} from ${excesses.length} excesses`);
    assert.ok(Math.abs(fit.beta - 2 / 3) < 0.12, `β̂ = ${fit.beta}`);
  });

  it('is deterministic and order-free', () => {
    const y = gpdDraws(0.25, 1, 300, 3);
    assert.deepEqual(fitGeneralizedPareto(y), fitGeneralizedPareto([...y].reverse()));
  });

  it('edge cases: too few or identical excesses are NaN, negative ones throw', () => {
    assert.ok(Number.isNaN(fitGeneralizedPareto([0.1]).xi));
    assert.ok(Number.isNaN(fitGeneralizedPareto([0.2, 0.2, 0.2]).beta));
    assert.throws(() => fitGeneralizedPareto([0.1, -0.1]), /non-negative/);
  });
});

describe('peaks over threshold', () => {
  it('applies the McNeil–Frey VaR and ES formulas to the fitted tail', () => {
    const rng = createRng(31);
    const losses = Array.from({ length: 3000 }, () => tQuantile(rng(), 4) * 0.01);
    const result = peaksOverThreshold(losses, { thresholdQuantile: 0.9, level: 0.99 });
    const { threshold: u, xi, beta } = result;
    const exceed = losses.filter((l) => l > u).length;
    assert.equal(result.n_exceed, exceed);
    assert.equal(result.n, 3000);
    const fit = fitGeneralizedPareto(losses.filter((l) => l > u).map((l) => l - u));
    assertClose(xi, fit.xi);
    assertClose(beta, fit.beta);
    const varQ = u + (beta / xi) * (((3000 / exceed) * 0.01) ** -xi - 1);
    assertClose(result.var, varQ);
    assertClose(result.es, varQ / (1 - xi) + (beta - xi * u) / (1 - xi));
    assert.equal(result.es_defined, true);
  });

  it('estimates the 99 % VaR of a Student-t(3) loss within 15 %', () => {
    const truth = tQuantile(0.99, 3);
    for (const seed of [1, 2, 3]) {
      const rng = createRng(seed);
      const losses = Array.from({ length: 5000 }, () => tQuantile(rng(), 3));
      const result = peaksOverThreshold(losses);
      assert.ok(Math.abs(result.var / truth - 1) < 0.15, `seed ${seed}: VaR ${result.var} vs ${truth}`);
      assert.ok(result.xi > 0.1 && result.xi < 0.6, `ξ̂ = ${result.xi} (true 1/3)`);
    }
  });

  it('reports ES as undefined, not zero, for an infinite-mean tail (ξ ≥ 1)', () => {
    const losses = gpdDraws(1.5, 1, 4000, 41);
    const result = peaksOverThreshold(losses, { thresholdQuantile: 0.8, level: 0.99 });
    assert.ok(result.xi >= 1, `ξ̂ = ${result.xi}`);
    assert.equal(result.es_defined, false);
    assert.ok(Number.isNaN(result.es));
    assert.ok(Number.isFinite(result.var) && result.var > result.threshold);
  });

  it('too few exceedances give NaN estimates with the count reported', () => {
    const result = peaksOverThreshold([0.01, 0.02, -0.01, 0.03, 0.05, 0.04, 0, 0.01, 0.02, 0.06]);
    assert.equal(result.n_exceed, 1);
    assert.ok(Number.isNaN(result.xi) && Number.isNaN(result.var) && Number.isNaN(result.es));
    assert.equal(result.es_defined, false);
  });

  it('rejects a tail level inside the body of the distribution', () => {
    assert.throws(() => peaksOverThreshold([1, 2, 3], { thresholdQuantile: 0.95, level: 0.9 }), /tail level/);
  });
});
