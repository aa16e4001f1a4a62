/** Similar conditions: the past episodes nearest to today's environment and how each config did there. */
import { similarTo } from '../../db/queries/similar-to.js';
import { strategyOfTarget } from '../../proposals/strategy-target.js';
import { ApiError } from '../errors.js';
import { errorSchema, similarQuery, similarSchema } from '../schemas.js';
import type { RouteDependencies } from '../route-dependencies.js';
import type { ZodApp } from '../zod-schemas.js';

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
      if (!similar) throw new ApiError(404, 'not_found', `no episodes${parsed ? ` of strategy ${parsed.strategyId}` : ''} before ${asOf}: an analysis builds them`);
      return similar;
    },
  );
}
