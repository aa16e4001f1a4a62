/**
 * Typed reads of the cells in a run's diagnostics, for what the findings alone do not carry: each
 * accessor names the section and the typed field it reads, so renaming a metric where a section
 * builds its cells fails to compile here instead of blinding a rule or a guardrail.
 */
import type { DiagnosticCell, DiagnosticsSections, PerformanceCell, SopEventCell } from '../analysis/findings.js';

/**
 * The performance cells of whole strategies (dimension `strategy`: no regime, sector or sleeve).
 *
 * @example
 * strategyCells(result.diagnostics).map((c) => [c.subject.strategy_id, c.extra.es_95]);
 */
export function strategyCells(diagnostics: DiagnosticsSections): PerformanceCell[] {
  return (diagnostics.performance ?? []).filter((c) => c.subject.dimension === 'strategy');
}

/**
 * The buckets of one profile attribute among the run's performance cells.
 *
 * @example
 * profileBuckets(result.diagnostics, 'region'); // ['EM', 'EU', 'US']
 */
export function profileBuckets(diagnostics: DiagnosticsSections, attribute: string): string[] {
  return (diagnostics.performance ?? []).filter((c) => c.subject.dimension === 'profile' && c.subject.attribute === attribute).map((c) => c.subject.bucket);
}

function isSopEventCell(cell: SopEventCell | DiagnosticCell): cell is SopEventCell {
  return cell.subject.event_id !== undefined;
}

/**
 * The per-event cells of one SOP version: the black-swan events it ran in.
 *
 * @example
 * sopEventCells(result.diagnostics, 'cv-sop-2').map((c) => c.extra.severity); // [3, 4]
 */
export function sopEventCells(diagnostics: DiagnosticsSections, versionId: string): SopEventCell[] {
  return (diagnostics.black_swan_sops ?? []).filter(isSopEventCell).filter((c) => c.subject.sop_version_id === versionId);
}

/**
 * Every cell of the run, whatever its section.
 *
 * @example
 * allCells(result.diagnostics).filter((c) => c.status === 'tested');
 */
export function allCells(diagnostics: DiagnosticsSections): DiagnosticCell[] {
  return Object.values(diagnostics).flat();
}
