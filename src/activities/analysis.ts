/**
 * The analysis activities: thin adapters that take a run id, call the diagnostics and proposal code
 * against PostgreSQL, store what they produce with the run, and return ids and counts. Each is
 * idempotent for its run id: a retry after a crash finds the run, recomputes deterministically, and
 * stores proposals under the same ids.
 */
import type { AnalysisWindow } from '../analysis/findings.js';
import { loadEnv } from '../config.js';
import { diagnose } from '../analysis/diagnose.js';
import { resolveWindow } from '../analysis/window.js';
import { aggregate } from '../db/queries/aggregate.js';
import {
  createAnalysisRun,
  finishAnalysisRun,
  loadAggregates,
  loadAnalysisWindow,
  loadDiagnostics,
  saveAggregates,
  saveDiagnostics,
  saveUnproposed,
  setRunStage,
} from '../db/repositories/analysis-runs.js';
import { loadLiveConfigs } from '../db/repositories/config-store.js';
import { earlierHypothesisTests, recordHypothesisTests } from '../db/repositories/hypothesis-ledger.js';
import { getProposal, listProposals, storeProposals } from '../db/repositories/proposals.js';
import { autoApplyFacts } from '../db/repositories/verifications.js';
import type { TargetType } from '../proposals/target-types.js';
import { planProposals } from '../proposals/generate.js';
import { testedHypotheses } from '../proposals/hypothesis-ledger.js';
import { loadPolicy, policyForTarget } from '../proposals/policy.js';
import { inconclusiveEvidence } from '../proposals/policy-rules.js';
import type { Evidence } from '../proposals/evidence.js';
import type { ApprovalInput } from '../workflows/approval-messages.js';
import type { ActivityDeps } from './deps.js';
import { failFastOnBadInput, notFound } from './failures.js';
import { withHeartbeats } from './heartbeats.js';

/** Which proposals a run may make: all by default; a black-swan review makes SOP_TEMPLATE ones for its templates. */
export interface ProposalScope {
  targetTypes?: TargetType[];
  targetIds?: string[];
}

export interface ProposedIds {
  /** How many proposals this attempt inserted (0 on a retry after a crash that came after the insert). */
  created: number;
  /** The run's proposals, whichever attempt stored them. */
  proposalIds: string[];
  /** Open proposals of earlier runs for the same change (their approval workflows already run). */
  carriedOver: string[];
  /** Earlier open proposals this run made stale. */
  superseded: string[];
}

/**
 * The analysis activities, bound to the worker's database and policy file.
 *
 * @example
 * const activities = createAnalysisActivities({ db, llm, policyPath });
 * const window = await activities.createAnalysisRun({ runId: 'kronos-analysis-1', asOf: '2026-01-05T06:00:00Z', trigger: 'manual' });
 */
export function createAnalysisActivities({ db, policyPath }: ActivityDeps) {
  const windowOf = async (runId: string): Promise<AnalysisWindow> => {
    const window = await loadAnalysisWindow(db, runId);
    if (!window) throw notFound(`analysis run ${runId}`);
    return window;
  };

  return {
    /** Creates the run row (or finds it, on a retry) and returns its window. */
    async createAnalysisRun(request: { runId: string; asOf: string; windowDays?: number; trigger: string }): Promise<AnalysisWindow> {
      return failFastOnBadInput(async () => {
        const existing = await loadAnalysisWindow(db, request.runId);
        if (existing) return existing;
        const window = resolveWindow({ asOf: new Date(request.asOf), windowDays: request.windowDays, timeZone: loadEnv().KRONOS_ANALYSIS_TIME_ZONE });
        await createAnalysisRun(db, { runId: request.runId, window, trigger: request.trigger });
        return window;
      });
    },

    /** The group-bys in PostgreSQL; the bounded aggregates are stored with the run. */
    async aggregateRun(runId: string): Promise<void> {
      const window = await windowOf(runId);
      await setRunStage(db, runId, 'aggregate');
      const aggregates = await withHeartbeats((report) => aggregate(db, window, { onProgress: report }));
      await saveAggregates(db, runId, aggregates);
    },

    /**
     * The statistics over the stored aggregates (resampling with the analysis' fixed default seed: the
     * same data gives the same diagnostics, in every attempt and every run); stored with the run, and
     * every hypothesis it tested goes to the ledger.
     */
    async diagnoseRun(runId: string): Promise<{ findings: number; tests: number }> {
      await setRunStage(db, runId, 'diagnose');
      const aggregates = await loadAggregates(db, runId);
      if (!aggregates) throw notFound(`aggregates of analysis run ${runId}`);
      const result = diagnose(aggregates);
      await saveDiagnostics(db, runId, result);
      await recordHypothesisTests(db, runId, testedHypotheses(result));
      return { findings: result.findings.length, tests: result.tests };
    },

    /**
     * Findings to proposals (within the scope), stored idempotently. Returns this run's proposals (also
     * those an earlier attempt stored), the open proposals of earlier runs making the same change, and
     * the proposals this run superseded.
     */
    async proposeFromRun(runId: string, scope: ProposalScope): Promise<ProposedIds> {
      return failFastOnBadInput(async () => {
        await setRunStage(db, runId, 'propose');
        const result = await loadDiagnostics(db, runId);
        if (!result) throw notFound(`diagnostics of analysis run ${runId}`);
        const [live, policy, earlierTests] = await Promise.all([
          loadLiveConfigs(db),
          Promise.resolve(loadPolicy(policyPath)),
          earlierHypothesisTests(
            db,
            runId,
            result.window,
            result.findings.map((f) => f.id),
          ),
        ]);
        const { drafts: planned, ...unproposed } = planProposals(result, live, policy, { runId, now: new Date(result.window.as_of), earlierTests });
        await saveUnproposed(db, runId, unproposed);
        const drafts = planned.filter(
          (draft) => (!scope.targetTypes || scope.targetTypes.includes(draft.target_type)) && (!scope.targetIds || scope.targetIds.includes(draft.target_id)),
        );
        const stored = await storeProposals(db, runId, drafts);
        const own = new Set(stored.existing.length ? (await listProposals(db, { analysisRunId: runId, limit: drafts.length })).map((p) => p.proposal_id) : []);
        return {
          created: stored.created.length,
          proposalIds: [...stored.created, ...stored.existing.filter((id) => own.has(id))],
          carriedOver: stored.existing.filter((id) => !own.has(id)),
          superseded: stored.superseded,
        };
      });
    },

    /**
     * What each proposal's approval workflow starts with: the rule of its target type from the current
     * policy, its confidence and guardrails, whether the same change was reverted before, and the track
     * record of its kind.
     */
    async approvalInputs(proposalIds: string[], blackSwan?: ApprovalInput['blackSwan']): Promise<ApprovalInput[]> {
      return failFastOnBadInput(async () => {
        const policy = loadPolicy(policyPath);
        const inputs: ApprovalInput[] = [];
        for (const proposalId of proposalIds) {
          const row = await getProposal(db, proposalId);
          if (!row) throw notFound(`proposal ${proposalId}`);
          const targetType = row.target_type as TargetType;
          const facts = await autoApplyFacts(db, proposalId);
          inputs.push({
            proposalId,
            targetType,
            targetId: row.target_id,
            confidence: facts.confidence,
            autoApplicable: facts.autoApplicable,
            proposedBy: row.proposed_by,
            rule: policyForTarget(policy, targetType),
            revertedBefore: facts.revertedBefore,
            trackRecord: facts.trackRecord,
            inconclusive: inconclusiveEvidence((row.evidence_json as Evidence | null)?.impact_estimate),
            severity: blackSwan?.severity ?? facts.severity,
            ...(blackSwan ? { blackSwan } : {}),
          });
        }
        return inputs;
      });
    },

    async finishAnalysisRun(runId: string, outcome: { status: 'COMPLETED' | 'FAILED'; summary: Record<string, unknown>; error?: string }): Promise<void> {
      await finishAnalysisRun(db, runId, outcome);
    },
  };
}
