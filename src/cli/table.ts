/** Plain-text tables for the CLI: left-aligned columns, widths from the content. */

/**
 * Renders rows under a header, one line each.
 *
 * @example
 * formatTable(['id', 'status'], [['p1', 'PENDING']]);
 * // 'id  status \np1  PENDING'
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
