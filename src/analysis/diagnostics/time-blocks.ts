/**
 * How much a cell's mean return rests on one stretch of time: the window's days are cut into equal
 * consecutive blocks, and the cell's mean is recomputed per block (sign consistency) and without each
 * block in turn (leave-one-block-out). An effect carried by one week of the window shows up here even
 * when its overall test is strong.
 */
import type { DaySums } from './clustered-mean.js';

/** Blocks the window is cut into. */
export const TIME_BLOCKS = 4;

export interface TimeBlockRobustness {
  /** Blocks in which the cell has trades. */
  blocks: number;
  /** Share of those blocks whose mean has the sign of the whole cell's mean. */
  sign_consistency: number;
  /** Share of the leave-one-block-out means (over blocks with trades) with the sign of the whole cell's mean. */
  loo_sign_agreement: number;
}

/**
 * Time-block robustness of a cell's mean return over a window of `windowDays` days; null when the cell
 * has trades in fewer than two blocks (nothing to compare).
 *
 * @example
 * timeBlockRobustness(cell.daily, 56); // { blocks: 4, sign_consistency: 0.75, loo_sign_agreement: 1 }
 */
export function timeBlockRobustness(daily: DaySums, windowDays: number, blockCount = TIME_BLOCKS): TimeBlockRobustness | null {
  const length = Math.max(1, windowDays) / blockCount;
  const sums = Array.from({ length: blockCount }, () => ({ n: 0, sum: 0 }));
  daily.day.forEach((d, i) => {
    const block = sums[Math.min(blockCount - 1, Math.max(0, Math.floor(d / length)))];
    block.n += daily.n[i];
    block.sum += daily.sum[i];
  });
  const filled = sums.filter((b) => b.n > 0);
  if (filled.length < 2) return null;
  const total = filled.reduce((acc, b) => ({ n: acc.n + b.n, sum: acc.sum + b.sum }), { n: 0, sum: 0 });
  const sign = Math.sign(total.sum);
  const same = (sum: number) => Math.sign(sum) === sign && sign !== 0;
  return {
    blocks: filled.length,
    sign_consistency: filled.filter((b) => same(b.sum)).length / filled.length,
    loo_sign_agreement: filled.filter((b) => same(total.sum - b.sum)).length / filled.length,
  };
}
