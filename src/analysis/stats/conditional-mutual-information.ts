import { conditionalGTest, type LabelColumn } from './mutual-information.js';

/**
 * Plug-in conditional mutual information of discrete variables, in nats:
 * Î(X;Y|Z) = Σ_z p̂(z)·Î(X;Y | Z = z) = Σ_{x,y,z} p̂(x,y,z)·ln(p̂(z)p̂(x,y,z)/(p̂(x,z)p̂(y,z))).
 *
 * The association of a knob level X with an outcome bucket Y WITHIN regimes Z: knobs changed because of a
 * regime no longer look informative once the regime is given. 0 when X ⟂ Y | Z in the sample. Biased upward
 * like the plain MI; test it with conditionalGTest or permutationTestConditionalMI. Rows with a missing
 * label are dropped; no rows → NaN.
 *
 * @example
 * conditionalMutualInformation(knobLevel, outcomeBucket, regime);
 */
export function conditionalMutualInformation(x: LabelColumn, y: LabelColumn, z: LabelColumn): number {
  return conditionalGTest(x, y, z).mi;
}
