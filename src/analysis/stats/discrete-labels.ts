/** A category: a knob level, a regime label, an outcome bucket. */
export type Label = string | number | boolean;

/** Label columns recoded as dense integer codes 0…K−1 (in order of first appearance), rows aligned. */
export interface EncodedLabels {
  codes: number[][];
  /** Number of distinct levels of each column. */
  levels: number[];
  /** Rows dropped because a label was null, undefined or NaN. */
  dropped: number;
}

/**
 * Recodes aligned label columns to integer codes, keeping only rows where every column has a label (null,
 * undefined and NaN are missing). Labels compare by value: 1 and '1' are different levels.
 *
 * @example
 * encodeLabels([['a', 'b', 'a'], [1, null, 2]]); // { codes: [[0, 0], [0, 1]], levels: [1, 2], dropped: 1 }
 */
export function encodeLabels(columns: ReadonlyArray<ArrayLike<Label | null | undefined>>): EncodedLabels {
  const rows = columns[0]?.length ?? 0;
  for (const column of columns) {
    if (column.length !== rows) throw new RangeError(`label columns differ in length: ${column.length} vs ${rows}`);
  }
  const maps = columns.map(() => new Map<Label, number>());
  const codes: number[][] = columns.map(() => []);
  let dropped = 0;
  for (let i = 0; i < rows; i++) {
    if (columns.some((column) => isMissing(column[i]))) {
      dropped++;
      continue;
    }
    columns.forEach((column, c) => {
      const label = column[i] as Label;
      let code = maps[c].get(label);
      if (code === undefined) {
        code = maps[c].size;
        maps[c].set(label, code);
      }
      codes[c].push(code);
    });
  }
  return { codes, levels: maps.map((m) => m.size), dropped };
}

function isMissing(label: Label | null | undefined): boolean {
  return label === null || label === undefined || (typeof label === 'number' && Number.isNaN(label));
}
