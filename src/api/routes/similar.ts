/** Similar conditions: the past episodes nearest to today's environment (or a proposal's) and how each config did there. */
import { proposalSimilar, type ProposalSimilarQuery } from '../../db/queries/proposal-similar.js';
import { similarTo } from '../../db/queries/similar-to.js';
import { getProposal } from '../../db/repositories/proposals.js';
import type { ProposalRow } from '../../db/schema.js';
import { findingsIn } from '../evidence-panels.js';
import { strategyOfTarget } from '../../proposals/strategy-target.js';
import { ApiError } from '../errors.js';
import { errorSchema, proposalParams, proposalSimilarQuery, proposalSimilarSchema, similarQuery, similarSchema } from '../schemas.js';
import type { RouteDependencies } from '../route-dependencies.js';
import type { ZodApp } from '../zod-schemas.js';

/** The config a proposal is about: a STRATEGY_CONFIG change proposes a config; an experiment tries the values of a version its finding names. */
function proposedConfigOf(proposal: ProposalRow): ProposalSimilarQuery['proposed'] {
  if (proposal.target_type === 'STRATEGY_CONFIG') return { configJson: proposal.proposed_config_json };
  const versionId = findingsIn(proposal.evidence_json)
    .map((f) => f.subject.config_version_id)
    .find((id) => typeof id === 'string');
  return versionId ? { configVersionId: versionId } : null;
}

export function registerSimilarRoutes(app: ZodApp, deps: RouteDependencies): void {
  app.get(
    '/similar',
    {
      schema: {
        summary: "The k past episodes nearest to today's environment, and each config's outcome among them",
        tags: ['analysis'],
        security: [{ bearer: [] }],
        querystring: similarQuery,
        response: { 200: similarSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { target, k, as_of: asOf = new Date().toISOString() } = request.query;
      const parsed = target === undefined ? undefined : strategyOfTarget(target);
      if (parsed && 'error' in parsed) throw new ApiError(400, 'bad_request', parsed.error);
      const similar = await similarTo(deps.db, { asOf: new Date(asOf).toISOString(), k, strategyId: parsed?.strategyId });
      if (!similar)
        throw new ApiError(404, 'not_found', `no episodes${parsed ? ` of strategy ${parsed.strategyId}` : ''} before ${asOf}: an analysis builds them`);
      return similar;
    },
  );

  app.get(
    '/proposals/:id/similar',
    {
      schema: {
        summary:
          "The past episodes nearest to the conditions a proposal was made in, the proposed and the live config's outcomes among them, and the strategy's episodes in two dimensions",
        tags: ['proposals', 'analysis'],
        security: [{ bearer: [] }],
        params: proposalParams,
        querystring: proposalSimilarQuery,
        response: { 200: proposalSimilarSchema, 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const proposal = await getProposal(deps.db, request.params.id);
      if (!proposal) throw new ApiError(404, 'not_found', `no proposal ${request.params.id}`);
      const parsed = strategyOfTarget(`${proposal.target_type}:${proposal.target_id}`);
      if ('error' in parsed) throw new ApiError(400, 'bad_request', `proposal ${proposal.proposal_id} is not about one strategy: ${parsed.error}`);
      const asOf = new Date(proposal.created_at).toISOString();
      const similar = await proposalSimilar(deps.db, { strategyId: parsed.strategyId, asOf, k: request.query.k, proposed: proposedConfigOf(proposal) });
      if (!similar) throw new ApiError(404, 'not_found', `no episodes of strategy ${parsed.strategyId} before ${asOf}: an analysis builds them`);
      return similar;
    },
  );
}
