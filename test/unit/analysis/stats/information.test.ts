import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conditionalGTest,
  conditionalMutualInformation,
  createRng,
  encodeLabels,
  gTest,
  millerMadowEntropy,
  mutualInformationDiscrete,
  normalizedEntropy,
  permutationTestConditionalMI,
  plugInEntropy,
} from '../../../../src/analysis/stats/index.js';
import { assertClose } from './reference-math.js';

/** Plug-in MI from a dictionary of joint counts, the textbook way: Σ p(x,y)·ln(p(x,y)/(p(x)·p(y))). */
function referenceMi(x: string[], y: string[]): number {
  const n = x.length;
  const joint = new Map<string, number>();
  const px = new Map<string, number>();
  const py = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    joint.set(`${x[i]}\u0000${y[i]}`, (joint.get(`${x[i]}\u0000${y[i]}`) ?? 0) + 1 / n);
    px.set(x[i], (px.get(x[i]) ?? 0) + 1 / n);
    py.set(y[i], (py.get(y[i]) ?? 0) + 1 / n);
  }
  let mi = 0;
  for (const [key, p] of joint) {
    const [a, b] = key.split('\u0000');
    mi += p * Math.log(p / ((px.get(a) ?? 0) * (py.get(b) ?? 0)));
  }
  return mi;
}

/** Conditional MI as the p(z)-weighted average of the per-stratum MI. */
function referenceCmi(x: string[], y: string[], z: string[]): number {
  let total = 0;
  for (const level of new Set(z)) {
    const rows = z.map((v, i) => (v === level ? i : -1)).filter((i) => i >= 0);
    total +=
      (rows.length / z.length) *
      referenceMi(
        rows.map((i) => x[i]),
        rows.map((i) => y[i]),
      );
  }
  return total;
}

/** Labelled draws: z uniform over 3 regimes; x and y each depend on z (and y on x when `direct`). */
function confoundedSample(n: number, seed: number, direct: boolean): { x: string[]; y: string[]; z: string[] } {
  const rng = createRng(seed);
  const x: string[] = [];
  const y: string[] = [];
  const z: string[] = [];
  for (let i = 0; i < n; i++) {
    const regime = Math.floor(rng() * 3);
    const knob = rng() < 0.2 + 0.3 * regime ? 'high' : 'low';
    const winChance = 0.7 - 0.2 * regime + (direct && knob === 'high' ? 0.2 : 0);
    z.push(`r${regime}`);
    x.push(knob);
    y.push(rng() < winChance ? 'win' : 'loss');
  }
  return { x, y, z };
}

describe('entropy', () => {
  it('hand values', () => {
    assertClose(plugInEntropy([5, 5]), Math.LN2);
    assertClose(millerMadowEntropy([5, 5]), Math.LN2 + 1 / 20);
    // p = (0.9, 0.05, 0.05): H = −0.9 ln 0.9 − 2·0.05 ln 0.05; MM adds (3 − 1)/200; K = 4 possible categories
    const h = -0.9 * Math.log(0.9) - 0.1 * Math.log(0.05);
    assertClose(plugInEntropy([90, 5, 5, 0]), h);
    assertClose(normalizedEntropy([90, 5, 5, 0]), (h + 0.01) / Math.log(4));
  });

  it('edge cases', () => {
    assert.equal(normalizedEntropy([100, 0, 0]), 0);
    assert.equal(normalizedEntropy([1, 1, 1]), 1); // bias correction capped at 1
    assert.ok(Number.isNaN(normalizedEntropy([5])));
    assert.ok(Number.isNaN(plugInEntropy([0, 0])));
    assert.throws(() => plugInEntropy([1, -1]), /non-negative/);
  });
});

describe('discrete mutual information', () => {
  it('hand value: a perfect binary association has MI ln 2 and G = 2N·ln 2', () => {
    const result = gTest(['a', 'a', 'b', 'b'], ['win', 'win', 'loss', 'loss']);
    assertClose(result.mi, Math.LN2);
    assertClose(result.g, 8 * Math.LN2);
    assert.equal(result.df, 1);
    // χ²₁ upper tail: P(χ²₁ ≥ g) = P(|Z| ≥ √g) = erfc(√(g/2))
    assert.ok(Math.abs(result.p - 0.018531677751199) < 1e-9);
  });

  it('agrees with the dictionary-count definition', () => {
    const { x, y, z } = confoundedSample(500, 3, true);
    assertClose(mutualInformationDiscrete(x, y), referenceMi(x, y));
    assertClose(conditionalMutualInformation(x, y, z), referenceCmi(x, y, z));
    const triple = x.map((v, i) => `${v}${z[i]}`);
    assertClose(mutualInformationDiscrete(triple, y), referenceMi(triple, y));
  });

  it('drops rows with a missing label and reports them', () => {
    const result = gTest(['a', null, 'b', 'b', 'a'], ['w', 'l', 'l', undefined, 'w']);
    assert.equal(result.n, 3);
    assert.equal(result.dropped, 2);
    assert.deepEqual(
      encodeLabels([
        ['a', 'b', 'a'],
        [1, null, NaN],
      ]),
      { codes: [[0], [0]], levels: [1, 1], dropped: 2 },
    );
  });

  it('a constant variable is untestable: MI 0, p NaN', () => {
    const result = gTest(['a', 'a', 'a'], ['w', 'l', 'w']);
    assert.equal(result.mi, 0);
    assert.ok(Number.isNaN(result.p));
    assert.ok(Number.isNaN(mutualInformationDiscrete([], [])));
  });

  it('independent variables: G-test p-values are roughly uniform', () => {
    let significant = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rng = createRng(seed);
      const x = Array.from({ length: 300 }, () => (rng() < 0.5 ? 'lo' : rng() < 0.5 ? 'mid' : 'hi'));
      const y = Array.from({ length: 300 }, () => (rng() < 0.45 ? 'win' : 'loss'));
      if (gTest(x, y).p < 0.05) significant++;
    }
    assert.ok(significant <= 9, `${significant}/60 significant at 5 %`);
  });

  it('dependent variables are significant', () => {
    const rng = createRng(5);
    const x = Array.from({ length: 400 }, () => (rng() < 0.5 ? 'tight' : 'loose'));
    const y = x.map((knob) => (rng() < (knob === 'tight' ? 0.65 : 0.35) ? 'win' : 'loss'));
    assert.ok(gTest(x, y).p < 1e-3);
    assert.ok(
      permutationTestConditionalMI(
        x,
        y,
        x.map(() => 'all'),
        { reps: 200, seed: 1 },
      ).p < 0.01,
    );
  });
});

describe('conditional independence given the regime', () => {
  it('x ⟂ y | z while both depend on z: unconditional association, no conditional one', () => {
    const { x, y, z } = confoundedSample(1500, 11, false);
    assert.ok(gTest(x, y).p < 1e-3, 'the confounded pair looks associated marginally');
    const conditional = permutationTestConditionalMI(x, y, z, { reps: 300, seed: 1 });
    assert.ok(conditional.p > 0.05, `conditional p ${conditional.p}`);
    assert.ok(conditional.excess < 0.002);
    assert.ok(conditionalGTest(x, y, z).p > 0.05);
  });

  it('a direct effect survives conditioning', () => {
    const { x, y, z } = confoundedSample(1500, 12, true);
    const conditional = permutationTestConditionalMI(x, y, z, { reps: 300, seed: 1 });
    assert.ok(conditional.p < 0.01, `conditional p ${conditional.p}`);
    assert.ok(conditional.mi > conditional.null_mean);
  });

  it('within-stratum permutation keeps each stratum composition and is deterministic', () => {
    const { x, y, z } = confoundedSample(200, 13, true);
    const a = permutationTestConditionalMI(x, y, z, { reps: 100, seed: 9 });
    assert.deepEqual(permutationTestConditionalMI(x, y, z, { reps: 100, seed: 9 }), a);
    assertClose(a.mi, conditionalMutualInformation(x, y, z));
    assert.ok(a.p >= 1 / 101);
  });

  it('exact small example: 6 rows, one stratum → p ≈ P(perfect split) = 2/20', () => {
    const result = permutationTestConditionalMI(['a', 'a', 'b', 'b', 'a', 'b'], [1, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0], { reps: 4000, seed: 2 });
    assertClose(result.mi, Math.LN2);
    assert.ok(Math.abs(result.p - 0.1) < 0.02, `p ${result.p}`);
  });

  it('p-values of a conditional null are roughly uniform', () => {
    let significant = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { x, y, z } = confoundedSample(200, 100 + seed, false);
      if (permutationTestConditionalMI(x, y, z, { reps: 99, seed }).p < 0.1) significant++;
    }
    assert.ok(significant <= 8, `${significant}/30 below 0.1`);
  });
});
