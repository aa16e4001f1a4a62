/**
 * The analysis pipeline both analysis workflows run: create the run, aggregate, diagnose, propose,
 * write rationales (in parallel), start one approval workflow per proposal, finish the run. Each step is
 * an activity that reads and writes PostgreSQL and returns ids and counts only; the `progress` query
 * reports the stage and the counts so far.
 */
import { defineQuery, getExternalWorkflowHandle, log, ParentClosePolicy, proxyActivities, setHandler, startChild } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ProposalScope } from '../activities/analysis.js';
import type { KronosActivities } from '../activities/index.js';
import type { AnalysisWindow } from '../analysis/findings.js';
import { COMPUTE_STEP, DATABASE_STEP, HEAVY_STEP, RATIONALE_STEP } from './activity-options.js';
import { type ApprovalInput, approvalSearchAttributes, approvalWorkflowId, supersedeSignal } from './approval-messages.js';
import { proposalApprovalWorkflow } from './proposal-approval.js';

export type AnalysisStage = 'create-run' | 'aggregate' | 'diagnose' | 'propose' | 'rationale' | 'approvals' | 'finish' | 'done' | 'failed';

export interface AnalysisCounts {
  findings: number;
  tests: number;
  /** The run's proposals. */
  proposals: number;
  /** Open proposals of earlier runs that this run would have made again. */
  proposalsCarriedOver: number;
  proposalsSuperseded: number;
  rationalesDone: number;
  rationalesFailed: number;
  approvalsStarted: number;
}

export interface AnalysisProgress {
  runId: string;
  stage: AnalysisStage;
  window?: AnalysisWindow;
  counts: AnalysisCounts;
}

/** What a finished analysis returns: the run, its counts and the proposal ids (never the data itself). */
export interface AnalysisSummary extends AnalysisProgress {
  proposalIds: string[];
  supersededIds: string[];
}

export const progressQuery = defineQuery<AnalysisProgress>('progress');

export interface PipelineRequest {
  /** The analysis run id: derived from the workflow id, so a retried step finds the same run. */
  runId: string;
  /** ISO time the window ends at. */
  asOf: string;
  windowDays?: number;
  trigger: string;
  /** Restricts which proposals the run makes (a black-swan review makes SOP_TEMPLATE ones only). */
  scope?: ProposalScope;
  blackSwan?: ApprovalInput['blackSwan'];
}

const database = proxyActivities<KronosActivities>(DATABASE_STEP);
const heavy = proxyActivities<KronosActivities>(HEAVY_STEP);
const compute = proxyActivities<KronosActivities>(COMPUTE_STEP);
const rationale = proxyActivities<KronosActivities>(RATIONALE_STEP);

/**
 * Starts the approval workflow of each proposal. Its id is `proposal-<proposal_id>` and a closed one is
 * never reused, so a proposal already under review (from this run's earlier attempt, or an earlier run)
 * keeps its one workflow. Abandoned on close: approvals outlive the analysis.
 */
async function startApprovals(inputs: ApprovalInput[]): Promise<number> {
  const started = await Promise.all(
    inputs.map(async (input) => {
      try {
        await startChild(proposalApprovalWorkflow, {
          workflowId: approvalWorkflowId(input.proposalId),
          args: [input],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: approvalSearchAttributes(input, 'PENDING'),
        });
        return true;
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw err;
      }
    }),
  );
  return started.filter(Boolean).length;
}

/** Tells the approval workflows of superseded proposals to close (each checks the database first). */
async function closeSuperseded(proposalIds: string[], runId: string): Promise<void> {
  await Promise.all(
    proposalIds.map(async (proposalId) => {
      try {
        await getExternalWorkflowHandle(approvalWorkflowId(proposalId)).signal(supersedeSignal, {
          by: 'kronos',
          reason: `superseded by analysis run ${runId}`,
        });
      } catch (err) {
        // Its workflow may be closed already, or never have started: the database status is what counts.
        log.info('no open approval workflow for a superseded proposal', { proposalId, error: String(err) });
      }
    }),
  );
}

/**
 * Runs the pipeline and answers the `progress` query while it runs. A step that fails for good marks the
 * run FAILED (with the error) and fails the workflow.
 */
export async function runAnalysisPipeline(request: PipelineRequest): Promise<AnalysisSummary> {
  const progress: AnalysisProgress = {
    runId: request.runId,
    stage: 'create-run',
    counts: {
      findings: 0,
      tests: 0,
      proposals: 0,
      proposalsCarriedOver: 0,
      proposalsSuperseded: 0,
      rationalesDone: 0,
      rationalesFailed: 0,
      approvalsStarted: 0,
    },
  };
  setHandler(progressQuery, () => progress);
  let runCreated = false;
  try {
    progress.window = await database.createAnalysisRun({ runId: request.runId, asOf: request.asOf, windowDays: request.windowDays, trigger: request.trigger });
    runCreated = true;

    progress.stage = 'aggregate';
    await heavy.aggregateRun(request.runId);

    progress.stage = 'diagnose';
    const diagnosed = await compute.diagnoseRun(request.runId);
    progress.counts.findings = diagnosed.findings;
    progress.counts.tests = diagnosed.tests;

    progress.stage = 'propose';
    const stored = await database.proposeFromRun(request.runId, request.scope ?? {});
    progress.counts.proposals = stored.proposalIds.length;
    progress.counts.proposalsCarriedOver = stored.carriedOver.length;
    progress.counts.proposalsSuperseded = stored.superseded.length;

    progress.stage = 'rationale';
    await Promise.all(
      stored.proposalIds.map(async (proposalId) => {
        try {
          await rationale.generateRationale(proposalId);
          progress.counts.rationalesDone += 1;
        } catch (err) {
          // The proposal stays reviewable on its evidence; the failure is in the run's summary.
          progress.counts.rationalesFailed += 1;
          log.warn('rationale failed', { proposalId, error: String(err) });
        }
      }),
    );

    progress.stage = 'approvals';
    // Carried-over proposals normally have their workflow already; starting one is refused and ignored.
    const inputs = await database.approvalInputs([...stored.proposalIds, ...stored.carriedOver], request.blackSwan);
    progress.counts.approvalsStarted = await startApprovals(inputs);
    await closeSuperseded(stored.superseded, request.runId);

    progress.stage = 'finish';
    await database.finishAnalysisRun(request.runId, { status: 'COMPLETED', summary: { ...progress.counts } });
    progress.stage = 'done';
    return { ...progress, proposalIds: stored.proposalIds, supersededIds: stored.superseded };
  } catch (err) {
    const failedAt = progress.stage;
    progress.stage = 'failed';
    if (runCreated) {
      const message = err instanceof Error ? err.message : String(err);
      await database.finishAnalysisRun(request.runId, { status: 'FAILED', summary: { ...progress.counts, failedAt }, error: message });
    }
    throw err;
  }
}
