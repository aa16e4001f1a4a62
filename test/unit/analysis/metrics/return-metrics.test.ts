import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  annualisedSharpeFromDaily,
  downsideDeviation,
  drawdownDetails,
  expectedShortfall,
  historicalVaR,
  maxDrawdown,
  maxDrawdownFromPnl,
  meanReturn,
  medianReturn,
  profitFactor,
  sharpeRatio,
  sortinoRatio,
  stdDev,
  summarizeReturns,
  tailRatio,
  winRate,
} from '../../../../src/analysis/metrics/index.js';
import { assertClose } from '../stats/reference-math.js';

/**
 * A fixed 10-return series and its metrics worked out by hand from empyrical's definitions.
 *   sum = 0.037 → mean 0.0037; Σr² = 29.19e-4, so Σ(r − r̄)² = 29.19e-4 − 10·0.0037² = 2782.1e-6
 *   std (ddof 1) = √(2782.1e-6/9); Sharpe = 0.0037/std
 *   sorted: −0.025 −0.02 −0.01 0 0.005 0.01 0.012 0.015 0.02 0.03 → median (0.005 + 0.01)/2 = 0.0075
 *   wins 6, losses 3, one zero → win rate 6/9
 *   downside: (0.02² + 0.01² + 0.025²)/10 = 1.125e-4 → DD = √1.125e-4; Sortino = 0.0037/DD
 *   equity peaks at 1.01·0.98·1.015·1.03 = 1.03478641, then ×0.99×1.005×0.975 = ×0.97007625 → MDD = −0.02992375
 *   profit factor: gains 0.092 / losses 0.055
 *   VaR 5 %: h = 0.45 → −0.025 + 0.45·0.005 = −0.02275; ES 5 %: ⌊9·0.05⌋ + 1 = 1 return → −0.025
 *   p95: h = 8.55 → 0.02 + 0.55·0.01 = 0.0255 → tail ratio 0.0255/0.02275
 */
const TEN = [0.01, -0.02, 0.015, 0.03, -0.01, 0.005, -0.025, 0.02, 0.0, 0.012];
const TEN_STD = Math.sqrt(2782.1e-6 / 9);

describe('golden 10-return series (empyrical definitions, by hand)', () => {
  it('matches every hand-derived value to 1e-9', () => {
    assertClose(meanReturn(TEN), 0.0037);
    assertClose(stdDev(TEN), TEN_STD);
    assertClose(sharpeRatio(TEN), 0.0037 / TEN_STD);
    assertClose(sharpeRatio(TEN, { periodsPerYear: 252 }), (0.0037 / TEN_STD) * Math.sqrt(252));
    assertClose(medianReturn(TEN), 0.0075);
    assertClose(winRate(TEN), 6 / 9);
    assertClose(downsideDeviation(TEN), Math.sqrt(1.125e-4));
    assertClose(sortinoRatio(TEN), 0.0037 / Math.sqrt(1.125e-4));
    assertClose(sortinoRatio(TEN, { periodsPerYear: 12 }), (0.0037 / Math.sqrt(1.125e-4)) * Math.sqrt(12));
    assertClose(maxDrawdown(TEN), -0.02992375);
    assertClose(profitFactor(TEN), 0.092 / 0.055);
    assertClose(historicalVaR(TEN), -0.02275);
    assertClose(expectedShortfall(TEN), -0.025);
    assertClose(tailRatio(TEN), 0.0255 / 0.02275);
  });

  it('summarizeReturns carries the same numbers', () => {
    const s = summarizeReturns(TEN);
    assert.equal(s.n, 10);
    assert.equal(s.n_dropped, 0);
    assert.equal(s.es_95_n, 1);
    assertClose(s.sharpe, 0.0037 / TEN_STD);
    assertClose(s.max_drawdown, -0.02992375);
    assertClose(s.var_95, -0.02275);
    assertClose(s.tail_ratio, 0.0255 / 0.02275);
  });
});

/** Independent implementations, deliberately plain (explicit loops, sorting), from the published definitions. */
const reference = {
  mean(r: number[]) {
    let s = 0;
    for (let i = r.length - 1; i >= 0; i--) s += r[i];
    return s / r.length;
  },
  std(r: number[]) {
    // textbook one-pass-free form: Σr² − n·r̄², divided by n − 1
    const m = reference.mean(r);
    let ss = 0;
    for (const v of r) ss += v * v;
    return Math.sqrt((ss - r.length * m * m) / (r.length - 1));
  },
  percentile(r: number[], q: number) {
    const s = [...r].sort((a, b) => a - b);
    const pos = q * (s.length - 1);
    const below = Math.floor(pos);
    const above = Math.ceil(pos);
    return s[below] * (1 - (pos - below)) + s[above] * (pos - below);
  },
  maxDrawdown(r: number[]) {
    // empyrical: cumulative from a base of 100, running maximum, worst relative gap
    const curve = [100];
    for (const v of r) curve.push(curve[curve.length - 1] * (1 + v));
    let worst = 0;
    for (let t = 0; t < curve.length; t++) {
      const peak = Math.max(...curve.slice(0, t + 1));
      worst = Math.min(worst, (curve[t] - peak) / peak);
    }
    return worst;
  },
  sortino(r: number[], mar: number) {
    let down = 0;
    for (const v of r) if (v < mar) down += (v - mar) ** 2;
    return (reference.mean(r) - mar) / Math.sqrt(down / r.length);
  },
  es(r: number[], cutoff: number) {
    const s = [...r].sort((a, b) => a - b);
    const k = Math.floor((r.length - 1) * cutoff) + 1;
    return reference.mean(s.slice(0, k));
  },
};

function pseudoReturns(n: number, seed: number): number[] {
  // a deterministic, skewed, fat-ish return sample (no library RNG involved)
  const out: number[] = [];
  let u = seed;
  for (let i = 0; i < n; i++) {
    u = (16807 * u) % 2147483647;
    const e = u / 2147483647 - 0.5;
    out.push(0.0004 + 0.02 * e + 0.03 * e ** 3 * Math.sign(e - 0.3));
  }
  return out;
}

describe('agreement with independent computations (1e-9 relative)', () => {
  for (const n of [2, 3, 17, 250, 1001]) {
    it(`n = ${n}`, () => {
      const r = pseudoReturns(n, 1000 + n);
      assertClose(meanReturn(r), reference.mean(r));
      assertClose(stdDev(r), reference.std(r), 1e-8);
      assertClose(
        sharpeRatio(r, { periodsPerYear: 252, riskFree: 0.0001 }),
        (reference.mean(r.map((v) => v - 0.0001)) / reference.std(r)) * Math.sqrt(252),
        1e-8,
      );
      assertClose(sortinoRatio(r, { mar: 0.0002 }), reference.sortino(r, 0.0002));
      assertClose(maxDrawdown(r), reference.maxDrawdown(r));
      assertClose(historicalVaR(r), reference.percentile(r, 0.05));
      assertClose(historicalVaR(r, 0.01), reference.percentile(r, 0.01));
      assertClose(expectedShortfall(r), reference.es(r, 0.05));
      assertClose(tailRatio(r), Math.abs(reference.percentile(r, 0.95)) / Math.abs(reference.percentile(r, 0.05)));
      assertClose(medianReturn(r), reference.percentile(r, 0.5));
    });
  }
});

describe('edge cases', () => {
  it('empty input is NaN everywhere', () => {
    const s = summarizeReturns([]);
    assert.equal(s.n, 0);
    for (const key of ['win_rate', 'mean', 'median', 'std', 'sharpe', 'sortino', 'max_drawdown', 'profit_factor', 'var_95', 'es_95', 'tail_ratio'] as const) {
      assert.ok(Number.isNaN(s[key]), `${key} should be NaN, got ${s[key]}`);
    }
    assert.equal(drawdownDetails([]), null);
  });

  it('one trade: defined where a single value suffices, NaN where dispersion is needed', () => {
    const s = summarizeReturns([-0.04]);
    assert.equal(s.n, 1);
    assert.equal(s.win_rate, 0);
    assert.equal(s.mean, -0.04);
    assert.equal(s.median, -0.04);
    assert.ok(Number.isNaN(s.std));
    assert.ok(Number.isNaN(s.sharpe));
    assert.ok(Number.isNaN(s.sortino));
    assertClose(s.max_drawdown, -0.04); // the start V₀ counts: a first-trade loss is a drawdown
    assert.equal(s.profit_factor, 0);
    assert.equal(s.var_95, -0.04);
    assert.equal(s.es_95, -0.04);
    assert.equal(s.es_95_n, 1);
    assert.equal(s.tail_ratio, 1);
  });

  it('all wins: no drawdown, infinite profit factor and Sortino, finite Sharpe', () => {
    const s = summarizeReturns([0.01, 0.02, 0.03]);
    assert.equal(s.win_rate, 1);
    assert.equal(s.max_drawdown, 0);
    assert.equal(s.profit_factor, Infinity);
    assert.equal(s.sortino, Infinity);
    assertClose(s.sharpe, 0.02 / 0.01);
  });

  it('identical wins: zero dispersion gives an infinite Sharpe, not a rounding artefact', () => {
    assert.equal(stdDev([0.01, 0.01, 0.01]), 0);
    assert.equal(sharpeRatio([0.01, 0.01, 0.01]), Infinity);
    assert.equal(sharpeRatio([-0.01, -0.01]), -Infinity);
  });

  it('all zeros: ratios are NaN (0/0), drawdown 0', () => {
    const s = summarizeReturns([0, 0, 0, 0]);
    assert.ok(Number.isNaN(s.win_rate));
    assert.ok(Number.isNaN(s.sharpe));
    assert.ok(Number.isNaN(s.sortino));
    assert.ok(Number.isNaN(s.profit_factor));
    assert.ok(Number.isNaN(s.tail_ratio));
    assert.equal(s.max_drawdown, 0);
    assert.equal(s.std, 0);
    assert.equal(s.var_95, 0);
  });

  it('NaN, infinite and null rows are dropped and counted', () => {
    const dirty = [0.01, NaN, -0.02, Infinity, 0.015, null as unknown as number, 0.03, -Infinity, -0.01];
    const clean = [0.01, -0.02, 0.015, 0.03, -0.01];
    const s = summarizeReturns(dirty);
    assert.equal(s.n, 5);
    assert.equal(s.n_dropped, 4);
    assert.deepEqual({ ...s, n_dropped: 0 }, { ...summarizeReturns(clean), n_dropped: 0 });
  });

  it('only losses: profit factor 0, Sortino negative', () => {
    assert.equal(profitFactor([-1, -2]), 0);
    assert.ok(sortinoRatio([-0.01, -0.03]) < 0);
  });

  it('rejects a non-positive periodsPerYear', () => {
    assert.throws(() => sharpeRatio([0.01, 0.02], { periodsPerYear: 0 }), /periodsPerYear/);
  });
});

describe('drawdowns', () => {
  it('reports peak, trough and recovery on the curve including V₀', () => {
    assert.deepEqual(drawdownDetails([-0.1, 0.05, 0.1]), { max_drawdown: -0.09999999999999998, peak_index: 0, trough_index: 1, recovery_index: 3 });
    const noRecovery = drawdownDetails([0.1, -0.2, 0.05]);
    assert.equal(noRecovery?.peak_index, 1);
    assert.equal(noRecovery?.trough_index, 2);
    assert.equal(noRecovery?.recovery_index, null);
  });

  it('measures PnL drawdowns additively against the running peak equity', () => {
    assertClose(maxDrawdownFromPnl([100, -300, 50], 1000), -300 / 1100);
    assertClose(maxDrawdownFromPnl([-50, 20], 1000), -0.05);
    assert.equal(maxDrawdownFromPnl([10, 20], 1000), 0);
    assert.throws(() => maxDrawdownFromPnl([1], 0), /capital/);
  });
});

describe('conventions', () => {
  it('win rate leaves flat trades out of the denominator', () => {
    assert.equal(winRate([0.02, -0.01, 0, 0.03]), 2 / 3);
  });

  it('downside deviation averages over all observations, not only the losing ones', () => {
    const r = [0.05, 0.04, -0.01, 0.03];
    assertClose(downsideDeviation(r), Math.sqrt(0.0001 / 4));
    assert.notEqual(downsideDeviation(r), 0.01); // the std-of-losses mistake would give √(0.0001/1)
  });

  it('annualisedSharpeFromDaily uses 252 periods and is scale-free for PnL', () => {
    const pnl = [120, -40, 0, 75, -10];
    assertClose(annualisedSharpeFromDaily(pnl), sharpeRatio(pnl) * Math.sqrt(252));
    assertClose(annualisedSharpeFromDaily(pnl.map((v) => v / 1e6)), annualisedSharpeFromDaily(pnl));
    assertClose(annualisedSharpeFromDaily(pnl, { periodsPerYear: 365 }), sharpeRatio(pnl) * Math.sqrt(365));
  });

  it('expected shortfall averages ⌊(n − 1)·cutoff⌋ + 1 returns (empyrical), not ⌈n·cutoff⌉', () => {
    assert.equal(expectedShortfall([-4, -3, -2, -1], 0.3), -4); // ⌊0.9⌋ + 1 = 1 (the textbook count would be 2)
    assert.equal(expectedShortfall([-0.05, -0.02, 0.01, 0.03, 0.04], 0.5), -0.02);
  });
});
