import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benjaminiHochberg, benjaminiYekutieli } from '../../../../src/analysis/stats/index.js';
import { assertClose } from './reference-math.js';

/** The 15 p-values of Benjamini & Hochberg (1995), used as the example of scipy.stats.false_discovery_control. */
const BH95 = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];

/** scipy's documented output for method='bh' (docstring of false_discovery_control). */
const BH95_ADJUSTED = [
  0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.486, 0.5811818181818182, 0.714875, 0.7532307692307692,
  0.8132142857142857, 1,
];

/** Plain step-up definition: q₍ᵢ₎ = min over j ≥ i of min(1, c·m·p₍ⱼ₎/j), written with explicit nested loops. */
function referenceAdjust(p: number[], c: number): number[] {
  const m = p.length;
  const sorted = p.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const out = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let best = 1;
    for (let j = i; j < m; j++) best = Math.min(best, (c * m * sorted[j].value) / (j + 1));
    out[sorted[i].index] = best;
  }
  return out;
}

describe('Benjamini–Hochberg', () => {
  it("reproduces scipy's documented example", () => {
    benjaminiHochberg(BH95).forEach((q, i) => assertClose(q, BH95_ADJUSTED[i], 1e-9, `position ${i}`));
  });

  it('hand example: [0.01, 0.04, 0.03] → [0.03, 0.04, 0.04], in input order', () => {
    // sorted 0.01, 0.03, 0.04 → 3·0.01/1 = 0.03, 3·0.03/2 = 0.045, 3·0.04/3 = 0.04; running min from the top
    const q = benjaminiHochberg([0.01, 0.04, 0.03]);
    assertClose(q[0], 0.03);
    assertClose(q[1], 0.04);
    assertClose(q[2], 0.04);
  });

  it('agrees with the nested-loop definition on shuffled input with ties', () => {
    const p = [0.2, 0.001, 0.05, 0.05, 0.9, 0.012, 0.3, 0.0004, 0.05, 0.6];
    const expected = referenceAdjust(p, 1);
    benjaminiHochberg(p).forEach((q, i) => assertClose(q, expected[i]));
  });
});

describe('Benjamini–Yekutieli', () => {
  it('multiplies the BH values by c(m) = Σ 1/i, capped at 1', () => {
    const c15 = Array.from({ length: 15 }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
    assertClose(c15, 3.3182289932289932);
    benjaminiYekutieli(BH95).forEach((q, i) => assertClose(q, Math.min(1, BH95_ADJUSTED[i] * c15), 1e-9, `position ${i}`));
    const expected = referenceAdjust(BH95, c15);
    benjaminiYekutieli(BH95).forEach((q, i) => assertClose(q, expected[i]));
  });

  it('hand example: [0.01, 0.04, 0.03] → BH·11/6', () => {
    const q = benjaminiYekutieli([0.01, 0.04, 0.03]);
    assertClose(q[0], 0.055);
    assertClose(q[1], 0.04 * (11 / 6));
  });
});

describe('edge cases', () => {
  it('NaN stays NaN and is excluded from m', () => {
    const q = benjaminiHochberg([0.01, NaN, 0.04, 0.03]);
    assert.ok(Number.isNaN(q[1]));
    assertClose(q[0], 0.03);
    assertClose(q[2], 0.04);
    assert.ok(benjaminiYekutieli([NaN, NaN]).every(Number.isNaN));
  });

  it('empty input gives an empty output; one p-value is unchanged', () => {
    assert.deepEqual(benjaminiHochberg([]), []);
    assert.deepEqual(benjaminiHochberg([0.02]), [0.02]);
    assert.deepEqual(benjaminiYekutieli([0.02]), [0.02]);
  });

  it('rejects p-values outside [0, 1]', () => {
    assert.throws(() => benjaminiHochberg([0.1, 1.2]), /outside \[0, 1\]/);
    assert.throws(() => benjaminiYekutieli([-0.1]), /outside \[0, 1\]/);
  });
});
