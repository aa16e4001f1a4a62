/** Conditional mutual information of a level and a binary outcome, from per-stratum counts. */

/** A stratum of a binary-outcome table: per level of X, its count and how many had the outcome. */
export interface BinaryStratum {
  n: number[];
  hits: number[];
}

/**
 * Plug-in conditional mutual information Î(X;Y|Z) in nats of a binary Y, from stratum tables:
 * Σ (n_xyz/N)·ln(n_xyz·n_z/(n_xz·n_yz)).
 *
 * @example
 * binaryConditionalInformation([{ n: [10, 10], hits: [10, 0] }]); // ln 2
 */
export function binaryConditionalInformation(strata: readonly BinaryStratum[]): number {
  const total = strata.reduce((s, z) => s + z.n.reduce((a, b) => a + b, 0), 0);
  let mi = 0;
  for (const z of strata) {
    const nz = z.n.reduce((a, b) => a + b, 0);
    const hz = z.hits.reduce((a, b) => a + b, 0);
    z.n.forEach((nx, i) => {
      for (const [nxy, ny] of [
        [z.hits[i], hz],
        [nx - z.hits[i], nz - hz],
      ]) {
        if (nxy > 0) mi += (nxy / total) * Math.log((nxy * nz) / (nx * ny));
      }
    });
  }
  return total > 0 ? Math.max(0, mi) : NaN;
}
