import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binomialInterval, brierScore, calibration, type Forecast, reliabilityTable } from '../../../src/proposals/calibration.js';

const close = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) < tol, `${a} is not within ${tol} of ${b}`);

test('the exact binomial interval matches the published Clopper–Pearson values', () => {
  const [low, high] = binomialInterval(5, 10);
  close(low, 0.187086);
  close(high, 0.812914);
  assert.deepEqual(
    binomialInterval(0, 10).map((x) => Number(x.toFixed(4))),
    [0, 0.3085],
  );
  assert.deepEqual(
    binomialInterval(10, 10).map((x) => Number(x.toFixed(4))),
    [0.6915, 1],
  );
  close(binomialInterval(1, 20)[0], 0.001265);
  assert.throws(() => binomialInterval(3, 2), /successes must be an integer in \[0, 2\]/);
});

/** `n` forecasts at probability p of which `k` improved. */
const group = (p: number, n: number, k: number): Forecast[] => Array.from({ length: n }, (_, i) => ({ probability: p, improved: i < k }));

test('a calibrated forecaster lies within its intervals; an overconfident one does not', () => {
  const calibrated = reliabilityTable([...group(0.15, 40, 6), ...group(0.85, 40, 34)]);
  assert.equal(calibrated.length, 10);
  assert.deepEqual(
    calibrated.filter((b) => b.n > 0).map((b) => [b.lower, b.within]),
    [
      [0.1, true],
      [0.8, true],
    ],
  );
  assert.equal(calibrated[5].realised_share, null);
  const overconfident = reliabilityTable(group(0.95, 40, 20));
  assert.equal(overconfident[9].within, false);
  assert.equal(overconfident[9].realised_share, 0.5);
  assert.equal(reliabilityTable([{ probability: 1, improved: true }])[9].n, 1);
  assert.throws(() => reliabilityTable([{ probability: 1.2, improved: true }]), /must lie in \[0, 1\], got 1.2/);
});

test('Murphy: with one probability per bin, brier = reliability − resolution + uncertainty exactly', () => {
  const forecasts = [...group(0.15, 40, 10), ...group(0.85, 60, 45)];
  const score = brierScore(forecasts)!;
  const direct = forecasts.reduce((s, f) => s + (f.probability - (f.improved ? 1 : 0)) ** 2, 0) / forecasts.length;
  close(score.brier, direct, 1e-12);
  close(score.within_bin, 0, 1e-12);
  close(score.base_rate, 0.55, 1e-12);
  close(score.uncertainty, 0.55 * 0.45, 1e-12);
  close(score.reliability, (40 * (0.15 - 0.25) ** 2 + 60 * (0.85 - 0.75) ** 2) / 100, 1e-12);
  close(score.resolution, (40 * (0.25 - 0.55) ** 2 + 60 * (0.75 - 0.55) ** 2) / 100, 1e-12);
  assert.ok(score.brier < score.constant_brier);
  assert.equal(brierScore([]), null);
});

test('predictions spread inside a bin show up as the within-bin remainder, and an uninformative forecaster does not beat the constant', () => {
  const spread = brierScore([
    { probability: 0.01, improved: false },
    { probability: 0.09, improved: true },
  ])!;
  assert.ok(Math.abs(spread.within_bin) > 1e-6);
  const flat = calibration(group(0.5, 10, 5));
  assert.equal(flat.score!.brier, 0.25);
  assert.equal(flat.score!.constant_brier, 0.25);
  assert.equal(flat.bins[5].within, true);
});
