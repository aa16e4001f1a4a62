/** Largest contingency table (levels of x × y × z) the plug-in estimators will allocate; beyond it, bucket first. */
const MAX_CELLS = 1 << 24;

/** Integer-coded columns (0…levels−1) of one contingency table; z is the conditioning variable (one level for none). */
export interface CodedTable {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
  levelsX: number;
  levelsY: number;
  levelsZ: number;
}

/**
 * Plug-in conditional mutual information of coded columns, in nats:
 * Î(X;Y|Z) = Σ_{x,y,z} (n_xyz/N)·ln(n_xyz·n_z / (n_xz·n_yz)). With one level of z it is the plain Î(X;Y).
 * Also returns the G-test degrees of freedom Σ_z (K_x|z − 1)(K_y|z − 1), counting only the levels of x and
 * y seen within each stratum z.
 *
 * @example
 * codedConditionalInformation({ x: [0, 1], y: [0, 1], z: [0, 0], levelsX: 2, levelsY: 2, levelsZ: 1 }); // { mi: ln 2, df: 1, n: 2 }
 */
export function codedConditionalInformation(table: CodedTable): { mi: number; df: number; n: number } {
  const { x, y, z, levelsX, levelsY, levelsZ } = table;
  const n = x.length;
  if (levelsX * levelsY * levelsZ > MAX_CELLS) {
    throw new RangeError(`too many levels for a discrete mutual information (${levelsX}×${levelsY}×${levelsZ}); bucket the variables first`);
  }
  const nxyz = new Float64Array(levelsX * levelsY * levelsZ);
  const nxz = new Float64Array(levelsX * levelsZ);
  const nyz = new Float64Array(levelsY * levelsZ);
  const nz = new Float64Array(levelsZ);
  for (let i = 0; i < n; i++) {
    nxyz[(z[i] * levelsY + y[i]) * levelsX + x[i]]++;
    nxz[z[i] * levelsX + x[i]]++;
    nyz[z[i] * levelsY + y[i]]++;
    nz[z[i]]++;
  }
  let mi = 0;
  for (let k = 0; k < levelsZ; k++) {
    for (let j = 0; j < levelsY; j++) {
      for (let i = 0; i < levelsX; i++) {
        const c = nxyz[(k * levelsY + j) * levelsX + i];
        if (c > 0) mi += (c / n) * Math.log((c * nz[k]) / (nxz[k * levelsX + i] * nyz[k * levelsY + j]));
      }
    }
  }
  let df = 0;
  for (let k = 0; k < levelsZ; k++) {
    const seenX = nxz.subarray(k * levelsX, (k + 1) * levelsX).filter((c) => c > 0).length;
    const seenY = nyz.subarray(k * levelsY, (k + 1) * levelsY).filter((c) => c > 0).length;
    if (seenX > 0 && seenY > 0) df += (seenX - 1) * (seenY - 1);
  }
  return { mi: n === 0 ? NaN : Math.max(0, mi), df, n };
}
