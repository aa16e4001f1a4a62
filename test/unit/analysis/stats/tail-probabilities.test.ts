/**
 * Far tails keep their precision: p-values of strong effects are tiny numbers, never a rounded 0. The
 * references are closed forms (χ² with 2 and 4 degrees of freedom, Student t with 2) and a published
 * constant for the normal tail.
 */
import { describe, it } from 'node:test';
import { chiSquareUpperTail } from '../../../../src/analysis/stats/chi-square-upper-tail.js';
import { normalPValue, studentTPValue } from '../../../../src/analysis/stats/index.js';
import { assertClose } from './reference-math.js';

/** P(T > t) for Student t with 2 degrees of freedom, written without cancellation: 1/(√(t²+2)·(√(t²+2) + t)). */
const t2UpperTail = (t: number) => 1 / (Math.sqrt(t * t + 2) * (Math.sqrt(t * t + 2) + t));

describe('tails of symmetric statistics', () => {
  it('normal: Φ(−10) = 7.619853024160526e-24 in either tail and twice that two-sided', () => {
    assertClose(normalPValue(10, 'greater'), 7.619853024160526e-24, 1e-9);
    assertClose(normalPValue(-10, 'less'), 7.619853024160526e-24, 1e-9);
    assertClose(normalPValue(-10, 'two-sided'), 2 * 7.619853024160526e-24, 1e-9);
  });

  it('Student t with 2 df at t = 10⁶: the closed-form tail, to 1e-9', () => {
    assertClose(studentTPValue(1e6, 2, 'greater'), t2UpperTail(1e6), 1e-9);
    assertClose(studentTPValue(1e6, 2, 'two-sided'), 2 * t2UpperTail(1e6), 1e-9);
    assertClose(studentTPValue(1e6, 2, 'less'), 1 - t2UpperTail(1e6), 1e-12);
  });

  it('near the centre nothing changes: t₂ at 1 two-sided is 1 − 1/√3', () => {
    assertClose(studentTPValue(1, 2, 'two-sided'), 1 - 1 / Math.sqrt(3), 1e-12);
  });
});

describe('χ² upper tail', () => {
  it('2 df: e^(−x/2), down to e^−50', () => {
    for (const x of [0.5, 3, 20, 100]) assertClose(chiSquareUpperTail(x, 2), Math.exp(-x / 2), 1e-9, `x = ${x}`);
  });

  it('4 df: e^(−x/2)·(1 + x/2), down to e^−100', () => {
    for (const x of [1, 9.4877, 200]) assertClose(chiSquareUpperTail(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-9, `x = ${x}`);
  });

  it('edges: x ≤ 0 is certain, a NaN statistic or no degrees of freedom is NaN', () => {
    assertClose(chiSquareUpperTail(0, 3), 1);
    assertClose(chiSquareUpperTail(-1, 3), 1);
    assertClose(chiSquareUpperTail(Number.NaN, 3), Number.NaN);
    assertClose(chiSquareUpperTail(5, 0), Number.NaN);
  });
});
