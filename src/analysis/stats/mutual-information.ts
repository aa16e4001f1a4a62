import { chiSquareUpperTail } from './chi-square-upper-tail.js';
import { codedConditionalInformation } from './contingency-information.js';
import { encodeLabels, type Label } from './discrete-labels.js';

/** A label column; null, undefined and NaN mark a missing value (the row is dropped). */
export type LabelColumn = ArrayLike<Label | null | undefined>;

/** Mutual information with its G-test. */
export interface GTestResult {
  /** Plug-in mutual information in nats. */
  mi: number;
  /** G = 2N·Î, asymptotically χ² with df degrees of freedom under independence. */
  g: number;
  df: number;
  /** Upper-tail χ² p-value; NaN when df = 0 (a variable does not vary: nothing to test). */
  p: number;
  /** Rows used (both labels present). */
  n: number;
  /** Rows dropped for a missing label. */
  dropped: number;
}

/**
 * Plug-in mutual information of two discrete variables, in nats (sklearn's mutual_info_score):
 * Î(X;Y) = Σ_{x,y} p̂(x,y)·ln(p̂(x,y)/(p̂(x)p̂(y))).
 *
 * Biased upward by about (K_x − 1)(K_y − 1)/(2N): never read it without its test (gTest or a permutation
 * test). Rows with a missing label are dropped; no rows → NaN.
 *
 * @example
 * mutualInformationDiscrete(['a', 'a', 'b', 'b'], ['win', 'win', 'loss', 'loss']); // ln 2 ≈ 0.6931
 */
export function mutualInformationDiscrete(x: LabelColumn, y: LabelColumn): number {
  return gTest(x, y).mi;
}

/**
 * G-test of independence of two discrete variables: G = 2N·Î(X;Y) ~ χ²_{(K_x−1)(K_y−1)} under
 * independence (K = levels seen), p = P(χ² ≥ G). The asymptotic law needs most expected cell counts ≥ 5;
 * for sparse tables use permutationTestConditionalMI. df = 0 → p NaN (untestable).
 *
 * @example
 * gTest(knobLevel, outcomeBucket); // { mi, g, df, p, n, dropped }
 */
export function gTest(x: LabelColumn, y: LabelColumn): GTestResult {
  return conditionalGTest(
    x,
    y,
    Array.from({ length: x.length }, () => 0),
  );
}

/**
 * The p-value of {@link gTest}.
 *
 * @example
 * gTestPValue(['a', 'a', 'b', 'b'], [1, 1, 0, 0]); // P(χ²₁ ≥ 8·ln 2) ≈ 0.0185
 */
export function gTestPValue(x: LabelColumn, y: LabelColumn): number {
  return gTest(x, y).p;
}

/**
 * G-test of conditional independence X ⟂ Y | Z: G = 2N·Î(X;Y|Z) ~ χ² with Σ_z (K_x|z − 1)(K_y|z − 1)
 * degrees of freedom (levels seen within each stratum). Rows with any label missing are dropped.
 *
 * @example
 * conditionalGTest(knobLevel, outcomeBucket, regime).p;
 */
export function conditionalGTest(x: LabelColumn, y: LabelColumn, z: LabelColumn): GTestResult {
  const encoded = encodeLabels([x, y, z]);
  const [cx, cy, cz] = encoded.codes;
  const { mi, df, n } = codedConditionalInformation({
    x: cx,
    y: cy,
    z: cz,
    levelsX: encoded.levels[0],
    levelsY: encoded.levels[1],
    levelsZ: encoded.levels[2],
  });
  const g = 2 * n * mi;
  return { mi, g, df, p: df > 0 ? chiSquareUpperTail(g, df) : NaN, n, dropped: encoded.dropped };
}
