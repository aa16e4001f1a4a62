import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../../src/seed/random.js';

function draws(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.uniform());
}

test('a stream is a pure function of its seed and labels', () => {
  assert.deepEqual(draws(Random.stream(7, 'live'), 50), draws(Random.stream(7, 'live'), 50));
  assert.notDeepEqual(draws(Random.stream(7, 'live'), 50), draws(Random.stream(8, 'live'), 50));
  assert.notDeepEqual(draws(Random.stream(7, 'live'), 50), draws(Random.stream(7, 'regimes'), 50));
});

test('uniform draws stay in [0, 1) and integers cover their closed range', () => {
  const rng = Random.stream(1, 'ranges');
  const seen = new Set<number>();
  for (let i = 0; i < 2_000; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    seen.add(rng.int(2, 5));
  }
  assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
});

test('weighted indices follow their weights', () => {
  const rng = Random.stream(2, 'weights');
  const counts = [0, 0, 0];
  const n = 30_000;
  for (let i = 0; i < n; i++) counts[rng.weightedIndex([0.2, 0.3, 0.5])]++;
  [0.2, 0.3, 0.5].forEach((p, i) => assert.ok(Math.abs(counts[i] / n - p) < 0.015, `share ${counts[i] / n} for ${p}`));
});

test('the Student-t draws have unit variance and fatter tails than a normal', () => {
  const rng = Random.stream(3, 't');
  const n = 100_000;
  const xs = Array.from({ length: n }, () => rng.studentT(5));
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const kurtosis = xs.reduce((a, x) => a + (x - mean) ** 4, 0) / n / variance ** 2;
  assert.ok(Math.abs(mean) < 0.02, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
  assert.ok(kurtosis > 4, `kurtosis ${kurtosis} (a normal has 3, t5 has 9)`);
});

test('normal draws have mean 0 and variance 1', () => {
  const rng = Random.stream(4, 'normal');
  const n = 50_000;
  const xs = Array.from({ length: n }, () => rng.normal());
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  assert.ok(Math.abs(mean) < 0.02 && Math.abs(variance - 1) < 0.03, `mean ${mean}, variance ${variance}`);
});
