/** Values that change at known instants (config versions, regimes, snapshots): which one is in force at a time. */

export interface Dated<T> {
  from: number;
  value: T;
}

export class Timeline<T> {
  private readonly starts: number[];
  private readonly values: T[];

  /** `entries` in any order; each is in force from its `from` until the next one's. */
  constructor(entries: readonly Dated<T>[]) {
    const sorted = [...entries].sort((a, b) => a.from - b.from);
    this.starts = sorted.map((e) => e.from);
    this.values = sorted.map((e) => e.value);
  }

  /**
   * The value in force at `ms` (binary search).
   *
   * @example
   * new Timeline([{ from: 0, value: 'v1' }, { from: 10, value: 'v2' }]).at(12); // 'v2'
   */
  at(ms: number): T {
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0 || ms < this.starts[0]) throw new RangeError(`nothing in force at ${new Date(ms).toISOString()}`);
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= ms) low = mid;
      else high = mid - 1;
    }
    return this.values[low];
  }

  entries(): Dated<T>[] {
    return this.starts.map((from, i) => ({ from, value: this.values[i] }));
  }
}
