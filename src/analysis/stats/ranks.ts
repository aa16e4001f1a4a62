/**
 * Ranks 1…n of the values, ties sharing the average of the ranks they span (scipy.stats.rankdata's default
 * 'average' method, the ranks Spearman's correlation uses).
 *
 * @example
 * averageRanks([10, 30, 20, 20]); // [1, 4, 2.5, 2.5]
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const shared = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = shared;
    start = end + 1;
  }
  return ranks;
}
