import { type Rng, randomIndex } from './rng.js';

/**
 * Indices of one stationary-bootstrap resample (Politis & Romano 1994), as arch's StationaryBootstrap: the
 * first index is uniform on [0, n); each next index starts a new block at a uniform position with
 * probability p = 1/meanBlock and otherwise continues the current block (i + 1, wrapping from n − 1 to 0).
 * Block lengths are geometric with mean `meanBlock`; blocks wrap around, so every observation is equally
 * likely to be drawn. A `meanBlock` below 1 is treated as 1 (an i.i.d. bootstrap).
 *
 * @example
 * stationaryBootstrapIndices(5, 2, createRng(1)); // e.g. [3, 4, 0, 2, 3]
 */
export function stationaryBootstrapIndices(n: number, meanBlock: number, rng: Rng): number[] {
  const restart = 1 / Math.max(1, meanBlock);
  const indices: number[] = [];
  for (let t = 0; t < n; t++) {
    indices.push(t === 0 || rng() < restart ? randomIndex(rng, n) : (indices[t - 1] + 1) % n);
  }
  return indices;
}

/**
 * Indices of one circular block bootstrap resample, as arch's CircularBlockBootstrap: ⌈n/b⌉ blocks of
 * fixed length b = max(1, round(block)), each starting at a uniform position and wrapping from n − 1 to 0,
 * truncated to n indices. Wrapping avoids the moving-block bootstrap's under-sampling of the series' ends.
 *
 * @example
 * circularBlockBootstrapIndices(5, 2, createRng(1)); // e.g. [4, 0, 2, 3, 1]
 */
export function circularBlockBootstrapIndices(n: number, block: number, rng: Rng): number[] {
  const length = Math.max(1, Math.round(block));
  const indices: number[] = [];
  while (indices.length < n) {
    const start = randomIndex(rng, n);
    for (let j = 0; j < length && indices.length < n; j++) indices.push((start + j) % n);
  }
  return indices;
}

/** The two wrap-around block bootstraps (arch's StationaryBootstrap and CircularBlockBootstrap). */
export type BlockBootstrapMethod = 'stationary' | 'circular';

/**
 * Indices of one resample by the named method: {@link stationaryBootstrapIndices} with mean block
 * `blockLength`, or {@link circularBlockBootstrapIndices} with block `blockLength`.
 *
 * @example
 * blockBootstrapIndices('circular', 100, 5, createRng(3));
 */
export function blockBootstrapIndices(method: BlockBootstrapMethod, n: number, blockLength: number, rng: Rng): number[] {
  return method === 'stationary' ? stationaryBootstrapIndices(n, blockLength, rng) : circularBlockBootstrapIndices(n, blockLength, rng);
}
