/**
 * False-discovery-rate adjustment of p-values, as scipy.stats.false_discovery_control.
 *
 * Benjamini–Hochberg: with the m p-values sorted p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value (q-value) is
 * p̃₍ᵢ₎ = min_{j ≥ i} min(1, m·p₍ⱼ₎/j). Rejecting every hypothesis with q ≤ α controls the FDR at α under
 * independence or positive regression dependence (PRDS). Benjamini–Yekutieli multiplies by
 * c(m) = Σ_{i=1}^{m} 1/i and is valid under ARBITRARY dependence, the safe choice when the tests share data.
 *
 * NaN policy (scipy rejects NaN instead): a NaN p-value (an untestable cell) stays NaN in the output and is
 * excluded from m, so it neither dilutes nor inflates the others. A p-value outside [0, 1] is a bug upstream
 * and throws. Output is in input order.
 */

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in input order.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, NaN]); // [0.03, 0.04, 0.04, NaN]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  return adjust(pValues, () => 1);
}

/**
 * Benjamini–Yekutieli adjusted p-values (q-values), in input order: the BH values times c(m) = Σ_{i≤m} 1/i,
 * capped at 1.
 *
 * @example
 * benjaminiYekutieli([0.01, 0.04, 0.03]); // BH·(1 + 1/2 + 1/3) = [0.055, 0.0733…, 0.0733…]
 */
export function benjaminiYekutieli(pValues: readonly number[]): number[] {
  return adjust(pValues, (m) => {
    let c = 0;
    for (let i = 1; i <= m; i++) c += 1 / i;
    return c;
  });
}

function adjust(pValues: readonly number[], dependenceFactor: (m: number) => number): number[] {
  const tested: number[] = [];
  pValues.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value ${p} at position ${i} is outside [0, 1]`);
    tested.push(i);
  });
  const m = tested.length;
  const factor = dependenceFactor(m);
  const order = tested.sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = pValues.map(() => NaN);
  let runningMin = Infinity;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    runningMin = Math.min(runningMin, (pValues[index] * m * factor) / rank);
    adjusted[index] = Math.min(1, runningMin);
  }
  return adjusted;
}
