/**
 * `kronos analyze --dry-run`: the analysis' aggregation, diagnostics and proposal rules run in this
 * process, without Temporal, writing nothing; and the readable form of what they find.
 */
import type { Kysely } from 'kysely';
import { diagnose } from '../analysis/diagnose.js';
import type { DiagnosticsResult } from '../analysis/findings.js';
import { resolveWindow } from '../analysis/window.js';
import { loadEnv } from '../config.js';
import { aggregate } from '../db/queries/aggregate.js';
import { loadLiveConfigs } from '../db/repositories/config-store.js';
import { earlierHypothesisTests } from '../db/repositories/hypothesis-ledger.js';
import type { Database } from '../db/schema.js';
import { type ProposalPlan, planProposals } from '../proposals/generate.js';
import { proposalIdFor } from '../proposals/keys.js';
import { loadPolicy } from '../proposals/policy.js';

/** What `--dry-run --json` prints: one object. */
export interface DryRunReport {
  window: DiagnosticsResult['window'];
  data_quality: DiagnosticsResult['data_quality'];
  diagnostics: Pick<DiagnosticsResult, 'findings' | 'tests' | 'fdr_level'> & {
    sections: DiagnosticsResult['diagnostics'];
    /** Findings no rule maps to, findings skipped and why, live configs failing their schema. */
    unproposed: Omit<ProposalPlan, 'drafts'>;
  };
  proposals: Array<Record<string, unknown>>;
}

/**
 * Aggregation, diagnostics and proposal generation for a window, in this process; reads only. The
 * resampling seed is the analysis' default, so the same data and window give the same report.
 *
 * @example
 * const report = await dryRunAnalysis(db, { asOf: '2026-06-29T00:00:00Z', windowDays: 90 });
 */
export async function dryRunAnalysis(db: Kysely<Database>, request: { asOf?: string; windowDays?: number; full?: boolean }): Promise<DryRunReport> {
  const window = resolveWindow({
    asOf: request.asOf ? new Date(request.asOf) : new Date(),
    windowDays: request.windowDays,
    timeZone: loadEnv().KRONOS_ANALYSIS_TIME_ZONE,
  });
  const runId = `dry-run-${window.as_of}`;
  // The same default seed as the workflow's diagnose step, so a dry run shows what a run would find.
  const result = diagnose(await aggregate(db, window, { full: request.full ?? false }));
  const earlierTests = await earlierHypothesisTests(
    db,
    runId,
    window,
    result.findings.map((f) => f.id),
  );
  const { drafts, ...unproposed } = planProposals(result, await loadLiveConfigs(db), loadPolicy(), { runId, now: new Date(window.as_of), earlierTests });
  return {
    window: result.window,
    data_quality: result.data_quality,
    diagnostics: { findings: result.findings, tests: result.tests, fdr_level: result.fdr_level, sections: result.diagnostics, unproposed },
    proposals: drafts.map((draft) => ({
      proposal_id: proposalIdFor(runId, draft.dedupe_key),
      status: 'PENDING',
      ...draft,
      rationale_text: draft.deterministic_rationale_text,
    })),
  };
}

/** The readable form of a dry-run report. */
export function describeDryRun(report: DryRunReport): string {
  const dq = report.data_quality;
  const lines = [
    `window ${report.window.start} → ${report.window.end} (${report.window.days} days): ${dq.trades} trades, ${dq.decisions} decisions, data quality ${dq.score.toFixed(3)}`,
    ...dq.notes.map((note) => `  note: ${note}`),
    `${report.diagnostics.findings.length} findings of ${report.diagnostics.tests} tests (Benjamini–Yekutieli, FDR ${report.diagnostics.fdr_level}):`,
    ...report.diagnostics.findings.map(
      (f) =>
        `  ${f.kind} ${Object.entries(f.subject)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}: ${f.metric} ${f.value?.toPrecision(4)} vs ${f.baseline?.toPrecision(4)}, n=${f.n}, q=${f.q.toExponential(2)}`,
    ),
    `${report.proposals.length} proposals (not stored):`,
    ...report.proposals.map((p) => `  ${p.target_type} ${p.target_id} (${p.kind}), confidence ${(p.confidence as number).toFixed(2)}`),
  ];
  return lines.join('\n');
}
