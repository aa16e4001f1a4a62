import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  blockBootstrapIndices,
  bootstrapDifference,
  bootstrapInterval,
  circularBlockBootstrapIndices,
  createRng,
  deriveSeed,
  optimalBlockLength,
  sampleMean,
  stationaryBootstrapIndices,
  summarizeBootstrap,
} from '../../../../src/analysis/stats/index.js';
import { assertClose, normalDraws, parkMillerAr1 } from './reference-math.js';

describe('seeded random numbers', () => {
  it('the same seed gives the same stream; another seed another stream', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng());
    };
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
    for (const u of draw(7)) assert.ok(u >= 0 && u < 1);
  });

  it('the first draws of small seeds are uniform (no poorly mixed start)', () => {
    const first = Array.from({ length: 2000 }, (_, seed) => createRng(seed)());
    const mean = first.reduce((s, u) => s + u, 0) / first.length;
    assert.ok(Math.abs(mean - 0.5) < 0.03, `mean of first draws ${mean}`);
    assert.ok(first.filter((u) => u > 0.99).length < 50, 'too many first draws near 1');
  });

  it('derived seeds are stable and differ by label', () => {
    assert.equal(deriveSeed(7, 'regime=crisis'), deriveSeed(7, 'regime=crisis'));
    assert.notEqual(deriveSeed(7, 'regime=crisis'), deriveSeed(7, 'regime=calm'));
    assert.notEqual(deriveSeed(7, 'regime=crisis'), deriveSeed(8, 'regime=crisis'));
    assert.ok(Number.isSafeInteger(deriveSeed(1, 'x')));
  });

  it('rejects a non-integer seed', () => {
    assert.throws(() => createRng(1.5), /integer/);
  });
});

describe('block resampling indices', () => {
  it('stationary: geometric blocks with mean b that wrap around', () => {
    const n = 20000;
    const indices = stationaryBootstrapIndices(n, 5, createRng(1));
    assert.equal(indices.length, n);
    let continued = 0;
    for (let t = 1; t < n; t++) {
      assert.ok(indices[t] >= 0 && indices[t] < n);
      if (indices[t] === (indices[t - 1] + 1) % n) continued++;
    }
    assert.ok(Math.abs(continued / (n - 1) - 0.8) < 0.01, `continuation share ${continued / (n - 1)}`);
  });

  it('circular: fixed blocks of b consecutive indices, wrapping past the end', () => {
    const n = 103;
    const indices = circularBlockBootstrapIndices(n, 4, createRng(2));
    assert.equal(indices.length, n);
    for (let t = 1; t < n; t++) {
      if (t % 4 !== 0) assert.equal(indices[t], (indices[t - 1] + 1) % n);
    }
    assert.deepEqual(blockBootstrapIndices('circular', n, 4, createRng(2)), indices);
  });

  it('a mean block below 1 is treated as 1: every index a fresh draw', () => {
    assert.deepEqual(stationaryBootstrapIndices(50, 0.3, createRng(3)), stationaryBootstrapIndices(50, 1, createRng(3)));
    const rng = createRng(3);
    const fresh = Array.from({ length: 50 }, (_, t) => (t === 0 ? Math.floor(rng() * 50) : (rng(), Math.floor(rng() * 50))));
    assert.deepEqual(stationaryBootstrapIndices(50, 1, createRng(3)), fresh);
  });
});

describe('optimal block length (Politis–White with the Patton–Politis–White correction)', () => {
  // Golden values from arch's `_single_optimal_block` algorithm run on the same Park–Miller AR(1) series.
  const golden: Array<[number, number, number, number]> = [
    [200, 0.6, 7.389879504943425, 8.459300320061704],
    [500, 0.0, 0.6028772298304989, 0.6901221514980704],
    [1000, 0.9, 36.60250484661329, 41.899408611045594],
    [60, 0.3, 1.7211430040947435, 1.9702169102582805],
  ];
  for (const [n, phi, stationary, circular] of golden) {
    it(`matches arch for n = ${n}, φ = ${phi}`, () => {
      const result = optimalBlockLength(parkMillerAr1(n, phi));
      assertClose(result.stationary, stationary, 1e-9);
      assertClose(result.circular, circular, 1e-9);
    });
  }

  it('degenerate series get 1', () => {
    assert.deepEqual(optimalBlockLength([0.01, 0.01, 0.01, 0.01, 0.01]), { stationary: 1, circular: 1 });
    assert.deepEqual(optimalBlockLength([0.01, 0.02]), { stationary: 1, circular: 1 });
  });
});

describe('bootstrap interval for one series', () => {
  it('is deterministic given the seed', () => {
    const x = parkMillerAr1(150, 0.4);
    const a = bootstrapInterval(x, sampleMean, { seed: 11, reps: 300 });
    assert.deepEqual(bootstrapInterval(x, sampleMean, { seed: 11, reps: 300 }), a);
    assert.notDeepEqual(bootstrapInterval(x, sampleMean, { seed: 12, reps: 300 }).ci, a.ci);
    assertClose(a.estimate, sampleMean(x));
    assert.equal(a.method, 'stationary');
    assertClose(a.block_lengths[0], optimalBlockLength(x).stationary);
  });

  it('covers the true mean of i.i.d. normal data in 90–99 % of 200 replications', () => {
    const rng = createRng(2024);
    let covered = 0;
    for (let rep = 0; rep < 200; rep++) {
      const x = normalDraws(rng, 100).map((z) => 0.5 + z);
      const { ci } = bootstrapInterval(x, sampleMean, { seed: rep, reps: 200, method: rep % 2 ? 'circular' : 'stationary' });
      if (ci[0] <= 0.5 && 0.5 <= ci[1]) covered++;
    }
    assert.ok(covered >= 180 && covered <= 198, `covered ${covered}/200`);
  });

  it('widens for autocorrelated data compared with an i.i.d. resample', () => {
    const x = parkMillerAr1(400, 0.8);
    const block = bootstrapInterval(x, sampleMean, { seed: 5, reps: 400 });
    const iid = bootstrapInterval(x, sampleMean, { seed: 5, reps: 400, blockLength: 1 });
    assert.ok(block.ci[1] - block.ci[0] > 1.8 * (iid.ci[1] - iid.ci[0]), `block ${block.ci} vs iid ${iid.ci}`);
  });

  it('finds a negative mean significant and a zero mean not', () => {
    const rng = createRng(8);
    const losing = normalDraws(rng, 200).map((z) => -0.3 + z);
    const flat = normalDraws(rng, 200);
    const bad = bootstrapInterval(losing, sampleMean, { seed: 1, reps: 500, alternative: 'less' });
    assert.ok(bad.p < 0.01 && bad.ci[1] < 0, `p ${bad.p}, ci ${bad.ci}`);
    assert.ok(bootstrapInterval(flat, sampleMean, { seed: 1, reps: 500 }).p > 0.05);
  });

  it('edge cases: empty input is NaN; NaN rows are dropped; bad block length throws', () => {
    const empty = bootstrapInterval([], sampleMean, { seed: 1, reps: 10 });
    assert.ok(Number.isNaN(empty.estimate) && Number.isNaN(empty.p) && Number.isNaN(empty.ci[0]));
    assert.deepEqual(bootstrapInterval([1, NaN, 2, 3, 4], sampleMean, { seed: 3, reps: 50 }).n, [4]);
    assert.throws(() => bootstrapInterval([1, 2, 3], sampleMean, { seed: 1, blockLength: 0 }), /block length/);
  });
});

describe('percentile interval and p-value from bootstrap statistics', () => {
  it('hand example on 9 statistics', () => {
    const stats = [-0.2, 0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, NaN, 1.0];
    const s = summarizeBootstrap(0.5, stats, { level: 0.8, nullValue: 0, alternative: 'greater' });
    // 9 finite values sorted; 10 % quantile at h = 0.8 → −0.2 + 0.8·0.3 = 0.04; 90 % at h = 7.2 → 0.8 + 0.2·0.2 = 0.84
    assertClose(s.ci[0], 0.04);
    assertClose(s.ci[1], 0.84);
    assertClose(s.p, (1 + 1) / (9 + 1)); // one statistic ≤ 0
    assertClose(s.share_above_null, 8 / 9);
    assert.equal(s.n_invalid, 1);
    assertClose(summarizeBootstrap(0.5, stats, { level: 0.8, nullValue: 0, alternative: 'two-sided' }).p, 0.4);
    assertClose(summarizeBootstrap(0.5, stats, { level: 0.8, nullValue: 0, alternative: 'less' }).p, (1 + 8) / 10);
  });
});

describe('bootstrap difference of two series', () => {
  it('detects live below backtest (independent series)', () => {
    const rng = createRng(99);
    const live = normalDraws(rng, 200).map((z) => -0.5 + z);
    const backtest = normalDraws(rng, 300).map((z) => z);
    const gap = bootstrapDifference(live, backtest, { seed: 4, reps: 500, alternative: 'less' });
    assertClose(gap.estimate, sampleMean(live) - sampleMean(backtest));
    assert.ok(gap.p < 0.01 && gap.ci[1] < 0, `p ${gap.p}, ci ${gap.ci}`);
    assert.equal(gap.block_lengths.length, 2);
    assert.deepEqual(gap.n, [200, 300]);
    assert.deepEqual(bootstrapDifference(live, backtest, { seed: 4, reps: 500, alternative: 'less' }), gap);
  });

  it('paired resampling keeps the alignment: a constant offset has a degenerate interval', () => {
    const b = parkMillerAr1(120, 0.5);
    const a = b.map((v) => v + 0.25);
    const paired = bootstrapDifference(a, b, { seed: 1, reps: 200, paired: true, blockLength: 5 });
    assertClose(paired.ci[0], 0.25, 1e-9);
    assertClose(paired.ci[1], 0.25, 1e-9);
    const independent = bootstrapDifference(a, b, { seed: 1, reps: 200, blockLength: 5 });
    assert.ok(independent.ci[1] - independent.ci[0] > 0.05);
  });

  it('takes any statistic, e.g. a Sharpe gap', () => {
    const sharpe = (s: number[]) => sampleMean(s) / Math.sqrt(s.reduce((acc, v) => acc + (v - sampleMean(s)) ** 2, 0) / (s.length - 1));
    const rng = createRng(5);
    const result = bootstrapDifference(
      normalDraws(rng, 100).map((z) => 0.2 + z),
      normalDraws(rng, 100),
      { seed: 2, reps: 200, statistic: sharpe },
    );
    assert.ok(Number.isFinite(result.estimate) && result.ci[0] < result.estimate && result.estimate < result.ci[1]);
  });

  it('paired input of different lengths throws; an empty side is NaN', () => {
    assert.throws(() => bootstrapDifference([1, 2], [1], { seed: 1, paired: true }), /differ in length/);
    assert.ok(Number.isNaN(bootstrapDifference([], [1, 2, 3], { seed: 1, reps: 10 }).estimate));
  });
});
