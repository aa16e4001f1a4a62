/**
 * Shared by the recall tests: seeds one scenario of the synthetic generator for each of 20 seeds into
 * one throwaway database (emptied between seeds), runs the aggregation and the diagnostics on each
 * history, and says which planted cells were reported. A planted cell is reported when a finding has its
 * kind and every key of its subject with the same value. One scenario per test file, so the test runner
 * spreads the scenarios over processes.
 */
import { diagnose } from '../../../src/analysis/diagnose.js';
import type { DiagnosticsResult, Finding } from '../../../src/analysis/findings.js';
import { resolveWindow } from '../../../src/analysis/window.js';
import { aggregate } from '../../../src/db/queries/aggregate.js';
import type { GroundTruth, PlantedEffect } from '../../../src/seed/ground-truth.js';
import type { WorldKind } from '../../../src/seed/scenarios.js';
import { seedScenario } from '../../../src/seed/seed-scenario.js';
import { createTestDatabase } from '../../support/database.js';
import { type PlainZ, plantedCellZ } from '../../support/planted-cell-queries.js';

export const SEEDS = 20;
export const FDR = 0.05;
export const MIN_RECALL = 0.9;
/** Small histories keep the 140 seeded runs within the test budget. */
const TRADES = 2000;
const DECISIONS = 5000;

/** A planted cell counts towards recall when its plain query's day-clustered z exceeds this on its own. */
export const PLAIN_Z = 4;

export interface SeededRun {
  truth: GroundTruth;
  result: DiagnosticsResult;
  /** Each planted effect's z from its plain SQL query (planted-cell-queries.ts), in truth.effects order. */
  plainZ: PlainZ[];
}

export function reports(findings: readonly Finding[], cell: PlantedEffect): boolean {
  return findings.some((f) => f.kind === cell.kind && Object.entries(cell.subject).every(([k, v]) => f.subject[k] === v));
}

/** Share of runs in which every planted effect was reported. */
export function recall(runs: readonly SeededRun[]): number {
  return runs.filter(({ truth, result }) => truth.effects.every((e) => reports(result.findings, e))).length / runs.length;
}

/** Recall over the runs whose planted cells all show plainly (z above PLAIN_Z), and how many those are. */
export function plainRecall(runs: readonly SeededRun[]): { recall: number; runs: number } {
  const plain = runs.filter((r) => r.plainZ.every((z) => Math.abs(z.clustered) > PLAIN_Z));
  return { recall: plain.length === 0 ? 1 : recall(plain), runs: plain.length };
}

/** The runs that missed, with what they found instead, for the failure message. */
export function describeMisses(runs: readonly SeededRun[]): string {
  return runs
    .filter(({ truth, result }) => !truth.effects.every((e) => reports(result.findings, e)))
    .map(
      ({ truth, result, plainZ }) =>
        `seed ${truth.seed} (plain z ${plainZ.map((z) => `${z.naive.toFixed(1)} naive, ${z.clustered.toFixed(1)} by cluster`).join('; ')}): found ${result.findings.map((f) => f.id).join('; ') || 'nothing'}`,
    )
    .join('\n');
}

/**
 * The scenario's seeded histories (20 unless told), each analysed as a scheduled run would be, in the
 * standard world unless told.
 *
 * @example
 * const runs = await analyseSeeds('regime_loss', { world: 'varied', seeds: 5 });
 */
export async function analyseSeeds(scenario: string, options: { world?: WorldKind; seeds?: number } = {}): Promise<SeededRun[]> {
  const database = await createTestDatabase('kronos_recall');
  try {
    const runs: SeededRun[] = [];
    for (let seed = 1; seed <= (options.seeds ?? SEEDS); seed++) {
      const truth = await seedScenario(database.db, { scenario, seed, trades: TRADES, decisions: DECISIONS, reset: true, world: options.world });
      const window = resolveWindow({ asOf: new Date(truth.as_of), windowDays: truth.window_days });
      const result = diagnose(await aggregate(database.db, window), { seed, fdrLevel: FDR });
      const plainZ = await Promise.all(truth.effects.map((e) => plantedCellZ(database.db, e, truth)));
      runs.push({ truth, result, plainZ });
    }
    console.log(
      `${options.world ?? 'standard'} ${scenario}: recall ${recall(runs).toFixed(2)}, runs with any finding ${runs.filter((r) => r.result.findings.length > 0).length}/${runs.length}`,
    );
    return runs;
  } finally {
    await database.drop();
  }
}
