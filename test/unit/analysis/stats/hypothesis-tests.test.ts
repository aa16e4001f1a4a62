import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  averageRanks,
  fisherExactTest,
  linearRegressionSlope,
  oneSampleTTest,
  pearsonCorrelation,
  permutationPValue,
  spearmanCorrelation,
  twoProportionTest,
  welchTTest,
  wilsonInterval,
} from '../../../../src/analysis/stats/index.js';
import { assertClose, choose, normalCdfBySeries, studentTCdfClosedForm } from './reference-math.js';

describe('Welch t-test', () => {
  it('hand example: t = √6, df = 4, p from the closed-form t₄ CDF', () => {
    // a: mean 0.02, s² = 1e-4; b: mean 0, s² = 1e-4; se² = 2e-4/3 → t = 0.02/√(2e-4/3) = √6
    // df = (2e-4/3)² / (2·(1e-4/3)²/2) = 4
    const result = welchTTest([0.02, 0.01, 0.03], [0.0, -0.01, 0.01]);
    assertClose(result.diff, 0.02);
    assertClose(result.t, Math.sqrt(6));
    assertClose(result.df, 4);
    assertClose(result.p, 2 * (1 - studentTCdfClosedForm(Math.sqrt(6), 4)), 1e-9);
    assertClose(welchTTest([0.02, 0.01, 0.03], [0.0, -0.01, 0.01], { alternative: 'greater' }).p, 1 - studentTCdfClosedForm(Math.sqrt(6), 4), 1e-9);
    assertClose(welchTTest([0.02, 0.01, 0.03], [0.0, -0.01, 0.01], { alternative: 'less' }).p, studentTCdfClosedForm(Math.sqrt(6), 4), 1e-9);
    // interval: ±t₄(0.975)·se with t₄(0.975) = 2.7764451051977987
    const se = Math.sqrt(2e-4 / 3);
    assertClose(result.ci[0], 0.02 - 2.7764451051977987 * se, 1e-9);
    assertClose(result.ci[1], 0.02 + 2.7764451051977987 * se, 1e-9);
  });

  it('unequal sizes and variances: Welch–Satterthwaite df by a plain loop', () => {
    const a = [1.2, 0.4, 2.2, 1.9, 0.8, 1.1, 3.0];
    const b = [0.1, 0.3, -0.2, 0.4];
    const stats = (x: number[]) => {
      let m = 0;
      for (const v of x) m += v / x.length;
      let s = 0;
      for (const v of x) s += (v - m) ** 2;
      return { m, v: s / (x.length - 1) / x.length, n: x.length };
    };
    const A = stats(a);
    const B = stats(b);
    const result = welchTTest(a, b);
    assertClose(result.t, (A.m - B.m) / Math.sqrt(A.v + B.v));
    assertClose(result.df, (A.v + B.v) ** 2 / (A.v ** 2 / (A.n - 1) + B.v ** 2 / (B.n - 1)));
  });

  it('edge cases: fewer than two values in a group is NaN; NaN rows are dropped', () => {
    const single = welchTTest([0.01], [0.02, 0.03]);
    assert.ok(Number.isNaN(single.t) && Number.isNaN(single.p));
    assert.deepEqual(welchTTest([0.02, NaN, 0.01, 0.03], [0.0, -0.01, Infinity, 0.01]), welchTTest([0.02, 0.01, 0.03], [0.0, -0.01, 0.01]));
  });
});

describe('one-sample t-test', () => {
  it('hand example with df = 2 (closed-form CDF)', () => {
    // x = [−0.01, −0.03, 0.01]: mean −0.01, s = 0.02, se = 0.02/√3, t = −√3/2
    const t = -Math.sqrt(3) / 2;
    const result = oneSampleTTest([-0.01, -0.03, 0.01], 0, 'less');
    assertClose(result.t, t);
    assert.equal(result.df, 2);
    assertClose(result.p, studentTCdfClosedForm(t, 2), 1e-9);
    assertClose(oneSampleTTest([-0.01, -0.03, 0.01]).p, 2 * studentTCdfClosedForm(t, 2), 1e-9);
    assertClose(oneSampleTTest([0.01, 0.03, 0.05], 0.01, 'greater').diff, 0.02);
  });

  it('edge cases: one value is NaN; a constant sample away from μ is certain', () => {
    assert.ok(Number.isNaN(oneSampleTTest([0.01]).p));
    assert.equal(oneSampleTTest([0.01, 0.01, 0.01], 0).p, 0);
    assert.ok(Number.isNaN(oneSampleTTest([0, 0, 0], 0).p));
  });
});

describe('proportions', () => {
  it('Wilson interval, hand example 0/20', () => {
    const z = 1.959963984540054;
    const centre = z ** 2 / 40 / (1 + z ** 2 / 20);
    const [lo, hi] = wilsonInterval(0, 20, z);
    assert.equal(lo, 0);
    assertClose(hi, 2 * centre);
  });

  it('Fisher exact, hand example 7/10 vs 2/10 with exact binomial coefficients', () => {
    // P(X = x) = C(9, x)·C(11, 10 − x)/C(20, 10); P(X ≥ 7) = (36·165 + 9·55 + 1·11)/184756 = 6446/184756
    const total = Number(choose(20, 10));
    const upper = [7, 8, 9].reduce((s, x) => s + Number(choose(9, x) * choose(11, 10 - x)), 0) / total;
    assertClose(upper, 6446 / 184756);
    assertClose(fisherExactTest(7, 10, 2, 10, 'greater'), upper);
    assertClose(fisherExactTest(7, 10, 2, 10), 2 * upper); // the table law is symmetric here
    const lower = [0, 1, 2, 3, 4, 5, 6, 7].reduce((s, x) => s + Number(choose(9, x) * choose(11, 10 - x)), 0) / total;
    assertClose(fisherExactTest(7, 10, 2, 10, 'less'), lower);
  });

  it('Fisher two-sided sums every table no more likely than the observed one (asymmetric margins)', () => {
    const [k1, n1, k2, n2] = [1, 12, 6, 9];
    const K = k1 + k2;
    const prob = (x: number) => Number(choose(K, x) * choose(n1 + n2 - K, n1 - x)) / Number(choose(n1 + n2, n1));
    let p = 0;
    for (let x = 0; x <= K; x++) if (prob(x) <= prob(k1) * (1 + 1e-7)) p += prob(x);
    assertClose(fisherExactTest(k1, n1, k2, n2), p, 1e-9);
  });

  it('uses the pooled z-test with enough counts and matches the hand value', () => {
    // pooled 45/200 = 0.225; se = √(0.225·0.775·(2/100)); z = 0.15/se ≈ 2.54
    const result = twoProportionTest(30, 100, 15, 100, 'greater');
    const z = 0.15 / Math.sqrt(0.225 * 0.775 * 0.02);
    assert.equal(result.method, 'z');
    assertClose(result.diff, 0.15);
    assertClose(result.p, 1 - normalCdfBySeries(z), 1e-9);
    assertClose(twoProportionTest(30, 100, 15, 100).p, 2 * (1 - normalCdfBySeries(z)), 1e-9);
  });

  it('switches to Fisher when an expected count is below 5', () => {
    const result = twoProportionTest(3, 20, 0, 20, 'greater');
    assert.equal(result.method, 'fisher');
    assertClose(result.p, fisherExactTest(3, 20, 0, 20, 'greater'));
  });

  it("interval is Newcombe's hybrid score interval", () => {
    const z = 1.959963984540054;
    const [l1, u1] = wilsonInterval(30, 100, z);
    const [l2, u2] = wilsonInterval(15, 100, z);
    const result = twoProportionTest(30, 100, 15, 100);
    assertClose(result.ci[0], 0.15 - Math.sqrt((0.3 - l1) ** 2 + (u2 - 0.15) ** 2), 1e-9);
    assertClose(result.ci[1], 0.15 + Math.sqrt((u1 - 0.3) ** 2 + (0.15 - l2) ** 2), 1e-9);
    const allErrors = twoProportionTest(20, 20, 0, 20);
    assert.ok(allErrors.ci[0] > 0 && allErrors.ci[1] <= 1);
  });

  it('edge cases: an empty group is NaN; invalid counts throw', () => {
    assert.ok(Number.isNaN(twoProportionTest(0, 0, 1, 2).p));
    assert.throws(() => twoProportionTest(5, 4, 1, 2), /0 ≤ k ≤ n/);
    assert.throws(() => twoProportionTest(1.5, 4, 1, 2), /integers/);
  });
});

describe('rank correlation and regression', () => {
  it('average ranks share ties', () => {
    assert.deepEqual(averageRanks([10, 30, 20, 20]), [1, 4, 2.5, 2.5]);
    assert.deepEqual(averageRanks([5, 5, 5]), [2, 2, 2]);
  });

  it('Spearman with ties, hand example, p from the closed-form t₂ CDF', () => {
    // ranks x: [1, 2.5, 2.5, 4]; ranks y: [2, 1, 4, 3] → Pearson on ranks
    const x = [0.1, 0.5, 0.5, 0.9];
    const y = [0.0, -0.02, 0.04, 0.01];
    const rx = [1, 2.5, 2.5, 4];
    const ry = [2, 1, 4, 3];
    // centred: rx − 2.5 = [−1.5, 0, 0, 1.5], ry − 2.5 = [−0.5, −1.5, 1.5, 0.5]; Σxy = 0.75 + 0.75 = 1.5; Σx² = 4.5; Σy² = 5
    const rho = 1.5 / Math.sqrt(4.5 * 5);
    assertClose(pearsonCorrelation(rx, ry), rho);
    const result = spearmanCorrelation(x, y);
    assertClose(result.rho, rho);
    const t = rho * Math.sqrt(2 / (1 - rho * rho));
    assertClose(result.p, 2 * (1 - studentTCdfClosedForm(t, 2)), 1e-9);
    assertClose(spearmanCorrelation(x, y, 'greater').p, 1 - studentTCdfClosedForm(t, 2), 1e-9);
  });

  it('Spearman edge cases: perfect order, constants, NaN pairs', () => {
    assert.deepEqual(spearmanCorrelation([0.2, 0.5, 0.9, 0.4], [-0.01, 0.02, 0.03, 0.0]), { rho: 1, p: 0, n: 4 });
    assert.ok(Number.isNaN(spearmanCorrelation([1, 1, 1], [1, 2, 3]).rho));
    assert.equal(spearmanCorrelation([1, NaN, 2, 3], [1, 5, 2, 3]).n, 3);
    assert.ok(Number.isNaN(spearmanCorrelation([1, 2], [2, 1]).p));
  });

  it('OLS slope, standard error and p-value, hand example', () => {
    // x̄ = 2.5, ȳ = 4.75; Sxx = 5, Sxy = 9.5, Syy = 18.75 → slope 1.9, SSR = 0.7, se = √(0.7/2/5)
    const result = linearRegressionSlope([1, 2, 3, 4], [2, 4, 5, 8]);
    assertClose(result.slope, 1.9);
    assert.ok(Math.abs(result.intercept) < 1e-12, `intercept ${result.intercept}`);
    assertClose(result.se, Math.sqrt(0.07));
    assertClose(result.p, 2 * (1 - studentTCdfClosedForm(1.9 / Math.sqrt(0.07), 2)), 1e-9);
    assertClose(result.r2, (1.9 * 9.5) / 18.75);
    assert.ok(Number.isNaN(linearRegressionSlope([1, 1, 1], [1, 2, 3]).slope));
    assert.ok(Number.isNaN(linearRegressionSlope([1, 2], [1, 3]).se));
  });
});

describe('permutation p-value', () => {
  it('counts ties as at least as extreme and adds one to both sides', () => {
    assertClose(permutationPValue(0.3, [0.1, 0.35, 0.2, 0.05]), 2 / 5);
    assertClose(permutationPValue(0.3, [0.3, 0.3]), 3 / 3);
    assertClose(permutationPValue(9, [1, 2, 3]), 1 / 4);
    assertClose(permutationPValue(1, [NaN, 2, 0]), 2 / 3);
    assert.ok(Number.isNaN(permutationPValue(NaN, [1])));
  });
});
