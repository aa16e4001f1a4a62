/**
 * Multiple-testing control over the tested cells of a run, and the findings. Benjamini–Yekutieli (valid
 * under the arbitrary dependence of cells that share trades and days) is applied to two families:
 *
 * - the **findings family**: every tested cell, across all sections, whose hypothesis can become a
 *   finding (it has a finding kind). Findings are the cells of this family with q ≤ the FDR level.
 * - the **descriptive family**: the other tested cells (is this strategy's mean return different from 0,
 *   is the score calibrated, …), adjusted among themselves so they carry a q too.
 *
 * Why two: descriptive hypotheses are mostly true (a profitable strategy's mean does differ from 0).
 * Their discoveries would raise the ranks in one shared family and so loosen the threshold for the
 * actionable cells, letting a history without any actionable effect produce findings more often than
 * the FDR level. Kept apart, a run whose actionable hypotheses are all null has a finding with
 * probability at most the level.
 */
import type { Finding } from '../findings.js';
import { benjaminiYekutieli } from '../stats/false-discovery-rate.js';
import type { DiagnosticCell } from './cell.js';

/** q-values for the tested cells among `cells` (Benjamini–Yekutieli over them), by cell. */
function adjust(cells: readonly DiagnosticCell[]): Map<DiagnosticCell, number> {
  const q = benjaminiYekutieli(cells.map((c) => Math.min(1, Math.max(0, c.p as number))));
  return new Map(cells.map((c, i) => [c, q[i]]));
}

function toFinding(c: DiagnosticCell): Finding {
  return {
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
  };
}

/**
 * The cells with q filled in, the findings, and the size of the findings family.
 *
 * @example
 * const { cells, findings, tests } = controlFalseDiscoveries(allCells, 0.05);
 */
export function controlFalseDiscoveries(cells: readonly DiagnosticCell[], fdrLevel: number): { cells: DiagnosticCell[]; findings: Finding[]; tests: number } {
  const tested = cells.filter((c) => c.status === 'tested' && c.p !== null && Number.isFinite(c.p));
  const actionable = tested.filter((c) => c.kind !== null);
  const q = new Map([...adjust(actionable), ...adjust(tested.filter((c) => c.kind === null))]);
  const withQ = cells.map((c) => (q.has(c) ? { ...c, q: q.get(c)! } : c));
  const findings = withQ
    .filter((c) => c.kind !== null && c.q !== null && c.q <= fdrLevel)
    .map(toFinding)
    .sort((a, b) => a.q - b.q || (a.id < b.id ? -1 : 1));
  return { cells: withQ, findings, tests: actionable.length };
}
