/**
 * Independent reference arithmetic for the statistics tests: written from the published definitions with
 * no code shared with src/analysis, so agreement means two different computations agree.
 */
import assert from 'node:assert/strict';

/** Asserts |actual − expected| ≤ rel·max(1, |expected|)… relative for large values, absolute near zero; NaN and ±Infinity must match exactly. */
export function assertClose(actual: number, expected: number, rel = 1e-9, message = ''): void {
  if (!Number.isFinite(expected)) {
    assert.ok(Object.is(actual, expected) || (Number.isNaN(actual) && Number.isNaN(expected)), `${message} expected ${expected}, got ${actual}`);
    return;
  }
  const tolerance = rel * Math.max(Math.abs(expected), 1e-300);
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${message} expected ${expected}, got ${actual} (relative error ${Math.abs(actual - expected) / Math.abs(expected)})`,
  );
}

/** Standard normal CDF from the Maclaurin series of erf: Φ(x) = ½ + ½·erf(x/√2), erf(z) = 2/√π Σ (−1)ⁿ z^{2n+1}/(n!(2n+1)). Accurate to ~1e-12 for |x| ≤ 4. */
export function normalCdfBySeries(x: number): number {
  const z = x / Math.SQRT2;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (-z * z) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return 0.5 + sum / Math.sqrt(Math.PI);
}

/** Inverse of {@link normalCdfBySeries} by bisection. */
export function normalQuantileByBisection(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdfBySeries(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Student-t CDF in closed form for 2 and 4 degrees of freedom. */
export function studentTCdfClosedForm(t: number, df: 2 | 4): number {
  if (df === 2) return 0.5 + t / (2 * Math.sqrt(2 + t * t));
  const s = (t * t) / 4;
  return 0.5 + (3 / 8) * (t / Math.sqrt(1 + s)) * (1 - ((1 / 12) * (t * t)) / (1 + s));
}

/** Binomial coefficient, exact (BigInt). */
export function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

/** The same AR(1) series in tests and in the arch-derived golden values: Park–Miller uniforms e_t − ½, x_t = φ·x_{t−1} + e_t. */
export function parkMillerAr1(n: number, phi: number, seed = 12345): number[] {
  let u = seed;
  let previous = 0;
  const x: number[] = [];
  for (let t = 0; t < n; t++) {
    u = (16807 * u) % 2147483647;
    previous = phi * previous + (u / 2147483647 - 0.5);
    x.push(previous);
  }
  return x;
}

/** Standard normal draws by Box–Muller from a uniform stream. */
export function normalDraws(uniform: () => number, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u1 = 1 - uniform();
    const u2 = uniform();
    out.push(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }
  return out;
}
