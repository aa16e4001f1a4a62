import { codedConditionalInformation } from './contingency-information.js';
import { encodeLabels } from './discrete-labels.js';
import type { LabelColumn } from './mutual-information.js';
import { permutationPValue } from './permutation-p-value.js';
import { createRng, randomIndex } from './rng.js';
import { sampleMean } from './sample-moments.js';

export interface PermutationMiResult {
  /** Observed plug-in Î(X;Y|Z), nats. */
  mi: number;
  /** (1 + #{Î_b ≥ Î})/(B + 1) over B within-stratum permutations. */
  p: number;
  /** Mean of the null Î_b: the estimator's bias at this sample size. */
  null_mean: number;
  /** mi − null_mean, a bias-corrected effect size (may be slightly negative). */
  excess: number;
  reps: number;
  n: number;
  dropped: number;
}

/**
 * Permutation test of X ⟂ Y | Z with the plug-in conditional MI as statistic: x is shuffled WITHIN each
 * stratum of z (keeping every stratum's composition), so an association that only runs through the
 * regime (knob changed in bad regimes, bad regimes lose) is part of the null and not flagged. For an
 * unconditional test pass a constant z.
 *
 * Exact in finite samples for exchangeable rows; rows are treated as exchangeable within a stratum, so
 * strong serial dependence within a regime makes it anti-conservative. Smallest p is 1/(B + 1).
 * Deterministic given `seed`. Rows with a missing label are dropped; no rows → NaN.
 *
 * @example
 * permutationTestConditionalMI(knobLevel, outcomeBucket, regime, { reps: 999, seed: 1 }); // { mi, p, … }
 */
export function permutationTestConditionalMI(x: LabelColumn, y: LabelColumn, z: LabelColumn, options: { reps?: number; seed: number }): PermutationMiResult {
  const { reps = 1000 } = options;
  const encoded = encodeLabels([x, y, z]);
  const [cx, cy, cz] = encoded.codes;
  const [levelsX, levelsY, levelsZ] = encoded.levels;
  const information = (xs: ArrayLike<number>) => codedConditionalInformation({ x: xs, y: cy, z: cz, levelsX, levelsY, levelsZ }).mi;
  const mi = information(cx);
  const strata: number[][] = Array.from({ length: levelsZ }, () => []);
  cz.forEach((k, row) => strata[k].push(row));
  const rng = createRng(options.seed);
  const shuffled = Int32Array.from(cx);
  const nullSamples: number[] = [];
  for (let b = 0; b < reps && cx.length > 0; b++) {
    for (const rows of strata) {
      // Fisher–Yates over the x values of this stratum's rows.
      for (let i = rows.length - 1; i > 0; i--) {
        const j = randomIndex(rng, i + 1);
        const tmp = shuffled[rows[i]];
        shuffled[rows[i]] = shuffled[rows[j]];
        shuffled[rows[j]] = tmp;
      }
    }
    nullSamples.push(information(shuffled));
  }
  const nullMean = sampleMean(nullSamples);
  return { mi, p: permutationPValue(mi, nullSamples), null_mean: nullMean, excess: mi - nullMean, reps, n: cx.length, dropped: encoded.dropped };
}
