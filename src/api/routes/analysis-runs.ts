/** Analysis runs: list, show, the run's HTML report, and starting a new analysis (metaAnalysisWorkflow). */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { loadRunReportData, renderRunReport } from '../run-report.js';
import { startAnalysis } from '../../temporal/analysis-client.js';
import { callerOf } from '../auth.js';
import { ApiError } from '../errors.js';
import { getAnalysisRunDetail, listAnalysisRunSummaries } from '../../db/read-model.js';
import { analysisRunListQuery, analysisStartedSchema, analysisTriggerBody, errorSchema, runDetailSchema, runPageSchema, runParams } from '../schemas.js';
import type { RouteDependencies } from '../route-dependencies.js';
import type { ZodApp } from '../zod-schemas.js';

export function registerAnalysisRunRoutes(app: ZodApp, deps: RouteDependencies): void {
  const security = [{ bearer: [] }];

  app.get(
    '/analysis-runs',
    {
      schema: {
        summary: 'List analysis runs, newest first',
        tags: ['analysis'],
        security,
        querystring: analysisRunListQuery,
        response: { 200: runPageSchema, 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => listAnalysisRunSummaries(deps.db, request.query),
  );

  app.get(
    '/analysis-runs/:id',
    {
      schema: {
        summary: 'One analysis run with its data quality and diagnostics',
        tags: ['analysis'],
        security,
        params: runParams,
        response: { 200: runDetailSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const run = await getAnalysisRunDetail(deps.db, request.params.id);
      if (!run) throw new ApiError(404, 'not_found', `no analysis run ${request.params.id}`);
      return run;
    },
  );

  app.get(
    '/analysis-runs/:id/report',
    {
      schema: {
        summary: "The run's report: a self-contained HTML page with its charts",
        tags: ['analysis'],
        security,
        params: runParams,
        produces: ['text/html'],
        response: { 200: z.string().describe('text/html'), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const data = await loadRunReportData(deps.db, request.params.id);
      if (!data) throw new ApiError(404, 'not_found', `no analysis run ${request.params.id}`);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(renderRunReport(data));
    },
  );

  app.post(
    '/analysis-runs',
    {
      schema: {
        summary: 'Start an analysis (metaAnalysisWorkflow); its workflow id is the analysis run id',
        tags: ['analysis'],
        security,
        body: analysisTriggerBody,
        response: { 202: analysisStartedSchema, 400: errorSchema, 401: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const by = callerOf(request);
      const body = request.body ?? {};
      try {
        const handle = await startAnalysis(
          deps.temporal,
          { asOf: body.as_of, windowDays: body.window_days, trigger: `api:${by}` },
          { taskQueue: deps.taskQueue },
        );
        request.log.info({ workflowId: handle.workflowId, by }, 'analysis started');
        return reply.status(202).send({ analysis_run_id: handle.workflowId });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ApiError(409, 'already_started', err.message);
        throw err;
      }
    },
  );
}
