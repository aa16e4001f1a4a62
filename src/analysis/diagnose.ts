/**
 * The diagnostics step: statistics over the aggregates, one section per file in diagnostics/, then
 * multiple-testing control over every tested cell (diagnostics/multiple-testing.ts). Pure and
 * deterministic: the same aggregates and seed give the same result.
 */
import type { Aggregates } from './aggregates.js';
import { assessmentQualitySection } from './diagnostics/assessment-quality.js';
import { blackSwanSopsSection } from './diagnostics/black-swan-sops.js';
import { dataQuality } from './diagnostics/data-quality.js';
import { informationSection } from './diagnostics/information.js';
import { liveVsBacktestSection } from './diagnostics/live-vs-backtest.js';
import { controlFalseDiscoveries } from './diagnostics/multiple-testing.js';
import { performanceSection } from './diagnostics/performance.js';
import { riskOverridesSection } from './diagnostics/risk-overrides.js';
import { similarConditionsSection } from './diagnostics/similar-conditions.js';
import { sleeveSelectionSection } from './diagnostics/sleeve-selection.js';
import { tailAndStressSection } from './diagnostics/tail-and-stress.js';
import type { DiagnosticCell, DiagnosticsResult, DiagnosticsSections } from './findings.js';

export interface DiagnoseOptions {
  /** Seed of every bootstrap and permutation (default 0). */
  seed?: number;
  /** False-discovery rate controlled across the run's tests (default 0.05). */
  fdrLevel?: number;
}

/** Non-finite numbers become null so the result is valid JSON (NaN would silently turn into null anyway). */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}

/**
 * @example
 * const result = diagnose(aggregates, { seed: 42, fdrLevel: 0.05 });
 * result.findings; // the cells whose actionable test passed at q ≤ 0.05
 */
export function diagnose(aggregates: Aggregates, options: DiagnoseOptions = {}): DiagnosticsResult {
  const { seed = 0, fdrLevel = 0.05 } = options;
  if (!(fdrLevel > 0 && fdrLevel < 1)) throw new RangeError(`the FDR level must be in (0, 1), got ${fdrLevel}`);
  const sections: Required<DiagnosticsSections> = {
    performance: performanceSection(aggregates),
    live_vs_backtest: liveVsBacktestSection(aggregates, seed),
    risk_overrides: riskOverridesSection(aggregates),
    assessment_quality: assessmentQualitySection(aggregates),
    information: informationSection(aggregates, seed),
    tail_and_stress: tailAndStressSection(aggregates, seed),
    sleeve_selection: sleeveSelectionSection(aggregates),
    black_swan_sops: blackSwanSopsSection(aggregates),
    similar_conditions: similarConditionsSection(aggregates.similar_conditions),
  };
  const { cells, findings, tests } = controlFalseDiscoveries(Object.values(sections).flat(), fdrLevel);
  const bySection: Record<string, DiagnosticCell[]> = {};
  for (const cell of cells) (bySection[cell.section] ??= []).push(cell);
  // Each cell is back in the section that built it with its q added: the sections keep their cell types.
  const diagnostics = bySection as DiagnosticsSections;
  return jsonSafe({
    window: aggregates.window,
    data_quality: dataQuality(aggregates),
    diagnostics,
    findings,
    tests,
    fdr_level: fdrLevel,
  });
}
