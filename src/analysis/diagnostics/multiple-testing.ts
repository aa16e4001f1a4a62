/**
 * Multiple-testing control over every tested cell of a run, and the findings: Benjamini–Yekutieli
 * (valid under the arbitrary dependence cells that share data have) across the whole family; every
 * tested cell keeps its q, and only cells of an actionable kind with q ≤ the FDR level become findings.
 */
import type { Finding } from '../findings.js';
import { benjaminiYekutieli } from '../stats/false-discovery-rate.js';
import type { DiagnosticCell } from './cell.js';

/**
 * The cells with q filled in, the findings, and the family size.
 *
 * @example
 * const { cells, findings, tests } = controlFalseDiscoveries(allCells, 0.05);
 */
export function controlFalseDiscoveries(cells: readonly DiagnosticCell[], fdrLevel: number): { cells: DiagnosticCell[]; findings: Finding[]; tests: number } {
  const tested = cells.filter((c) => c.status === 'tested' && c.p !== null && Number.isFinite(c.p));
  const q = benjaminiYekutieli(tested.map((c) => Math.min(1, Math.max(0, c.p as number))));
  const qById = new Map(tested.map((c, i) => [c, q[i]]));
  const withQ = cells.map((c) => (qById.has(c) ? { ...c, q: qById.get(c)! } : c));
  const findings: Finding[] = withQ
    .filter((c) => c.kind !== null && c.q !== null && c.q <= fdrLevel)
    .map((c) => ({
      id: c.id,
      kind: c.kind!,
      subject: c.subject,
      metric: c.metric,
      n: c.n,
      effect: c.effect,
      ci: c.ci,
      ci_level: c.ci_level,
      p: c.p as number,
      q: c.q as number,
      value: c.value,
      baseline: c.baseline,
      regimes_covered: c.regimes_covered,
      provenance: c.provenance,
      observational: c.observational,
      extra: c.extra,
    }))
    .sort((a, b) => a.q - b.q || (a.id < b.id ? -1 : 1));
  return { cells: withQ, findings, tests: tested.length };
}
