import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  kurtosis,
  minTrackRecordLength,
  probabilisticSharpeRatio,
  probabilisticSharpeRatioOfReturns,
  sharpeMoments,
  skewness,
} from '../../../../src/analysis/stats/index.js';
import { assertClose, normalCdfBySeries, normalQuantileByBisection } from './reference-math.js';

describe('skewness and kurtosis (biased, raw)', () => {
  it('match hand-computed moments of [1, 2, 3, 10]', () => {
    // mean 4; deviations −3 −2 −1 6; m₂ = 50/4, m₃ = 180/4, m₄ = 1394/4
    assertClose(skewness([1, 2, 3, 10]), 45 / 12.5 ** 1.5);
    assertClose(kurtosis([1, 2, 3, 10]), 348.5 / 12.5 ** 2);
  });

  it('agree with a plain loop over a longer sample', () => {
    const x = Array.from({ length: 97 }, (_, i) => Math.sin(i * 1.3) + (i % 7 === 0 ? 3 : 0));
    let mean = 0;
    for (const v of x) mean += v;
    mean /= x.length;
    let m2 = 0;
    let m3 = 0;
    let m4 = 0;
    for (const v of x) {
      const d = v - mean;
      m2 += (d * d) / x.length;
      m3 += (d * d * d) / x.length;
      m4 += (d * d * d * d) / x.length;
    }
    assertClose(skewness(x), m3 / Math.pow(m2, 1.5));
    assertClose(kurtosis(x), m4 / (m2 * m2));
  });

  it('kurtosis is raw: a symmetric two-point sample has kurtosis 1, not −2', () => {
    assertClose(kurtosis([-1, 1, -1, 1]), 1);
    assertClose(skewness([-1, 1, -1, 1]), 0, 1e-9);
  });

  it('edge cases: empty, one value and constants are NaN; NaN rows are dropped', () => {
    for (const x of [[], [0.01], [0.02, 0.02, 0.02]]) {
      assert.ok(Number.isNaN(skewness(x)));
      assert.ok(Number.isNaN(kurtosis(x)));
    }
    assertClose(skewness([1, NaN, 2, 3, 10]), skewness([1, 2, 3, 10]));
  });
});

describe('Probabilistic Sharpe Ratio', () => {
  it('matches the hand value Φ((0.1 − 0)·√100 / √(1 + (3 − 1)/4·0.01)) = Φ(0.99751…) ≈ 0.84074', () => {
    const expected = normalCdfBySeries((0.1 * 10) / Math.sqrt(1.005));
    assertClose(probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, n: 101, skew: 0, kurtosis: 3 }), expected);
    assertClose(expected, 0.840741, 1e-6);
  });

  it('uses SR̂ (not SR*) and raw kurtosis in the denominator', () => {
    const input = { sharpe: 0.15, benchmark: 0.05, n: 60, skew: -0.8, kurtosis: 6 };
    const denominator = Math.sqrt(1 - -0.8 * 0.15 + ((6 - 1) / 4) * 0.15 ** 2);
    assertClose(probabilisticSharpeRatio(input), normalCdfBySeries((0.1 * Math.sqrt(59)) / denominator));
    // Negative skew and fat tails lower the confidence relative to a normal sample.
    assert.ok(probabilisticSharpeRatio(input) < probabilisticSharpeRatio({ ...input, skew: 0, kurtosis: 3 }));
  });

  it('is 0.5 at SR̂ = SR*, and NaN when it cannot be computed', () => {
    assertClose(probabilisticSharpeRatio({ sharpe: 0.2, benchmark: 0.2, n: 30, skew: 0, kurtosis: 3 }), 0.5);
    assert.ok(Number.isNaN(probabilisticSharpeRatio({ sharpe: 0.2, benchmark: 0, n: 1, skew: 0, kurtosis: 3 })));
    assert.ok(Number.isNaN(probabilisticSharpeRatio({ sharpe: NaN, benchmark: 0, n: 30, skew: 0, kurtosis: 3 })));
  });

  it('from returns: SR̂, γ̂₃, γ̂₄ come from the same (excess) sample', () => {
    const r = [0.012, -0.004, 0.007, 0.02, -0.015, 0.003, 0.009, -0.001, 0.011, 0.004];
    const m = sharpeMoments(r, 0.001);
    const excess = r.map((v) => v - 0.001);
    assertClose(m.skew, skewness(excess));
    assertClose(m.kurtosis, kurtosis(excess));
    assert.equal(m.n, 10);
    assertClose(probabilisticSharpeRatioOfReturns(r, 0, 0.001), probabilisticSharpeRatio({ ...m, benchmark: 0 }));
  });
});

describe('Minimum Track Record Length', () => {
  it('matches the hand value 1 + 1.005·(1.6448536/0.1)² ≈ 272.907', () => {
    const z = normalQuantileByBisection(0.95);
    assertClose(z, 1.6448536269514722, 1e-9);
    assertClose(minTrackRecordLength({ sharpe: 0.1, benchmark: 0, skew: 0, kurtosis: 3 }), 1 + 1.005 * (z / 0.1) ** 2);
  });

  it('is consistent with PSR: at n = MinTRL the PSR equals 1 − α', () => {
    const moments = { sharpe: 0.12, skew: -0.5, kurtosis: 5 };
    const n = minTrackRecordLength({ ...moments, benchmark: 0.02, alpha: 0.1 });
    assertClose(probabilisticSharpeRatio({ ...moments, benchmark: 0.02, n }), 0.9, 1e-9);
  });

  it('is infinite when SR̂ does not beat SR*', () => {
    assert.equal(minTrackRecordLength({ sharpe: 0.05, benchmark: 0.1, skew: 0, kurtosis: 3 }), Infinity);
    assert.throws(() => minTrackRecordLength({ sharpe: 0.1, benchmark: 0, skew: 0, kurtosis: 3, alpha: 1.5 }), /alpha/);
  });
});

describe('expected maximum Sharpe and Deflated Sharpe Ratio', () => {
  it('SR₀ follows the Bailey–López de Prado formula', () => {
    const gamma = 0.5772156649015329;
    const expected = 0.1 * ((1 - gamma) * normalQuantileByBisection(1 - 1 / 100) + gamma * normalQuantileByBisection(1 - 1 / (100 * Math.E)));
    assertClose(expectedMaxSharpe({ trialsVariance: 0.01, trials: 100 }), expected, 1e-9);
  });

  it('grows with the number of trials and is 0 for a single trial', () => {
    const sr = (trials: number) => expectedMaxSharpe({ trialsVariance: 0.04, trials });
    assert.equal(sr(1), 0);
    assert.ok(sr(2) < sr(10) && sr(10) < sr(1000));
    assert.ok(sr(10.5) > sr(10)); // an effective, fractional number of trials is allowed
  });

  it('DSR is the PSR against SR₀', () => {
    const input = { sharpe: 0.3, n: 250, skew: -0.2, kurtosis: 4, trials: 100, trialsVariance: 0.01 };
    const sr0 = expectedMaxSharpe(input);
    const factor = 1 - -0.2 * 0.3 + (3 / 4) * 0.09;
    assertClose(deflatedSharpeRatio(input), normalCdfBySeries(((0.3 - sr0) * Math.sqrt(249)) / Math.sqrt(factor)), 1e-9);
    assert.ok(deflatedSharpeRatio(input) < probabilisticSharpeRatio({ ...input, benchmark: 0 }));
  });
});
